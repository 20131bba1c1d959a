"""Story merging with publish times, number normalisation and the cached signature parts (fictional news)."""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

import collector.stories as stories
import collector.story_lsh as story_lsh
from collector.stories import (
    BOTTOM_K, NEAR_DISCOUNT, NUM_PERM, StoryIndex, batch_similarity, minhash_signature, same_story, similarity,
    sketch_similarity, story_features, time_threshold,
)

NOON = datetime(2031, 5, 12, 12, 0, tzinfo=timezone.utc)

FLOOD = ("Flooding forced 1,450 people from their homes in the river town of Ebbing on Sunday after the Lusk burst "
         "its banks. Mayor Tove Rand said the water reached the market square and the old bridge was closed. Army "
         "trucks brought sandbags and drinking water.")
# the same event told in other words: similar enough within a day, not without times
FLOOD_REWRITE = ("Ebbing woke to brown water in its streets as the swollen Lusk burst its banks. Volunteers filled "
                 "sacks with sand while families carried furniture upstairs; the fire brigade rescued an elderly "
                 "couple by boat and closed the bridge. Rand, who runs the town hall, promised help with repairs.")
TRIAL = ("The trial of former harbour master Joren Pask opened at Dornholm district court on Monday. Prosecutors say "
         "Pask took 310,000 crowns in bribes from two shipping firms between 2021 and 2023. He denies the charges, "
         "and the trial is expected to last six weeks.")
# the same actor's next event, weeks later, in the same names and numbers
VERDICT = ("Former harbour master Joren Pask was found guilty on Friday of taking 310,000 crowns in bribes from two "
           "shipping firms. Dornholm district court sentenced him to four years in prison.")


def test_time_threshold_is_lower_within_a_day_and_closed_days_apart() -> None:
    assert time_threshold(0.5, None) == 0.5
    assert time_threshold(0.5, 0.0) == time_threshold(0.5, 30.0) == pytest.approx(0.5 - NEAR_DISCOUNT)
    ramp = [time_threshold(0.5, h) for h in (40.0, 60.0, 80.0)]
    assert 0.5 - NEAR_DISCOUNT < ramp[0] < ramp[1] < ramp[2] < 1.0
    assert time_threshold(0.5, 24.0 * 7) == math.inf


def test_a_rewrite_published_hours_later_joins_only_with_times() -> None:
    a, b = minhash_signature(FLOOD), minhash_signature(FLOOD_REWRITE)
    assert 0.5 - NEAR_DISCOUNT <= same_story(FLOOD, FLOOD_REWRITE) < 0.5  # between the near and plain thresholds
    index = StoryIndex()
    index.add(1, 10, a, NOON)
    assert index.find(b) is None  # no time: the plain threshold
    assert index.find(b, NOON + timedelta(hours=5)) == 10
    assert index.find(b, NOON - timedelta(hours=20)) == 10  # arrival order does not matter, only the distance
    assert index.find(b, NOON + timedelta(days=5)) is None
    unknown = StoryIndex()
    unknown.add(1, 10, a)  # a stored article without a time: the plain rule as well
    assert unknown.find(b, NOON) is None


def test_the_same_actors_next_event_days_later_starts_a_new_story() -> None:
    trial, verdict = minhash_signature(TRIAL), minhash_signature(VERDICT)
    index = StoryIndex()
    index.add(1, 10, trial, NOON)
    assert index.find(verdict) == 10  # by words alone they look like one story
    assert index.find(verdict, NOON + timedelta(days=39)) is None
    assert index.find(verdict, NOON + timedelta(hours=2)) == 10


def test_best_prefers_the_widest_margin_over_the_highest_similarity() -> None:
    index = StoryIndex()
    index.add(1, 10, minhash_signature(TRIAL), NOON)  # very similar, but five weeks earlier
    index.add(2, 20, minhash_signature(VERDICT + " He will appeal, his lawyer said."), NOON + timedelta(days=38))
    query = minhash_signature(VERDICT)
    assert index.find(query, NOON + timedelta(days=39)) == 20
    assert index.best(query, NOON + timedelta(days=39))[:2] == (2, 20)


def test_naive_times_are_utc() -> None:
    a, b = minhash_signature(FLOOD), minhash_signature(FLOOD_REWRITE)
    index = StoryIndex()
    index.add(1, 10, a, datetime(2031, 5, 12, 12, 0))  # naive: UTC
    assert index.find(b, datetime(2031, 5, 14, 1, 0, tzinfo=timezone(timedelta(hours=2)))) == 10  # 35 h later
    assert index.find(b, datetime(2031, 5, 14, 1, 0, tzinfo=timezone(timedelta(hours=-10)))) is None  # 47 h later


