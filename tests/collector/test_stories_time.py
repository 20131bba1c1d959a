"""Story merging with publish times, number normalisation, the pair features and the shipped model."""
from __future__ import annotations

import json
import math
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import collector.stories as stories
import collector.story_postings as story_postings
from collector.story_embed import embed_lead
from collector.stories import StoryIndex, same_story, story_features, story_signature
from collector.story_model import (
    ANTITONE, FEATURES, MONOTONE, Model, default_model, pair_features, parse_signature, vector_model,
)

NOON = datetime(2031, 5, 12, 12, 0, tzinfo=timezone.utc)

FLOOD = ("Flooding forced 1,450 people from their homes in the river town of Ebbing on Sunday after the Lusk burst "
         "its banks. Mayor Tove Rand said the water reached the market square and the old bridge was closed. Army "
         "trucks brought sandbags and drinking water.")
# the same event told from another angle, in other words
FLOOD_REWRITE = ("Ebbing woke to brown water in its streets as the swollen Lusk burst its banks. Volunteers filled "
                 "sacks with sand while families carried furniture upstairs; the fire brigade rescued an elderly "
                 "couple by boat and closed the bridge. Rand, who runs the town hall, promised help with repairs.")
# the same event, close in words and numbers
FLOOD_CLOSE = ("The Lusk overflowed on Sunday and 1,450 residents of Ebbing had to leave their homes. Water filled "
               "the market square, the old bridge was shut and the army delivered sandbags, said mayor Tove Rand.")
TRIAL = ("The trial of former harbour master Joren Pask opened at Dornholm district court on Monday. Prosecutors say "
         "Pask took 310,000 crowns in bribes from two shipping firms between 2021 and 2023. He denies the charges, "
         "and the trial is expected to last six weeks.")
# the same actor's next event, weeks later, in the same names and numbers
VERDICT = ("Former harbour master Joren Pask was found guilty on Friday of taking 310,000 crowns in bribes from two "
           "shipping firms. Dornholm district court sentenced him to four years in prison.")


def test_a_rewrite_joins_within_a_day_or_two_and_never_days_apart() -> None:
    a, b = story_signature(FLOOD), story_signature(FLOOD_CLOSE)
    index = StoryIndex()
    index.add(1, 10, a, NOON)
    assert index.find(b) == 10  # no time: by words alone
    assert index.find(b, NOON + timedelta(hours=2)) == 10
    assert index.find(b, NOON - timedelta(hours=2)) == 10  # arrival order does not matter, only the distance
    assert index.find(b, NOON + timedelta(hours=60)) is None
    assert index.find(b, NOON + timedelta(hours=97)) is None and index.best(b, NOON + timedelta(hours=97)) is None
    probability = [index.best(b, NOON + timedelta(hours=h))[2] for h in (2, 30, 50, 60)]
    assert probability == sorted(probability, reverse=True) and probability[0] > 0.95


def test_the_same_actors_next_event_days_later_starts_a_new_story() -> None:
    trial, verdict = story_signature(TRIAL), story_signature(VERDICT)
    index = StoryIndex()
    index.add(1, 10, trial, NOON)
    assert index.find(verdict) == 10  # by words alone they look like one story
    assert index.find(verdict, NOON + timedelta(days=39)) is None  # beyond FAR_HOURS: never
    assert index.find(verdict, NOON + timedelta(hours=2)) == 10


def test_best_prefers_the_article_published_nearer_in_time() -> None:
    index = StoryIndex()
    index.add(1, 10, story_signature(TRIAL), NOON)  # very similar, but three days earlier
    index.add(2, 20, story_signature(VERDICT + " He will appeal, his lawyer said."), NOON + timedelta(days=3))
    query = story_signature(VERDICT)
    assert index.find(query, NOON + timedelta(days=3, hours=1)) == 20
    assert index.best(query, NOON + timedelta(days=3, hours=1))[:2] == (2, 20)


def test_naive_times_are_utc() -> None:
    index = StoryIndex()
    index.add(1, 10, story_signature(TRIAL), datetime(2031, 5, 12, 12, 0))  # naive: UTC
    parts = parse_signature(story_signature(VERDICT))
    assert index.candidates(parts, datetime(2031, 5, 16, 13, 0, tzinfo=timezone(timedelta(hours=2)))).tolist() == [0]
    assert index.candidates(parts, datetime(2031, 5, 16, 13, 0, tzinfo=timezone(timedelta(hours=-10)))).size == 0


