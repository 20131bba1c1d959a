"""Story merging across outlets: signatures over content words and an index of recent articles.

Two outlets' articles about one event are rewritten in different words, orders and lengths, so long
shingles rarely match. What they share are names, places, numbers and key terms: the features are single
content-word stems, names counted twice and event numbers five times, numbers normalised across the ways
outlets write them (collector.story_text, which also builds the signatures: 64 MinHash values, then a
bottom-k sketch that holds the whole feature set of most news articles, so the final similarity is exact
for them rather than a noisy MinHash estimate).

Similarity is the Jaccard overlap of those feature sets, on a story-similarity scale
``min(1, jaccard / (2 * JACCARD_AT_HALF))`` so that the default threshold 0.5 is the calibrated Jaccard cut
(see bench/bench_stories.py). A brief of 12-30 features that keeps most names and numbers of a long report
has a low Jaccard with it, so for such short texts containment (shared / smaller set, reaching 0.5 at 0.55)
also counts, given at least 10 shared features.

Publish times, when both are known, move the threshold: outlets cover one event within about a day, while
the same actor's next event (a verdict after a trial, a rate decision's minutes) follows days later with
the same names. Within NEAR_HOURS the threshold drops by NEAR_DISCOUNT and the brief rule accepts a
little less (SHORT_NEAR_*); from there it rises linearly to 1.0 at FAR_HOURS; beyond that articles never
merge. A missing time leaves the plain rule.

StoryIndex finds candidates through banded LSH (96 bands of 2 MinHash values derived from the sketch)
rather than scanning every stored article, then compares the most promising of them exactly (see below).
"""
from __future__ import annotations

import logging
import math
from datetime import datetime, timezone
from functools import lru_cache

import numpy as np

from collector.story_lsh import BandTable
from collector.story_text import (  # noqa: F401 - re-exported: callers import them from here
    _MASK, _PRIME, BOTTOM_K, MIN_FEATURES, NUM_PERM, NUMBER_WEIGHT, STOP_WORDS, minhash_signature,
    story_features,
)

log = logging.getLogger(__name__)

JACCARD_AT_HALF = 0.22  # feature Jaccard that maps to story similarity 0.5 (calibrated on bench/data/stories)
# The index finds candidates through banded LSH instead of scanning every stored row: LSH_BANDS bands of
# LSH_ROWS MinHash values each, computed by the index from the sketch (the stored signature format is
# unchanged). A pair shares no band with probability (1 - J**2)**96: ~1% at the merge threshold (Jaccard
# 0.22), ~4% at the near-time threshold (0.185), ~38% for a brief at Jaccard 0.1; a story with several
# earlier articles is missed only when all of them are. Unrelated news (Jaccard ~0.03) shares a band with
# ~8% of the rows, mostly through one band; a rewrite shares several. The TOP_CANDIDATES that share the
# most bands (the newest among equals) are compared exactly, all at once (batch_similarity). The 64
# MinHash values at the head of a signature are not used by the index.
LSH_BANDS = 96
LSH_ROWS = 2
MAX_BUCKET = 256  # a crowded bucket (a very common feature pair) contributes only its newest rows
TOP_CANDIDATES = 48
# Short-text rule: a brief of SHORT_MIN_FEATURES..SHORT_MAX_FEATURES features that shares SHORT_MIN_SHARED or
# more features with another article is also scored by containment |A & B| / min(|A|, |B|), which reaches
# 0.5 at CONTAINMENT_AT_HALF (a brief keeps the names and numbers of the long article but few of its other
# words, so its Jaccard stays low). 0 disables it.
SHORT_MAX_FEATURES = 30
SHORT_MIN_FEATURES = 12
SHORT_MIN_SHARED = 10
CONTAINMENT_AT_HALF = 0.55
# Time rule (calibrated on bench/data/stories/dev2, the only tuning set with publish times; there the
# closest pair of different events within a day scored 0.417): see the module docstring.
NEAR_HOURS = 36.0
NEAR_DISCOUNT = 0.08
FAR_HOURS = 96.0
SHORT_NEAR_MIN_FEATURES = 10  # within NEAR_HOURS a one-sentence brief counts from 10 features ...
SHORT_NEAR_MIN_SHARED = 8  # ... and 8 shared
_rng = np.random.RandomState(20240601)  # the signature's seed: its first draws are story_text's _A and _B
_rng.randint(1, 1 << 32, size=2 * NUM_PERM, dtype=np.uint64)
_LSH_A = _rng.randint(1, 1 << 32, size=LSH_BANDS * LSH_ROWS, dtype=np.uint64)
_LSH_B = _rng.randint(0, 1 << 32, size=LSH_BANDS * LSH_ROWS, dtype=np.uint64)
_BAND_SALT = (np.arange(LSH_BANDS, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)) | np.uint64(1)


