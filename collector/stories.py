"""Story merging across outlets: signatures over content words and an index of recent articles.

Two outlets' articles about one event are rewritten in different words, orders and lengths, so long
shingles rarely match. What they share are names, places, numbers and key terms. The features are
therefore single content-word stems (stop words dropped, Snowball-stemmed); capitalised words count twice
(a second "#" feature) and event numbers (counts, amounts, scores; not years or single digits) five times.
Names separate two different storms or elections; numbers separate two events of the same actor (a
minister's sugar tax and her fuel-tax cut), where names are shared.

Similarity is the Jaccard overlap of those feature sets. A signature holds 64 MinHash values (to find
candidates fast) followed by a bottom-k sketch: the BOTTOM_K smallest feature hashes, which is the whole
feature set for most news articles, so the final similarity is exact for them rather than a noisy MinHash
estimate (at the merge threshold, 256 MinHash values still err by +-0.03 Jaccard, which cost 5-10 points
of precision and recall on the benchmark). Thresholds are given on a story-similarity scale,
``min(1, jaccard / (2 * JACCARD_AT_HALF))``, so that the default threshold 0.5 is the calibrated Jaccard
cut (see bench/bench_stories.py).

A brief of 12-30 features that keeps most names and numbers of a long report has a low Jaccard with it, so
for such short texts containment (shared / smaller set, reaching 0.5 at 0.55) also counts, given at least
10 shared features. Headline words are added without name marks (many outlets Title-Case headlines).
StoryIndex finds candidates through banded LSH (64 bands of 2 MinHash values derived from the sketch)
rather than scanning every stored article, then filters and compares them as described below.
"""
from __future__ import annotations

import logging
import re
import zlib
from functools import lru_cache

import numpy as np
from nltk.stem.snowball import SnowballStemmer

log = logging.getLogger(__name__)

NUM_PERM = 64  # MinHash values at the head of a signature
BOTTOM_K = 256  # feature hashes kept after them
JACCARD_AT_HALF = 0.22  # feature Jaccard that maps to story similarity 0.5 (calibrated on bench/data/stories)
NUMBER_WEIGHT = 5  # names recur across events of one actor; counts and amounts rarely do
MIN_FEATURES = 5  # shorter texts get an empty signature and never merge
# Candidates must agree on MIN_AGREEMENT of the 64 MinHash values (estimated Jaccard >= 0.09): an article at
# the merge threshold (Jaccard 0.22, ~14 agreements expected) fails that with probability ~0.2%, unrelated
# news (Jaccard ~0.03) passes it ~1% of the time. The TOP_CANDIDATES best are then compared exactly.
MIN_AGREEMENT = 6
TOP_CANDIDATES = 16
# The index finds candidates through banded LSH instead of scanning every stored row: LSH_BANDS bands of
# LSH_ROWS MinHash values each, computed by the index from the sketch (the stored signature format is
# unchanged). A pair at the merge threshold (Jaccard 0.22) shares no band with probability
# (1 - 0.22**2)**64 ~ 4%, at Jaccard 0.3 ~ 0.2%; and a story with several earlier articles is missed only
# when all of them are. Unrelated news (Jaccard ~0.03) shares a band with ~6% of the rows.
LSH_BANDS = 64
LSH_ROWS = 2
MAX_BUCKET = 256  # a crowded bucket (a very common feature pair) contributes only its newest rows
# Short-text rule: a brief of SHORT_MIN_FEATURES..SHORT_MAX_FEATURES features that shares SHORT_MIN_SHARED or
# more features with another article is also scored by containment |A & B| / min(|A|, |B|), which reaches
# 0.5 at CONTAINMENT_AT_HALF (a brief keeps the names and numbers of the long article but few of its other
# words, so its Jaccard stays low). 0 disables it.
SHORT_MAX_FEATURES = 30
SHORT_MIN_FEATURES = 12
SHORT_MIN_SHARED = 10
CONTAINMENT_AT_HALF = 0.55
_PRIME = np.uint64((1 << 61) - 1)
_MASK = np.uint64(0xFFFFFFFF)
_rng = np.random.RandomState(20240601)  # fixed: signatures are stored and compared across processes
_A = _rng.randint(1, 1 << 32, size=NUM_PERM, dtype=np.uint64)
_B = _rng.randint(0, 1 << 32, size=NUM_PERM, dtype=np.uint64)
_LSH_A = _rng.randint(1, 1 << 32, size=LSH_BANDS * LSH_ROWS, dtype=np.uint64)
_LSH_B = _rng.randint(0, 1 << 32, size=LSH_BANDS * LSH_ROWS, dtype=np.uint64)
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+", re.UNICODE)
_STEMMER = SnowballStemmer("english")
STOP_WORDS = frozenset("""
a an the and or but nor if of to in on at by for with from as is are was were be been being has have had do does
did done not no yes it its this that these those he she they them his her hers their theirs we our ours you your
i me my mine who whom whose which what when where why how than then there here about above below after before
over under into onto out up down off again further once all any both each few more most less least other some
such only own same so too very can will would should could may might must shall also just like even still yet
said says say saying told tells tell according added adds reported reports report stated announced asked
one two three four five six seven eight nine ten first second third last next new old year years month months
week weeks day days today yesterday tomorrow morning evening night monday tuesday wednesday thursday friday
saturday sunday january february march april june july august september october november december percent per
cent around about some many much people since while during between against through across within without mr mrs
ms dr its via upon because however although though whether because
""".split())