def test_positional_calls_keep_working_and_capacity_grows_with_times() -> None:
    index = StoryIndex(0.5)
    signature = story_signature(FLOOD)
    for i in range(300):
        index.add(i, 7, signature, NOON + timedelta(minutes=i) if i % 2 else None)
    assert len(index) == 300 and index.find(signature) == 7 and index.find(signature, NOON) == 7


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


def reference_features(a_text: str, b_text: str, hours: float) -> list[float]:
    """FEATURES of two texts computed with plain Python sets, straight from their definitions."""
    def sets(text: str) -> dict[str, set[str]]:
        title, _, body = text.partition("\n")
        feats = story_features(body) | story_features(title, mark_names=False)
        lead = story_features(f"{title}. {' '.join(body.split()[:35])}")
        kind = lambda f: "name" if f[:1] == "#" and f[1:2].isalpha() else "num" if f[:1] == "#" and f[1:2].isdigit() else ""
        return {"all": feats, "head": {f for f in story_features(title, mark_names=False) if f[0] != "#"},
                "lead": {f for f in lead if f[0] != "#"}, "names": {f for f in feats if kind(f) == "name"},
                "nums": {f for f in feats if kind(f) == "num"}, "lnames": {f for f in lead if kind(f) == "name"},
                "lnums": {f for f in lead if kind(f) == "num"}}

    p, q = sets(a_text), sets(b_text)
    A, B = p["all"], q["all"]
    sh, la, lb = len(A & B), len(A), len(B)
    share = lambda part, other: len(part & other) / len(part) if part else None
    either = lambda pick, x, y: pick(v for v in (x, y) if v is not None) if (x, y) != (None, None) else 0.5
    nn, nu = len(p["names"] & q["names"]), len(p["nums"] & q["nums"])
    known, h = (0.0, 0.0) if math.isnan(hours) else (1.0, hours)
    head = [share(p["head"], B) or 0.0, share(q["head"], A) or 0.0]
    lead = [share(p["lead"], B) or 0.0, share(q["lead"], A) or 0.0]
    overlap = lambda x, y: len(x & y) / max(1, min(len(x), len(y))) if x and y else 0.0
    ln, lu = (share(p["lnames"], B), share(q["lnames"], A)), (share(p["lnums"], B), share(q["lnums"], A))
    return [sh / (la + lb - sh), sh / min(la, lb), sh / math.sqrt(la * lb), math.log(min(la, lb)),
            math.log(max(la, lb)), math.log1p(sh), max(head), min(head), overlap(p["head"], q["head"]),
            math.log1p(nn), math.log1p(nu), nu / max(1, len(p["nums"] | q["nums"])),
            known * math.log1p(h), known * (h > 36), known, overlap(p["lead"], q["lead"]), max(lead),
            math.log1p(sh) * known * (h <= 12), math.log1p(sh - nn - nu),
            either(min, *ln), either(max, *ln), either(min, *lu), either(max, *lu),
            float(lu == (None, None)), known * (h > 24), known * (h > 48),
            float(embed_lead(a_text.partition("\n")[2], a_text.partition("\n")[0])
                  @ embed_lead(b_text.partition("\n")[2], b_text.partition("\n")[0]))]


def test_pair_features_match_their_plain_set_definitions() -> None:
    texts = ["Floods in Ebbing\n" + FLOOD, "Ebbing under water\n" + FLOOD_REWRITE, "Harbour master on trial\n" + TRIAL,
             "Pask guilty\n" + VERDICT, "A note\nThe committee met and talked for a while about plans and ideas."]
    parts = [parse_signature(story_signature(t.partition("\n")[2], title=t.partition("\n")[0], vector=True))
             for t in texts]
    hours = np.array([math.nan, 3.0, 30.0, 50.0, 0.5])
    for i, query in enumerate(parts):
        got = pair_features(query, parts, hours)
        assert got.shape == (len(texts), len(FEATURES))
        for j, text in enumerate(texts):
            expected = reference_features(texts[i], text, hours[j])
            assert got[j][:-1] == pytest.approx(expected[:-1]), (i, j)
            assert got[j][-1] == pytest.approx(expected[-1], abs=0.01), (i, j)  # vectors travel as int8


def bench_modules() -> tuple[Any, Any]:
    """bench/train_story_model.py and bench/bench_stories.py (the bench folder is no package)."""
    bench = Path(__file__).resolve().parents[2] / "bench"
    sys.path[:0] = [str(bench.parent), str(bench)]
    try:
        import bench_stories
        import train_story_model
    finally:
        del sys.path[:2]
    return train_story_model, bench_stories


