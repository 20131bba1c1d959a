"""Lead-N: the first sentences of the article, the classic news baseline."""
from __future__ import annotations

from summarizer.document import Document


def summarize(doc: Document, count: int) -> list[int]:
    """The first count sentences."""
    return list(range(min(count, len(doc))))
