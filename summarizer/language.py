"""Guess the language of a text from stop-word ratios over sumy's shipped stop-word lists."""
from __future__ import annotations

import logging
import re
from collections import Counter
from functools import lru_cache

import summarizer.nltk_lean  # noqa: F401 - first: loads nltk without scipy.stats
from sumy.nlp.stemmers import Stemmer, null_stemmer
from sumy.utils import get_stop_words

log = logging.getLogger(__name__)

# Languages with space-separated words whose stop-word lists sumy ships.
CANDIDATES = (
    "english", "french", "german", "spanish", "italian", "portuguese", "czech", "slovak",
    "polish", "swedish", "greek", "ukrainian",
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_TOKEN = re.compile(r"[^\W\d_]+")
_SAMPLE_CHARS = 20_000


@lru_cache(maxsize=None)
def stop_words(language: str) -> frozenset[str]:
    """sumy's stop words for a language (empty when sumy ships none)."""
    try:
        return frozenset(w.lower() for w in get_stop_words(language))
    except LookupError:
        return frozenset()


@lru_cache(maxsize=None)
def stemmer(language: str):  # noqa: ANN201 - sumy's stemmer is a plain callable
    """sumy's stemmer for a language, or the lower-casing null stemmer."""
    try:
        return Stemmer(language)
    except LookupError:
        return null_stemmer


@lru_cache(maxsize=1)
def _stop_word_index() -> dict[str, tuple[str, ...]]:
    """word -> the candidate languages whose stop-word list holds it."""
    index: dict[str, list[str]] = {}
    for lang in CANDIDATES:
        for word in stop_words(lang):
            index.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in index.items()}


def guess_language(text: str) -> str:
    """Name the most likely language (sumy's names, e.g. 'english'); 'english' when unsure."""
    sample = text[:_SAMPLE_CHARS]
    cjk = len(_CJK.findall(sample))
    if cjk > 0.3 * max(1, len(sample.replace(" ", ""))):
        return "japanese" if _KANA.search(sample) else "chinese"
    tokens = Counter(_TOKEN.findall(sample.lower()))
    total = sum(tokens.values())
    if total < 3:
        return "english"
    index = _stop_word_index()
    hits = dict.fromkeys(CANDIDATES, 0)
    for tok, n in tokens.items():
        for lang in index.get(tok, ()):
            hits[lang] += n
    scores = {lang: hits[lang] / total for lang in CANDIDATES}
    best = max(CANDIDATES, key=lambda lang: (scores[lang], lang == "english"))
    # Short or odd texts: keep English unless another language clearly wins.
    if scores[best] < 0.08 or scores[best] < scores["english"] + 0.03:
        return "english"
    return best
