"""Story merging: signatures, the index, and rewrites of one event sharing a story while others do not."""
from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest

from collector.stories import (FAR_HOURS, STORY_THRESHOLD, TOP_CANDIDATES, StoryIndex, same_story, story_features,
                               story_signature)
from collector.story_model import parse_signature
from collector.story_text import MAX_FEATURES, NAME, NUMBER, PLAIN, SECTIONS, SIGNATURE_MARK, STORY_WORDS

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


def assign_stories(articles: list[dict], threshold: float = STORY_THRESHOLD) -> list[int]:
    """Online assignment as the pipeline does it (title + text): each article joins its best earlier match or
    starts a story."""
    index, stories = StoryIndex(threshold), []
    for i, article in enumerate(articles):
        signature = story_signature(article["text"], title=article["title"])
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


def test_signature_layout_and_determinism() -> None:
    signature = story_signature(QUAKE_A)
    assert signature[0] == SIGNATURE_MARK and len(signature) == 1 + SECTIONS + sum(signature[1:1 + SECTIONS])
    assert signature[1] == len(story_features(QUAKE_A))
    parts = parse_signature(signature)
    assert parts is not None
    for section in (parts.all, parts.headline, parts.lead, parts.lead_names, parts.lead_numbers):
        assert section.tolist() == sorted(set(section.tolist()))
    assert parts.headline.size == 0  # no headline given
    assert story_signature(QUAKE_A) == signature
    assert story_signature(QUAKE_A, title="Quake in Lomaria") != signature


def test_feature_kinds_live_in_the_top_bits() -> None:
    parts = parse_signature(story_signature("Mayor Tove Rand said 1,450 people left Ebbing on Sunday morning."))
    features = story_features("Mayor Tove Rand said 1,450 people left Ebbing on Sunday morning.")
    assert int((parts.kinds == NAME).sum()) == sum(f.startswith("#") and f[1].isalpha() for f in features) == 4  # mayor tove rand ebbing
    assert parts.numbers == 1 and set(parts.kinds.tolist()) == {PLAIN, NAME, NUMBER}
    assert parts.lead_numbers.size == 1 and (parts.lead_numbers >> 30).tolist() == [NUMBER]


def test_only_the_first_words_are_signed_and_a_huge_headline_keeps_a_capped_sample() -> None:
    consonants = "bcdfghjklmnpqrtvwxz"
    words = [f"zq{consonants[i // 361]}{consonants[i // 19 % 19]}{consonants[i % 19]}" for i in range(3000)]
    text = " ".join(words)
    assert story_signature(text) == story_signature(" ".join(words[:STORY_WORDS]))
    assert story_signature(text)[1] == STORY_WORDS  # one feature per distinct word
    signature = story_signature(text, title=text)  # a feed's headline is not cut to STORY_WORDS
    assert signature[1] == MAX_FEATURES and parse_signature(signature) is not None


def test_short_or_empty_text_gets_no_signature_and_never_merges() -> None:
    assert story_signature("") == [] and story_signature("the of and, said.") == []
    index = StoryIndex()
    index.add(1, 1, [])
    assert len(index) == 0 and index.find([]) is None


def test_features_drop_stop_words_and_mark_names_and_numbers() -> None:
    features = story_features("The mayor of Brisa said 1,200 homes were evacuated.")
    assert {"mayor", "brisa", "#brisa", "1200", "#1200", "evacu"} <= features
    assert not features & {"the", "of", "said", "were"}


def test_rewrites_merge_and_unrelated_stay_apart() -> None:
    index = StoryIndex()
    index.add(1, 10, story_signature(QUAKE_A))
    index.add(2, 20, story_signature(BUDGET))
    assert index.find(story_signature(QUAKE_B)) == 10
    assert index.find(story_signature(QUAKE_OTHER)) is None
    assert same_story(QUAKE_A, QUAKE_B) >= 0.9 and same_story(QUAKE_A, QUAKE_OTHER) < 0.1
    assert same_story(QUAKE_A, "") == 0.0


def test_a_brief_joins_the_long_report_of_its_event_only() -> None:
    from datetime import datetime, timedelta, timezone

    long, brief = story_features(QUAKE_LONG), story_features(QUAKE_BRIEF)
    assert len(long & brief) / len(long | brief) < 0.22  # their Jaccard is low: a brief keeps few words
    assert same_story(QUAKE_OTHER, QUAKE_BRIEF) < 0.1
    noon = datetime(2031, 5, 12, 12, 0, tzinfo=timezone.utc)
    index = StoryIndex()
    index.add(1, 10, story_signature(QUAKE_LONG), noon)
    index.add(2, 20, story_signature(QUAKE_OTHER), noon)
    assert index.find(story_signature(QUAKE_BRIEF), noon + timedelta(hours=1)) == 10


def test_best_match_wins() -> None:
    index = StoryIndex(threshold=0.3)
    index.add(1, 10, story_signature(QUAKE_OTHER))
    index.add(2, 20, story_signature(QUAKE_A))
    best = index.best(story_signature(QUAKE_B))
    assert best is not None and best[:2] == (2, 20) and 0.5 < best[2] <= 1.0


def test_the_threshold_is_a_probability() -> None:
    index = StoryIndex(threshold=1.0)  # nothing is certain: never merges
    index.add(1, 10, story_signature(QUAKE_A))
    assert index.find(story_signature(QUAKE_B)) is None
    lenient = StoryIndex(threshold=1e-9)
    lenient.add(1, 10, story_signature(QUAKE_A))
    assert lenient.find(story_signature(BUDGET)) in (None, 10)  # no shared feature may leave no candidate


