"""Speed and peak memory: summary + key points on the BBC set, one core, beside stock sumy TextRank.

Each method runs in its own child process pinned to one CPU (threads of BLAS limited to 1); the child
reports articles per second over the loop (imports excluded) and its peak RSS (ru_maxrss, imports
included). Stock baseline: sumy's PlaintextParser + TextRankSummarizer with the stock tokenizer path
(sumy's Tokenizer needs punkt data, absent here, so: untrained nltk Punkt + Treebank words + sumy's
word filter), Snowball stemmer and sumy's stop words. Every method makes a 3-sentence summary.
Run: /tmp/venv/bin/python bench/bench_speed.py [--limit N]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import StockTokenizer, data_dir, print_table, read_jsonl  # noqa: E402

METHODS = {
    "ours: default summary + key points": "ours-full",
    "ours: default summary only": "ours-summary",
    "ours: textrank summary + key points": "ours-textrank",
    "stock sumy: TextRank (stock tokenizer path)": "stock-textrank",
    "stock sumy: Reduction (stock tokenizer path)": "stock-reduction",
}
COUNT = 3


def load_rows(limit: int | None) -> list[dict]:
    """BBC articles (text and title)."""
    root = data_dir()
    path = root / "bbc" / "bbc-news-summary.jsonl.gz" if root else None
    if path is None or not path.exists():
        raise SystemExit("../shared/data/bbc is absent; nothing to measure")
    rows = list(read_jsonl(path))
    return rows[:limit] if limit else rows


def make_worker(kind: str):  # noqa: ANN201 - returns a one-article callable
    """The per-article function of one method."""
    if kind.startswith("ours"):
        from summarizer import summarize
        from summarizer.core import prepare
        from summarizer.rank import get_ranker

        if kind == "ours-summary":
            ranker = get_ranker("default")
            return lambda row: ranker(prepare(row["text"], title=row["title"])[0], COUNT)
        algorithm = "textrank" if kind == "ours-textrank" else "default"
        return lambda row: summarize(row["text"], title=row["title"], sentences=COUNT, algorithm=algorithm)
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.reduction import ReductionSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = StockTokenizer("english")
    cls = TextRankSummarizer if kind == "stock-textrank" else ReductionSummarizer
    summarizer = cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return lambda row: summarizer(PlaintextParser.from_string(row["text"], tokenizer).document, COUNT)


def run_worker(kind: str, limit: int | None) -> None:
    """Child process: time one method over the articles and print a JSON line."""
    import resource

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    rows = load_rows(limit)
    work = make_worker(kind)
    started = time.perf_counter()
    cpu = time.process_time()
    for row in rows:
        work(row)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"n": len(rows), "wall": elapsed, "cpu": cpu, "peak_mb": peak_mb}))


def main(argv: list[str] | None = None) -> int:
    """Run every method in a child process and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="use only the first N articles (quick run)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        run_worker(args.worker, args.limit)
        return 0
    table = []
    for label, kind in METHODS.items():
        cmd = [sys.executable, __file__, "--worker", kind] + (["--limit", str(args.limit)] if args.limit else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        r = json.loads(out)
        table.append([label, r["n"], r["n"] / r["wall"], r["n"] / r["cpu"], f"{r['peak_mb']:.0f} MB"])
    print(f"## Speed on BBC News ({table[0][1]} articles, 3-sentence summaries, one core)\n")
    print_table(["method", "articles", "articles/s (wall)", "articles/s (CPU time)", "peak RSS"], table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
