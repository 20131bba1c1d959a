"""Story merging across outlets: an index of recent articles' story signatures that finds an article's story.

Outlets rewrite one event in other words, orders and lengths, so long shingles rarely match. What they
share are names, places, numbers, headline and lead words: collector.story_text turns an article into
feature sets (a signature), and collector.story_model scores a pair of signatures with a logistic model
learned on labelled fictional sets (bench/train_story_model.py): the probability that both report one event.
With story_vectors, signatures also carry a sentence vector of the lead (collector.story_embed), and pairs
that both have one are scored by a second model that compares them too.

StoryIndex keeps the signatures of recent articles. For a new article it takes the stored rows that share
the most features with it (a posting table over POSTING_KEYS sampled features of each row, so a find does
not scan every row), drops rows published more than FAR_HOURS away (when both times are known: outlets
cover an event within a day or two, while the same actors' next event follows days later), scores the
TOP_CANDIDATES best with the model and returns the best-scoring story (see StoryIndex._match) when its
probability reaches the threshold (story_threshold, STORY_THRESHOLD by default: more likely than not).
After a pass, plan_merges merges the stories of the pass's rows with the stories that scored near them
(collector.story_merge; merge threshold MERGE_THRESHOLD). bench/train_story_model.py --sweep prints the
precision / recall trade-off of both thresholds.
"""
from __future__ import annotations

import logging
import math
from datetime import datetime, timezone
from functools import lru_cache

import numpy as np

from collector.story_merge import plan_merges
from collector.story_postings import PostingTable
from collector.story_model import Model, PairScorer, Parts, default_scorer, parse_signature
from collector.story_text import _LOW, MIN_FEATURES, story_features, story_signature  # noqa: F401 - re-exported

log = logging.getLogger(__name__)

FAR_HOURS = 96.0  # articles published further apart never share a story
POSTING_KEYS = 96  # features of each stored row in the posting table (those with the smallest hashes)
MAX_BUCKET = 256  # a very common feature contributes only its newest rows
TOP_CANDIDATES = 48  # rows scored by the model per find
STORY_THRESHOLD = 0.6
MERGE_THRESHOLD = 0.5  # a mean over cross pairs: angle pieces pull it below the pairs of one event (RESULTS)
NEAR_MARGIN = 2.0  # a find remembers the stories scoring within this many log-odds of the merge cut
_NEAR_PENDING = 256  # finds remembered until their signature is added


def same_story(a_text: str, b_text: str) -> float:
    """The model's probability that two texts (publish times unknown) report one event; 0 for tiny texts."""
    a, b = _parts(story_signature(a_text)), _parts(story_signature(b_text))
    if a is None or b is None:
        return 0.0
    return float(_probability(default_scorer().logits(a, [b], np.array([math.nan])))[0])


def _probability(logits: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-logits))


def _epoch(published: datetime | None) -> float:
    """Seconds since the epoch (naive = UTC), NaN for an unknown time."""
    if published is None:
        return math.nan
    if published.tzinfo is None:
        published = published.replace(tzinfo=timezone.utc)
    return published.timestamp()


