"""Summary quality on ../shared/data/cnndm (360 CNN/DailyMail test items): ROUGE-1/2/Lsum of 3 sentences.

Ours (every algorithm) beside Lead-3 and stock sumy in the same run. "Dev" = the first 180 items by id
(used to tune the default's short-summary weights), "test" = the other 180 (held out).
Published Lead-3 on this sample: 40.22 / 17.65 / 36.50.
Run: /tmp/venv/bin/python bench/bench_cnndm.py [--limit N]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rouge_score import rouge_scorer  # noqa: E402

from bench_summary import STOCK, Picker, ours, stock  # noqa: E402
from common import data_dir, print_table, read_jsonl, timed_picks  # noqa: E402
from summarizer import ALGORITHMS  # noqa: E402

COUNT = 3


def score_rows(pick: Picker, rows: list[dict], scorer: rouge_scorer.RougeScorer) -> tuple[list[list[float]], float]:
    """Per item R1, R2, RLsum F1 (percent), and items per second of picking."""
    chosen_all, speed = timed_picks(pick, rows)
    out = []
    for row, chosen in zip(rows, chosen_all):
        s = scorer.score(row["highlights"], "\n".join(chosen))
        out.append([100 * s[m].fmeasure for m in ("rouge1", "rouge2", "rougeLsum")])
    return out, speed


def mean(scores: list[list[float]]) -> list[float]:
    """Column means."""
    return [sum(col) / len(scores) for col in zip(*scores)] if scores else [0.0] * 3


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="use only the first N items (quick run)")
    args = parser.parse_args(argv)
    root = data_dir()
    path = root / "cnndm" / "cnndm-test-sample.jsonl.gz" if root else None
    if path is None or not path.exists():
        print("../shared/data/cnndm is absent; nothing to measure", file=sys.stderr)
        return 1
    rows = sorted(read_jsonl(path), key=lambda r: r["id"])
    rows = [{**r, "text": r["article"], "n": COUNT, "split": "dev" if i < 180 else "test"} for i, r in enumerate(rows)]
    rows = rows[: args.limit] if args.limit else rows
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    methods = {f"ours: {name}" + (" (DEFAULT)" if name == "default" else ""): ours(name) for name in ALGORITHMS}
    methods["stock: Lead-3 (plain Punkt)"] = stock(None)
    methods.update({f"stock sumy: {name}": stock(name) for name in STOCK})
    results = {label: score_rows(pick, rows, scorer) for label, pick in methods.items()}
    print(f"## CNN/DailyMail test sample: {len(rows)} items, 3 sentences\n")
    headers = ["method", "R-1", "R-2", "R-Lsum"]
    print_table(headers + ["items/s"], [[label] + mean(sc) + [speed] for label, (sc, speed) in results.items()])
    print("### Dev (tuning, first 180 by id) and held-out test halves\n")
    split_rows = []
    for label in ("ours: default (DEFAULT)", "ours: lead", "stock: Lead-3 (plain Punkt)", "stock sumy: textrank"):
        for split in ("dev", "test"):
            part = [sc for sc, row in zip(results[label][0], rows) if row["split"] == split]
            split_rows.append([f"{label}, {split} ({len(part)})"] + mean(part))
    print_table(headers, split_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
