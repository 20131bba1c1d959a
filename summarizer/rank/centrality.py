"""Fast sentence centrality shared by the default ranker: sumy's Reduction rating in matrix form."""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

import numpy as np
from scipy import sparse

from summarizer.document import Document


_DENSE_LIMIT = 4_000_000  # cells of the sentence x term matrix below which dense numpy is faster


@lru_cache(maxsize=16)
def _stem_cache(language: str) -> dict[str, str]:
    return {}


def content_terms(doc: Document, *, stem: bool = True) -> list[list[str]]:
    """Per sentence: its lower-cased non-stop words (stemmed when stem), duplicates kept (as sumy does)."""
    stop = doc.stop_words
    if not stem:
        return [[w for w in (x.lower() for x in doc.words(i)) if w not in stop] for i in range(len(doc))]
    cache = _stem_cache(doc.language)
    stemmer: Callable[[str], str] = doc.stemmer
    out: list[list[str]] = []
    for i in range(len(doc)):
        row = []
        for word in doc.words(i):
            low = word.lower()
            if low in stop:
                continue
            s = cache.get(low)
            if s is None:
                s = cache[low] = stemmer(low)
            row.append(s)
        out.append(row)
    return out


def reduction_scores(terms: list[list[str]]) -> np.ndarray:
    """sumy Reduction's rating per sentence: sum_j overlap(i, j) / (log|i| + log|j|)."""
    n = len(terms)
    if n < 2:
        return np.zeros(n)
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, sent in enumerate(terms):
        for s in sent:
            rows.append(i)
            cols.append(vocab.setdefault(s, len(vocab)))
    shape = (n, max(1, len(vocab)))
    if n * shape[1] <= _DENSE_LIMIT:
        dense = np.zeros(shape)
        np.add.at(dense, (rows, cols), 1.0)
        overlap = dense @ dense.T
    else:
        counts = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
        overlap = (counts @ counts.T).toarray()
    lengths = np.array([len(s) for s in terms], dtype=float)
    logs = np.log(np.maximum(lengths, 1.0))
    norm = logs[:, None] + logs[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        edges = np.where(norm > 0, overlap / norm, 0.0)
    np.fill_diagonal(edges, 0.0)
    return edges.sum(axis=1)
