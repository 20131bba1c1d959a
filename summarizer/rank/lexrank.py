"""LexRank (Erkan and Radev 2004): eigenvector centrality over a TF-IDF cosine graph, via sumy."""
from __future__ import annotations

from sumy.summarizers.lex_rank import LexRankSummarizer

from summarizer.document import Document
from summarizer.rank._sumy import configure, pick

# sumy's pure-Python pairwise loops are quadratic: long inputs are ranked on their first sentences.
MAX_SENTENCES = 300


def summarize(doc: Document, count: int) -> list[int]:
    """Pick count sentences with sumy's LexRankSummarizer (document order)."""
    return pick(configure(LexRankSummarizer(doc.stemmer), doc), doc, count)
