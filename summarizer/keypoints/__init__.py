"""Key points of an article: demands, warnings and upcoming meetings, with who, where and when.

`extract_key_points` runs cheap trigger patterns (word lists in data/*.txt) over each sentence and does the
heavier work (actor resolution, places, dates) only for sentences that hit a trigger. Date conventions are
described in `summarizer.keypoints.dates`. Deliberate choices: "profit warning" and standing weather
alerts ("an amber storm warning remains in place") are not warnings, while a forecaster who "warned that
rivers could burst" is; "demand" as an economics noun is not a demand; sports fixtures, "meet the target",
refused, cancelled, hypothetical, requested and past meetings are not meetings, nor is a meeting noun that
only dates or frames something else ("published before the meeting", "demanded at the fourth round of
talks", "the meeting's co-chairman", "a climate for peace talks"); phone calls between officials, a host
welcoming a visiting leader and a mediation mission between two sides are meetings (consult.py). Swimmers
meeting for championships are a fixture, but an ambiguous sports word ("league", "final") yields to a
consultation cue ("the League of States will travel ... for talks"). A reported future is planned ("said she
would also meet both sides"); a condition keeps it hypothetical ("would meet them if ...") (reported.py).
Announced coercive measures ("will impose sanctions", "would expel diplomats", "must ... or lose its licence")
are warnings; appeals ("urged", "called on") and a subjunctive after "insisted that" ("insisted that the state
also restore ...") are demands.
A demand stated as the purpose of a protest action ("students marched to demand reforms", "farmers drove
tractors onto the motorway demanding aid") or voiced by a protest event ("a rally called for ...") is a
protest, not a demand, as in PLOVER/CAMEO, while a direct speech act of people stays a demand, also from
protest organisers ("the union demanded a raise") (protest.py).
Wire datelines ("PORT ALDREN (Reuters) -") are stripped before actors are resolved, and relative clauses or
appositives between a subject and its verb are skipped.
"""
from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date, datetime
from typing import Sequence

from ..models import KeyPoint
from .actors import PRONOUNS_GROUP, PRONOUNS_PERSON, attribution_after, resolve, subject_before
from .dateline import strip_dateline
from .dates import as_date
from .demand import find_demand
from .lexicon import prefilter
from .meeting import MeetingMatch, find_meeting
from .triggers import Trigger
from .warning import find_warning

__all__ = ["extract_key_points"]

log = logging.getLogger(__name__)
_SPACES = re.compile(r"\s+")
_ANAPHOR = re.compile(r"\b(?:the|this|that|his|her|their) (?:visit|talks|meeting|summit|trip|tour)\b|\bthere\b")
_SPEECH_ACT = re.compile(r"(?:demanded|demands|urged|urges|called|calls|warned|warns|threatened|threatens|cautioned|appealed|insisted|pressed)\b")
_MODAL = re.compile(r"\b(?:will|would|shall|must|may|might|could|to)\s+(?:also\s+|then\s+|now\s+)?$|'ll\s+$")
_NOUN_TRIGGERS = frozenset({"talks", "summit", "meeting", "meetings", "conference", "negotiations", "consultations", "visit", "visits"})
_HOLD = re.compile(r"\b(?:hold|holds|held|holding|host|hosts|hosting|attend\w*|chair\w*|convene\w*|join\w*|lead\w*|begin\w*|start\w*|resume\w*|arrives?|for|to|pay\w*)\b", re.I)
_OWNER = re.compile(
    r"(?<!January)(?<!February)(?<!March)(?<!April)(?<!May)(?<!June)(?<!July)(?<!August)(?<!September)(?<!October)"
    r"(?<!November)(?<!December)(?<!day)(?<!week)(?<!month)(?<!year)'s\s+(?:[\w-]+\s+){0,3}$"
)


