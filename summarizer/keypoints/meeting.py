"""Upcoming meetings: talks, visits, summits ahead of the publication date, with who, where and when."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .actors import PRONOUNS_GROUP, PRONOUNS_PERSON, subject_before
from .consult import call_without_counterpart, context_only, own_session, person_follows
from .dates import DateMention, find_dates
from .lexicon import pattern, word_set
from .reported import reported_future
from .triggers import Trigger, about_sport, negated, previous_word

_PLACE = re.compile(
    r"\b(?:in|to|at|visit|visits|visiting)\s+(?:the\s+(?:(?:port|capital|border|coastal|northern|southern|eastern|western)\s+|"
    r"[a-z]+\s+(?=(?:city|town|village|region|island|province)\s+of\b))?"
    r"(?:(?:city|town|village|capital|region|port|island|province)\s+(?:of\s+)?|capital,\s+)?)?"
    r"(?P<p>[A-Z][\w'\u2019-]+(?:\s+(?:[A-Z][\w'\u2019-]+|of|de))*)"
)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?P<a>[^,]+?)\s+and\s+(?:the\s+)?(?P<b>[^,]+?)(?=\s+(?:are|is|will|were|was|in|on|at|to|next|later|this|over|have|has)\b|[,.]|$)")
_OBJECT = re.compile(
    r"\b(?:meet|meets|meeting\s+with|talks\s+with|host|hosts|sit\s+down\s+with|visit|visits|welcome|"
    r"(?:tele)?phone\s+(?:calls?|conversations?)\s+with|(?:tele)?phone\s+(?:with|to)|(?:tele)?phone)\s+"
    r"(?P<o>(?:(?:the|his|her|its|their)\s+)?(?!on\b|in\b|at\b|to\b|for\b|next\b|tomorrow\b|today\b|later\b|this\b|again\b)[\w'\u2019-]+(?:\s+(?!\w+ly\b|on\b|in\b|at\b|to\b|for\b|next\b|tomorrow\b|today\b|later\b|this\b|and\s+discuss\b|again\b|over\b|before\b|after\b|during\b|amid\b)[\w'\u2019-]+){0,4})"
    r"(?:,\s+(?P<app>[A-Z][\w'\u2019.-]+(?:\s+[A-Z][\w'\u2019.-]+){0,4}))?"
)
_VERBS = frozenset({"meet", "meets", "sit down", "tour", "host", "hosts", "arrive in", "arrives in", "arriving in", "met", "visited", "hosted"})
_NOUNS = frozenset({"talks", "summit", "meeting", "meetings", "conference", "negotiations", "consultations", "visit", "visits"})
_PURPOSE = re.compile(r"\b(?:for|to(?:\s+\w+)?)\s+(?:(?:a|an|the|his|her|their|its)\s+)?(?:[\w'-]+\s+)?$")
_TOPIC = re.compile(r"\b(?:discuss\w*|talk\w*|negotiat\w*|meet\w*|hold|attend)\b")
_DETERMINERS = frozenset({"the", "a", "an", "all", "each", "every", "this", "that", "athletics", "swimming", "track"})
# A meeting noun after a temporal preposition dates another event ("ahead of next week's summit").
_TIME_REFERENCE = re.compile(
    r"\b(?:before|after|ahead\s+of|until|till|by|since|prior\s+to|following|on\s+the\s+eve\s+of|"
    r"in\s+the\s+run-up\s+to|in\s+time\s+for|in\s+advance\s+of|during|amid|in\s+the\s+wake\s+of|"
    r"on\s+the\s+sidelines\s+of|on\s+the\s+[\w-]+\s+day\s+of|at\s+the\s+(?:end|close|start|opening|conclusion|margins)\s+of)\s+"
    r"(?:(?:the|a|an|this|that|its|their|his|her|next|[\w-]+(?:'s|\u2019s))\s+)?(?:[\w'\u2019-]+\s+){0,2}$"
)
_CHARACTERISED = re.compile(
    r"\b(?:it|this|that)\s+(?:will|would|is|was)\s+be\s+(?:the|a|an|his|her|their|its)\s+(?:[\w-]+\s+){0,2}$"
    r"|\b(?:it|this|that)\s+(?:will|would)\s+be\s+$"
)
_NOUN_USE = re.compile(r"(?:\b(?:the|a|an|his|her|their|its|this|that|state|official|first|next)|'s|\u2019s)\s+(?:[\w-]+\s+)?$", re.I)
_CARGO = re.compile(
    r"\b(?:troops|soldiers|forces|peacekeepers|refugees|migrants|shipments?|supplies|aid|cargo|convoys?|goods|"
    r"vaccines?|doses|weapons|tanks|aircraft|jets|ships|vessels|contingent|units?|battalions?)\b"
)
_VENUE = re.compile(
    r"\bat\s+the\s+(?P<p>(?:[a-z][\w-]*\s+){0,2}(?:ministry|headquarters|palace|parliament|embassy|town hall|city hall|hotel|residence))\b"
)
_NOT_PLACE = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december".split()
)


@dataclass(frozen=True)
class MeetingMatch:
    """An upcoming meeting found in a sentence."""

    trigger: Trigger
    participants: list[str] = field(default_factory=list)
    place: str | None = None
    when: date | None = None


def find_meeting(sentence: str, low: str, published: date | None, *, include_past: bool = False) -> MeetingMatch | None:
    """Return the upcoming meeting in a sentence, or None (past, cancelled, hypothetical or sports).

    `include_past=True` also accepts meetings that already happened ("met", "held talks", "telephoned"): PLOVER's
    CONSULT measure in bench/bench_keypoints.py; the bot itself keeps only upcoming meetings.
    """
    found = pattern("meeting").finditer(low)
    if include_past:
        found = [*found, *pattern("meeting_past").finditer(low)]
    hits = sorted(found, key=lambda m: m.group(0) not in _VERBS)
    if not hits or _excluded(low, include_past):
        return None
    markers = [(m.start(), m.end()) for m in pattern("future").finditer(low)] + reported_future(low)
    for hit in hits:
        if _vetoed(sentence, low, hit) or not (include_past or _upcoming(low, hit, markers)):
            continue
        dates = find_dates(sentence, published)
        when = _pick_date(dates, hit.start())
        if when is _PAST:
            if not include_past:
                return None
            when = None
        strength = 0.9 if when else 0.8
        return MeetingMatch(Trigger(hit.start(), hit.end(), hit.group(0), strength), _objects(sentence, hit.start()), find_place(sentence, hit.start(), dates), when)  # type: ignore[arg-type]
    return None


def _vetoed(sentence: str, low: str, hit: re.Match[str]) -> bool:
    """Uses of a meeting word that are not a meeting: targets, venues, titles, nouns, negations."""
    word, before = hit.group(0), previous_word(low, hit.start())
    if word.startswith(("meet", "met")) and _meets_target(low, hit.end()):
        return True
    if (word in _NOUNS or word.startswith("mediation")) and context_only(sentence, low, hit.start(), hit.end()):
        return True  # "a go-between at the talks", "the meeting's co-chairman", "demanded a meeting"
    if "phone" in word and call_without_counterpart(sentence, hit.end()):
        return True  # "spoke by phone to reporters": an interview, not a consultation
    if "welcom" in word and not person_follows(sentence, hit.end()):
        return True  # "welcomed the decision": approval, not hosting a visitor
    if word == "met" and own_session(sentence, hit.start(), hit.end()):
        return True  # "the cabinet met and decided": a body in session, no other party
    if word in _NOUNS and _TIME_REFERENCE.search(low, max(0, hit.start() - 60), hit.start()):
        return True  # "due to be published before the meeting": the meeting only dates something else
    if word in _NOUNS and _CHARACTERISED.search(low, max(0, hit.start() - 60), hit.start()):
        return True  # "It will be the first visit by ...": describes a meeting already reported
    if word in ("visit", "visits", "tour") and _unofficial_visit(sentence, hit.start(), hit.end()):
        return True  # "Engineers will visit the villages": a work trip, not a meeting
    if hit.start() > 0 and sentence[hit.start()].isupper():
        return True  # "Meet The Fockers": part of a title
    if word.startswith("arriv") and (
        not re.match(r"\s*(?:the\s+capital\s+)?[A-Z]", sentence[hit.end():]) or _CARGO.search(low, 0, hit.start())
    ):
        return True  # "supplies starting to arrive in the region", "troops will arrive in Kesh": no one is met
    if word.startswith("host") and before in ("", "the", "a", "an", "as", "play", "plays", "played", "playing"):
        return True
    if word == "tour" and before not in ("will", "to", "'ll"):
        return True
    if word in ("meet", "meets") and (before in _DETERMINERS or before.isdigit()):
        return True  # "250 meets", "all meet directors": a noun
    return negated(low, hit.start())


def _upcoming(low: str, hit: re.Match[str], markers: list[tuple[int, int]]) -> bool:
    """A future marker governs the hit: 'will (also) meet', 'talks are scheduled for', 'next summit'."""
    start, end = hit.start(), hit.end()
    for m_start, m_end in markers:
        if m_start < end and start < m_end:
            return True
        if m_end <= start:
            between = low[m_end:start].split()
            limit = 6 if _TOPIC.search(low, m_end, start) else 3
            if len(between) <= limit or (start - m_end <= 80 and _PURPOSE.search(low, 0, start)):
                return True  # "will fly to Kesh City on Wednesday for talks", "arrives today to meet"
        elif hit.group(0) in _NOUNS and len(low[end:m_start].split()) <= 7:
            return True
    return False


def _excluded(low: str, include_past: bool = False) -> bool:
    reported = {start for start, _ in reported_future(low)}  # "said she would meet": planned, not hypothetical
    if any(m.start() not in reported for m in pattern("negative").finditer(low)):
        return True
    if not include_past and pattern("past").search(low):
        return True
    return about_sport(low)


def _meets_target(low: str, end: int) -> bool:
    """'meet the target', 'meet his two fiscal rules': meet as 'satisfy'."""
    return any(w.strip(".,;:'\"") in word_set("meet_objects") for w in low[end:end + 40].split()[:4])


_PAST = object()
PRONOUNS = PRONOUNS_GROUP | PRONOUNS_PERSON | {"i", "you"}


def _unofficial_visit(sentence: str, start: int, end: int) -> bool:
    """A visit to something unnamed by people who hold no office and have no name ('Engineers will visit ...')."""
    if re.match(r"\s+(?:the\s+|a\s+|an\s+)?[A-Z]", sentence[end:]) or _NOUN_USE.search(sentence, 0, start):
        return False
    subject = subject_before(sentence, start)
    if not subject:
        return False
    words = subject.split()
    named = any(w[:1].isupper() for w in words[1:]) or words[0].isupper() or words[0].lower() in PRONOUNS
    return not named and not any(
        re.sub(r"(?:'s|\u2019s|s)$", "", w.lower()) in word_set("person_roles") or w.lower() in word_set("org_heads") for w in words
    )


def _pick_date(dates: list[DateMention], pos: int) -> date | None | object:
    """The meeting's date: the first forward-looking mention; a past-only mention makes the meeting past."""
    upcoming = [d for d in dates if not d.past]
    if upcoming:
        return min(upcoming, key=lambda d: (d.start < pos, abs(d.start - pos))).value
    return _PAST if dates else None


