"""Reported future: 'the minister said she would meet both sides' is a planned meeting, not a hypothetical one.

After a reporting verb, "would" is the future of the reported speech ("said she would also meet ..."). It stays
hypothetical under a condition ("said he would meet them if ...", "would meet ... only if") and in wishes or
readiness ("would like to meet", "would be ready to meet"), which never reach the verb directly.
"""
from __future__ import annotations

import re

_REPORTED_WOULD = re.compile(
    r"\b(?:said|says|told\s+[\w'\u2019-]+(?:\s+[\w'\u2019-]+)?|announced|added|confirmed|stated|indicated|"
    r"promised|pledged|disclosed|revealed)(?:\s+on\s+\w+|\s+\w+day)?(?:\s+that)?\s+"
    r"(?:(?!would\b|if\b|unless\b)[\w'\u2019-]+\s+){1,5}?(?P<would>would\s+(?:(?:also|then|now|soon|later|first|"
    r"personally|again|still)\s+)?)(?=(?:meet|visit|hold|host|travel|fly|attend|tour|sit\s+down|welcome|"
    r"(?:tele)?phone|head|return)\b)"
)
_CONDITION = re.compile(r"\b(?:if|unless|provided|providing|as\s+long\s+as|on\s+condition|only\s+when)\b")


def reported_future(low: str) -> list[tuple[int, int]]:
    """Spans of 'would (also)' that report a planned act after said/told/announced, with no condition attached."""
    if "would" not in low:
        return []
    return [
        m.span("would") for m in _REPORTED_WOULD.finditer(low)
        if not _CONDITION.search(low, m.start())
    ]
