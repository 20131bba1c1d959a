"""Actors behind relative clauses, appositives and wire datelines; meeting nouns used only as time references."""
from __future__ import annotations

from datetime import date

import pytest

from summarizer.keypoints import extract_key_points
from summarizer.keypoints.dateline import strip_dateline

PUBLISHED = date(2026, 3, 4)  # a Wednesday


def only(sentence: str, kind: str) -> list:
    """Key points of one kind for a single sentence."""
    return [p for p in extract_key_points([sentence], published=PUBLISHED) if p.kind == kind]


@pytest.mark.parametrize(
    ("sentence", "kind", "actor"),
    [
        ("The Dock Workers' Union, which represents 12,000 port staff, is calling for an immediate pay rise.",
         "demand", "Dock Workers' Union"),
        ("The Teachers' Guild, whose members run most village schools, has demanded a new contract.",
         "demand", "Teachers' Guild"),
        ("Dr Halvor Senn, the union's chief negotiator, warned that strikes would follow.", "warning", "Dr Halvor Senn"),
        ("The Farmers' League, in a statement, warned of road blockades.", "warning", "Farmers' League"),
        ("The Velorian ministry, however, demanded an apology.", "demand", "Velorian ministry"),
        ("Cabinet ministers, including the finance minister, will meet union leaders on Friday.", "meeting",
         "Cabinet ministers"),
        # (a march "demanding" something is a protest, not a demand: see test_keypoints_plover_rules.py)
        ("Thousands of nurses signed a letter to the minister on Monday, demanding safer staffing.", "demand",
         "Thousands of nurses"),
    ],
)
def test_relative_clauses_and_appositives_are_skipped_to_find_the_subject(sentence: str, kind: str, actor: str) -> None:
    point, = only(sentence, kind)
    assert point.actor == actor


@pytest.mark.parametrize(
    ("sentence", "kind", "actor"),
    [
        ("PORT ALDREN - Residents demanded compensation after the flood.", "demand", "Residents"),
        ("MERROWGATE (Reuters) - The Kellan government warned on Tuesday that it would close the border.",
         "warning", "Kellan government"),
        ("PORT ALDREN, March 3 (Reuters) - Protesters called for the mayor to resign.", "demand", "Protesters"),
        ("Merrowgate (Kellan Press) \u2014 The rail union warned of a national strike.", "warning", "rail union"),
    ],
)
def test_wire_dateline_never_becomes_the_actor(sentence: str, kind: str, actor: str) -> None:
    point, = only(sentence, kind)
    assert point.actor == actor
    assert point.text == sentence  # the key point keeps the sentence as written


def test_pronoun_after_dateline_resolves_to_the_named_body_not_the_place() -> None:
    sentences = ["KESH CITY (Reuters) - The Ostrian Energy Agency cut gas deliveries on Tuesday.",
                 "It warned that further cuts would follow if payments stayed overdue."]
    warning, = [p for p in extract_key_points(sentences, published=PUBLISHED) if p.kind == "warning"]
    assert warning.actor == "Ostrian Energy Agency"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PORT ALDREN - Residents gathered.", "Residents gathered."),
        ("Kesh (Kellan Press) - Talks resumed.", "Talks resumed."),
        ("EU - Kesh trade fell.", "EU - Kesh trade fell."),  # a short acronym is not a dateline
        ("The union - which is large - warned.", "The union - which is large - warned."),
    ],
)
def test_strip_dateline(text: str, expected: str) -> None:
    assert strip_dateline(text) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The audit is due to be published before the meeting.",
        "The review, due to be published before the meeting, will set out three options.",
        "Officials will brief reporters ahead of next week's summit.",
        "The figures will be revised after the talks, the statistics office said.",
        "The old tariffs will stay in force until the conference, the regulator said.",
    ],
)
def test_meeting_noun_used_as_a_time_reference_is_not_a_meeting(sentence: str) -> None:
    assert only(sentence, "meeting") == []


def test_a_meeting_verb_beside_a_time_reference_still_counts() -> None:
    point, = only("Foreign ministers will meet in Kesh City on Friday ahead of the summit.", "meeting")
    assert (point.place, point.when) == ("Kesh City", "2026-03-06")


def test_arriving_troops_are_not_a_meeting_but_an_arriving_minister_is() -> None:
    assert only("The first peacekeeping troops will arrive in Merrowgate on Friday.", "meeting") == []
    point, = only("Foreign Minister Ana Brisk will arrive in Merrowgate on Friday.", "meeting")
    assert point.place == "Merrowgate"
