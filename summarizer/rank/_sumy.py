"""Run a stock sumy summarizer over a Document and map its picks back to sentence indices."""
from __future__ import annotations

from typing import Any

from summarizer.document import Document


def configure(summarizer: Any, doc: Document) -> Any:
    """Give a sumy summarizer the document's stop words (when it takes them)."""
    if hasattr(type(summarizer), "stop_words"):
        summarizer.stop_words = doc.stop_words
    return summarizer


def pick(summarizer: Any, doc: Document, count: int, *args: Any) -> list[int]:
    """Indices (in document order) of the sentences a sumy summarizer picks."""
    model = doc.sumy_document
    position = {id(s): i for i, s in enumerate(model.sentences)}
    chosen = summarizer(model, count, *args)
    return sorted(position[id(s)] for s in chosen)
