"""Whether two articles report one event: pair features of two story signatures and a learned logistic model.

Outlets rewrite one event in other words, lengths and angles, while the same actors' next event shares
their names; no single overlap measure separates the two across sets (see bench/RESULTS.md). So several
measures are combined, with weights fitted by bench/train_story_model.py on the fictional labelled sets
in bench/data/stories and shipped as story_model.json: overlaps of all features (Jaccard, containment,
cosine, counts), of headline and lead words, of names and event numbers, whether the lead's names and
numbers recur in the other article, how far apart the two were published (when both times are known),
and, when both signatures carry one, how close the two leads' sentence vectors are (collector.story_embed:
the words outlets choose differ, what they write about does not). Two models are shipped: story_model.json
over the LEXICAL features, and story_model_vectors.json over all FEATURES; PairScorer uses the second for
pairs that both have vectors.

`pair_features` compares one signature with many at once (numpy); training and StoryIndex both call it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from collector.story_embed import PACKED, unpack
from collector.story_text import MAX_FEATURES, MIN_FEATURES, NAME, NUMBER, SECTIONS, SIGNATURE_MARK

FEATURES = (
    "jaccard", "containment", "cosine", "log_smaller", "log_larger", "log_shared",
    "headline_in_other_max", "headline_in_other_min", "headline_overlap",
    "log_shared_names", "log_shared_numbers", "number_agreement",
    "log_hours", "over_36h", "times_known",
    "lead_overlap", "lead_in_other_max", "log_shared_within_12h", "log_shared_words",
    "lead_names_in_other_min", "lead_names_in_other_max", "lead_numbers_in_other_min",
    "lead_numbers_in_other_max", "no_lead_numbers", "over_24h", "over_48h", "lead_vector_cosine",
)
# overlaps: sharing more of these never makes two articles less likely to report one event (the fit keeps
# their weights >= 0; see bench/train_story_model.py)
MONOTONE = (
    "jaccard", "containment", "cosine", "log_shared", "headline_in_other_max", "headline_in_other_min",
    "headline_overlap", "log_shared_numbers", "number_agreement", "lead_overlap", "lead_in_other_max",
    "log_shared_within_12h", "log_shared_words", "lead_names_in_other_min", "lead_names_in_other_max",
    "lead_numbers_in_other_min", "lead_numbers_in_other_max", "lead_vector_cosine",
)
LEXICAL = FEATURES[:-1]  # all but the vectors' cosine: the default model's features
# time apart: publishing further apart never makes two articles more likely to report one event (weights <= 0)
ANTITONE = ("log_hours", "over_24h", "over_36h", "over_48h")


@dataclass(frozen=True)
class Parts:
    """A parsed signature: five sorted uint32 hash arrays, the kinds of the first, and the lead's int8 sentence
    vector when it was signed with one (see story_text)."""

    all: np.ndarray
    headline: np.ndarray
    lead: np.ndarray
    lead_names: np.ndarray
    lead_numbers: np.ndarray
    kinds: np.ndarray  # of `all`: PLAIN, NAME or NUMBER
    numbers: int  # how many of `all` are event numbers
    vector: np.ndarray | None  # int8, DIMENSIONS; None when signed without
    vector_norm: float


def parse_signature(signature: list[int] | tuple[int, ...]) -> Parts | None:
    """The Parts of a signature, or None when it is empty, malformed or of the old MinHash format."""
    if len(signature) < 1 + SECTIONS + MIN_FEATURES or signature[0] != SIGNATURE_MARK:
        return None
    try:
        values = np.asarray(signature, dtype=np.int64)
    except (TypeError, ValueError, OverflowError):
        return None
    lengths = values[1:1 + SECTIONS]
    body = values[1 + SECTIONS:]
    if lengths.min() < 0 or lengths.sum() != len(body) or not MIN_FEATURES <= lengths[0] <= MAX_FEATURES:
        return None
    if lengths[-1] not in (0, PACKED) or body.min() < 0 or body.max() > 0xFFFFFFFF:
        return None
    cuts = np.cumsum(lengths)[:-1]
    *sections, packed = [part.astype(np.uint32) for part in np.split(body, cuts)]
    if any(np.any(np.diff(part.astype(np.int64)) <= 0) for part in sections):
        return None
    vector = unpack(packed) if len(packed) else None
    norm = float(np.linalg.norm(vector.astype(np.float32))) if vector is not None else 0.0
    if vector is not None and norm == 0:
        return None
    kinds = (sections[0] >> 30).astype(np.int8)
    return Parts(*sections, kinds=kinds, numbers=int(np.count_nonzero(kinds == NUMBER)), vector=vector,
                 vector_norm=norm)


def _hits(needles: np.ndarray, hay: np.ndarray) -> np.ndarray:
    """For each needle, whether it is in the sorted array hay."""
    if len(hay) == 0:
        return np.zeros(len(needles), dtype=bool)
    at = np.minimum(np.searchsorted(hay, needles), len(hay) - 1)
    return hay[at] == needles


def pair_features(query: Parts, cands: list[Parts], hours: np.ndarray) -> np.ndarray:
    """The FEATURES of the query against each candidate (rows), hours apart NaN where a time is unknown.

    A few vectorised passes over the candidates' concatenated hashes: candidate features found among the
    query's ("forward"), and candidates' headline, lead, lead names and lead numbers found among the
    query's features ("backward").
    """
    n = len(cands)
    lengths = np.fromiter((len(c.all) for c in cands), dtype=np.int64, count=n)
    flat = np.concatenate([c.all for c in cands])
    owner = np.repeat(np.arange(n), lengths)
    hit = _hits(flat, query.all)
    owners = owner[hit]  # the candidate of each shared feature
    hit_kinds = np.concatenate([c.kinds for c in cands])[hit]
    shared = np.bincount(owners, minlength=n)
    names = np.bincount(owners[hit_kinds == NAME], minlength=n)
    numbers = np.bincount(owners[hit_kinds == NUMBER], minlength=n)

    def forward(part: np.ndarray, among: np.ndarray, whose: np.ndarray) -> np.ndarray:
        """Share of the query's part found in each candidate's features (NaN for an empty part)."""
        if not len(part):
            return np.full(n, np.nan)
        return np.bincount(whose[_hits(among, part)], minlength=n) / len(part)

    # each candidate's four small parts in one array; group = candidate * 4 + part
    small = [(c.headline, c.lead, c.lead_names, c.lead_numbers) for c in cands]
    small_lengths = np.fromiter((len(x) for parts in small for x in parts), dtype=np.int64, count=4 * n)
    small_flat = np.concatenate([x for parts in small for x in parts])
    group = np.repeat(np.arange(4 * n), small_lengths)
    found = np.bincount(group[_hits(small_flat, query.all)], minlength=4 * n).reshape(n, 4)
    sizes = small_lengths.reshape(n, 4)
    with np.errstate(invalid="ignore", divide="ignore"):
        backward = np.where(sizes > 0, found / sizes, np.nan)
    head_fwd, lead_fwd = forward(query.headline, flat, owner), forward(query.lead, flat, owner)
    lnames_fwd, lnum_fwd = forward(query.lead_names, flat, owner), forward(query.lead_numbers, flat, owner)
    part = group % 4
    head_overlap = _overlap(query.headline, small_flat[part == 0], group[part == 0] // 4, sizes[:, 0], n)
    lead_overlap = _overlap(query.lead, small_flat[part == 1], group[part == 1] // 4, sizes[:, 1], n)

    la = len(query.all)
    smaller, larger = np.minimum(lengths, la), np.maximum(lengths, la)
    cand_numbers = np.fromiter((c.numbers for c in cands), dtype=np.int64, count=n)
    known = ~np.isnan(hours)
    h = np.where(known, hours, 0.0)
    k = known.astype(np.float64)
    log_shared = np.log1p(shared)
    head_back, lead_back, lnames_back, lnum_back = backward.T
    columns = [
        shared / (la + lengths - shared), shared / smaller, shared / np.sqrt(la * lengths),
        np.log(smaller), np.log(larger), log_shared,
        np.fmax(_zero(head_fwd), _zero(head_back)), np.fmin(_zero(head_fwd), _zero(head_back)), head_overlap,
        np.log1p(names), np.log1p(numbers), numbers / np.maximum(1, query.numbers + cand_numbers - numbers),
        k * np.log1p(h), k * (h > 36), k,
        lead_overlap, np.fmax(_zero(lead_fwd), _zero(lead_back)), log_shared * k * (h <= 12),
        np.log1p(shared - names - numbers),
        _either(np.fmin, lnames_fwd, lnames_back), _either(np.fmax, lnames_fwd, lnames_back),
        _either(np.fmin, lnum_fwd, lnum_back), _either(np.fmax, lnum_fwd, lnum_back),
        (np.isnan(lnum_fwd) & np.isnan(lnum_back)).astype(np.float64), k * (h > 24), k * (h > 48),
        _cosines(query, cands),
    ]
    return np.column_stack(columns)


def _cosines(query: Parts, cands: list[Parts]) -> np.ndarray:
    """Cosine of the query's lead vector with each candidate's (NaN where either has none)."""
    out = np.full(len(cands), np.nan)
    if query.vector is None:
        return out
    have = [i for i, c in enumerate(cands) if c.vector is not None]
    if have:
        vectors = np.stack([cands[i].vector for i in have]).astype(np.float32)
        norms = np.fromiter((cands[i].vector_norm for i in have), dtype=np.float64, count=len(have))
        out[have] = (vectors @ query.vector.astype(np.float32)) / (norms * query.vector_norm)
    return out


def _zero(values: np.ndarray) -> np.ndarray:
    """NaN (an empty part) as 0."""
    return np.nan_to_num(values, nan=0.0)


def _either(pick: np.ufunc, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """pick of both directions, the one that exists where the other part is empty, 0.5 where both are."""
    return np.nan_to_num(pick(a, b), nan=0.5)


def _overlap(query_part: np.ndarray, values: np.ndarray, whose: np.ndarray, sizes: np.ndarray, n: int) -> np.ndarray:
    """|A & B| / min(|A|, |B|) of the query's part with each candidate's (0 where one is empty)."""
    if not len(query_part):
        return np.zeros(n)
    shared = np.bincount(whose[_hits(values, query_part)], minlength=n)
    return shared / np.maximum(1, np.minimum(sizes, len(query_part)))


@dataclass(frozen=True)
class Model:
    """A logistic model over the first len(weights) FEATURES, standardised (LEXICAL or all FEATURES):
    logit = ((x - mean) / scale) . weights + bias."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    @property
    def features(self) -> tuple[str, ...]:
        """The FEATURES this model reads."""
        return FEATURES[:len(self.weights)]

    def logits(self, features: np.ndarray) -> np.ndarray:
        """Log-odds that each row's pair reports one event (rows of pair_features)."""
        return ((features[:, :len(self.weights)] - self.mean) / self.scale) @ self.weights + self.bias

    def to_json(self) -> dict:
        """The form story_model.json keeps."""
        return {"features": list(self.features), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "weights": self.weights.tolist(), "bias": self.bias}

    @classmethod
    def from_json(cls, data: dict) -> "Model":
        """A model from story_model.json's form; ValueError when its features are not this module's."""
        if list(data.get("features", [])) not in (list(LEXICAL), list(FEATURES)):
            raise ValueError("story model was trained on other features; run bench/train_story_model.py")
        return cls(np.asarray(data["mean"]), np.asarray(data["scale"]), np.asarray(data["weights"]),
                   float(data["bias"]))


@dataclass(frozen=True)
class PairScorer:
    """Log-odds of pairs: the vectors model where both signatures carry a lead vector, else the lexical one."""

    lexical: Model
    vectors: Model | None = None

    def logits(self, query: Parts, cands: list[Parts], hours: np.ndarray) -> np.ndarray:
        """Log-odds that the query and each candidate report one event (hours apart, NaN when unknown)."""
        x = pair_features(query, cands, hours)
        out = self.lexical.logits(x)
        if self.vectors is not None:
            both = ~np.isnan(x[:, -1])
            if both.any():
                out[both] = self.vectors.logits(x[both])
        return out


def _load(name: str) -> Model:
    return Model.from_json(json.loads(resources.files("collector").joinpath(name).read_text(encoding="utf-8")))


@cache
def default_model() -> Model:
    """The shipped lexical model (collector/story_model.json)."""
    return _load("story_model.json")


@cache
def vector_model() -> Model:
    """The shipped model for pairs with lead vectors (collector/story_model_vectors.json)."""
    return _load("story_model_vectors.json")


@cache
def default_scorer() -> PairScorer:
    """Both shipped models."""
    return PairScorer(default_model(), vector_model())