def test_empty_index_and_foreign_signatures_find_nothing() -> None:
    index = StoryIndex()
    signature = story_signature(QUAKE_A)
    assert index.find(signature) is None
    index.add(1, 1, signature)
    assert index.find([1, 2, 3]) is None
    n = signature[1]
    assert index.find(signature[:6] + sorted(signature[6:6 + n], reverse=True) + signature[6 + n:]) is None
    assert index.find([SIGNATURE_MARK] + [0] * 5 + signature[6:]) is None  # lengths that do not add up
    assert index.find([SIGNATURE_MARK, 7, 0, 0, 0, 0] + [2**40 + i for i in range(7)]) is None
    old_minhash_format = list(range(64)) + sorted(range(100, 140))  # stored by earlier versions: not indexed
    index.add(2, 2, old_minhash_format)
    assert len(index) == 1 and index.find(old_minhash_format) is None
    index.add(3, 3, ["a"] * 20)  # type: ignore[list-item]
    assert len(index) == 1
    version_2 = [-2, *signature[1:]]  # whole-text signatures of the previous version: not comparable
    index.add(4, 4, version_2)
    assert len(index) == 1 and index.find(version_2) is None


@pytest.mark.parametrize("threshold", [0.0, -1.0, 1.5])
def test_bad_threshold_is_refused(threshold: float) -> None:
    with pytest.raises(ValueError, match="threshold"):
        StoryIndex(threshold)


def test_index_grows_past_its_initial_capacity() -> None:
    index = StoryIndex()
    signature = story_signature(QUAKE_A)
    for i in range(300):
        index.add(i, 5, signature)
    assert len(index) == 300 and index.find(signature) == 5


def test_main_benchmark_set_pairwise_precision_and_recall(articles: list[dict]) -> None:
    """The main set in ten arrival orders (a training set of the shipped model: a regression check)."""
    results = []
    for seed in range(10):
        order = articles[:]
        random.Random(seed).shuffle(order)
        results.append(pairwise([a["event"] for a in order], assign_stories(order)))
    precision = sum(p for p, _ in results) / len(results)
    recall = sum(r for _, r in results) / len(results)
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)
    assert min(p for p, _ in results) >= 0.8 and min(r for _, r in results) >= 0.8, results


def filler(seed: int) -> str:
    """An unrelated news-like text of invented words (distinct per seed)."""
    rng = random.Random(seed)
    syllables = ["kor", "tal", "mer", "vos", "lin", "dra", "pek", "sul", "ban", "rit", "oma", "zel"]
    return " ".join("".join(rng.choice(syllables) for _ in range(3)) for _ in range(45))


def test_the_posting_table_finds_the_rewrite_among_many_without_scoring_them_all() -> None:
    index = StoryIndex()
    for i in range(1500):
        index.add(i, i, story_signature(filler(i)))
    index.add(5000, 77, story_signature(QUAKE_A))
    query = story_signature(QUAKE_B)
    assert index.find(query) == 77
    candidates = index.candidates(parse_signature(query))
    assert 1500 in candidates and len(candidates) <= TOP_CANDIDATES
    assert index.find(story_signature(QUAKE_OTHER)) is None


def test_candidates_published_far_apart_are_dropped() -> None:
    from datetime import datetime, timedelta, timezone

    noon = datetime(2031, 5, 12, 12, 0, tzinfo=timezone.utc)
    index = StoryIndex()
    index.add(1, 10, story_signature(QUAKE_A), noon)
    index.add(2, 20, story_signature(QUAKE_A), None)  # unknown time: kept
    parts = parse_signature(story_signature(QUAKE_B))
    assert index.candidates(parts, noon + timedelta(hours=FAR_HOURS - 1)).tolist() == [0, 1]
    assert index.candidates(parts, noon + timedelta(hours=FAR_HOURS + 1)).tolist() == [1]


def test_title_capitals_do_not_count_as_names() -> None:
    plain = story_signature(QUAKE_A, title="Earthquake kills four in western Lomaria")
    title_case = story_signature(QUAKE_A, title="Earthquake Kills Four In Western Lomaria")
    assert parse_signature(plain).all.tolist() == parse_signature(title_case).all.tolist()
    assert "#kill" not in story_features("Earthquake Kills Four", mark_names=False)


def test_news_synonyms_count_as_one_word_and_no_word_is_in_two_groups() -> None:
    from importlib import resources

    from collector.story_text import _stemmer, _synonyms

    assert story_features("dock strike") == story_features("dock walkout") == story_features("dock stoppage")
    assert story_features("earthquake damage") == story_features("quake damage")
    assert story_features("held talks") != story_features("arrested talks")  # ambiguous words stay out
    text = resources.files("collector").joinpath("story_synonyms.txt").read_text(encoding="utf-8")
    groups = [line.split() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    heads_of: dict[str, set[str]] = {}
    for group in groups:
        for word in group:
            heads_of.setdefault(_stemmer().stem(word.lower()), set()).add(group[0])
    assert len(groups) >= 50 and {stem: h for stem, h in heads_of.items() if len(h) > 1} == {}
    assert set(_synonyms().values()) <= {_stemmer().stem(group[0].lower()) for group in groups}
