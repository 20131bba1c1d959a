"""Fit collector/story_model.json and story_model_vectors.json: logistic models over story_model's pair features.

Training data: every labelled set in bench/data/stories except the blind ones (BLIND). Each pair of
articles of a set (published at most FAR_HOURS apart) is one example, labelled same event or not; every
set weighs the same in total. The fit is L2-regularised logistic regression (Newton's method, numpy):
once over the LEXICAL features (story_model.json) and once with the leads' vector cosine too
(story_model_vectors.json, for story_vectors = true).

Before writing, it prints the leave-one-set-out table: each set clustered (as the pipeline does, in
shuffled arrival orders) by a model fitted on all the other sets, i.e. scored as a blind set would be.

    /tmp/venv/bin/python bench/train_story_model.py            # LOSO table only
    /tmp/venv/bin/python bench/train_story_model.py --write    # ... then write both models
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import re
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_stories import BLIND, SETS, evaluate, load_articles, ours  # noqa: E402
from collector.stories import FAR_HOURS, MERGE_THRESHOLD, STORY_THRESHOLD  # noqa: E402
from collector.story_model import (  # noqa: E402
    ANTITONE, FEATURES, LEXICAL, MONOTONE, Model, pair_features, parse_signature,
)
from collector.story_embed import MODEL_FILE  # noqa: E402
from collector.story_text import story_signature  # noqa: E402

MODEL = Path(__file__).resolve().parents[1] / "collector" / "story_model.json"
VECTOR_MODEL = MODEL.with_name("story_model_vectors.json")
L2 = 1.0


def set_examples(articles: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Pair features and labels of every pair of a set's articles published at most FAR_HOURS apart."""
    parts = [parse_signature(_signature(a["text"], title=a["title"])) for a in articles]
    times = np.array([a["published"].timestamp() if a.get("published") else math.nan for a in articles])
    rows, labels = [], []
    for i in range(len(articles) - 1):
        others = [j for j in range(i + 1, len(articles)) if parts[j] is not None]
        if parts[i] is None or not others:
            continue
        hours = np.abs(times[others] - times[i]) / 3600
        keep = ~(hours > FAR_HOURS)
        others, hours = [j for j, k in zip(others, keep) if k], hours[keep]
        if others:
            rows.append(pair_features(parts[i], [parts[j] for j in others], hours))
            labels += [articles[i]["event"] == articles[j]["event"] for j in others]
    copies = [(i, copy) for i, copy in enumerate(map(_copy, enumerate(articles))) if copy and parts[i] is not None]
    for i, (title, text) in copies:  # outlets also run one wire story word for word, or nearly
        copy = parse_signature(story_signature(text, title=title, vector=True))
        if copy is not None:
            rows.append(pair_features(parts[i], [copy], np.array([1.0 if math.isfinite(times[i]) else math.nan])))
            labels.append(True)
    if not rows:
        return np.empty((0, len(FEATURES))), np.empty(0)
    return np.vstack(rows), np.array(labels, dtype=np.float64)


@lru_cache(maxsize=None)
def _signature(text: str, *, title: str | None = None, vector: bool = True) -> list[int]:
    """story_signature, once per text (the LOSO table clusters each set many times)."""
    return story_signature(text, title=title, vector=vector)


def _copy(item: tuple[int, dict]) -> tuple[str, str] | None:
    """A near copy of an article, as another outlet runs wire copy: its text without the last sentence
    (even positions) or the first (odd ones), under the same headline; None for texts under 3 sentences."""
    k, article = item
    sentences = re.split(r"(?<=[.!?])\s+", article["text"].strip())
    if len(sentences) < 3:
        return None
    return article["title"], " ".join(sentences[:-1] if k % 2 == 0 else sentences[1:])


def fit(examples: list[tuple[np.ndarray, np.ndarray]], l2: float = L2, iterations: int = 30) -> Model:
    """L2-regularised logistic regression on standardised features, each set weighing the same, with no
    negative weight on an overlap (MONOTONE) and no positive one on time apart (ANTITONE): a fit that gives
    one the wrong sign is redone without it, the most wrong first, so that sharing more never lowers the
    score and publishing further apart never raises it (collinear overlaps otherwise get weights of opposite
    signs, and a word-for-word copy, rarer in training than rewrites, scores 0)."""
    x = np.vstack([e[0] for e in examples])
    y = np.concatenate([e[1] for e in examples])
    w = np.concatenate([np.full(len(e[1]), 1000.0 / max(1, len(e[1]))) for e in examples])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / scale
    names = FEATURES[:x.shape[1]]  # LEXICAL or all FEATURES
    active = np.ones(len(names), dtype=bool)
    sign = np.isin(names, MONOTONE).astype(np.float64) - np.isin(names, ANTITONE)  # +1, -1 or 0 (free)
    while True:
        beta = _newton(z[:, active], y, w, l2, iterations)
        weights = np.zeros(len(names))
        weights[active] = beta[:-1]
        wrong = np.flatnonzero(active & (sign * weights < 0))
        if not len(wrong):
            return Model(mean, scale, weights, float(beta[-1]))
        active[wrong[np.argmin(sign[wrong] * weights[wrong])]] = False


