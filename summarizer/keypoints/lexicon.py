"""Word lists shipped as package data (summarizer/keypoints/data/*.txt), loaded once."""
from __future__ import annotations

import re
from functools import cache
from importlib import resources


@cache
def load_words(name: str) -> tuple[str, ...]:
    """Return the non-comment lines of data/<name>.txt, stripped (not lowercased: some are regexes)."""
    text = resources.files(__package__).joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def word_set(name: str) -> frozenset[str]:
    """Return data/<name>.txt as a set of lowercased entries."""
    return frozenset(w.lower() for w in load_words(name))


@cache
def pattern(name: str) -> re.Pattern[str]:
    """Compile data/<name>.txt into one alternation with word boundaries, longest entries first."""
    entries = sorted(load_words(name), key=len, reverse=True)
    return re.compile(r"(?<![\w'-])(?:" + "|".join(f"(?:{e})" for e in entries) + r")(?![\w])")


@cache
def keywords() -> dict[str, tuple[str, ...]]:
    """Return the pre-filter stems per kind from data/keywords.txt."""
    out: dict[str, tuple[str, ...]] = {}
    for line in load_words("keywords"):
        kind, _, words = line.partition(":")
        out[kind.strip()] = tuple(words.split())
    return out
