"""Protest frame: a demand stated as the purpose of a protest action is a protest, not a demand key point.

Following the PLOVER/CAMEO event ontology, "students marched to demand reforms", "farmers blocked roads
demanding aid" and "a rally calling for new elections" code PROTEST. Only the non-finite demand (a purpose
infinitive or a participle) is absorbed: a finite speech act stays a demand, also from protest organisers
("the union demanded a raise", "protest leaders demanded the minister's resignation").
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


def protest_frame(low: str, start: int, word: str) -> bool:
    """True when the demand trigger at `start` is the non-finite purpose of a protest action before it."""
    if not _non_finite(low, start, word):
        return False
    lo = max(0, start - _WINDOW)
    cue = None
    for cue in pattern("protest").finditer(low, lo, start):
        pass
    return cue is not None and ";" not in low[cue.end():start] and not _SPEECH_NOUN.search(low, cue.end(), start)


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
