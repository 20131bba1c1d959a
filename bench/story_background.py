"""Real-news background for story merging: how often unrelated real articles would be scored as one story.

The labelled story sets are short fictional texts. Real articles are longer, and two long texts share more
words by chance. This table scores random pairs of the shared BBC articles (2004-05, five sections; almost
all pairs report different events) with the shipped models, as if published at an unknown time and 2 hours
apart (a pass sees many articles of the same hours), signing the first STORY_WORDS words (as the pipeline
does, without and with lead vectors) and, for comparison, the whole text. Pairs of different sections cannot be one event.
"""
from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import numpy as np

from collector.stories import STORY_THRESHOLD, story_signature
from collector.story_model import default_scorer, parse_signature
from collector.story_text import STORY_WORDS

BBC = Path(__file__).resolve().parents[2] / "shared" / "data" / "bbc" / "bbc-news-summary.jsonl.gz"
SAMPLE = 300  # articles: 44,850 pairs


def report_background(sample: int = SAMPLE) -> None:
    """Print the share of random real-article pairs that reach the story threshold."""
    if not BBC.exists():
        print(f"(real-news background skipped: {BBC} not found)\n")
        return
    rows = [json.loads(line) for line in gzip.open(BBC, "rt", encoding="utf-8")]
    random.Random(1).shuffle(rows)
    rows = rows[:sample]
    words = np.median([len(r["text"].split()) for r in rows])
    print(f"Real-news background: {sample} random BBC articles (median {words:.0f} words), "
          f"{sample * (sample - 1) // 2:,} pairs scored by the shipped models; share at or above the story "
          f"threshold ({STORY_THRESHOLD})\n")
    print("| signature | times unknown | 2 h apart | of those, pairs from different sections |")
    print("|---|---:|---:|---:|")
    for label, cut, vector in ((f"first {STORY_WORDS} words (as the pipeline signs)", STORY_WORDS, False),
                               (f"first {STORY_WORDS} words, story_vectors = true", STORY_WORDS, True),
                               ("whole text", None, False)):
        unknown, near, cross = _shares(rows, cut, vector)
        print(f"| {label} | {unknown:.2%} | {near:.2%} | {cross:.0%} |")
    print()


def _shares(rows: list[dict], words: int | None, vector: bool) -> tuple[float, float, float]:
    """Share of pairs at or above the threshold with times unknown, 2 h apart, and the cross-section part."""
    parts = [parse_signature(story_signature(r["text"], title=r["title"], words=words, vector=vector)) for r in rows]
    scorer, cut = default_scorer(), np.log(STORY_THRESHOLD / (1 - STORY_THRESHOLD))
    upper = np.triu_indices(len(parts), 1)
    section = np.array([r["category"] for r in rows])
    cross = section[upper[0]] != section[upper[1]]
    out = []
    for hours in (np.nan, 2.0):
        logits = np.array([scorer.logits(p, parts, np.full(len(parts), hours)) for p in parts])
        out.append(logits[upper] >= cut)
    return out[0].mean(), out[1].mean(), (out[1] & cross).sum() / max(1, out[1].sum())
