"""Fit collector/story_model.json: a logistic model over collector.story_model's pair features.

Training data: every labelled set in bench/data/stories except the blind ones (BLIND). Each pair of
articles of a set (published at most FAR_HOURS apart) is one example, labelled same event or not; every
set weighs the same in total. The fit is L2-regularised logistic regression (Newton's method, numpy).

Before writing, it prints the leave-one-set-out table: each set clustered (as the pipeline does, in
shuffled arrival orders) by a model fitted on all the other sets, i.e. scored as a blind set would be.

    /tmp/venv/bin/python bench/train_story_model.py            # LOSO table only
    /tmp/venv/bin/python bench/train_story_model.py --write    # ... then write collector/story_model.json
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_stories import BLIND, SETS, evaluate, load_articles, ours  # noqa: E402
from collector.stories import FAR_HOURS  # noqa: E402
from collector.story_model import FEATURES, Model, pair_features, parse_signature  # noqa: E402
from collector.story_text import story_signature  # noqa: E402

MODEL = Path(__file__).resolve().parents[1] / "collector" / "story_model.json"
L2 = 1.0


def set_examples(articles: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Pair features and labels of every pair of a set's articles published at most FAR_HOURS apart."""
    parts = [parse_signature(story_signature(a["text"], title=a["title"])) for a in articles]
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
    if not rows:
        return np.empty((0, len(FEATURES))), np.empty(0)
    return np.vstack(rows), np.array(labels, dtype=np.float64)


def fit(examples: list[tuple[np.ndarray, np.ndarray]], l2: float = L2, iterations: int = 30) -> Model:
    """L2-regularised logistic regression on standardised features, each set weighing the same."""
    x = np.vstack([e[0] for e in examples])
    y = np.concatenate([e[1] for e in examples])
    w = np.concatenate([np.full(len(e[1]), 1000.0 / max(1, len(e[1]))) for e in examples])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.column_stack([(x - mean) / scale, np.ones(len(x))])
    beta = np.zeros(z.shape[1])
    penalty = np.diag(np.r_[np.full(z.shape[1] - 1, l2), 0.0])  # the bias is not penalised
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-z @ beta))
        gradient = z.T @ (w * (p - y)) + penalty @ beta
        hessian = (z * (w * p * (1 - p))[:, None]).T @ z + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return Model(mean, scale, beta[:-1], float(beta[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {MODEL.relative_to(Path.cwd())}")
    parser.add_argument("--seeds", type=int, default=10, help="arrival orders per set in the LOSO table")
    parser.add_argument("--l2", type=float, default=L2, help=f"L2 penalty (default {L2})")
    parser.add_argument("--threshold", type=float, default=0.5, help="story_threshold of the LOSO clustering")
    args = parser.parse_args()
    names = [name for name in SETS if name not in BLIND and SETS[name][0].exists()]
    data = {name: load_articles(SETS[name][0]) for name in names}
    examples = {name: set_examples(rows) for name, rows in data.items()}
    seeds = list(range(args.seeds))
    print(f"Leave-one-set-out: each set clustered by a model fitted on the other {len(names) - 1} "
          f"({sum(len(e[1]) for e in examples.values())} pairs in all), {args.seeds} arrival orders\n")
    print("| set | articles | precision | recall | F1 |")
    print("|---|---:|---:|---:|---:|")
    scores = []
    for name in names:
        model = fit([examples[other] for other in names if other != name], args.l2)
        p, r, _ms = evaluate(ours(args.threshold, model=model), data[name], seeds)
        scores.append((p, r))
        print(f"| {name} | {len(data[name])} | {p:.3f} | {r:.3f} | {2 * p * r / (p + r):.3f} |", flush=True)
    mp, mr = (sum(s[i] for s in scores) / len(scores) for i in (0, 1))
    print(f"| **mean** | | **{mp:.3f}** | **{mr:.3f}** | **{2 * mp * mr / (mp + mr):.3f}** |\n")
    model = fit(list(examples.values()), args.l2)
    print("| feature | weight (standardised) |\n|---|---:|")
    for name, weight in sorted(zip(FEATURES, model.weights), key=lambda fw: -abs(fw[1])):
        print(f"| {name} | {weight:+.2f} |")
    if args.write:
        MODEL.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {MODEL}")


if __name__ == "__main__":
    main()
