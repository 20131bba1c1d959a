"""General rules from the errors that blind set 5 revealed, each checked on new fictional sentences."""
from __future__ import annotations

from datetime import date

import pytest

from summarizer.keypoints import extract_key_points
from summarizer.keypoints.meeting import find_meeting

PUBLISHED = date(2026, 3, 4)  # a Wednesday


def kinds(sentence: str) -> set[str]:
    """The kinds found in a single sentence."""
    return {p.kind for p in extract_key_points([sentence], published=PUBLISHED)}


def meeting_actor(sentence: str) -> str | None:
    """The actor of the meeting found in a single sentence."""
    points = [p for p in extract_key_points([sentence], published=PUBLISHED) if p.kind == "meeting"]
    assert points, sentence
    return points[0].actor


# 1. "insisted that" with a subjunctive clause is a demand, not only with must/should.
@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("Guild secretary Mona Frey insisted that the ministry also reinstate the winter bonus it scrapped in 2024.", "Mona Frey"),
        ("The Ferry Crews' Association, which filed the complaint, insisted that the deckhands also get paid for the lost weeks.",
         "Ferry Crews' Association"),
        ("The mayor of Orlen insisted that the council publish the audit in full.", "mayor of Orlen"),
        ("The opposition insists that the harbour contract be put out to tender again.", "opposition"),
    ],
)
def test_insisted_that_with_a_subjunctive_clause_is_a_demand(sentence: str, actor: str) -> None:
    points = [p for p in extract_key_points([sentence], published=PUBLISHED) if p.kind == "demand"]
    assert points and actor in (points[0].actor or "")


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister insisted that the ferry plan would work.",
        "The operator insisted that it had done nothing wrong.",
        "The board insisted that the deckhands also received their back pay.",
        "The minister insists that the economy also grows faster than expected.",
        "He insisted that the reforms are working.",
    ],
)
def test_insisted_that_with_a_claim_is_no_demand(sentence: str) -> None:
    assert "demand" not in kinds(sentence)


# 2. Vehicle protests and a protest event as the subject of the demand verb are protests.
@pytest.mark.parametrize(
    "sentence",
    [
        "Growers drove dozens of tractors onto the ring road outside Dellbrook on Monday, demanding cheaper diesel.",
        "Cab drivers steered a convoy of taxis into the centre of Vantry to demand lower licence fees.",
        "A slow convoy of lorries crawled along the coast road, calling for a cut in tolls.",
        "A vigil outside the Orlen courthouse on Sunday evening called for the case to be reopened.",
        "The march demanded an end to the night curfew.",
        "On Saturday, a protest camp beside the quarry called for the permit to be withdrawn.",
        "Tuesday's rally, organised by student groups, demanded a freeze on rents.",
    ],
)
def test_vehicle_protests_and_protest_events_as_subject_are_protests_not_demands(sentence: str) -> None:
    assert "demand" not in kinds(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The strike committee demanded a new pay offer from the port authority.",
        "The rally organisers called for a recount in the Vantry district.",
        "Hauliers demanded fuel subsidies as their lorries queued at the border.",
        "The union leading the march demanded a pay rise for cleaners.",
    ],
)
def test_people_and_bodies_named_after_a_protest_still_demand(sentence: str) -> None:
    assert "demand" in kinds(sentence)


# 3. Athletes and clubs meeting for championships are a sports fixture.
@pytest.mark.parametrize(
    "sentence",
    [
        "Rowers from nine clubs will meet in Harrowmere on Saturday for the county championships.",
        "Gymnasts from four regions will meet in Kesh City next week for the national tournament.",
        "The two teams will meet in the final at Orlen on Sunday.",
    ],
)
def test_athletes_meeting_for_championships_or_finals_are_no_meeting(sentence: str) -> None:
    assert "meeting" not in kinds(sentence)


# 4. "said she would meet" reports a planned meeting; a condition, a wish or readiness keeps it hypothetical.
@pytest.mark.parametrize(
    "sentence",
    [
        "Housing Minister Ada Quill said she would also meet the tenants' groups in the coming weeks.",
        "The foreign minister told reporters he would meet his Dravian counterpart in Kesh City on Friday.",
        "The palace announced that the king would visit Orlen on March 12.",
    ],
)
def test_reported_would_meet_is_an_upcoming_meeting(sentence: str) -> None:
    assert "meeting" in kinds(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The president said he would meet the rebels if they laid down their arms.",
        "She said she would meet the strikers only if they returned to work first.",
        "He said he would be ready to meet the opposition leader at any time.",
        "He said he would like to meet the new archbishop.",
        "The minister would meet the unions next week, but no date has been fixed.",
    ],
)
def test_conditional_or_hypothetical_would_meet_is_no_meeting(sentence: str) -> None:
    assert "meeting" not in kinds(sentence)


# 5. "league" is a sports cue only when the sentence has no consultation cue; organisations named "League".
@pytest.mark.parametrize(
    "sentence",
    [
        "An envoy from the Southern League of Cities will travel to Dellbrook on May 6 for talks with the port unions.",
        "League chief executive Rolf Anker will meet club owners in Vantry on Monday to discuss a salary cap.",
        "The Coastal League will host a summit of fisheries ministers in Harrowmere next month.",
    ],
)
def test_league_officials_and_leagues_of_states_meeting_for_talks_are_meetings(sentence: str) -> None:
    assert "meeting" in kinds(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Orlen Rovers will meet Vantry Town in the league on Saturday.",
        "The holders will meet the league leaders in Kesh City on Sunday.",
    ],
)
def test_league_fixtures_stay_sports(sentence: str) -> None:
    assert "meeting" not in kinds(sentence)


def test_travelling_somewhere_for_talks_with_a_party_is_a_meeting() -> None:
    sentence = "A delegation from the Harbour Council will travel to Orlen on April 2 for talks with the ferry operators."
    points = [p for p in extract_key_points([sentence], published=PUBLISHED) if p.kind == "meeting"]
    assert points and points[0].place == "Orlen" and points[0].when == "2026-04-02"


def test_talks_as_a_prospect_are_no_consultation() -> None:
    sentence = "The envoy urged both sides to end the shelling, which he said would create a better climate for peace talks."
    assert find_meeting(sentence, sentence.lower(), PUBLISHED, include_past=True) is None


# 6. "is also due to meet": an adverb inside the scheduling phrase.
@pytest.mark.parametrize(
    "sentence",
    [
        "Brisk is also due to meet Dravian Prime Minister Tomas Vell in Orlen on Thursday to sign a fisheries accord.",
        "The envoy is now expected to visit Kesh City on Friday.",
        "The two delegations are also to meet in Vantry next week.",
    ],
)
def test_scheduled_with_an_adverb_in_between_is_an_upcoming_meeting(sentence: str) -> None:
    assert "meeting" in kinds(sentence)


# An appositive name before a bare verb is the actor ("The mayor of X, Name, will host ...").
def test_an_appositive_name_before_the_verb_is_the_meeting_actor() -> None:
    sentence = "The mayor of Dellbrook, Tilda Rusk, will host the mayors of two nearby towns at the town hall next week."
    assert meeting_actor(sentence) == "Tilda Rusk"


def test_a_sports_body_threatening_a_penalty_is_still_a_warning() -> None:
    sentence = "The federation has threatened sprinter Ola Brand with a two-year ban if she skips the national championships again."
    assert "warning" in kinds(sentence)