def test_positional_calls_keep_working_and_capacity_grows_with_times() -> None:
    index = StoryIndex(0.5)
    signature = minhash_signature(FLOOD)
    for i in range(300):
        index.add(i, 7, signature, NOON + timedelta(minutes=i) if i % 2 else None)
    assert len(index) == 300 and index.find(signature) == 7 and index.find(signature, NOON) == 7


def test_brief_joins_by_containment_within_a_day_on_fewer_shared_features() -> None:
    assert similarity(8, 12, 80) < 0.5 <= similarity(8, 12, 80, near=True)
    assert similarity(7, 12, 80, near=True) < 0.4  # fewer than 8 shared: Jaccard only
    assert similarity(8, 9, 80, near=True) < 0.4  # a brief of under 10 features: Jaccard only


@pytest.mark.parametrize(("a", "b"), [
    ("Officials counted 2,400 damaged roofs.", "Officials counted 2400 damaged roofs."),
    ("The port lost 4.2 million crowns.", "The port lost 4,200,000 crowns."),
    ("The port lost €4.2m.", "The port lost €4,200,000."),
    ("A deal worth $3bn.", "A deal worth $3 billion."),
    ("Fourteen patients are in hospital.", "14 patients are in hospital."),
    ("Twenty-five villages lost power.", "25 villages lost power."),
    ("Two million tickets were sold.", "2,000,000 tickets were sold."),
])
def test_numbers_written_differently_give_the_same_features(a: str, b: str) -> None:
    assert story_features(a) == story_features(b)


def test_number_rules() -> None:
    features = story_features("Under-18s in the 1990s; seven ministers; thousands fled; a 2:1 win.")
    assert "18s" in features and "#18s" not in features and "#1990s" not in features
    assert not {"7", "#7"} & features and "thousand" in features and "#2:1" in features
    near = story_features("Some 58,000 homes lost power.") & story_features("About 60,000 homes lost power.")
    assert "~6e4" in near and "58000" not in near  # close amounts share a rounded feature, not the exact ones
    assert not any(f.endswith("e1") for f in story_features("It rained for 14 hours."))  # small counts: exact only
    assert "200" in story_features("She won the 200m in 22.1 seconds.")  # no currency sign: metres, not millions


def test_batch_similarity_equals_the_pairwise_one() -> None:
    words = [f"word{i}" for i in range(900)]
    texts = [FLOOD, FLOOD_REWRITE, TRIAL, VERDICT, " ".join(words[:700]), " ".join(words[300:])]
    sketches = [np.asarray(minhash_signature(t)[NUM_PERM:], dtype=np.uint32) for t in texts]
    assert max(map(len, sketches)) == BOTTOM_K  # long texts take the cut-off path
    for query in sketches:
        for near in (False, True):
            flags = np.full(len(sketches), near)
            want = [sketch_similarity(s, query, near=near) for s in sketches]
            assert batch_similarity(sketches, query, flags) == pytest.approx(want)


def test_find_then_add_of_one_signature_computes_its_band_keys_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = stories.band_keys
    monkeypatch.setattr(stories, "band_keys", lambda sketch: calls.append(1) or real(sketch))
    stories._cached_parts.cache_clear()
    shared, local = StoryIndex(), StoryIndex()
    signature = minhash_signature(VERDICT)
    for index in (shared, local):
        index.find(signature, NOON)
        index.add(1, 1, list(signature), NOON)
    assert len(calls) == 1
    assert shared.find(signature) == 1 and local.find(signature) == 1


def test_band_table_returns_what_a_dict_of_lists_would_across_merges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(story_lsh, "MERGE_EVERY", 5)
    rng = np.random.default_rng(11)
    table, reference = story_lsh.BandTable(), {}
    for row in range(120):
        keys = np.unique(rng.integers(0, 40, 6).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
        table.add(row, keys)
        for key in keys.tolist():
            reference.setdefault(key, []).append(row)
        query = np.unique(rng.integers(0, 45, 8).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
        rows, counts = table.rows(query, cap=1000)
        expected = [r for key in set(query.tolist()) for r in reference.get(key, [])]
        assert rows.tolist() == sorted(set(expected))
        assert counts.tolist() == [expected.count(r) for r in rows.tolist()]
    assert set(table.rows(query, cap=2)[0].tolist()) >= {r for k in query.tolist() for r in reference.get(k, [])[-2:]}
