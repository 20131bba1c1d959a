"""Date expressions resolved against a fixed publication date, never the wall clock."""
from __future__ import annotations

from datetime import date

import pytest

from summarizer.keypoints.dates import find_dates, resolve_date

PUBLISHED = date(2026, 5, 3)  # a Sunday


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("tomorrow", date(2026, 5, 4)),
        ("the day after tomorrow", date(2026, 5, 5)),
        ("on Monday", date(2026, 5, 4)),
        ("on Sunday", date(2026, 5, 3)),
        ("next week", date(2026, 5, 4)),  # Monday of next week, even from a Sunday
        ("this weekend", date(2026, 5, 9)),
        ("next year", date(2027, 1, 1)),
        ("Jan. 12", date(2026, 1, 12)),
        ("12th of May", date(2026, 5, 12)),
        ("2026-06-01", date(2026, 6, 1)),
        ("February 30", None),
        ("some time", None),
    ],
)
def test_resolve_date(expression: str, expected: date | None) -> None:
    assert resolve_date(expression, PUBLISHED) == expected


def test_past_expressions_are_flagged() -> None:
    flags = {d.text: d.past for d in find_dates("They met yesterday and last week, and meet again tomorrow.", PUBLISHED)}
    assert flags == {"yesterday": True, "last week": True, "tomorrow": False}


def test_relative_dates_need_a_publication_date() -> None:
    assert resolve_date("tomorrow", None) is None and resolve_date("next week", None) is None
    assert resolve_date("March 5, 2027", None) == date(2027, 3, 5)