def _objects(sentence: str, pos: int) -> list[str]:
    """Who is met: 'between A and B' or the object of meet/host/visit (an appositive name wins)."""
    between = _BETWEEN.search(sentence)
    if between:
        return [between.group("a").strip(), between.group("b").strip()]
    m = _OBJECT.search(sentence, max(0, pos - 5))
    if not m:
        return []
    if m.group("app") and re.match(r"(?:his|her|its|their)\b", m.group("o")):
        return [m.group("app")]
    obj = re.sub(r"^(?:the)\s+", "", m.group("o")).strip()
    if m.group(0).lower().startswith("visit") and not obj[:1].isupper():
        return []  # "visit the region": a place, not a participant
    return [] if obj.lower() in ("them", "him", "her", "it", "again", "a", "an") or obj[:1].isdigit() else [obj]


def find_place(sentence: str, pos: int, dates: list[DateMention]) -> str | None:
    """The first capitalised place after 'in/to/at/visit' that is not a date, role or participant."""
    for m in _PLACE.finditer(sentence):
        place = m.group("p")
        first = place.split()[0].lower()
        if first in _NOT_PLACE or any(d.start <= m.start("p") < d.end for d in dates):
            continue
        low = place.lower().split()
        if any(w in word_set("person_roles") for w in low) or sentence[max(0, m.start() - 5):m.start()].endswith("with "):
            continue
        if m.group(0).startswith(("to ", "To ")) and not re.search(r"(?:travel\w*|fl(?:y|ies|ew)|head\w*|go(?:es)?|come\w*|return\w*|visits?|trip|tour|journey)\s+$", sentence[:m.start()]):
            continue
        return place
    venue = _VENUE.search(sentence)
    return venue.group("p") if venue else None
