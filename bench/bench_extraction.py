"""Main-text extraction benchmark on ../shared/data/extraction (Zyte article-extraction-benchmark, 181 pages).

Measure (the benchmark's own): per page, TP/FP/FN over 4-word shingles of the extracted body against
`articleBody`, normalised per page; mean precision and mean recall over pages; F1 from those two means.
Rows: the collector's `extract_article` beside trafilatura's defaults in the same run.

Run: /tmp/venv/bin/python bench/bench_extraction.py [--limit N]
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from collector.extract import extract_article  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "extraction"
_TOKEN = re.compile(r"\w+", re.UNICODE)

Counts = tuple[float, float, float]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of n-token shingles (the benchmark's tokenisation: \\w+, case kept)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def match_counts(true: str, pred: str) -> Counts:
    """Per-page TP/FP/FN over shingles, normalised to sum to 1."""
    t, p = shingles(true), shingles(pred)
    tp = sum(min(t[k], p[k]) for k in t.keys() | p.keys())
    fp = sum(max(0, p[k] - t[k]) for k in p)
    fn = sum(max(0, t[k] - p[k]) for k in t)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(counts: list[Counts]) -> dict[str, float]:
    """Mean precision, mean recall and F1 of the means, as evaluate.py computes them."""

    def prec(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))

    def rec(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))

    p = statistics.mean(prec(*c) for c in counts if c[0] + c[1] > 0)
    r = statistics.mean(rec(*c) for c in counts if c[0] + c[2] > 0)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def load_pages(limit: int | None) -> list[tuple[str, str, str, str]]:
    """(id, url, html, articleBody) for every page, sorted by id."""
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth)[:limit]:
        with gzip.open(DATA / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as f:
            pages.append((key, truth[key].get("url", ""), f.read(), truth[key].get("articleBody", "")))
    return pages


def run(name: str, fn: Callable[[str, str], str], pages: list[tuple[str, str, str, str]]) -> dict[str, object]:
    """Score one extractor over all pages, with its mean time per page."""
    counts, start = [], time.perf_counter()
    for _key, url, html, body in pages:
        counts.append(match_counts(body, fn(html, url)))
    seconds = time.perf_counter() - start
    return {"name": name, **score(counts), "ms": 1000 * seconds / len(pages)}


def ours(html: str, url: str) -> str:
    """The collector's extractor."""
    page = extract_article(html, url)
    return page.text if page else ""


def trafilatura_defaults(html: str, url: str) -> str:
    """trafilatura.extract with its defaults (comments included by default)."""
    return trafilatura.extract(html) or ""


def trafilatura_no_comments(html: str, url: str) -> str:
    """trafilatura.extract(include_comments=False): the setting the benchmark repo uses."""
    return trafilatura.extract(html, include_comments=False) or ""


def main() -> None:
    """Print the Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--quick", action="store_true", help="same as --limit 30")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"data not found: {DATA}")
    pages = load_pages(30 if args.quick else args.limit)
    rows = [
        run("trafilatura.extract (defaults)", trafilatura_defaults, pages),
        run("trafilatura.extract (include_comments=False)", trafilatura_no_comments, pages),
        run("collector.extract_article", ours, pages),
    ]
    print(f"Extraction benchmark: {len(pages)} pages, 4-word shingle P/R/F1 against articleBody\n")
    print("| extractor | precision | recall | F1 | ms/page |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['name']} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} | {row['ms']:.0f} |")


if __name__ == "__main__":
    main()
