"""Sentence splitting and word tokens with no downloaded NLTK data.

Sentences come from nltk's Punkt with parameters this package ships (a curated abbreviation list in
`summarizer/data/abbreviations.txt`), plus a few repairs Punkt cannot know: "No. 10" and lone closing
quotes. Words come from one Unicode regular expression.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from importlib import resources

import summarizer.nltk_lean  # noqa: F401 - first: loads nltk without scipy.stats
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-](?=[^\W\d_]))*")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_TERMINAL = re.compile(r"[.!?…:;\"'”’)\]]\s*$")
# "No. 10", "Nos. 3 and 4", "pp. 12": a number word before a digit is no sentence end.
_NUMBER_ABBREV = re.compile(r"\b(?:No|Nos|no|nos|Art|Fig|pp|p|Vol|Sec|Ch)\.$")
_QUOTE_ONLY = re.compile(r"^[\"'”’)\]]+$")


def read_word_list(name: str) -> list[str]:
    """Read a package data list: one entry a line, '#' comments and blank lines skipped."""
    text = resources.files("summarizer.data").joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def punkt() -> PunktSentenceTokenizer:
    """The shared Punkt sentence tokenizer built from the shipped parameters."""
    params = PunktParameters()
    params.abbrev_types = set(read_word_list("abbreviations.txt"))
    return PunktSentenceTokenizer(params)


def split_paragraphs(text: str) -> list[str]:
    """Split text into paragraphs: blank lines separate them; hard-wrapped lines are joined."""
    paragraphs: list[str] = []
    for block in _PARAGRAPH_BREAK.split(text):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        current = ""
        for line in lines:
            if current and (_TERMINAL.search(current) or not line[:1].islower()):
                paragraphs.append(current)
                current = line
            else:
                current = f"{current} {line}" if current else line
        if current:
            paragraphs.append(current)
    return paragraphs


def split_paragraph(paragraph: str) -> list[str]:
    """Split one paragraph into sentences."""
    raw = [s.strip() for s in punkt().tokenize(paragraph) if s.strip()]
    out: list[str] = []
    for sent in raw:
        if out and _should_join(out[-1], sent):
            out[-1] = f"{out[-1]} {sent}"
        else:
            out.append(sent)
    return out


def _should_join(previous: str, sent: str) -> bool:
    if _QUOTE_ONLY.match(sent):
        return True
    if _NUMBER_ABBREV.search(previous) and sent[:1].isdigit():
        return True
    return False


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, paragraph by paragraph, in document order."""
    return [s for p in split_paragraphs(text) for s in split_paragraph(p)]


def words(sentence: str) -> tuple[str, ...]:
    """The word tokens of a sentence (letters, inner hyphens and apostrophes; no numbers)."""
    return tuple(_WORD.findall(sentence))


class SumyTokenizer:
    """The tokenizer object sumy expects (to_sentences, to_words, language), backed by ours."""

    def __init__(self, language: str = "english") -> None:
        self.language = language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Sentences of one paragraph."""
        return tuple(split_paragraph(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Word tokens of one sentence."""
        return words(sentence)