def _newton(z: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float, iterations: int) -> np.ndarray:
    """Weights and bias (last) of a weighted L2-regularised logistic regression (the bias not penalised)."""
    z = np.column_stack([z, np.ones(len(z))])
    beta = np.zeros(z.shape[1])
    penalty = np.diag(np.r_[np.full(z.shape[1] - 1, l2), 0.0])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-z @ beta))
        gradient = z.T @ (w * (p - y)) + penalty @ beta
        hessian = (z * (w * p * (1 - p))[:, None]).T @ z + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


MODES = ("lexical", "vectors")  # story_vectors = false / true


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {MODEL.name} and {VECTOR_MODEL.name}")
    parser.add_argument("--seeds", type=int, default=10, help="arrival orders per set in the LOSO table")
    parser.add_argument("--l2", type=float, default=L2, help=f"L2 penalty (default {L2})")
    parser.add_argument("--threshold", type=float, default=STORY_THRESHOLD,
                        help=f"story_threshold of the LOSO clustering (default {STORY_THRESHOLD})")
    parser.add_argument("--merge-threshold", type=float, default=MERGE_THRESHOLD,
                        help=f"story_merge_threshold of the LOSO clustering (default {MERGE_THRESHOLD})")
    parser.add_argument("--sweep", action="store_true", help="also print the LOSO means at other thresholds")
    args = parser.parse_args()
    names = [name for name in SETS if name not in BLIND and SETS[name][0].exists()]
    data = {name: load_articles(SETS[name][0]) for name in names}
    examples = {name: set_examples(rows) for name, rows in data.items()}
    seeds = list(range(args.seeds))
    print(f"Leave-one-set-out: each set clustered by models fitted on the other {len(names) - 1} "
          f"({sum(len(e[1]) for e in examples.values())} pairs in all), {args.seeds} arrival orders, "
          f"story_threshold {args.threshold}, story_merge_threshold {args.merge_threshold}; "
          "lexical: as the pipeline signs by default, vectors: with story_vectors = true\n")
    print("| set | articles | lexical P | lexical R | vectors P | vectors R |")
    print("|---|---:|---:|---:|---:|---:|")
    chosen = (args.threshold, args.merge_threshold)
    grid = [chosen] + ([(args.threshold, m) for m in (0.3, 0.35, 0.4, 0.45, 0.5, 0.6)]
                       + [(t, None) for t in (0.4, 0.5, 0.6, 0.7)] if args.sweep else [])
    grid = list(dict.fromkeys(grid))
    scores = {(mode, g): [] for mode in MODES for g in grid}
    for name in names:
        others = [examples[other] for other in names if other != name]
        lexical, vectors = fit([_lexical(e) for e in others], args.l2), fit(others, args.l2)
        for (threshold, merge), mode in itertools.product(grid, MODES):
            extra = {"vectors": True, "vector_model": vectors} if mode == "vectors" else {}
            assign = ours(threshold, model=lexical, merge_threshold=merge, sign=_signature, **extra)
            scores[(mode, (threshold, merge))].append(evaluate(assign, data[name], seeds)[:2])
        cells = " | ".join(f"{p:.3f} | {r:.3f}" for p, r in (scores[(mode, chosen)][-1] for mode in MODES))
        print(f"| {name} | {len(data[name])} | {cells} |", flush=True)
    means = {key: _means(value) for key, value in scores.items()}
    cells = " | ".join(f"**{p:.3f}** | **{r:.3f}**" for p, r in (means[(mode, chosen)] for mode in MODES))
    print(f"| **mean** | | {cells} |\n")
    if args.sweep:
        print("| story_threshold | story_merge_threshold | lexical P / R | F1 | vectors P / R | F1 |")
        print("|---:|---:|---:|---:|---:|---:|")
        for threshold, merge in sorted(grid, key=lambda g: (g[1] is None, g)):
            cells = " | ".join(f"{p:.3f} / {r:.3f} | {2 * p * r / (p + r):.3f}"
                               for p, r in (means[(mode, (threshold, merge))] for mode in MODES))
            print(f"| {threshold:.2f} | {'never' if merge is None else f'{merge:.2f}'} | {cells} |")
        print()
    lexical = fit([_lexical(e) for e in examples.values()], args.l2)
    vectors = fit(list(examples.values()), args.l2)
    print("| feature | lexical weight | vectors weight (standardised) |\n|---|---:|---:|")
    for name, weight in sorted(zip(FEATURES, vectors.weights), key=lambda fw: -abs(fw[1])):
        lexical_weight = f"{lexical.weights[FEATURES.index(name)]:+.2f}" if name in LEXICAL else ""
        print(f"| {name} | {lexical_weight} | {weight:+.2f} |")
    if args.write:
        encoder = hashlib.sha256((MODEL.parent / "encoder" / MODEL_FILE).read_bytes()).hexdigest()
        MODEL.write_text(json.dumps(lexical.to_json(), indent=1) + "\n", encoding="utf-8")
        data = {**vectors.to_json(), "encoder_sha256": encoder}  # the lead vectors it was fitted on
        VECTOR_MODEL.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {MODEL} and {VECTOR_MODEL}")


def _lexical(example: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """An example's LEXICAL feature columns (what story_vectors = false compares)."""
    return example[0][:, :len(LEXICAL)], example[1]


def _means(scores: list[tuple[float, float]]) -> tuple[float, float]:
    """Mean precision and mean recall."""
    return sum(s[0] for s in scores) / len(scores), sum(s[1] for s in scores) / len(scores)


if __name__ == "__main__":
    main()