class StoryIndex:
    """Signatures of recent articles; finds the story that a new article most probably belongs to."""

    far_hours = FAR_HOURS

    def __init__(self, threshold: float = STORY_THRESHOLD, model: Model | None = None,
                 merge_threshold: float = MERGE_THRESHOLD, vector_model: Model | None = None) -> None:
        """`model` scores pairs by their words (the shipped lexical model unless given), `vector_model` pairs
        whose signatures both carry lead vectors (the shipped one unless a model is given: then only if given)."""
        for name, value in (("story threshold", threshold), ("story merge threshold", merge_threshold)):
            if not 0.0 < value <= 1.0:
                raise ValueError(f"{name} must be in (0, 1], got {value}")
        self.threshold, self.merge_threshold = threshold, merge_threshold
        self.scorer = PairScorer(model, vector_model) if model else default_scorer()
        self._cut, self._merge_cut = _logit(threshold), _logit(merge_threshold)
        self._near_pending: dict[tuple[int, ...], list[int]] = {}  # signature of a find -> stories near it
        self._near: dict[int, set[int]] = {}  # story -> stories that scored near its rows found since a plan
        self._published = np.full(256, math.nan)
        self._parts: list[Parts] = []
        self._article_ids: list[int] = []
        self._story_ids: list[int] = []
        self._postings = PostingTable()

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
        self._parts.append(parts)
        self._article_ids.append(article_id)
        self._story_ids.append(story_id)
        self._postings.add(n, _posting_keys(parts.all))
        near = self._near_pending.pop(tuple(signature), None)
        if near:
            self._near.setdefault(story_id, set()).update(near)

    @property
    def story_ids(self) -> list[int]:
        """The story of each indexed row."""
        return self._story_ids

    def stories(self) -> dict[int, int]:
        """{article_id: story_id} of the indexed articles."""
        return dict(zip(self._article_ids, self._story_ids))

    def parts_at(self, row: int) -> Parts:
        """The parsed signature of a row."""
        return self._parts[row]

    def published_at(self, rows: list[int]) -> np.ndarray:
        """Publish times of rows (seconds since the epoch, NaN when unknown)."""
        return self._published[rows]

    def merge_stories(self) -> dict[int, int]:
        """plan_merges, then apply_merges: {old story id: the id it merged into}."""
        into = self.plan_merges()
        self.apply_merges(into)
        return into

    def plan_merges(self) -> dict[int, int]:
        """Which stories of the rows found and added since the last plan merge with the stories that scored
        near those rows (collector.story_merge): {old story id: the id it merges into}."""
        into = plan_merges(self, self._near, self._merge_cut) if self._near else {}
        self._near = {}
        return into

    def apply_merges(self, into: dict[int, int]) -> None:
        """Relabel the rows of merged stories."""
        if into:
            self._story_ids = [into.get(story, story) for story in self._story_ids]

    def candidates(self, parts: Parts, published: datetime | None = None) -> np.ndarray:
        """The rows to score, in index order: the TOP_CANDIDATES within FAR_HOURS that share the most posted
        features with the signature (the newest among equals)."""
        rows, shared = self._postings.rows(parts.all.astype(np.uint64), MAX_BUCKET)
        when = _epoch(published)
        if len(rows) and not math.isnan(when):
            near = ~(np.abs(self._published[rows] - when) > FAR_HOURS * 3600)  # NaN (unknown) stays
            rows, shared = rows[near], shared[near]
        if len(rows) > TOP_CANDIDATES:
            rank = shared.astype(np.int64) * (int(rows[-1]) + 1) + rows
            rows = np.sort(rows[np.argpartition(-rank, TOP_CANDIDATES - 1)[:TOP_CANDIDATES]])
        return rows

    def best(self, signature: list[int], published: datetime | None = None) -> tuple[int, int, float] | None:
        """(article_id, story_id, probability) of the best story's closest article and the story's probability."""
        match = self._match(signature, published)
        return None if match is None else (match[0], match[1], float(_probability(np.array(match[2]))))

    def find(self, signature: list[int], published: datetime | None = None) -> int | None:
        """The story_id of the best-scoring story when its probability reaches the threshold, else None."""
        match = self._match(signature, published)
        return None if match is None or match[2] < self._cut else match[1]

    def _remember_near(self, signature: list[int], stories: np.ndarray) -> None:
        """Keep the stories that scored near this signature until it is added (see merge_stories)."""
        if len(self._near_pending) >= _NEAR_PENDING:
            self._near_pending.pop(next(iter(self._near_pending)))
        self._near_pending[tuple(signature)] = stories.tolist()

    def _match(self, signature: list[int], published: datetime | None) -> tuple[int, int, float] | None:
        """(article_id, story_id, score) of the best-scoring story among the candidates' stories.

        A story's score is the mean log-odds of its two best candidate articles (the one article's when it
        has one): an article joins a story that several outlets carry only when it agrees with two of them,
        which keeps a related but different event from chaining onto the story through its closest article.
        """
        parts = _parts(signature)
        if not self._story_ids or parts is None:
            return None
        rows = self.candidates(parts, published)
        if len(rows) == 0:
            return None
        hours = np.abs(self._published[rows] - _epoch(published)) / 3600  # NaN: a time unknown
        listed = rows.tolist()
        logits = self.scorer.logits(parts, [self._parts[i] for i in listed], hours)
        story_of = np.fromiter((self._story_ids[i] for i in listed), dtype=np.int64, count=len(rows))
        order = np.lexsort((-logits, story_of))  # by story, the best article first
        by_story, ranked = story_of[order], logits[order]
        firsts = np.flatnonzero(np.r_[True, by_story[1:] != by_story[:-1]])
        seconds = np.minimum(firsts + 1, len(order) - 1)
        has_second = by_story[seconds] == by_story[firsts]
        has_second[firsts == seconds] = False
        scores = (ranked[firsts] + np.where(has_second, ranked[seconds], ranked[firsts])) / 2
        self._remember_near(signature, by_story[firsts][scores >= self._merge_cut - NEAR_MARGIN])
        best = int(np.argmax(scores))
        row = int(rows[order[firsts[best]]])
        return self._article_ids[row], self._story_ids[row], float(scores[best])


def _logit(probability: float) -> float:
    return math.inf if probability >= 1.0 else math.log(probability / (1.0 - probability))


def _posting_keys(features: np.ndarray) -> np.ndarray:
    """The POSTING_KEYS features with the smallest hashes (kind bits ignored): a uniform sample."""
    if len(features) > POSTING_KEYS:
        features = features[np.argpartition(features & _LOW, POSTING_KEYS - 1)[:POSTING_KEYS]]
    return np.sort(features).astype(np.uint64)


def _parts(signature: list[int]) -> Parts | None:
    """Parts of a signature, or None when it is empty or not ours. Storing looks one signature up and adds it,
    in the pass's index and a batch-local one, so the parts of the last few signatures are cached."""
    if len(signature) < 1 + MIN_FEATURES:
        return None
    try:
        return _cached_parts(tuple(signature))
    except TypeError:  # unhashable items: not a signature of ours
        return None


@lru_cache(maxsize=64)
def _cached_parts(signature: tuple[int, ...]) -> Parts | None:
    return parse_signature(signature)
