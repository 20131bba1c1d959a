"""Dates and times as a chat sees them: in its time zone, short English forms."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from briefing.points import aware


def format_day(day: date, *, today: date | None = None) -> str:
    """'Mon 30 Nov' (with the year when not this year), plus '(today)'/'(tomorrow)' when known."""
    text = f"{day:%a} {day.day} {day:%b}"
    if today is not None and day.year != today.year:
        text += f" {day.year}"
    if today is not None:
        delta = (day - today).days
        if delta == 0:
            text += " (today)"
        elif delta == 1:
            text += " (tomorrow)"
        elif 1 < delta < 7:
            text += f" (in {delta} days)"
    return text


def format_moment(moment: datetime | None, tz: ZoneInfo, *, now: datetime | None = None) -> str:
    """A moment in the chat's zone: 'HH:MM' when it is today there, else 'Mon 30 Nov HH:MM'."""
    local = aware(moment)
    if local is None:
        return ""
    local = local.astimezone(tz)
    if now is not None and local.date() == aware(now).astimezone(tz).date():  # type: ignore[union-attr]
        return f"{local:%H:%M}"
    return f"{format_day(local.date())} {local:%H:%M}"


def local_today(now: datetime, tz: ZoneInfo) -> date:
    """The calendar date in the chat's time zone at `now`."""
    return aware(now).astimezone(tz).date()  # type: ignore[union-attr]
