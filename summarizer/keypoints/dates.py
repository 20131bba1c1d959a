"""Find date expressions in a sentence and resolve them against the publication date.

Conventions (documented in the README of the key points):
- weekday names ("on Friday", "Friday") resolve to the nearest such day on or after `published`;
  "next Friday" is the Friday of next week (weeks run Monday to Sunday);
- "next week" is the Monday of next week; "this week" / "later this week" the Friday of this week
  (or `published` itself when that is already past Friday); "this weekend" the coming Saturday;
- "next month" is the 1st of next month; "this month" / "later this month" / "end of the month"
  the last day of the month; "next year" is 1 January of next year;
- "January 21" / "21 January" / "Jan. 21" without a year take the year that puts the date nearest
  to `published`; a year may follow ("January 21, 2027");
- past expressions (yesterday, last week, ...) resolve too, and are flagged `past`;
- without `published` every relative expression resolves to None; the wall clock is never read.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10, "a": 1, "one": 1}

_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    ("md", rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?"),
    ("dm", rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})(?!\w)(?:,?\s+(\d{{4}}))?"),
    ("rel", r"\b(?:the\s+day\s+after\s+tomorrow|today|tonight|tomorrow|yesterday|this\s+(?:morning|afternoon|evening))\b"),
    ("period", r"\b(?:(?:early|later|late|earlier|end\s+of)\s+)?(?:the\s+)?(next|this|last|coming|following)\s+(week|month|year|weekend)\b"),
    ("wd", rf"\b(?:(next|this|last|coming)\s+)?({_WEEKDAY})\b"),
    ("in", r"\bin\s+(two|three|four|five|six|ten|a|one|\d{1,2})\s+(days?|weeks?)(?:'|\u2019)?(?:\s+time)?\b"),
]
_REGEX = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in _PATTERNS), re.IGNORECASE)
_INNER = {name: re.compile(pat, re.IGNORECASE) for name, pat in _PATTERNS}
_PAST_WORDS = ("yesterday", "last", "earlier")


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a sentence: its span, resolved date and whether it points back."""

    start: int
    end: int
    text: str
    value: date | None
    past: bool


def as_date(published: datetime | date | None) -> date | None:
    """Return the calendar date of `published` (datetimes keep their own local date)."""
    if published is None:
        return None
    return published.date() if isinstance(published, datetime) else published


def find_dates(text: str, published: datetime | date | None) -> list[DateMention]:
    """Return every date expression in `text`, resolved against `published` (None when it cannot be)."""
    base = as_date(published)
    found: list[DateMention] = []
    for m in _REGEX.finditer(text):
        kind = m.lastgroup or ""
        span = m.group(0)
        value = _resolve(kind, span, base)
        past = span.lower().split()[0] in _PAST_WORDS or (
            value is not None and base is not None and value < base
        )
        found.append(DateMention(m.start(), m.end(), span, value, past))
    return found


def resolve_date(expression: str, published: datetime | date | None) -> date | None:
    """Resolve one date expression ("next week", "on 3 March") against `published`."""
    found = find_dates(expression, published)
    return found[0].value if found else None


def _resolve(kind: str, span: str, base: date | None) -> date | None:
    inner = _INNER[kind].match(span)
    if inner is None:
        return None
    low = span.lower()
    if kind == "iso":
        return _safe_date(int(inner.group(1)), int(inner.group(2)), int(inner.group(3)))
    if kind in ("md", "dm"):
        month_s, day_s = (inner.group(1), inner.group(2)) if kind == "md" else (inner.group(2), inner.group(1))
        return _month_day(MONTHS[month_s.lower().rstrip(".")], int(day_s), inner.group(3), base)
    if base is None:
        return None
    if kind == "rel":
        return _relative_word(low, base)
    if kind == "period":
        return _period(inner.group(1).lower(), inner.group(2).lower(), low, base)
    if kind == "wd":
        return _weekday((inner.group(1) or "").lower(), WEEKDAYS.index(inner.group(2).lower()), base)
    if kind == "in":
        count = _NUMBERS.get(inner.group(1).lower()) or int(inner.group(1))
        return base + timedelta(days=count * (7 if inner.group(2).lower().startswith("week") else 1))
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_day(month: int, day: int, year_s: str | None, base: date | None) -> date | None:
    if year_s:
        return _safe_date(int(year_s), month, day)
    if base is None:
        return None
    candidates = [d for y in (base.year - 1, base.year, base.year + 1) if (d := _safe_date(y, month, day))]
    return min(candidates, key=lambda d: abs((d - base).days)) if candidates else None


def _relative_word(low: str, base: date) -> date:
    if "after" in low:
        return base + timedelta(days=2)
    if low.startswith("tomorrow"):
        return base + timedelta(days=1)
    if low.startswith("yesterday"):
        return base - timedelta(days=1)
    return base


def _period(which: str, unit: str, low: str, base: date) -> date:
    step = {"next": 1, "coming": 1, "following": 1, "this": 0, "last": -1}[which]
    if unit == "week":
        monday = base - timedelta(days=base.weekday()) + timedelta(weeks=step)
        if step == 0:
            return max(base, monday + timedelta(days=4))
        return monday
    if unit == "weekend":
        saturday = base + timedelta(days=(5 - base.weekday()) % 7)
        return saturday - timedelta(weeks=1) if step < 0 else saturday
    if unit == "month":
        month_index = base.year * 12 + base.month - 1 + step
        year, month = divmod(month_index, 12)
        if step == 0:
            return date(year, month + 1, calendar.monthrange(year, month + 1)[1])
        return date(year, month + 1, 1)
    return date(base.year + step, 1, 1)


def _weekday(which: str, target: int, base: date) -> date:
    if which == "next":
        return base - timedelta(days=base.weekday()) + timedelta(weeks=1, days=target)
    if which == "last":
        return base - timedelta(days=(base.weekday() - target) % 7 or 7)
    return base + timedelta(days=(target - base.weekday()) % 7)
