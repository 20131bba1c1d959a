"""Offline extractive summarizer: text -> Summary (chosen sentences + key points).

Exports load on first use: importing the data classes (`summarizer.models`) or the errors must not pull in
nltk, sumy and scipy, which take seconds to import and are only needed to summarize.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from summarizer.errors import BinaryInputError, EmptyTextError, SummarizerError, UnknownAlgorithmError
from summarizer.models import KeyPoint, Summary

if TYPE_CHECKING:
    from summarizer.core import MAX_RANKED_SENTENCES, parse_published, summarize
    from summarizer.rank import ALGORITHMS
    from summarizer.tokenize import split_sentences

_LAZY = {
    "ALGORITHMS": "summarizer.rank",
    "MAX_RANKED_SENTENCES": "summarizer.core",
    "parse_published": "summarizer.core",
    "summarize": "summarizer.core",
    "split_sentences": "summarizer.tokenize",
}

__all__ = [
    "ALGORITHMS",
    "MAX_RANKED_SENTENCES",
    "BinaryInputError",
    "EmptyTextError",
    "KeyPoint",
    "Summary",
    "SummarizerError",
    "UnknownAlgorithmError",
    "parse_published",
    "split_sentences",
    "summarize",
]


def __getattr__(name: str) -> Any:
    """Load a heavy export on first access and cache it on the package."""
    if name not in _LAZY:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