def extract_key_points(
    sentences: Sequence[str],
    *,
    published: datetime | date | None = None,
    title: str | None = None,
) -> list[KeyPoint]:
    """Return the demands, warnings and upcoming meetings of an article, each kind in article order."""
    if isinstance(sentences, str):
        raise TypeError("extract_key_points expects a sequence of sentences, not one string")
    base = as_date(published)
    cleaned = [_SPACES.sub(" ", s).strip() if "  " in s or "\n" in s or "\t" in s else s.strip() for s in sentences]
    context: list[str] = [title] if title else []
    found: dict[str, list[KeyPoint]] = {"demand": [], "warning": [], "meeting": []}
    last_meeting = -9
    for index, sentence in enumerate(cleaned):
        body = strip_dateline(sentence)
        low = body.lower()
        kinds = [kind for kind, stems in prefilter() if stems.search(low)]
        if kinds:
            for kind, point in _points(body, low, base, context, kinds):
                point = replace(point, text=sentence) if body is not sentence else point
                if kind == "meeting":
                    if index - last_meeting <= 2:
                        point = _inherit(point, found["meeting"][-1], low)
                    last_meeting = index
                found[kind].append(point)
        context.append(body)
    return found["demand"] + found["warning"] + found["meeting"]


def _points(
    sentence: str, low: str, base: date | None, context: list[str], kinds: list[str]
) -> list[tuple[str, KeyPoint]]:
    out: list[tuple[str, KeyPoint]] = []
    for kind, find in (("demand", find_demand), ("warning", find_warning)):
        trigger = find(low) if kind in kinds else None
        if trigger is not None:
            actor = _actor(sentence, trigger, context)
            out.append((kind, KeyPoint(kind, sentence, actor, _score(trigger, actor))))
    meeting = find_meeting(sentence, low, base) if "meeting" in kinds else None
    if meeting is not None:
        out.append(("meeting", _meeting_point(sentence, meeting, context)))
    return out


def _actor(sentence: str, trigger: Trigger, context: list[str]) -> str | None:
    subject = subject_before(sentence, trigger.start) if _SPEECH_ACT.match(trigger.word) else None
    if subject and subject.lower() not in PRONOUNS_PERSON | PRONOUNS_GROUP:
        raw: str | None = subject  # "The rebels demanded ..., a rebel spokesman said": the rebels demand
    else:
        raw = attribution_after(sentence, trigger.end) or subject_before(sentence, trigger.start)
    return resolve(raw, context + [sentence[: trigger.start]])


def _meeting_point(sentence: str, meeting: MeetingMatch, context: list[str]) -> KeyPoint:
    prefix = sentence[: meeting.trigger.start]
    if meeting.trigger.word in _NOUN_TRIGGERS and not _HOLD.search(prefix) and not _MODAL.search(prefix):
        owner = _OWNER.search(prefix)
        name = re.search(r"([A-Za-z][\w-]*)$", prefix[: owner.start()]) if owner else None
        actor = resolve(name.group(1), context) if name else None
    else:  # the one who meets is the subject, not the speaker of "..., the palace said"
        raw = subject_before(sentence, meeting.trigger.start) or attribution_after(sentence, meeting.trigger.end)
        actor = resolve(raw, context + [prefix])
    people = [p for p in (resolve(x, context) for x in meeting.participants) if p and p != meeting.place]
    participants = ([actor] if actor else []) + [p for p in people if p != actor]
    when = meeting.when.isoformat() if meeting.when else None
    return KeyPoint("meeting", sentence, actor, _score(meeting.trigger, actor), participants, meeting.place, when)


def _inherit(point: KeyPoint, previous: KeyPoint, low: str) -> KeyPoint:
    """'During the visit he will meet ...': take date and place from the meeting just mentioned."""
    if point.when or not _ANAPHOR.search(low):
        return point
    return replace(point, when=previous.when, place=point.place or previous.place)


def _score(trigger: Trigger, actor: str | None) -> float:
    return round(min(1.0, trigger.strength + (0.05 if actor else -0.1)), 2)
