"""SumBasic (Nenkova and Vanderwende 2005): word-probability scoring with redundancy update, via sumy."""
from __future__ import annotations

from sumy.summarizers.sum_basic import SumBasicSummarizer

from summarizer.document import Document
from summarizer.rank._sumy import configure, pick

# sumy's pure-Python pairwise loops are quadratic: long inputs are ranked on their first sentences.
MAX_SENTENCES = 300


def summarize(doc: Document, count: int) -> list[int]:
    """Pick count sentences with sumy's SumBasicSummarizer (document order)."""
    return pick(configure(SumBasicSummarizer(doc.stemmer), doc), doc, count)
