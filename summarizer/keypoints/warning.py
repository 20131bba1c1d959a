"""Warnings: someone warns, threatens or cautions; standing weather alerts and profit warnings are not."""
from __future__ import annotations

import re

from .lexicon import load_words, pattern
from .triggers import Trigger, about_sport, negated

_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$")
_PENALTY = re.compile(
    r"\bwith\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}(?:bans?|fines?|suspensions?|expulsion|legal\s+action|sanctions|disciplinary\s+action)\b"
)
_STRONG = ("warn", "threat", "caution", "retaliat")


def find_warning(low: str) -> Trigger | None:
    """Return the first warning trigger in a lowercased sentence, or None."""
    blocked = [b.lower() for b in load_words("warning_blockers") if b.lower() in low] if "warning" in low else []
    for m in pattern("warning").finditer(low):
        word = m.group(0)
        if "warning" in word and blocked and not word.startswith("warning "):
            continue
        if word.startswith("warning") and any(low.find(b) <= m.start() < low.find(b) + len(b) for b in blocked):
            continue
        if word.startswith("threat") and about_sport(low) and not _PENALTY.search(low, m.end()):
            continue  # "Rangers rarely threatened": play, but "threatened the runner with a ban" is a threat
        if word.startswith(("threatened", "cautioned")) and _PASSIVE.search(low, 0, m.start()) and not low.startswith(" with", m.end() - 1):
            continue  # "2,000 jobs are threatened", "firms were cautioned": not someone warning
        if negated(low, m.start()):
            continue
        strength = 0.9 if word.startswith(_STRONG) else 0.75
        return Trigger(m.start(), m.end(), word, strength)
    return None