def jaccard_to_similarity(jaccard: float) -> float:
    """Map a feature Jaccard onto the story-similarity scale used by thresholds."""
    return min(1.0, jaccard / (2 * JACCARD_AT_HALF))


def similarity(shared: int, size_a: int, size_b: int, *, near: bool = False) -> float:
    """Story similarity of two feature sets from their sizes and overlap (Jaccard, or the short-text rule)."""
    score = jaccard_to_similarity(shared / (size_a + size_b - shared))
    min_features, min_shared = ((SHORT_NEAR_MIN_FEATURES, SHORT_NEAR_MIN_SHARED) if near
                                else (SHORT_MIN_FEATURES, SHORT_MIN_SHARED))
    if min_features <= min(size_a, size_b) <= SHORT_MAX_FEATURES and shared >= min_shared:
        score = max(score, min(1.0, shared / min(size_a, size_b) / (2 * CONTAINMENT_AT_HALF)))
    return score


def time_threshold(threshold: float, hours_apart: float | None) -> float:
    """The merge threshold for two articles published hours_apart (None: a time unknown, the plain one)."""
    return float(time_thresholds(threshold, np.array([math.nan if hours_apart is None else hours_apart]))[0])


def time_thresholds(threshold: float, hours: np.ndarray) -> np.ndarray:
    """time_threshold for an array of hours apart (NaN: unknown)."""
    near = threshold - NEAR_DISCOUNT
    ramp = near + (1.0 - near) * (hours - NEAR_HOURS) / (FAR_HOURS - NEAR_HOURS)
    out = np.where(hours <= NEAR_HOURS, near, np.where(hours > FAR_HOURS, np.inf, ramp))
    return np.where(np.isnan(hours), threshold, out)


def same_story(a_text: str, b_text: str) -> float:
    """Exact story similarity (0..1, >= 0.5 means one event) of two texts."""
    a, b = story_features(a_text), story_features(b_text)
    if len(a) < MIN_FEATURES or len(b) < MIN_FEATURES:
        return 0.0
    return similarity(len(a & b), len(a), len(b))


