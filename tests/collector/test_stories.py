"""Story merging: rewritten versions of one event share a story, unrelated articles do not."""
from __future__ import annotations

import itertools
import json
import random
import time
from pathlib import Path

import pytest

import numpy as np

from collector.stories import (
    BOTTOM_K, NUM_PERM, StoryIndex, minhash_signature, same_story, similarity, sketch_jaccard, story_features,
)

STORIES = Path(__file__).resolve().parents[2] / "bench" / "data" / "stories"

QUAKE_A = ("A magnitude 5.8 earthquake struck near the town of Brisa in western Lomaria on Tuesday, killing four "
           "people and damaging the old cathedral, civil protection chief Marta Quell said. About 900 residents "
           "spent the night in tents.")
QUAKE_B = ("Four people died when a 5.8-magnitude quake hit western Lomaria. The cathedral in Brisa was badly "
           "damaged and some 900 people slept in tents, according to Marta Quell of the civil protection agency.")
QUAKE_OTHER = ("A magnitude 6.1 earthquake shook the coastal province of Tarvo in eastern Sundmark on Friday. Two "
               "fishermen were injured by falling rocks, the regional fire brigade said, and a bridge was closed.")
QUAKE_LONG = QUAKE_A + (
    " Rescue teams from Tarvo and the capital searched collapsed barns through the night, and the army sent field "
    "kitchens and water trucks. Prime minister Elin Dovre cut short a visit abroad and promised emergency funds for "
    "rebuilding schools and roads. Seismologists warned that aftershocks could continue for weeks.")
QUAKE_BRIEF = ("Brisa quake kills four: a 5.8 tremor shook western Lomaria, wrecking the cathedral. "
               "Survivors camped in parks.")
BUDGET = ("The Lomarian parliament approved the budget for next year by 112 votes to 87 after a debate of three "
          "days. Finance minister Otto Brask said spending on schools would rise by 6 percent.")


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    """The story-merging benchmark set (fictional events rewritten by several outlets, plus unrelated news)."""
    rows = []
    for path in sorted(STORIES.glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


def assign_stories(texts: list[str], threshold: float = 0.5) -> list[int]:
    """Online assignment as the pipeline does it: each article joins its best earlier match or starts a story."""
    index, stories = StoryIndex(threshold), []
    for i, text in enumerate(texts):
        signature = minhash_signature(text)
        story = index.find(signature)
        stories.append(i if story is None else story)
        index.add(i, stories[-1], signature)
    return stories


def pairwise(events: list[str], stories: list[int]) -> tuple[float, float]:
    """Pairwise precision and recall of story ids against true events."""
    pairs = list(itertools.combinations(range(len(events)), 2))
    tp = sum(events[i] == events[j] and stories[i] == stories[j] for i, j in pairs)
    fp = sum(events[i] != events[j] and stories[i] == stories[j] for i, j in pairs)
    fn = sum(events[i] == events[j] and stories[i] != stories[j] for i, j in pairs)
    return tp / (tp + fp), tp / (tp + fn)


def test_signature_shape_and_determinism() -> None:
    signature = minhash_signature(QUAKE_A)
    assert len(signature) == NUM_PERM + len(story_features(QUAKE_A))
    assert all(isinstance(v, int) and 0 <= v < 2**32 for v in signature)
    sketch = signature[NUM_PERM:]
    assert sketch == sorted(set(sketch))
    assert minhash_signature(QUAKE_A) == signature
    assert minhash_signature(QUAKE_A, title="Quake in Lomaria") != signature


def test_long_text_sketch_is_capped_and_estimates_jaccard() -> None:
    words = [f"word{i}" for i in range(1200)]
    a, b = " ".join(words[:800]), " ".join(words[400:])
    sig_a, sig_b = minhash_signature(a), minhash_signature(b)
    assert len(sig_a) == len(sig_b) == NUM_PERM + BOTTOM_K
    estimate = sketch_jaccard(np.array(sig_a[NUM_PERM:]), np.array(sig_b[NUM_PERM:]))
    assert abs(estimate - 400 / 1200) < 0.1


def test_sketch_jaccard_is_exact_for_news_sized_texts() -> None:
    sig_a, sig_b = minhash_signature(QUAKE_A), minhash_signature(QUAKE_B)
    exact = sketch_jaccard(np.array(sig_a[NUM_PERM:]), np.array(sig_b[NUM_PERM:]))
    a, b = story_features(QUAKE_A), story_features(QUAKE_B)
    assert exact == pytest.approx(len(a & b) / len(a | b))


def test_short_or_empty_text_gets_no_signature_and_never_merges() -> None:
    assert minhash_signature("") == [] and minhash_signature("the of and, said.") == []
    index = StoryIndex()
    index.add(1, 1, [])
    assert len(index) == 0 and index.find([]) is None


def test_features_drop_stop_words_and_mark_names_and_numbers() -> None:
    features = story_features("The mayor of Brisa said 1,200 homes were evacuated.")
    assert {"mayor", "brisa", "#brisa", "1200", "#1200", "evacu"} <= features
    assert not features & {"the", "of", "said", "were"}


def test_rewrites_merge_and_unrelated_stay_apart() -> None:
    index = StoryIndex()
    index.add(1, 10, minhash_signature(QUAKE_A))
    index.add(2, 20, minhash_signature(BUDGET))
    assert index.find(minhash_signature(QUAKE_B)) == 10
    assert index.find(minhash_signature(QUAKE_OTHER)) is None
    assert same_story(QUAKE_A, QUAKE_B) >= 0.5 > same_story(QUAKE_A, QUAKE_OTHER)


def test_best_match_wins() -> None:
    index = StoryIndex(threshold=0.3)
    index.add(1, 10, minhash_signature(QUAKE_OTHER))
    index.add(2, 20, minhash_signature(QUAKE_A))
    best = index.best(minhash_signature(QUAKE_B))
    assert best is not None and best[:2] == (2, 20)


def test_empty_index_and_foreign_signatures_find_nothing() -> None:
    index = StoryIndex()
    assert index.find(minhash_signature(QUAKE_A)) is None
    signature = minhash_signature(QUAKE_A)
    index.add(1, 1, signature)
    assert index.find([1, 2, 3]) is None
    assert index.find(signature[:NUM_PERM] + sorted(signature[NUM_PERM:], reverse=True)) is None  # unsorted sketch
    assert index.find([-1] * len(signature)) is None
    index.add(2, 2, [2**40] * len(signature))
    assert len(index) == 1


@pytest.mark.parametrize("threshold", [0.0, -1.0, 1.5])
def test_bad_threshold_is_refused(threshold: float) -> None:
    with pytest.raises(ValueError, match="threshold"):
        StoryIndex(threshold)


def test_index_grows_past_its_initial_capacity() -> None:
    index = StoryIndex()
    signature = minhash_signature(QUAKE_A)
    for i in range(200):
        index.add(i, 5, signature)
    assert len(index) == 200 and index.find(signature) == 5


def test_benchmark_set_pairwise_precision_and_recall(articles: list[dict]) -> None:
    """Mean over arrival orders, as bench/bench_stories.py measures it (single orders vary by a few points)."""
    results = []
    for seed in range(10):
        order = articles[:]
        random.Random(seed).shuffle(order)
        results.append(pairwise([a["event"] for a in order], assign_stories([a["text"] for a in order])))
    precision = sum(p for p, _ in results) / len(results)
    recall = sum(r for _, r in results) / len(results)
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)
    assert min(p for p, _ in results) >= 0.8 and min(r for _, r in results) >= 0.8, results


