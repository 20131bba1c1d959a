"""Key point extraction: each kind, actors, meetings, none-cases, ordering and bad input."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from nltk.tokenize.punkt import PunktSentenceTokenizer

from summarizer.keypoints import extract_key_points
from summarizer.models import KeyPoint

PUBLISHED = date(2026, 3, 4)  # a Wednesday

ISSUE_EXAMPLE = (
    "The Velorian Foreign Ministry on Wednesday demanded written guarantees from the government of Kastrovia "
    "that its troops will stay away from the shared border. In a statement, the ministry warned that the "
    "confrontation will escalate if its demands are ignored. Kastrovian forces moved two artillery units closer "
    "to the river last month. Foreign Minister Tomas Rieger arrives in Kastro City today to meet his Kastrovian "
    "counterpart, Irena Holm. A written answer is expected next week, Velorian officials said."
)


@pytest.fixture
def issue_points() -> list[KeyPoint]:
    """Key points of the issue's example article, split with nltk's untrained Punkt."""
    sentences = PunktSentenceTokenizer().tokenize(ISSUE_EXAMPLE)
    return extract_key_points(sentences, published=PUBLISHED, title="Veloria demands guarantees")


def kinds(points: list[KeyPoint], kind: str) -> list[KeyPoint]:
    """Points of one kind."""
    return [p for p in points if p.kind == kind]


def test_issue_example_yields_demand_warning_and_meeting(issue_points: list[KeyPoint]) -> None:
    demand, = kinds(issue_points, "demand")
    warning, = kinds(issue_points, "warning")
    meeting, = kinds(issue_points, "meeting")
    assert demand.actor == "Velorian Foreign Ministry" and "written guarantees" in demand.text
    assert warning.actor == "Velorian Foreign Ministry"  # resolved from "the ministry"
    assert meeting.actor == "Foreign Minister Tomas Rieger"
    assert meeting.participants == ["Foreign Minister Tomas Rieger", "Irena Holm"]
    assert (meeting.place, meeting.when) == ("Kastro City", "2026-03-04")
    assert all(p.participants == [] and p.place is None and p.when is None for p in (demand, warning))
    assert all(0 < p.score <= 1 for p in issue_points)


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("The union demanded a 9 percent pay rise on Thursday.", "union"),
        ("The opposition Civic Alliance called on Prime Minister Edvard Lunn to resign.", "opposition Civic Alliance"),
        ("The Ministry of Health urged everyone over 65 to get a flu vaccine.", "Ministry of Health"),
        ("Foreign troops must leave the region immediately, the Defence Ministry said in a statement.", "Defence Ministry"),
        ("Farmers insisted that the water authority must cut prices.", "Farmers"),
        ("The Teachers' Federation issued an ultimatum to the government on Monday.", "Teachers' Federation"),
    ],
)
def test_demand_phrasings_and_actor(sentence: str, actor: str) -> None:
    point, = extract_key_points([sentence], published=PUBLISHED)
    assert (point.kind, point.actor) == ("demand", actor)


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("Union leader Marta Keel warned that trains would stop running.", "Union leader Marta Keel"),
        ("The kidnappers threatened to kill the hostages if the money was not paid.", "kidnappers"),
        ("Police cautioned protesters against blocking the ring road.", "Police"),
        ('"Any further incidents will have consequences," a ministry spokesman said.', "ministry spokesman"),
        ("Minister Pavel Orlik said Ardena would retaliate if the duties were not withdrawn.", "Minister Pavel Orlik"),
    ],
)
def test_warning_phrasings_and_actor(sentence: str, actor: str) -> None:
    point, = extract_key_points([sentence], published=PUBLISHED)
    assert (point.kind, point.actor) == ("warning", actor)


def test_pronouns_and_surnames_resolve_to_earlier_named_person() -> None:
    sentences = [
        "Special envoy Daniel Okafor arrived in Tarsa on Wednesday for a two-day visit.",
        "He demanded the immediate release of three journalists.",
        "He also warned that sanctions would follow if they were not freed.",
        "Okafor will travel to the capital Medar on Friday to meet Interior Minister Sami Haddad.",
    ]
    points = extract_key_points(sentences, published=PUBLISHED)
    assert [(p.kind, p.actor) for p in points] == [
        ("demand", "Special envoy Daniel Okafor"),
        ("warning", "Special envoy Daniel Okafor"),
        ("meeting", "Special envoy Daniel Okafor"),
    ]
    assert points[2].participants == ["Special envoy Daniel Okafor", "Interior Minister Sami Haddad"]
    assert (points[2].place, points[2].when) == ("Medar", "2026-03-06")


def test_bare_org_and_it_resolve_to_named_organisation() -> None:
    sentences = [
        "The Ostrian Foreign Ministry summoned the Kesh ambassador on Friday.",
        "It demanded an explanation for the surveillance equipment.",
        "The ministry warned that further incidents would have consequences.",
    ]
    points = extract_key_points(sentences, published=PUBLISHED)
    assert [p.actor for p in points] == ["Ostrian Foreign Ministry", "Ostrian Foreign Ministry"]


def test_unresolvable_pronoun_gives_no_actor() -> None:
    point, = extract_key_points(["He demanded an apology."], published=PUBLISHED)
    assert point.kind == "demand" and point.actor is None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("today", "2026-03-04"),
        ("tomorrow", "2026-03-05"),
        ("on Friday", "2026-03-06"),
        ("on Wednesday", "2026-03-04"),  # a weekday is the nearest one on or after publication
        ("next Friday", "2026-03-13"),
        ("next week", "2026-03-09"),  # convention: the Monday of next week
        ("later this week", "2026-03-06"),
        ("on March 21", "2026-03-21"),  # no year: the year that puts the date nearest to publication
        ("on 3 April", "2026-04-03"),
        ("on April 3, 2027", "2027-04-03"),
        ("later this month", "2026-03-31"),  # convention: the last day of the month
        ("next month", "2026-04-01"),
        ("in two weeks", "2026-03-18"),
        ("", None),
    ],
)
def test_meeting_dates_resolve_against_published(phrase: str, expected: str | None) -> None:
    sentence = f"The foreign ministers of Ardena and Kesh will meet in Geneva {phrase}.".replace("  ", " ")
    point, = extract_key_points([sentence], published=PUBLISHED)
    assert (point.kind, point.when, point.place) == ("meeting", expected, "Geneva")


def test_january_date_in_december_article_is_next_year() -> None:
    point, = extract_key_points(["A donors' conference will be held in Geneva on January 12."], published=date(2025, 12, 5))
    assert (point.when, point.place) == ("2026-01-12", "Geneva")


def test_published_datetime_is_accepted_and_missing_published_gives_no_relative_date() -> None:
    sentence = "Talks between the union and Central Rail are scheduled for Monday in Aldenburg."
    with_time, = extract_key_points([sentence], published=datetime(2026, 1, 15, 23, 30))
    without, = extract_key_points([sentence])
    assert with_time.when == "2026-01-19" and with_time.participants == ["union", "Central Rail"]
    assert without.kind == "meeting" and without.when is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Fisheries ministers met in Port Alva on Monday but failed to agree on quotas.",
        "The two sides also held talks last week in Kesh City.",
        "The two foreign ministers last met in January.",
        "President Mikel Dovan refused on Wednesday to meet opposition leaders.",
        "Analysts said a meeting between the two sides was unlikely before the election.",
        "If the two sides were to meet, mediators would first need to agree on an agenda.",
        "The ministers will meet again on 3 February, according to a joint statement.",  # before publication
        "The ministers will meet on January 21.",  # nearest January 21 is before publication
        "United will meet Brennick Rovers in the cup final on Sunday.",
        "Engineers said they still expected to meet the original mission targets.",
        "More than 400 athletes will compete at the Harlow Open athletics meet this weekend.",
    ],
)
def test_past_cancelled_hypothetical_and_sports_meetings_are_not_key_points(sentence: str) -> None:
    assert kinds(extract_key_points([sentence], published=PUBLISHED), "meeting") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Consumer demand recovered after a weak December.",
        "Economists said demand for household goods was particularly strong.",
        "Shares fell 14 percent after the company issued a profit warning.",
        "An amber storm warning remains in place for much of the north coast.",
        "President Dovan said their demands were unrealistic.",
        "Serbia flatly rejected an Australian ultimatum to hand over the guard.",
        "The minister did not demand a recount.",
        "The restatement has been a monumental task, both complex and demanding.",
        "Judge Helena Brandt said the ministry had acted within its powers.",
    ],
)
def test_economics_weather_and_reporting_sentences_are_not_key_points(sentence: str) -> None:
    assert extract_key_points([sentence], published=PUBLISHED) == []


def test_sentence_can_carry_two_kinds_and_kinds_keep_article_order() -> None:
    sentences = [
        "The regulator demanded that Zipp hand over its data.",
        "Zipp warned that it could leave the market and insisted it must be heard.",
        "Consumer groups urged other airlines to follow the ruling.",
        "The minister will meet Zipp executives on Friday.",
    ]
    points = extract_key_points(sentences, published=PUBLISHED)
    assert [(p.kind, sentences.index(p.text)) for p in points] == [
        ("demand", 0), ("demand", 1), ("demand", 2), ("warning", 1), ("meeting", 3),
    ]


def test_meeting_details_follow_an_earlier_visit() -> None:
    sentences = [
        "Prince Edmund will tour the flood-hit north next week, the palace said on Thursday.",
        "During the visit he is expected to meet families who lost their homes.",
    ]
    first, second = extract_key_points(sentences, published=date(2026, 12, 10))
    assert (first.actor, first.when) == ("Prince Edmund", "2026-12-14")
    assert (second.actor, second.when) == ("Prince Edmund", "2026-12-14")
    assert second.participants == ["Prince Edmund", "families who lost their homes"]


def test_text_is_cleaned_of_runs_of_whitespace() -> None:
    point, = extract_key_points(["  The union\n demanded   a pay rise.  "])
    assert point.text == "The union demanded a pay rise."


def test_empty_and_blank_input_give_no_points() -> None:
    assert extract_key_points([]) == []
    assert extract_key_points(["", "   "], published=PUBLISHED) == []


def test_a_plain_string_is_refused_with_a_clear_error() -> None:
    with pytest.raises(TypeError, match="sequence of sentences"):
        extract_key_points("The union demanded a pay rise.")  # type: ignore[arg-type]
