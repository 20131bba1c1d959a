"""Reduction: sum of word-overlap edge weights to every other sentence, via sumy."""
from __future__ import annotations

from sumy.summarizers.reduction import ReductionSummarizer

from summarizer.document import Document
from summarizer.rank._sumy import configure, pick

# sumy's pure-Python pairwise loops are quadratic: long inputs are ranked on their first sentences.
MAX_SENTENCES = 300


def summarize(doc: Document, count: int) -> list[int]:
    """Pick count sentences with sumy's ReductionSummarizer (document order)."""
    return pick(configure(ReductionSummarizer(doc.stemmer), doc), doc, count)
