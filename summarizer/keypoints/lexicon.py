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


@cache
def prefilter() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Return (kind, regex) pairs: the kind's stems at a word start, as one trie-shaped alternation (fast to scan)."""
    return tuple((kind, re.compile(r"\b" + _trie(stems))) for kind, stems in keywords().items())


def _trie(words: tuple[str, ...]) -> str:
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(root)


def _emit(node: dict) -> str:
    if set(node) == {""}:
        return ""
    alts = [re.escape(char) + _emit(child) for char, child in sorted(node.items()) if char]
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body
