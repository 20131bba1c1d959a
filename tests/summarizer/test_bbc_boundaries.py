"""Sentence boundaries on the BBC reference summaries (skipped without ../shared/data)."""
from __future__ import annotations

import gzip
import json

import pytest
from nltk.tokenize.punkt import PunktSentenceTokenizer

from summarizer.tokenize import split_sentences
from tests.summarizer.conftest import SHARED

BBC = SHARED / "bbc" / "bbc-news-summary.jsonl.gz"
pytestmark = [pytest.mark.shared_data, pytest.mark.skipif(not BBC.exists(), reason="../shared/data/bbc absent")]


def _share_reproduced(split, rows: list[dict]) -> float:  # noqa: ANN001 - any text -> sentences callable
    hits = total = 0
    for row in rows:
        found = set(split(row["text"]))
        for sentence in row["summary_sentences"]:
            total += 1
            hits += sentence.strip() in found
    return hits / total


def test_reference_sentences_are_reproduced_at_least_as_well_as_plain_punkt() -> None:
    with gzip.open(BBC, "rt", encoding="utf-8") as fh:
        rows = [r for r in map(json.loads, fh) if r["summary_sentences"]][::4]
    plain = PunktSentenceTokenizer()
    baseline = _share_reproduced(lambda t: [s for p in t.split("\n\n") for s in plain.tokenize(p)], rows)
    ours = _share_reproduced(split_sentences, rows)
    assert ours >= baseline - 0.0005
    assert ours > 0.99
