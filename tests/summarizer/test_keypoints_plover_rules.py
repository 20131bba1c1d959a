"""General rules aligned with the PLOVER/CAMEO ontology: the protest frame, consultations and context-only meeting nouns."""
from __future__ import annotations

from datetime import date

import pytest

from summarizer.keypoints import extract_key_points
from summarizer.keypoints.meeting import find_meeting

PUBLISHED = date(2026, 3, 4)  # a Wednesday


def kinds(sentence: str) -> set[str]:
    """The kinds found in a single sentence."""
    return {p.kind for p in extract_key_points([sentence], published=PUBLISHED)}


def consultation(sentence: str) -> bool:
    """The meeting detector with past meetings kept (PLOVER's CONSULT measure)."""
    return find_meeting(sentence, sentence.lower(), PUBLISHED, include_past=True) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "Thousands of students marched through Port Aldren on Saturday to demand lower tuition fees.",
        "About 300 farmers blocked roads outside Merrowgate demanding compensation for the drought.",
        "Residents staged a rally in front of the town hall calling for the mine to be closed.",
        "Two former miners went on hunger strike outside the ministry to demand unpaid wages.",
        "Dock workers walked out on Monday demanding a 10 percent pay rise.",
        "Hundreds of taxi drivers blocked the main bridge into Kesh City to press their demands for lower fuel prices.",
        "Prisoners rioted at the Dunmar jail on Sunday, joining hundreds of protesters outside in demanding better food.",
        "Thousands of nurses demonstrated in Valis on Friday calling for more staff on night shifts.",
        "Thousands of nurses marched through Port Aldren on Monday, demanding safer staffing.",
        "Opposition supporters staged protests in three cities, saying the president must resign.",
    ],
)
def test_a_demand_stated_as_the_purpose_of_a_protest_action_is_a_protest_not_a_demand(sentence: str) -> None:
    assert "demand" not in kinds(sentence)


def test_a_threatened_blockade_to_demand_something_stays_a_warning_but_is_no_demand() -> None:
    sentence = "Fishermen said they would blockade the harbour at Port Aldren from Monday to demand a ban on foreign trawlers."
    assert kinds(sentence) == {"warning"}


@pytest.mark.parametrize(
    "sentence",
    [
        "The Dockworkers' Union of Sorra demanded a 9 percent pay rise on Monday.",
        "Protest leaders demanded the resignation of the transport minister.",
        "Protesters outside parliament are demanding the release of the detained students.",
        "After the march, the organisers issued a statement demanding an independent inquiry into the shooting.",
        "The protesters have continued to demand the mayor's resignation.",
        "Thousands marched through Kesh City on Saturday, and opposition leader Ana Brisk said the government must resign.",
        "Farm union leader Greta Holm, who led the tractor protest, called on the minister to scrap the cuts.",
    ],
)
def test_direct_speech_acts_stay_demands_also_from_protesters_and_organisers(sentence: str) -> None:
    assert "demand" in kinds(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Foreign Minister Ana Brisk telephoned her Ostrian counterpart on Monday to discuss the border closure.",
        "The Kellan president spoke by phone with Ostrian Prime Minister Jon Vell on Sunday.",
        "The two leaders held a phone call with the Sorran president on Monday.",
        "King Arvid gave a warm welcome on Tuesday to Sorran President Mila Dorn.",
        "Prime Minister Tove Hald welcomed Ostrian President Jon Vell to the capital on Friday.",
        "The director of the Lisk Institute launched a mediation effort between Kesh and Ostria on Saturday.",
        "Negotiators from Kesh and Ostria returned to Valis on Monday for talks on the dam.",
        "Kesh and Ostria resumed negotiations on Thursday on the disputed dam.",
        "Kesh and Ostria are in talks over the disputed dam.",
        "Health ministers discussed vaccine supplies at a meeting in Valis on Friday.",
        "Ostria's foreign minister will take part in the talks in Valis.",
        "The Sorran cabinet met with union leaders on Monday.",
    ],
)
def test_calls_welcomes_mediation_and_renewed_talks_are_consultations(sentence: str) -> None:
    assert consultation(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The rebels demanded a prisoner release at the third round of talks in Valis.",
        "Kesh accused Ostria of stalling in the negotiations on the border dam.",
        "Kesh said any deal must be reached in direct talks with Ostria.",
        "A Sorran mediator acted as a go-between at the talks, according to a diplomat.",
        "A Kellan student was charged over rioting during a regional summit in Port Aldren last year.",
        "The issue will be raised on the sidelines of the summit.",
        "Both delegations agreed to share river data on the final day of a two-day conference in Valis, "
        "the meeting's chairwoman said.",
        "The opposition demanded an emergency meeting of parliament to debate the floods.",
        "The Kellan president said he would be ready to host talks between the two factions.",
        "Ostrian officers ended mediation efforts between the rival clans on Tuesday.",
        "The Sorran cabinet met on Monday and approved the budget.",
    ],
)
def test_meeting_nouns_that_only_frame_another_event_are_not_consultations(sentence: str) -> None:
    assert not consultation(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The government welcomed the court's decision.",
        "The ministry welcomed President Vell's statement on the dam.",
        "The council said it was happy to welcome the decision.",
        "The army spokesman spoke by phone to reporters on Sunday.",
        "Residents telephoned the police after the blast.",
    ],
)
def test_welcoming_a_statement_and_calls_to_the_press_or_police_are_not_consultations(sentence: str) -> None:
    assert not consultation(sentence)


@pytest.mark.parametrize(
    ("sentence", "participants", "place", "when"),
    [
        ("King Arvid will welcome Ostrian President Jon Vell in Port Aldren on Friday.",
         ["King Arvid", "Ostrian President Jon Vell"], "Port Aldren", "2026-03-06"),
        ("The Kellan president will speak by phone with Ostrian Prime Minister Jon Vell on Sunday.",
         ["Kellan president", "Ostrian Prime Minister Jon Vell"], None, "2026-03-08"),
        ("The Lisk Institute will launch a mediation mission between Kesh and Ostria next month.",
         ["Lisk Institute", "Kesh", "Ostria"], None, "2026-04-01"),
    ],
)
def test_upcoming_calls_welcomes_and_mediation_are_meetings_with_who_where_when(
    sentence: str, participants: list[str], place: str | None, when: str
) -> None:
    point, = [p for p in extract_key_points([sentence], published=PUBLISHED) if p.kind == "meeting"]
    assert (point.participants, point.place, point.when) == (participants, place, when)


@pytest.mark.parametrize(
    "sentence",
    [
        "Ana Brisk telephoned her Kesh counterpart on Monday.",
        "King Arvid welcomed Ostrian President Jon Vell in Port Aldren on Monday.",
        "The minister will speak by phone with reporters on Friday.",
    ],
)
def test_past_calls_and_welcomes_and_press_calls_are_not_upcoming_meetings(sentence: str) -> None:
    assert "meeting" not in kinds(sentence)


def test_an_upcoming_session_of_one_body_stays_an_upcoming_meeting() -> None:
    assert "meeting" in kinds("The Sorran cabinet will meet on Friday and decide on the budget.")
