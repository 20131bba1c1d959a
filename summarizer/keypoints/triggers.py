"""Shared trigger matching: find a kind's trigger in a sentence and reject negated or noun uses."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import pattern

_NEGATION = re.compile(r"(?:\bnot|\bnever|n't|\bdenied|\bdenies|\bdeny|\bwithout|\bno)\s+(?:\w+\s+){0,1}$")
# Someone else's demand being turned down ("rejected an ultimatum", "would not meet hostage-takers' demands").
_REJECTED = re.compile(r"\b(?:reject\w*|refus\w*|dismiss\w*|ignor\w*|defy\w*|defied|not meet|turned down|spurned)\b(?:\s+[\w'\u2019.-]+){0,5}\s+$")


# Consultation cues that outweigh an ambiguous sports word ("the League of States will send envoys for talks").
_CONSULTATION = re.compile(
    r"\b(?:discuss(?:es|ed|ing)?|talks|negotiat\w+|mediat\w+|summit|envoys?|delegations?|"
    r"(?:agreement|accord|treaty|treaties|ceasefire)s?)\b"
)


@dataclass(frozen=True)
class Trigger:
    """Where a kind's trigger sits in the sentence and how strong it is (0..1)."""

    start: int
    end: int
    word: str
    strength: float


def negated(low: str, start: int) -> bool:
    """True when the words just before `start` negate the trigger ('did not demand', 'denied threatening')."""
    return bool(_NEGATION.search(low[max(0, start - 30):start]))


def rejected(low: str, start: int) -> bool:
    """True when the trigger is the object of a rejection ('rejected an Australian ultimatum')."""
    return bool(_REJECTED.search(low[max(0, start - 60):start]))


def previous_word(low: str, start: int) -> str:
    """The lowercased word just before `start`, or ''."""
    m = re.search(r"([\w'\u2019]+)\W*$", low[:start])
    return m.group(1) if m else ""


def about_sport(low: str) -> bool:
    """True for a sports sentence: an unambiguous sports cue, or an ambiguous one ('league', 'final') without talks."""
    if pattern("sports").search(low):
        return True
    return bool(pattern("sports_ambiguous").search(low)) and not _CONSULTATION.search(low)
