"""What the collector needs from a store (storage.Store implements it; collector never imports storage)."""
from __future__ import annotations

from datetime import datetime
from typing import Iterable, Mapping, Protocol

from collector.models import Article, Source


class ArticleSink(Protocol):
    """The persistence side of a collection pass."""

    def list_sources(self, *, enabled_only: bool = False) -> list[Source]:
        """Every source, ordered by id."""

    def due_sources(self, now: datetime) -> list[Source]:
        """Enabled sources whose next_check is unset or <= now."""

    def update_source(self, source: Source) -> None:
        """Persist a source's fetch state (etag, last_modified, failures, next_check, errors, feed_url, enabled...)."""

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """The subset of these URLs (article url or canonical url) already stored."""

    def known_guids(self, source_id: int, guids: Iterable[str]) -> set[str]:
        """The subset of these feed GUIDs already stored for this source."""

    def has_fingerprint(self, fingerprint: str) -> bool:
        """True when an article with this exact-content fingerprint is stored."""

    def recent_signatures(self, since: datetime) -> list[tuple[int, int, list[int], datetime | None]]:
        """(article_id, story_id, minhash signature, published) of articles collected since `since`."""

    def article_leads(self, ids: Iterable[int]) -> dict[int, tuple[str | None, str]]:
        """{article_id: (title, text)} of these stored articles."""

    def update_signatures(self, signatures: Mapping[int, list[int]]) -> None:
        """Replace the story signatures of these articles."""

    def new_story(self, title: str | None, first_seen: datetime) -> int:
        """Create a story and return its id (inside save_article's transaction when possible)."""

    def save_article(self, article: Article) -> Article:
        """Store one article with its summary atomically (all or nothing); return it with id set.

        Sets story_id to a new story when article.story_id is None. Raises DuplicateArticleError
        when its url/canonical_url/fingerprint is already stored.
        """


class BatchArticleSink(ArticleSink, Protocol):
    """An ArticleSink that can also store a batch in one transaction (optional: a pass uses save_articles
    when the sink has it, else save_article one by one)."""

    def save_articles(self, articles: list[Article]) -> list[Article | None]:
        """Store several articles in one transaction, each whole or not at all; None for each duplicate.

        Any other error rolls back the whole batch and raises (the caller may retry one by one).
        """


class MergingArticleSink(ArticleSink, Protocol):
    """An ArticleSink that can also merge stories (optional: a pass merges its stories only when the sink can)."""

    def merge_stories(self, into: dict[int, int]) -> int:
        """Move each story's articles to the story it merged into, all in one transaction; how many merged."""
