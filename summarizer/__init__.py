"""Offline extractive summarizer: text -> Summary (chosen sentences + key points)."""
from __future__ import annotations

from summarizer.core import MAX_RANKED_SENTENCES, parse_published, summarize
from summarizer.errors import (
    BinaryInputError,
    EmptyTextError,
    SummarizerError,
    UnknownAlgorithmError,
)
from summarizer.models import KeyPoint, Summary
from summarizer.rank import ALGORITHMS
from summarizer.tokenize import split_sentences

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
