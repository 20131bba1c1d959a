"""Demands: someone demands, calls for, urges, insists on or issues an ultimatum (not as a protest's purpose)."""
from __future__ import annotations

from .lexicon import pattern
from .protest import protest_frame
from .triggers import Trigger, about_sport, negated, previous_word, rejected

# Words before "demand(s)" that make it a noun ("consumer demand", "their demands").
_NOUN_BEFORE = frozenset(
    "the their its his her our your these those of whose such new key main consumer strong weak global "
    "domestic rising falling growing energy electricity power oil market export import credit"
    " a an amid despite renewed repeated".split()
)
_NOUN_AFTER = (
    "response to ", "due to ", "respond to ", "responding to ", "meet ", "meeting ", "satisfy ",
    "power to ", "right to ", "rights to ", "ability to ",
)
_WHICH = frozenset({"that", "which", "this", "it"})  # "that calls for a radical rethink": requires
_STRONG = ("demand", "ultimatum", "insist", "must", "order")


def find_demand(low: str) -> Trigger | None:
    """Return the first demand trigger in a lowercased sentence, or None."""
    for m in pattern("demand").finditer(low):
        word = m.group(0)
        before = previous_word(low, m.start())
        if word.startswith(("demand", "calls", "appeals", "urging", "pressing")) and before in _NOUN_BEFORE:
            continue
        if word.startswith("calls") and before in _WHICH:
            continue
        if word.startswith("pressed") and before == "hard" or low[: m.start()].endswith(_NOUN_AFTER):
            continue
        if word.startswith(("push", "press")) and about_sport(low):
            continue
        if word.startswith("called for") and before in ("is", "was", "were", "are", "be", "been"):
            continue
        if word == "ultimatum" and before in ("the", "this", "that", "its", "their", "his", "her"):
            continue
        if word.startswith("demanding") and (
            before in ("a", "and", "so", "more", "very", "most", "less", "too") or before.endswith("ly")
            or low[m.end():m.end() + 1] in (".", ",", ";", "", '"', "\u201d")
        ):
            continue
        if negated(low, m.start()) or rejected(low, m.start()):
            continue
        if protest_frame(low, m.start(), word):
            continue  # "students marched to demand reforms": a protest, not a demand
        strength = 0.9 if word.startswith(_STRONG) else 0.8
        return Trigger(m.start(), m.end(), word, strength)
    return None
