"""Protest frame: a demand stated as the purpose of a protest action is a protest, not a demand key point.

Following the PLOVER/CAMEO event ontology, "students marched to demand reforms", "farmers blocked roads
demanding aid" and "a rally calling for new elections" code PROTEST. Only the non-finite demand (a purpose
infinitive or a participle) is absorbed, or a finite demand verb whose subject is the protest event itself ("the
march demanded ..."): a speech act of people stays a demand, also from protest organisers ("the union demanded a
raise", "protest leaders demanded the minister's resignation").
"""
from __future__ import annotations

import re

from .lexicon import pattern
from .triggers import previous_word

_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "am"})
_ADVERBS = frozenset({"still", "now", "also", "again", "increasingly", "openly", "publicly", "loudly"})
# "to demand" after these verbs is the verb's complement, not a purpose: "protesters vowed to demand ...".
_CATENATIVE = re.compile(
    r"\b(?:continu\w*|vow\w*|pledg\w*|promis\w*|threaten\w*|decid\w*|plan\w*|intend\w*|hop(?:e|es|ed|ing)|want\w*|"
    r"tr(?:y|ies|ied|ying)|beg[ia]n|begun|start\w*|seem\w*|refus\w*|prepar\w*|need\w*|agree\w*)\s+$"
)
# A speech act between the action and the demand carries the demand itself ("... issued a statement demanding").
_SPEECH_NOUN = re.compile(
    r"\b(?:statements?|letters?|petitions?|resolutions?|ultimatums?|declarations?|communiqu\w+|motions?|manifesto)\b"
)
_WINDOW = 160
# A protest event as the subject of the demand verb ("A rally in the square called for ...", "the march demanded").
_EVENT_SUBJECT = re.compile(
    r"(?:(?:later|earlier|meanwhile|separately|elsewhere|yesterday|today|on\s+\w+(?:\s+\w+)?|in\s+[\w-]+(?:\s+[\w-]+)?)\s*,?\s+)?"
    r"(?:a|an|the|this|that|another|[\w-]+'s|[\w-]+s'|[\w-]+\u2019s)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:protest\s+camps?|protests?|rall(?:y|ies)|march(?:es)?|demonstrations?|sit-ins?|vigils?|blockades?|pickets?|"
    r"walkouts?|(?:general\s+|hunger\s+)?strikes?|convoys?|go-slows?)"
    r"(?=\s*,|\s+(?:in|at|on|outside|near|beside|behind|opposite|inside|around|by|of|for|with|"
    r"against|through|across|along|from|to|later|earlier|organi[sz]ed|led|held|staged|that|which|last|this|yesterday|today)\b|\s*$)"
)
_NEW_SUBJECT = re.compile(r"\b(?:who|whom|said|says|told|and|but|while|as|where|when)\b")


def protest_frame(low: str, start: int, word: str) -> bool:
    """True when the demand trigger at `start` is the purpose of a protest action before it, or a protest's own verb."""
    if not _non_finite(low, start, word):
        return _event_subject(low, start)
    lo = max(0, start - _WINDOW)
    cue = None
    for cue in pattern("protest").finditer(low, lo, start):
        pass
    return cue is not None and ";" not in low[cue.end():start] and not _SPEECH_NOUN.search(low, cue.end(), start)


def _event_subject(low: str, start: int) -> bool:
    """'A rally in the town square called for ...': the subject of the finite demand verb is a protest event."""
    clause = low.rfind(";", 0, start) + 1
    m = _EVENT_SUBJECT.match(low[:start], clause + (len(low[clause:]) - len(low[clause:].lstrip())))
    return m is not None and start - m.end() <= 100 and not _NEW_SUBJECT.search(low, m.end(), start)


def _non_finite(low: str, start: int, word: str) -> bool:
    """'to demand', '(in) demanding', 'calling for', 'saying he must': not 'demanded', 'are demanding', 'vowed to demand'."""
    first = word.split()[0]
    before = previous_word(low, start)
    if first == "to" or before == "to":
        to_at = start if first == "to" else low.rfind("to", 0, start)
        return not _CATENATIVE.search(low, max(0, to_at - 20), to_at)
    if not first.endswith("ing"):
        return False
    if before in _ADVERBS or before.endswith("ly"):
        before = previous_word(low, low.rfind(before, 0, start))
    return before not in _BE and not before.endswith(("'s", "'re", "\u2019s", "\u2019re"))