def story_features(text: str, *, mark_names: bool = True) -> set[str]:
    """Content-word stems of a text; capitalised words count twice, event numbers NUMBER_WEIGHT times."""
    features: set[str] = set()
    for token in _TOKEN.findall(text or ""):
        if token[0].isdigit():
            number = token.replace(",", "")
            features.add(number)
            if _is_event_number(number):
                features.update("#" * k + number for k in range(1, NUMBER_WEIGHT))
            continue
        lower = token.lower()
        if len(lower) < 3 or lower in STOP_WORDS:
            continue
        stem = _stem(lower)
        features.add(stem)
        if mark_names and token[0].isupper():
            features.add("#" + stem)
    return features


def _is_event_number(number: str) -> bool:
    """Counts, amounts and scores (not years, not single digits) are specific to one event."""
    digits = number.replace(".", "").replace(":", "")
    return len(digits) >= 2 and not (len(number) == 4 and number[:2] in ("19", "20"))


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """Snowball stem, cached (news vocabulary repeats a lot)."""
    return _STEMMER.stem(word)


def minhash_signature(text: str, *, title: str | None = None) -> list[int]:
    """64 MinHash values then the smallest BOTTOM_K feature hashes of title + text; [] for too few features."""
    features = story_features(text)
    if title:  # many outlets capitalise Every Word of a headline: its capitals do not mark names
        features |= story_features(title, mark_names=False)
    if len(features) < MIN_FEATURES:
        return []
    hashes = np.unique(np.fromiter((zlib.crc32(f.encode("utf-8")) for f in features), dtype=np.uint64))
    # (a*x + b) mod p with a, b, x < 2**32 never overflows uint64; keep the low 32 bits
    minhash = ((np.outer(hashes, _A) + _B) % _PRIME & _MASK).min(axis=0)
    return minhash.astype(np.int64).tolist() + hashes[:BOTTOM_K].astype(np.int64).tolist()


def jaccard_to_similarity(jaccard: float) -> float:
    """Map a feature Jaccard onto the story-similarity scale used by thresholds."""
    return min(1.0, jaccard / (2 * JACCARD_AT_HALF))


def similarity(shared: int, size_a: int, size_b: int) -> float:
    """Story similarity of two feature sets from their sizes and overlap (Jaccard, or the short-text rule)."""
    score = jaccard_to_similarity(shared / (size_a + size_b - shared))
    if SHORT_MIN_FEATURES <= min(size_a, size_b) <= SHORT_MAX_FEATURES and shared >= SHORT_MIN_SHARED:
        score = max(score, min(1.0, shared / min(size_a, size_b) / (2 * CONTAINMENT_AT_HALF)))
    return score


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


