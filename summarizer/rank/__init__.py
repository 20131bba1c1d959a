"""Sentence rankers, one per module; each is `summarize(doc, count) -> indices in document order`."""
from __future__ import annotations

from importlib import import_module
from typing import Callable

from summarizer.document import Document
from summarizer.errors import UnknownAlgorithmError

Ranker = Callable[[Document, int], list[int]]

ALGORITHMS: tuple[str, ...] = (
    "default", "lead", "lexrank", "textrank", "lsa", "luhn", "edmundson", "kl", "reduction", "sumbasic",
)


# Sentences a ranker sees at most; modules may set a lower MAX_SENTENCES (sumy's quadratic loops).
DEFAULT_LIMIT = 2_000


def sentence_limit(name: str) -> int:
    """How many leading sentences the ranker called name ranks at most."""
    get_ranker(name)
    return int(getattr(import_module(f"summarizer.rank.{name}"), "MAX_SENTENCES", DEFAULT_LIMIT))


def get_ranker(name: str) -> Ranker:
    """The ranker called name; UnknownAlgorithmError lists the valid names."""
    if name not in ALGORITHMS:
        raise UnknownAlgorithmError(f"unknown algorithm {name!r}; choose one of {', '.join(ALGORITHMS)}")
    return import_module(f"summarizer.rank.{name}").summarize
