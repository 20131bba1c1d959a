"""Shared helpers for the benchmark scripts: where the data lives, Markdown tables."""
from __future__ import annotations

import gzip
import json
import time
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence


def data_dir() -> Path | None:
    """../shared/data relative to the repository, or None when it is absent."""
    path = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    return path if path.is_dir() else None


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of a .jsonl or .jsonl.gz file."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print a Markdown table; floats get two decimals."""
    def cell(value: Any) -> str:
        return f"{value:.2f}" if isinstance(value, float) else str(value)

    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|")
    for row in rows:
        print("| " + " | ".join(cell(v) for v in row) + " |")
    print()


class StockTokenizer:
    """sumy's stock tokenizer path without NLTK data: untrained Punkt + Treebank words + sumy's filter.

    sumy's own Tokenizer needs the punkt data (absent here), so the stock baselines use nltk's plain
    PunktSentenceTokenizer (no parameters) and sumy's word filter.
    """

    def __init__(self, language: str = "english") -> None:
        from nltk.tokenize import PunktSentenceTokenizer, TreebankWordTokenizer
        from sumy.nlp.tokenizers import Tokenizer

        self.language = language
        self._sentences = PunktSentenceTokenizer()
        self._words = TreebankWordTokenizer()
        self._is_word = Tokenizer._is_word

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Sentences of a paragraph (plain Punkt)."""
        return tuple(s.strip() for s in self._sentences.tokenize(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Word tokens of a sentence, filtered like sumy's Tokenizer."""
        return tuple(w for w in self._words.tokenize(sentence) if self._is_word(w))


def timed_picks(pick: Callable[[dict], list[str]], rows: Sequence[dict]) -> tuple[list[list[str]], float]:
    """The sentences picked for every row, and rows per second of picking."""
    started = time.perf_counter()
    chosen_all = [pick(row) for row in rows]
    return chosen_all, len(rows) / (time.perf_counter() - started)
