"""LSA (Steinberger and Jezek 2004): sentences weighted by the SVD topics they carry, via sumy."""
from __future__ import annotations

from sumy.summarizers.lsa import LsaSummarizer

from summarizer.document import Document
from summarizer.rank._sumy import configure, pick

# sumy's pure-Python pairwise loops are quadratic: long inputs are ranked on their first sentences.
MAX_SENTENCES = 300


def summarize(doc: Document, count: int) -> list[int]:
    """Pick count sentences with sumy's LsaSummarizer (document order)."""
    return pick(configure(LsaSummarizer(doc.stemmer), doc), doc, count)