def sketch_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Story similarity of two sorted sketches: exact when both hold their whole feature set."""
    if len(a) >= BOTTOM_K or len(b) >= BOTTOM_K:  # long texts: the Jaccard estimate, no short-text rule
        return jaccard_to_similarity(sketch_jaccard(a, b))
    return similarity(len(np.intersect1d(a, b, assume_unique=True)), len(a), len(b))


class StoryIndex:
    """Signatures of recent articles; finds the story of the most similar earlier article."""

    def __init__(self, threshold: float = 0.5) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"story threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self._minhash = np.empty((256, NUM_PERM), dtype=np.uint32)
        self._sketches: list[np.ndarray] = []
        self._article_ids: list[int] = []
        self._story_ids: list[int] = []
        self._buckets: list[dict[int, list[int]]] = [{} for _ in range(LSH_BANDS)]

    def __len__(self) -> int:
        return len(self._story_ids)

    def add(self, article_id: int, story_id: int, signature: list[int]) -> None:
        """Remember an article's signature under its story (empty or foreign signatures are skipped)."""
        parts = _split(signature)
        if parts is None:
            log.debug("article %s: signature of length %d not indexed", article_id, len(signature))
            return
        n = len(self._story_ids)
        if n == len(self._minhash):
            self._minhash = np.concatenate([self._minhash, np.empty_like(self._minhash)])
        self._minhash[n] = parts[0]
        self._sketches.append(parts[1])
        self._article_ids.append(article_id)
        self._story_ids.append(story_id)
        for bucket, key in zip(self._buckets, band_keys(parts[1])):
            bucket.setdefault(key, []).append(n)

    def candidates(self, sketch: np.ndarray) -> np.ndarray:
        """Rows that share at least one LSH band with a sketch, in index order."""
        rows: list[int] = []
        for bucket, key in zip(self._buckets, band_keys(sketch)):
            hit = bucket.get(key)
            if hit:
                rows.extend(hit[-MAX_BUCKET:])
        return np.unique(np.asarray(rows, dtype=np.int64))

    def best(self, signature: list[int]) -> tuple[int, int, float] | None:
        """(article_id, story_id, similarity) of the most similar indexed article, or None."""
        n, parts = len(self._story_ids), _split(signature)
        if n == 0 or parts is None:
            return None
        rows = self.candidates(parts[1])
        agreement = (self._minhash[rows] == parts[0]).sum(axis=1, dtype=np.uint8)
        keep = np.flatnonzero(agreement >= MIN_AGREEMENT)
        if len(keep) > TOP_CANDIDATES:
            keep = keep[np.argsort(-agreement[keep], kind="stable")[:TOP_CANDIDATES]]
        scored = [(sketch_similarity(self._sketches[i], parts[1]), -int(i)) for i in rows[keep]]
        if not scored:
            return None
        score, minus_i = max(scored)  # the earliest article among equals
        return self._article_ids[-minus_i], self._story_ids[-minus_i], score

    def find(self, signature: list[int]) -> int | None:
        """The story_id of the best-matching earlier article when its similarity reaches the threshold."""
        match = self.best(signature)
        if match is None or match[2] < self.threshold:
            return None
        return match[1]


def band_keys(sketch: np.ndarray) -> list[int]:
    """LSH_BANDS keys, each packing LSH_ROWS MinHash values of a sketch's feature hashes."""
    values = ((np.outer(sketch.astype(np.uint64), _LSH_A) + _LSH_B) % _PRIME & _MASK).min(axis=0)
    rows = values.reshape(LSH_BANDS, LSH_ROWS)
    return ((rows[:, 0] << np.uint64(32)) | rows[:, 1]).tolist()


def _split(signature: list[int]) -> tuple[np.ndarray, np.ndarray] | None:
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
