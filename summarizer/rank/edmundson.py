"""Edmundson (1969): cue, title and location methods, via sumy, with title words as bonus words."""
from __future__ import annotations

from sumy.summarizers.edmundson import EdmundsonSummarizer

from summarizer.document import Document
from summarizer.rank._sumy import pick
from summarizer.tokenize import words

# Hedging words that mark a sentence as less central (Edmundson's "stigma" cue words).
STIGMA_WORDS = ("hardly", "impossible", "perhaps", "reportedly", "allegedly", "meanwhile", "also")

# sumy's pure-Python pairwise loops are quadratic: long inputs are ranked on their first sentences.
MAX_SENTENCES = 300


def summarize(doc: Document, count: int) -> list[int]:
    """Pick count sentences with sumy's EdmundsonSummarizer (document order)."""
    summarizer = EdmundsonSummarizer(doc.stemmer)
    title_words = [w.lower() for w in words(doc.title or "") if w.lower() not in doc.stop_words]
    summarizer.bonus_words = title_words or ["said"]
    summarizer.stigma_words = STIGMA_WORDS
    summarizer.null_words = doc.stop_words or {"a"}
    return pick(summarizer, doc, count)
