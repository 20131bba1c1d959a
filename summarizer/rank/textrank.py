"""TextRank (Mihalcea and Tarau 2004): PageRank over word-overlap similarity, via sumy."""
from __future__ import annotations

from sumy.summarizers.text_rank import TextRankSummarizer

from summarizer.document import Document
from summarizer.rank._sumy import configure, pick

# sumy's pure-Python pairwise loops are quadratic: long inputs are ranked on their first sentences.
MAX_SENTENCES = 300


def summarize(doc: Document, count: int) -> list[int]:
    """Pick count sentences with sumy's TextRankSummarizer (document order)."""
    return pick(configure(TextRankSummarizer(doc.stemmer), doc), doc, count)
