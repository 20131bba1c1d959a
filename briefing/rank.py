"""Importance ranking of stories.

score = 3.0 * (outlets - 1)                  every extra outlet carrying the story
      + 0.5 * min(key points, 6)             demands, warnings, meetings (deduplicated across outlets)
      + 3.0 * 0.5 ** (age in hours / 12)     recency, halving every 12 hours (age of the newest article)
Ties: newest first, then the lead article's URL, then lower story id (independent of the store's order). Stories without any time count as 7 days old.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable

from briefing.points import aware, lead_article, story_points, story_time
from collector.models import Story

OUTLET_WEIGHT = 3.0
POINT_WEIGHT = 0.5
MAX_POINTS = 6
RECENCY_WEIGHT = 3.0
HALF_LIFE_HOURS = 12.0
UNKNOWN_AGE = timedelta(days=7)


def story_score(story: Story, now: datetime) -> float:
    """The importance score documented in this module."""
    now = aware(now)  # type: ignore[assignment]
    when = story_time(story)
    age = (now - when) if when else UNKNOWN_AGE
    hours = max(0.0, age.total_seconds() / 3600)
    outlets = max(1, len(story.outlets))
    points = min(len(story_points(story)), MAX_POINTS)
    recency = 0.5 ** (hours / HALF_LIFE_HOURS)
    return OUTLET_WEIGHT * (outlets - 1) + POINT_WEIGHT * points + RECENCY_WEIGHT * recency


def rank_stories(stories: Iterable[Story], now: datetime) -> list[Story]:
    """Stories most important first (see the module doc for the score)."""
    floor = aware(now) - UNKNOWN_AGE  # type: ignore[operator]

    def key(story: Story) -> tuple[float, float, str, int]:
        when = story_time(story) or floor
        lead = lead_article(story)
        return (-round(story_score(story, now), 9), -when.timestamp(), lead.url if lead else "", story.id)

    return sorted(stories, key=key)