def test_the_shipped_model_is_what_the_training_script_fits_from_the_repository_sets() -> None:
    training, bench_stories = bench_modules()
    SETS, BLIND, load_articles = bench_stories.SETS, bench_stories.BLIND, bench_stories.load_articles
    names = [n for n in SETS if n not in BLIND and SETS[n][0].exists()]
    examples = [training.set_examples(load_articles(SETS[n][0])) for n in names]
    for fitted, shipped in ((training.fit([training._lexical(e) for e in examples]), default_model()),
                            (training.fit(examples), vector_model())):
        assert fitted.weights == pytest.approx(shipped.weights, abs=1e-6)
        assert fitted.bias == pytest.approx(shipped.bias)
    shipped = default_model()
    assert Model.from_json(json.loads(json.dumps(shipped.to_json()))).bias == shipped.bias
    with pytest.raises(ValueError, match="other features"):
        Model.from_json({**shipped.to_json(), "features": ["jaccard"]})


def test_a_word_for_word_or_trimmed_copy_is_the_same_story() -> None:
    # wire copy run by several outlets: the fit once gave collinear overlaps opposite signs, and such copies 0.0
    for text in (FLOOD, FLOOD_CLOSE, TRIAL, VERDICT):
        sentences = text.split(". ")
        copies = [text, ". ".join(sentences[:-1]) + ".", text + " A spokesman declined to comment on Tuesday."]
        # publish times unknown, which the model (fitted mostly on dated pairs) trusts a little less
        assert same_story(text, text) > 0.95
        assert all(same_story(text, copy) > 0.8 for copy in copies)
        index = StoryIndex()
        index.add(1, 1, story_signature(text), NOON)
        assert all(index.best(story_signature(copy), NOON + timedelta(hours=2))[2] > 0.98 for copy in copies)


@pytest.mark.parametrize("model", [default_model, vector_model])
def test_sharing_more_never_lowers_the_shipped_models_score(model: Any) -> None:
    weights = dict(zip(model().features, model().weights))
    assert MONOTONE and set(MONOTONE) <= set(FEATURES)
    wrong = {n: w for n, w in weights.items() if n in MONOTONE and w < 0}
    assert not wrong


@pytest.mark.parametrize("model", [default_model, vector_model])
def test_publishing_further_apart_never_raises_the_shipped_models_score(model: Any) -> None:
    weights = dict(zip(model().features, model().weights))
    assert ANTITONE and set(ANTITONE) <= set(FEATURES) and not set(ANTITONE) & set(MONOTONE)
    assert not {n: w for n, w in weights.items() if n in ANTITONE and w > 0}


def test_the_fit_drops_a_feature_that_would_get_the_wrong_sign() -> None:
    training, _ = bench_modules()
    rng = np.random.default_rng(5)
    x = rng.normal(size=(400, len(FEATURES)))
    cosine, hours, later = FEATURES.index("cosine"), FEATURES.index("log_hours"), FEATURES.index("over_48h")
    free = FEATURES.index("log_shared_names")
    y = (x[:, 0] - x[:, cosine] - x[:, hours] + x[:, later] - x[:, free] + rng.normal(scale=0.3, size=400) > 0)
    model = training.fit([(x, y.astype(float))])
    assert model.weights[0] > 0.5 and model.weights[cosine] == 0.0  # an overlap may not weigh negative
    assert model.weights[hours] < -0.5 and model.weights[later] == 0.0  # time apart may not weigh positive
    assert model.weights[free] < -0.5  # neither: its weight may be negative


def test_find_then_add_of_one_signature_parses_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = stories.parse_signature
    monkeypatch.setattr(stories, "parse_signature", lambda signature: calls.append(1) or real(signature))
    stories._cached_parts.cache_clear()
    shared, local = StoryIndex(), StoryIndex()
    signature = story_signature(VERDICT)
    for index in (shared, local):
        index.find(signature, NOON)
        index.add(1, 1, list(signature), NOON)
    assert len(calls) == 1
    assert shared.find(signature) == 1 and local.find(signature) == 1


def test_posting_table_returns_what_a_dict_of_lists_would_across_merges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(story_postings, "MERGE_EVERY", 5)
    rng = np.random.default_rng(11)
    table, reference = story_postings.PostingTable(), {}
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