def sketch_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard of two feature sets from their sorted bottom-k sketches (exact when both are complete)."""
    cutoff = min(a[-1] if len(a) >= BOTTOM_K else np.inf, b[-1] if len(b) >= BOTTOM_K else np.inf)
    if cutoff != np.inf:  # compare both sets within the hash range that both sketches cover
        a, b = a[a <= cutoff], b[b <= cutoff]
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


def sketch_similarity(a: np.ndarray, b: np.ndarray, *, near: bool = False) -> float:
    """Story similarity of two sorted sketches: exact when both hold their whole feature set."""
    if len(a) >= BOTTOM_K or len(b) >= BOTTOM_K:  # long texts: the Jaccard estimate, no short-text rule
        return jaccard_to_similarity(sketch_jaccard(a, b))
    return similarity(len(np.intersect1d(a, b, assume_unique=True)), len(a), len(b), near=near)


def _epoch(published: datetime | None) -> float:
    """Seconds since the epoch (naive = UTC), NaN for an unknown time."""
    if published is None:
        return math.nan
    if published.tzinfo is None:
        published = published.replace(tzinfo=timezone.utc)
    return published.timestamp()


class StoryIndex:
    """Signatures of recent articles; finds the story of the most similar earlier article."""

    def __init__(self, threshold: float = 0.5) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"story threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self._published = np.full(256, math.nan)
        self._sketches: list[np.ndarray] = []
        self._article_ids: list[int] = []
        self._story_ids: list[int] = []
        self._bands = BandTable()

    def __len__(self) -> int:
        return len(self._story_ids)

    def add(self, article_id: int, story_id: int, signature: list[int], published: datetime | None = None) -> None:
        """Remember an article's signature and publish time under its story (empty or foreign ones skipped)."""
        parts = _parts(signature)
        if parts is None:
            log.debug("article %s: signature of length %d not indexed", article_id, len(signature))
            return
        n = len(self._story_ids)
        if n == len(self._published):
            self._published = np.concatenate([self._published, np.full(n, math.nan)])
        self._published[n] = _epoch(published)
        self._sketches.append(parts[1])
        self._article_ids.append(article_id)
        self._story_ids.append(story_id)
        self._bands.add(n, parts[2])

    def band_matches(self, sketch: np.ndarray, keys: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Rows that share at least one LSH band with a sketch (keys: its band_keys when known), in index order,
        and how many bands each shares."""
        return self._bands.rows(band_keys(sketch) if keys is None else keys, MAX_BUCKET)

    def candidates(self, sketch: np.ndarray, keys: np.ndarray | None = None) -> np.ndarray:
        """The rows to compare exactly: the TOP_CANDIDATES band matches that share the most bands (the newest
        among equals), in index order."""
        rows, shared = self.band_matches(sketch, keys)
        if len(rows) > TOP_CANDIDATES:  # most shared bands first, the newest (highest) row among equals
            rank = shared.astype(np.int64) * (int(rows[-1]) + 1) + rows
            rows = np.sort(rows[np.argpartition(-rank, TOP_CANDIDATES - 1)[:TOP_CANDIDATES]])
        return rows

    def best(self, signature: list[int], published: datetime | None = None) -> tuple[int, int, float] | None:
        """(article_id, story_id, similarity) of the best match (the widest margin over its threshold), or None."""
        match = self._match(signature, published)
        return None if match is None else match[1:]

    def find(self, signature: list[int], published: datetime | None = None) -> int | None:
        """The story_id of the best-matching earlier article when its similarity reaches its threshold."""
        match = self._match(signature, published)
        if match is None or match[0] < 0:
            return None
        return match[2]

    def _match(self, signature: list[int], published: datetime | None) -> tuple[float, int, int, float] | None:
        """(margin over the time-adjusted threshold, article_id, story_id, similarity) of the best candidate."""
        n, parts = len(self._story_ids), _parts(signature)
        if n == 0 or parts is None:
            return None
        rows = self.candidates(parts[1], parts[2])
        if len(rows) == 0:
            return None
        sketches = [self._sketches[i] for i in rows.tolist()]
        if published is None:  # the plain rule
            scores = batch_similarity(sketches, parts[1], np.zeros(len(rows), dtype=bool))
            margins = scores - self.threshold
        else:
            hours = np.abs(self._published[rows] - _epoch(published)) / 3600  # NaN: a stored time unknown
            scores = batch_similarity(sketches, parts[1], hours <= NEAR_HOURS)
            margins = scores - time_thresholds(self.threshold, hours)
        best = int(np.lexsort((-scores, -margins))[0])  # widest margin, then highest score, then earliest row
        i = int(rows[best])
        return float(margins[best]), self._article_ids[i], self._story_ids[i], float(scores[best])


def batch_similarity(sketches: list[np.ndarray], query: np.ndarray, near: np.ndarray) -> np.ndarray:
    """sketch_similarity of a query against many sorted sketches at once (near: the time flag per sketch)."""
    lengths = np.fromiter(map(len, sketches), dtype=np.int64, count=len(sketches))
    flat = np.concatenate(sketches)
    at = np.searchsorted(query, flat)
    at[at == len(query)] = 0
    hit = query[at] == flat
    if len(query) < BOTTOM_K and lengths.max() < BOTTOM_K:  # whole feature sets: exact, short-text rule
        shared = np.add.reduceat(hit, np.cumsum(lengths) - lengths, dtype=np.int64)
        scores = np.minimum(1.0, shared / (lengths + len(query) - shared) / (2 * JACCARD_AT_HALF))
        smaller = np.minimum(lengths, len(query))
        if smaller.min() <= SHORT_MAX_FEATURES:
            short = (smaller <= SHORT_MAX_FEATURES) & np.where(
                near, (smaller >= SHORT_NEAR_MIN_FEATURES) & (shared >= SHORT_NEAR_MIN_SHARED),
                (smaller >= SHORT_MIN_FEATURES) & (shared >= SHORT_MIN_SHARED))
            containment = np.minimum(1.0, shared / smaller / (2 * CONTAINMENT_AT_HALF))
            scores = np.where(short, np.maximum(scores, containment), scores)
        return scores
    # a sketch cut at BOTTOM_K covers the hash range up to its last value: compare both within it
    owner = np.repeat(np.arange(len(sketches)), lengths)
    cutoff = np.where(lengths >= BOTTOM_K, flat[np.cumsum(lengths) - 1].astype(np.float64), np.inf)
    if len(query) >= BOTTOM_K:
        cutoff = np.minimum(cutoff, float(query[-1]))
    covered = flat <= cutoff[owner]
    shared = np.bincount(owner[hit & covered], minlength=len(sketches))
    union = np.bincount(owner[covered], minlength=len(sketches)) + np.searchsorted(query, cutoff, side="right") - shared
    scores = np.minimum(1.0, shared / union / (2 * JACCARD_AT_HALF))
    if np.isinf(cutoff).any():  # pairs of two whole sets among them: the short-text rule as well
        whole = np.flatnonzero(np.isinf(cutoff))
        scores[whole] = batch_similarity([sketches[i] for i in whole], query, near[whole])
    return scores


def band_keys(sketch: np.ndarray) -> np.ndarray:
    """LSH_BANDS keys (uint64), each packing LSH_ROWS MinHash values of a sketch's feature hashes.

    The band number is folded into each key (XOR with an odd multiple of a large constant), so that one
    sorted table holds the keys of all bands.
    """
    values = np.multiply.outer(sketch.astype(np.uint64), _LSH_A)  # (a*x + b) mod p never overflows uint64
    values += _LSH_B
    values %= _PRIME
    values &= _MASK  # the low bits: the high ones of a*x + b follow x's order
    rows = values.min(axis=0).reshape(LSH_BANDS, LSH_ROWS)
    return ((rows[:, 0] << np.uint64(32)) | rows[:, 1]) ^ _BAND_SALT


def _parts(signature: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(MinHash row, sorted sketch, band keys) of a signature, or None when it is empty or not ours.

    Storing looks one signature up and adds it, in the pass's index and a batch-local one, so the parts of
    the last few signatures are cached (band_keys is the costly step).
    """
    if not NUM_PERM + MIN_FEATURES <= len(signature) <= NUM_PERM + BOTTOM_K:
        return None
    try:
        return _cached_parts(tuple(signature))
    except TypeError:  # unhashable items: not a signature of ours
        return None


@lru_cache(maxsize=64)
def _cached_parts(signature: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    parts = _split(signature)
    return None if parts is None else (*parts, band_keys(parts[1]))


def _split(signature: tuple[int, ...] | list[int]) -> tuple[np.ndarray, np.ndarray] | None:
    """(MinHash row, sorted sketch) as uint32 arrays, or None when the signature is empty or not ours."""
    if not NUM_PERM + MIN_FEATURES <= len(signature) <= NUM_PERM + BOTTOM_K:
        return None
    try:
        values = np.asarray(signature, dtype=np.int64)
    except (TypeError, ValueError, OverflowError):
        return None
    sketch = values[NUM_PERM:]
    if values.min() < 0 or values.max() > 0xFFFFFFFF or np.any(np.diff(sketch) <= 0):
        return None
    return values[:NUM_PERM].astype(np.uint32), sketch.astype(np.uint32)