def test_signing_speed_sanity(articles: list[dict]) -> None:
    texts = [a["text"] for a in articles] * 10
    started = time.perf_counter()
    signatures = [minhash_signature(t) for t in texts]
    rate = len(texts) / (time.perf_counter() - started)
    assert len(signatures) == len(texts)
    print(f"{rate:.0f} signatures/s")  # speed sanity, not asserted


def filler(seed: int) -> str:
    """An unrelated news-like text of invented words (distinct per seed)."""
    rng = random.Random(seed)
    syllables = ["kor", "tal", "mer", "vos", "lin", "dra", "pek", "sul", "ban", "rit", "oma", "zel"]
    return " ".join("".join(rng.choice(syllables) for _ in range(3)) for _ in range(45))


def test_lsh_finds_the_rewrite_among_many_without_scanning_them() -> None:
    index = StoryIndex()
    for i in range(1500):
        index.add(i, i, minhash_signature(filler(i)))
    index.add(5000, 77, minhash_signature(QUAKE_A))
    query = minhash_signature(QUAKE_B)
    assert index.find(query) == 77
    candidates = index.candidates(np.asarray(query[NUM_PERM:], dtype=np.uint32))
    assert 1500 in candidates and len(candidates) < 50  # the rows that share an LSH band, not all 1,501
    assert index.find(minhash_signature(QUAKE_OTHER)) is None


def test_short_brief_joins_by_containment_but_not_on_few_shared_features() -> None:
    long, brief = story_features(QUAKE_LONG), story_features(QUAKE_BRIEF)
    assert len(long & brief) / len(long | brief) < 0.22  # Jaccard alone would keep them apart
    assert same_story(QUAKE_LONG, QUAKE_BRIEF) >= 0.5 > same_story(QUAKE_OTHER, QUAKE_BRIEF)
    index = StoryIndex()
    index.add(1, 10, minhash_signature(QUAKE_LONG))
    assert index.find(minhash_signature(QUAKE_BRIEF)) == 10
    assert similarity(9, 20, 60) < 0.5 <= similarity(12, 20, 60)  # at least SHORT_MIN_SHARED shared
    assert similarity(20, 40, 90) < 0.5  # 40 features is no brief: Jaccard only


def test_title_capitals_do_not_count_as_names() -> None:
    plain = minhash_signature(QUAKE_A, title="Earthquake kills four in western Lomaria")
    title_case = minhash_signature(QUAKE_A, title="Earthquake Kills Four In Western Lomaria")
    assert plain == title_case
    assert "#kill" not in story_features("Earthquake Kills Four", mark_names=False)
