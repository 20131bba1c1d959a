"""Data classes of the collector: sources, fetched articles, pass results."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from summarizer.models import Summary


@dataclass
class Source:
    """A news source: a feed URL (or a site URL resolved to its feed) and its fetch state."""

    url: str
    name: str | None = None
    interval: int = 30  # minutes between checks
    language: str | None = None
    id: int | None = None
    enabled: bool = True
    feed_url: str | None = None  # resolved feed URL after autodiscovery
    etag: str | None = None
    last_modified: str | None = None
    last_checked: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    failures: int = 0  # consecutive failures
    next_check: datetime | None = None
    articles_collected: int = 0
    disabled_reason: str | None = None

    @property
    def label(self) -> str:
        """The name to show: the configured name, else the URL."""
        return self.name or self.url


@dataclass
class Article:
    """One collected article: extracted text, metadata and (once summarized) its Summary."""

    url: str
    title: str | None
    text: str
    source: str | None = None  # source name/label
    source_id: int | None = None
    canonical_url: str | None = None
    guid: str | None = None
    author: str | None = None
    published: datetime | None = None
    collected: datetime | None = None
    language: str | None = None
    fingerprint: str | None = None  # exact-content fingerprint (hex)
    minhash: list[int] = field(default_factory=list)  # near-duplicate signature
    story_id: int | None = None
    summary: Summary | None = None
    id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form printed by `briefbot articles --json`."""
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "collected": self.collected.isoformat() if self.collected else None,
            "story_id": self.story_id,
            "text": self.text,
            "summary": self.summary.to_dict()["summary"] if self.summary else [],
            "key_points": self.summary.to_dict()["key_points"] if self.summary else [],
        }


@dataclass
class Story:
    """Articles about one event, merged across outlets (read from the store for briefings)."""

    id: int
    title: str | None
    articles: list[Article] = field(default_factory=list)
    first_seen: datetime | None = None
    last_updated: datetime | None = None

    @property
    def outlets(self) -> list[str]:
        """Distinct source names carrying this story, in first-seen order."""
        seen: dict[str, None] = {}
        for article in self.articles:
            seen.setdefault(article.source or article.url, None)
        return list(seen)


@dataclass
class PassReport:
    """The outcome of one collection pass."""

    sources_ok: int = 0
    sources_failed: int = 0
    new_articles: int = 0
    duplicates: int = 0
    stories_merged: int = 0
    seconds: float = 0.0
    errors: dict[str, str] = field(default_factory=dict)  # source label -> reason

    def line(self) -> str:
        """The one-line summary printed at the end of a pass."""
        return (
            f"{self.sources_ok} sources ok, {self.sources_failed} failed, "
            f"{self.new_articles} new articles, {self.duplicates} duplicates, "
            + (f"{self.stories_merged} {'story' if self.stories_merged == 1 else 'stories'} merged, "
               if self.stories_merged else "")
            + f"{self.seconds:.1f}s"
        )
