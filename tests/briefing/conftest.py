"""Builders for stories, articles and key points used by the briefing tests."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable
from zoneinfo import ZoneInfo

import pytest

from collector.models import Article, Story
from summarizer.models import KeyPoint, Summary

NOW = datetime(2026, 11, 30, 7, 0, tzinfo=timezone.utc)  # a Monday


def make_article(
    title: str = "Harbour workers strike",
    *,
    source: str = "Valmora Post",
    source_id: int = 1,
    url: str | None = None,
    text: str = "Harbour workers walked out on Monday.",
    sentences: list[str] | None = None,
    points: list[KeyPoint] | None = None,
    published: datetime | None = NOW,
) -> Article:
    """An article with a summary."""
    slug = "-".join(title.lower().split())[:40]
    summary = Summary(title=title, summary=sentences if sentences is not None else [text], key_points=points or [])
    return Article(
        url=url or f"https://{source.lower().replace(' ', '')}.example/{slug}",
        title=title,
        text=text,
        source=source,
        source_id=source_id,
        published=published,
        summary=summary,
    )


def make_story(story_id: int, *articles: Article, title: str | None = None) -> Story:
    """A story over the given articles."""
    return Story(id=story_id, title=title if title is not None else articles[0].title, articles=list(articles))


@pytest.fixture
def article() -> Callable[..., Article]:
    """The article builder."""
    return make_article


@pytest.fixture
def story() -> Callable[..., Story]:
    """The story builder."""
    return make_story


@pytest.fixture
def now() -> datetime:
    """A fixed clock: Monday 30 Nov 2026, 07:00 UTC."""
    return NOW


@pytest.fixture
def tz() -> ZoneInfo:
    """A chat time zone ahead of UTC."""
    return ZoneInfo("Asia/Tokyo")
