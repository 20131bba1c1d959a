"""General rules for coercive announcements, conditional threats, pressure and insisting; past-meeting diagnostics."""
from __future__ import annotations

from datetime import date

import pytest

from summarizer.keypoints import extract_key_points
from summarizer.keypoints.meeting import find_meeting

PUBLISHED = date(2026, 3, 4)  # a Wednesday


def kinds(sentence: str) -> set[str]:
    """The kinds found in a single sentence."""
    return {p.kind for p in extract_key_points([sentence], published=PUBLISHED)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Ardena will impose sanctions on Kesh unless its troops leave the border villages.",
        "The Velorian government said it would impose a curfew on the port district from Friday night.",
        "Kellan is prepared to impose martial law in the northern provinces, the interior minister said.",
        "The interior ministry announced that it will extend the night-time curfew in Merrowgate.",
        "Ostria said it would expel Kastrovian diplomats and recall its ambassador if the arrests continued.",
        "The regional bloc announced that it will withdraw its monitors from the disputed valley.",
        "The alliance confirmed it would tighten the naval blockade of the Sorran coast.",
        "The mediators may halt their efforts if either side breaks the ceasefire, the envoy said.",
        "Fishermen said they would blockade the harbour at Port Aldren from Monday.",
        "Kesh will pay a heavy price for the shelling, the defence minister said.",
        "The government plans to sever diplomatic ties with Ostria over the seizure of the tanker.",
    ],
)
def test_announced_coercive_actions_and_conditional_threats_are_warnings(sentence: str) -> None:
    assert "warning" in kinds(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The central bank said it would cut interest rates by half a point next month.",
        "Sorran Air will suspend flights to Merrowgate during the runway repairs.",
        "The army will withdraw troops from the valley by the end of the month under the peace plan.",
        "Sanctions imposed last year have cut exports by a third.",
        "The curfew was lifted on Tuesday after a quiet weekend.",
        "The mine could close if copper prices keep falling, analysts said.",
    ],
)
def test_ordinary_announcements_and_past_measures_are_not_warnings(sentence: str) -> None:
    assert "warning" not in kinds(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The finance ministry concluded on Friday that regional banks must raise more capital.",
        "Foreign Minister Ana Brisk said on Monday that both sides must return to the table.",
        "Kellan authorities have been pressuring workers at the state bus company (Kesh Transit) to call off the strike.",
        "The delegation will press the Ostrian government to release the detained journalists.",
        "The rebel alliance insisted on its demands that the capital hold early elections.",
        "The families insisted on an independent inquiry into the collapse.",
    ],
)
def test_pressure_insistence_and_reported_musts_are_demands(sentence: str) -> None:
    assert "demand" in kinds(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister insisted on his innocence throughout the hearing.",
        "The press office said the statement would follow.",
        "She told a press conference to expect more details later.",
    ],
)
def test_insisting_on_innocence_and_the_press_are_not_demands(sentence: str) -> None:
    assert "demand" not in kinds(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Foreign Minister Ana Brisk met her Ostrian counterpart in Kesh on Tuesday.",
        "The Kellan president visited Merrowgate last week.",
        "The two delegations held talks in Port Aldren yesterday.",
        "The premier hosted the Sorran prime minister at his residence on Sunday.",
    ],
)
def test_past_meetings_are_found_only_with_include_past(sentence: str) -> None:
    low = sentence.lower()
    assert find_meeting(sentence, low, PUBLISHED, include_past=True) is not None
    assert find_meeting(sentence, low, PUBLISHED) is None
    assert "meeting" not in kinds(sentence)  # the public API keeps dropping past meetings


def test_include_past_still_drops_cancelled_meetings_and_keeps_upcoming_ones() -> None:
    cancelled = "The talks between Kesh and Ostria were called off on Monday."
    assert find_meeting(cancelled, cancelled.lower(), PUBLISHED, include_past=True) is None
    upcoming = "Ana Brisk will meet the Ostrian premier in Kesh on Friday."
    match = find_meeting(upcoming, upcoming.lower(), PUBLISHED, include_past=True)
    assert match is not None and match.when == date(2026, 3, 6)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Tenants' lawyers said they would go to court if the landlord raised rents again.", {"warning"}),
        ("The Pilots' Guild has given the airline until Monday to restore the old rosters or face a walkout.",
         {"demand", "warning"}),
        ("The inspector said the clinic must fix its ventilation within a month or lose its licence.",
         {"demand", "warning"}),
        ("The ministry gave the contractor until March 31 to finish the bridge.", {"demand"}),
    ],
)
def test_deadlines_with_penalties_and_legal_threats(sentence: str, expected: set[str]) -> None:
    assert kinds(sentence) == expected


