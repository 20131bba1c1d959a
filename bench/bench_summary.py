"""Summary quality on ../shared/data/bbc: ROUGE-1/2/L F1 and sentence P/R/F1, ours beside stock sumy.

Summary length = the reference's sentence count. Items whose summary_sentences is null (4) are skipped,
so the full run covers 2,221 articles. "Dev" = odd-numbered items in file order (used to tune the
default's weights), "test" = even-numbered items (held out). Also measures sentence splitting: the share
of reference sentences reproduced exactly, by our tokenizer and by plain untrained Punkt.
Run: /tmp/venv/bin/python bench/bench_summary.py [--limit N]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rouge_score import rouge_scorer  # noqa: E402
from sumy.nlp.stemmers import Stemmer  # noqa: E402
from sumy.parsers.plaintext import PlaintextParser  # noqa: E402
from sumy.summarizers.edmundson import EdmundsonSummarizer  # noqa: E402
from sumy.summarizers.kl import KLSummarizer  # noqa: E402
from sumy.summarizers.lex_rank import LexRankSummarizer  # noqa: E402
from sumy.summarizers.lsa import LsaSummarizer  # noqa: E402
from sumy.summarizers.luhn import LuhnSummarizer  # noqa: E402
from sumy.summarizers.reduction import ReductionSummarizer  # noqa: E402
from sumy.summarizers.sum_basic import SumBasicSummarizer  # noqa: E402
from sumy.summarizers.text_rank import TextRankSummarizer  # noqa: E402
from sumy.utils import get_stop_words  # noqa: E402

from common import StockTokenizer, data_dir, print_table, read_jsonl, timed_picks  # noqa: E402
from summarizer import ALGORITHMS  # noqa: E402
from summarizer.core import prepare  # noqa: E402
from summarizer.rank import get_ranker  # noqa: E402
from summarizer.tokenize import split_sentences  # noqa: E402

STOCK = {
    "lexrank": LexRankSummarizer, "textrank": TextRankSummarizer, "lsa": LsaSummarizer, "luhn": LuhnSummarizer,
    "edmundson": EdmundsonSummarizer, "kl": KLSummarizer, "reduction": ReductionSummarizer,
    "sumbasic": SumBasicSummarizer,
}
Picker = Callable[[dict], list[str]]


def ours(name: str) -> Picker:
    """Our pipeline: clean, split, rank with one of our algorithms."""
    ranker = get_ranker(name)

    def pick(row: dict) -> list[str]:
        doc, _ = prepare(row["text"], title=row.get("title"))
        return [doc.sentences[i] for i in ranker(doc, row["n"])]
    return pick


def stock(name: str | None) -> Picker:
    """Stock sumy: PlaintextParser with the stock tokenizer path; None = Lead-N on stock sentences."""
    tokenizer = StockTokenizer("english")
    stemmer = Stemmer("english")
    stop = get_stop_words("english")

    def pick(row: dict) -> list[str]:
        document = PlaintextParser.from_string(row["text"], tokenizer).document
        if name is None:
            return [str(s) for s in document.sentences[: row["n"]]]
        summarizer = STOCK[name](stemmer)
        if name == "edmundson":
            summarizer.bonus_words = [w for w in (row.get("title") or "news").lower().split() if w not in stop]
            summarizer.stigma_words = ["perhaps"]
            summarizer.null_words = stop
        else:
            summarizer.stop_words = stop
        return [str(s) for s in summarizer(document, row["n"])]
    return pick


def score_rows(pick: Picker, rows: list[dict], scorer: rouge_scorer.RougeScorer) -> tuple[list[list[float]], float]:
    """Per article: R1, R2, RL F1 and sentence P, R, F1 (percent); plus articles per second of picking."""
    chosen_all, speed = timed_picks(pick, rows)
    out = []
    for row, chosen in zip(rows, chosen_all):
        s = scorer.score(" ".join(row["summary_sentences"]), " ".join(chosen))
        ref = {x.strip() for x in row["summary_sentences"]}
        hits = sum(c.strip() in ref for c in chosen)
        p = hits / len(chosen) if chosen else 0.0
        r = hits / len(ref)
        f = 2 * p * r / (p + r) if hits else 0.0
        out.append([100 * v for v in (s["rouge1"].fmeasure, s["rouge2"].fmeasure, s["rougeL"].fmeasure, p, r, f)])
    return out, speed


def mean_row(scores: list[list[float]]) -> list[float]:
    """Column means of per-article scores."""
    return [sum(col) / len(scores) for col in zip(*scores)] if scores else [0.0] * 6


def boundary_table(rows: list[dict]) -> None:
    """Share of reference sentences that each splitter reproduces exactly."""
    from nltk.tokenize import PunktSentenceTokenizer

    plain = PunktSentenceTokenizer()
    splitters = {
        "plain nltk Punkt (untrained, per paragraph)": lambda t: [s for p in t.split("\n\n") for s in plain.tokenize(p)],
        "ours (summarizer.tokenize.split_sentences)": split_sentences,
    }
    out = []
    for name, split in splitters.items():
        hits = total = 0
        for row in rows:
            found = set(split(row["text"]))
            hits += sum(s.strip() in found for s in row["summary_sentences"])
            total += len(row["summary_sentences"])
        out.append([name, f"{hits}/{total}", f"{100 * hits / total:.2f}%"])
    print_table(["splitter", "reference sentences reproduced", "share"], out)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="use only the first N articles (quick run)")
    args = parser.parse_args(argv)
    root = data_dir()
    if root is None or not (root / "bbc" / "bbc-news-summary.jsonl.gz").exists():
        print("../shared/data/bbc is absent; nothing to measure", file=sys.stderr)
        return 1
    rows = []
    for index, row in enumerate(read_jsonl(root / "bbc" / "bbc-news-summary.jsonl.gz")):
        if row.get("summary_sentences"):
            rows.append({**row, "n": len(row["summary_sentences"]), "split": "dev" if index % 2 else "test"})
    rows = rows[: args.limit] if args.limit else rows
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    headers = ["method", "R-1", "R-2", "R-L", "sent P", "sent R", "sent F1", "articles/s"]
    methods = {f"ours: {name}" + (" (DEFAULT)" if name == "default" else ""): ours(name) for name in ALGORITHMS}
    methods["stock: Lead-N (plain Punkt)"] = stock(None)
    methods.update({f"stock sumy: {name}": stock(name) for name in STOCK})
    results = {label: score_rows(pick, rows, scorer) for label, pick in methods.items()}
    print(f"## BBC News Summary: {len(rows)} articles, N = reference sentence count\n")
    print_table(headers, [[label] + mean_row(sc) + [speed] for label, (sc, speed) in results.items()])
    print("### Dev (tuning) and held-out test halves\n")
    split_rows = []
    for label in ("ours: default (DEFAULT)", "stock sumy: reduction", "stock sumy: textrank",
                  "stock: Lead-N (plain Punkt)"):
        scores = results[label][0]
        for split in ("dev", "test"):
            part = [sc for sc, row in zip(scores, rows) if row["split"] == split]
            split_rows.append([f"{label}, {split} ({len(part)})"] + mean_row(part))
    print_table(headers[:-1], split_rows)
    print("## Sentence boundaries: BBC reference sentences reproduced exactly\n")
    boundary_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
