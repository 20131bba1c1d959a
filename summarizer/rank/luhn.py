"""Luhn (1958): clusters of significant words within each sentence, via sumy."""
from __future__ import annotations

from sumy.summarizers.luhn import LuhnSummarizer

from summarizer.document import Document
from summarizer.rank._sumy import configure, pick

# sumy's pure-Python pairwise loops are quadratic: long inputs are ranked on their first sentences.
MAX_SENTENCES = 300


def summarize(doc: Document, count: int) -> list[int]:
    """Pick count sentences with sumy's LuhnSummarizer (document order)."""
    return pick(configure(LuhnSummarizer(doc.stemmer), doc), doc, count)