def test_state_visit_to_a_country_has_place_and_date_and_the_follow_up_sentence_is_not_a_second_meeting() -> None:
    sentences = [
        "Queen Mira of Sorra will pay a two-day state visit to Ostria from March 20, her office said.",
        "It will be the first visit by a Sorran monarch in forty years.",
        "She is expected to hold talks with Chancellor Ivo Brandt in the capital, Lisk, on the first day.",
        "Later, the queen will hold talks in the mountain town of Verr with regional leaders.",
    ]
    meetings = [p for p in extract_key_points(sentences, published=PUBLISHED) if p.kind == "meeting"]
    assert [sentences.index(p.text) for p in meetings] == [0, 2, 3]
    assert (meetings[0].place, meetings[0].when) == ("Ostria", "2026-03-20")
    assert meetings[1].place == "Lisk" and "Chancellor Ivo Brandt" in meetings[1].participants
    assert meetings[2].place == "Verr"


@pytest.mark.parametrize(
    ("sentence", "is_meeting"),
    [
        ("Engineers will visit the flooded villages on Thursday to check the dams.", False),
        ("Inspectors will visit the plant next week.", False),
        ("The president will visit the flooded villages on Thursday.", True),
        ("Foreign Minister Ana Brisk will visit Kesh on Friday.", True),
        ("The minister's visit to Kesh next week will focus on trade.", True),
    ],
)
def test_visits_by_officials_are_meetings_and_work_trips_are_not(sentence: str, is_meeting: bool) -> None:
    assert ("meeting" in kinds(sentence)) is is_meeting


def test_visited_place_is_not_also_a_participant() -> None:
    point, = extract_key_points(["Foreign Minister Ana Brisk will visit Kesh on Friday."], published=PUBLISHED)
    assert point.participants == ["Foreign Minister Ana Brisk"] and point.place == "Kesh"


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("The rebels demanded the release of all prisoners, a rebel spokesman said.", "rebels"),
        ("Farm workers will stop picking fruit on Monday unless wages rise, their union said.", "union"),
        ("Troops must leave the valley at once, the Sorran foreign ministry said.", "Sorran foreign ministry"),
    ],
)
def test_explicit_subject_of_a_speech_act_beats_a_spokesman_and_a_possessive_is_dropped(sentence: str, actor: str) -> None:
    point = extract_key_points([sentence], published=PUBLISHED)[0]
    assert point.actor == actor


@pytest.mark.parametrize(
    "sentence",
    [
        "The Ostrian government said it would not impose sanctions on its neighbours.",
        "The Green Party would cut the number of ministries by a third if it won the election.",
        "There are also rising cost pressures forcing small bakers to close.",
        "The bank has been acting to ease pressures on households while trying not to stoke inflation.",
    ],
)
def test_negated_measures_election_pledges_and_noun_pressures_are_not_key_points(sentence: str) -> None:
    assert kinds(sentence) == set()


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("Last year the Farmers' League urged members to boycott the vote.", "Farmers' League"),
        ("But Mayor Ilse Brandt, who took office in May, warned of higher fares.", "Mayor Ilse Brandt"),
        ("The row came after Ana Brisk defended the plan, warning that delay would cost jobs.", "Ana Brisk"),
    ],
)
def test_leading_time_words_conjunctions_and_subordinate_clauses_are_not_part_of_the_actor(sentence: str, actor: str) -> None:
    point = extract_key_points([sentence], published=PUBLISHED)[0]
    assert point.actor == actor


def test_an_ultimatum_is_a_demand_and_also_a_warning_only_when_it_names_the_penalty() -> None:
    assert kinds("Ardena issued an ultimatum to Kesh to pull back its artillery.") == {"demand"}
    both = "Ardena issued an ultimatum to Kesh to pull back its artillery or face sanctions."
    assert kinds(both) == {"demand", "warning"}
