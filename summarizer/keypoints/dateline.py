"""Wire datelines ("PORT ALDREN -", "MERROWGATE (Reuters) -") at the start of a sentence: never an actor."""
from __future__ import annotations

import re

_CAPS = r"[A-Z][A-Z'.\u2019-]+(?:\s+[A-Z][A-Z'.\u2019-]*)*"
_TITLE = r"[A-Z][\w'.\u2019-]*(?:\s+[A-Z][\w'.\u2019-]*){0,3}"
_WHEN = r"(?:,\s+[A-Z][\w.]*(?:\s+[\w.]+){0,2})?"  # ", March 3" or ", Kellan"
_AGENCY = r"\([A-Z][\w .&/-]{1,30}\)"
_DATELINE = re.compile(
    rf"^\s*(?:{_CAPS}{_WHEN}\s*(?:{_AGENCY})?|(?:{_TITLE}{_WHEN}\s*)?{_AGENCY})\s*(?:[-\u2013\u2014]{{1,2}}|:)\s+(?=\S)"
)


def strip_dateline(sentence: str) -> str:
    """Return the sentence without a leading wire dateline (place in capitals and/or agency, then a dash)."""
    m = _DATELINE.match(sentence)
    if m is None:
        return sentence
    caps = m.group(0).split("(")[0]
    # "NATO: allies warned" or "EU - the bloc": a short all-capital acronym without an agency is not a dateline.
    if "(" not in m.group(0) and len(re.sub(r"[^A-Z]", "", caps)) <= 3 and " " not in caps.strip(" -:\u2013\u2014"):
        return sentence
    return sentence[m.end():]
