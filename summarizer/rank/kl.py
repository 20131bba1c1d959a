"""KL-Sum (Haghighi and Vanderwende 2009): greedy choice minimising KL divergence, via sumy."""
from __future__ import annotations

from sumy.summarizers.kl import KLSummarizer

from summarizer.document import Document
from summarizer.rank._sumy import configure, pick

# sumy's KL-Sum recomputes word distributions per candidate: long inputs are ranked on their first 100.
MAX_SENTENCES = 100


def summarize(doc: Document, count: int) -> list[int]:
    """Pick count sentences with sumy's KLSummarizer (document order)."""
    return pick(configure(KLSummarizer(doc.stemmer), doc), doc, count)
