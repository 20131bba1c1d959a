"""The Store: every public storage operation (bodies live in the ops_* modules)."""
from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any, Iterable, Iterator, Mapping

from collector.models import Article, Source, Story
from storage import ops_articles, ops_chats, ops_deliveries, ops_sources, ops_stories, ops_story_reads
from storage.db import Database
from storage.models import Chat, Delivery, Subscription

log = logging.getLogger(__name__)


class Store:
    """SQLAlchemy-backed store (SQLite file or PostgreSQL); implements collector.sink.ArticleSink.

    Every datetime going in may carry any time zone (naive ones are taken as UTC); every datetime
    coming out is timezone-aware UTC. Methods are synchronous and thread-safe.
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    @property
    def url(self) -> str:
        """The database URL (password hidden)."""
        return self.db.url_text

    def close(self) -> None:
        """Dispose of the connection pool."""
        self.db.close()

    def __enter__(self) -> "Store":
        """Use the store as a context manager that closes it."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the store."""
        self.close()

    # --- ArticleSink: sources -------------------------------------------------------------------
    def list_sources(self, *, enabled_only: bool = False) -> list[Source]:
        """Every source, ordered by id."""
        return ops_sources.list_sources(self.db, enabled_only=enabled_only)

    def due_sources(self, now: datetime) -> list[Source]:
        """Enabled sources whose next_check is unset or <= now (never checked first)."""
        return ops_sources.due_sources(self.db, now)

    def update_source(self, source: Source) -> None:
        """Persist a source's settings and fetch state by id (articles_collected is kept by the store)."""
        ops_sources.update_source(self.db, source)

    # --- ArticleSink: articles ------------------------------------------------------------------
    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """The subset of these URLs (article url or canonical url) already stored."""
        return ops_articles.known_urls(self.db, urls)

    def known_guids(self, source_id: int, guids: Iterable[str]) -> set[str]:
        """The subset of these feed GUIDs already stored for this source."""
        return ops_articles.known_guids(self.db, source_id, guids)

    def has_fingerprint(self, fingerprint: str) -> bool:
        """True when an article with this exact-content fingerprint is stored."""
        return ops_articles.has_fingerprint(self.db, fingerprint)

    def recent_signatures(self, since: datetime) -> list[tuple[int, int, list[int], datetime | None]]:
        """(article_id, story_id, minhash signature) of articles collected since `since`, oldest first."""
        return ops_articles.recent_signatures(self.db, since)

    def article_leads(self, ids: Iterable[int]) -> dict[int, tuple[str | None, str]]:
        """{article_id: (title, text)} of these stored articles, to sign them again."""
        return ops_articles.article_leads(self.db, ids)

    def update_signatures(self, signatures: Mapping[int, list[int]]) -> None:
        """Replace the story signatures of these articles (one transaction)."""
        ops_articles.update_signatures(self.db, signatures)

    def new_story(self, title: str | None, first_seen: datetime) -> int:
        """Create an (empty) story and return its id; save_article creates one itself when story_id is None."""
        return ops_articles.new_story(self.db, title, first_seen)

    def save_article(self, article: Article) -> Article:
        """Store one article, its story and its source's count in one transaction; return it with id set.

        Sets story_id to a new story when article.story_id is None (else bumps that story's last_updated),
        and collected to now when unset. Raises DuplicateArticleError when its url, canonical url,
        fingerprint or (source_id, guid) is already stored; nothing is written then.
        """
        return ops_articles.save_article(self.db, article)

    def save_articles(self, articles: list[Article]) -> list[Article | None]:
        """Store several articles in one transaction, each whole or not at all; None for each duplicate."""
        from storage import ops_batch  # kept here so this method stays a self-contained addition

        return ops_batch.save_articles(self.db, articles)

    # --- sources ----------------------------------------------------------------------------------
    def add_source(self, source: Source) -> Source:
        """Insert a source and return it with id set; DuplicateSourceError when its URL or name exists."""
        return ops_sources.add_source(self.db, source)

    def get_source(self, name_or_url: str | int) -> Source | None:
        """The source with this id, URL, feed URL or name (case-insensitive), or None."""
        return ops_sources.get_source(self.db, name_or_url)

    def remove_source(self, name_or_url: str | int) -> Source:
        """Delete a source (its articles stay); SourceNotFoundError when there is none."""
        return ops_sources.remove_source(self.db, name_or_url)

    def ensure_sources(self, sources: list[Source]) -> list[Source]:
        """Insert the sources whose URL is not stored yet (config [[sources]]); return all of them as stored."""
        return ops_sources.ensure_sources(self.db, sources)

    # --- articles and stories ---------------------------------------------------------------------
    def list_articles(
        self,
        *,
        since: datetime | None = None,
        source: str | int | None = None,
        story_id: int | None = None,
        limit: int | None = None,
    ) -> list[Article]:
        """Articles collected since `since`, newest first (by published, else collected).

        `source` is a source id, name or URL (SourceNotFoundError when unknown).
        """
        return ops_articles.list_articles(self.db, since=since, source=source, story_id=story_id, limit=limit)

    def get_article(self, article_id: int) -> Article | None:
        """One article with its summary, or None."""
        return ops_articles.get_article(self.db, article_id)

    def count_articles(self) -> int:
        """How many articles are stored."""
        return ops_articles.count_articles(self.db)

    def stories_since(self, since: datetime, *, until: datetime | None = None, limit: int = 500,
                      key_point: str | None = None) -> list[Story]:
        """Stories with an article collected in [since, until), newest first, each with all its articles;
        with `key_point` ("meeting", ...), only stories that may hold a key point of that kind.

        A story's articles come oldest first (so Story.outlets is in first-seen order), with summaries.
        """
        return ops_story_reads.stories_since(self.db, since, until=until, limit=limit, key_point=key_point)

    def iter_stories_since(self, since: datetime, *, until: datetime | None = None,
                           batch: int = 500) -> Iterator[list[Story]]:
        """Every story of the window, as stories_since orders them but uncapped, in lists of up to `batch`
        (for filters that must see them all; each list is loaded when the iteration reaches it)."""
        return ops_story_reads.iter_stories_since(self.db, since, until=until, batch=batch)

    def get_story(self, story_id: int) -> Story | None:
        """One story with all its articles (the story it merged into, for a merged one), or None."""
        return ops_story_reads.get_story(self.db, story_id)

    def merge_stories(self, into: dict[int, int]) -> int:
        """Move each story's articles to the story it merged into (one transaction); how many merged."""
        return ops_stories.merge_stories(self.db, into)

    # --- chats ------------------------------------------------------------------------------------
    def upsert_chat(self, chat_id: int, *, type: str, title: str | None = None, now: datetime | None = None) -> Chat:
        """Create the chat or refresh its type/title; an inactive chat becomes active again."""
        return ops_chats.upsert_chat(self.db, chat_id, type=type, title=title, now=now)

    def get_chat(self, chat_id: int) -> Chat | None:
        """The chat, or None."""
        return ops_chats.get_chat(self.db, chat_id)

    def update_chat(self, chat_id: int, **fields: Any) -> Chat:
        """Set some of: title, type, timezone, digest_time ("HH:MM" or None), active, inactive_reason,
        notify_empty, last_digest_at. ChatNotFoundError / InvalidValueError on bad input."""
        return ops_chats.update_chat(self.db, chat_id, **fields)

    def delete_chat(self, chat_id: int) -> bool:
        """Delete the chat with its subscriptions and deliveries; False when it did not exist."""
        return ops_chats.delete_chat(self.db, chat_id)

    def migrate_chat(self, old_id: int, new_id: int) -> Chat | None:
        """Move a chat's data to its new id (group upgraded to supergroup); None when old_id is unknown."""
        return ops_chats.migrate_chat(self.db, old_id, new_id)

    def list_chats(self, *, active_only: bool = False) -> list[Chat]:
        """Every chat, ordered by id."""
        return ops_chats.list_chats(self.db, active_only=active_only)

    def digest_chats(self) -> list[Chat]:
        """Active chats with a digest time set, ordered by id."""
        return ops_chats.digest_chats(self.db)

    # --- subscriptions ----------------------------------------------------------------------------
    def add_subscription(
        self, chat_id: int, kind: str, query: str, *, source_id: int | None = None
    ) -> Subscription:
        """Subscribe a chat ("all" | "topic" | "source"); an identical subscription is returned as is."""
        return ops_chats.add_subscription(self.db, chat_id, kind, query, source_id=source_id)

    def find_subscription(self, chat_id: int, kind: str, query: str) -> Subscription | None:
        """The chat's subscription of this kind and query, or None."""
        return ops_chats.find_subscription(self.db, chat_id, kind, query)

    def remove_subscription(self, chat_id: int, subscription_id: int) -> bool:
        """Remove one of the chat's subscriptions; False when the chat has no such subscription."""
        return ops_chats.remove_subscription(self.db, chat_id, subscription_id)

    def list_subscriptions(self, chat_id: int) -> list[Subscription]:
        """The chat's subscriptions, oldest first."""
        return ops_chats.list_subscriptions(self.db, chat_id)

    # --- deliveries (exactly-once digests) --------------------------------------------------------
    def start_delivery(
        self,
        chat_id: int,
        day: date,
        parts: list[str],
        *,
        since: datetime | None,
        until: datetime,
        kind: str = "digest",
        now: datetime | None = None,
    ) -> Delivery:
        """Record a pending delivery; when (chat_id, kind, day) exists, return that row unchanged."""
        return ops_deliveries.start_delivery(
            self.db, chat_id, day, parts, since=since, until=until, kind=kind, now=now
        )

    def mark_part_sent(self, delivery_id: int, parts_sent: int) -> None:
        """Record that the first `parts_sent` parts went out (never decreases)."""
        ops_deliveries.mark_part_sent(self.db, delivery_id, parts_sent)

    def finish_delivery(self, delivery_id: int, status: str, *, at: datetime) -> Delivery:
        """Close a delivery ("sent" | "failed" | "skipped" | "blocked"); "sent" also sets the chat's
        last_digest_at to the delivery's `until`, in the same transaction."""
        return ops_deliveries.finish_delivery(self.db, delivery_id, status, at=at)

    def pending_deliveries(self) -> list[Delivery]:
        """Deliveries still pending (e.g. interrupted by a crash), oldest first."""
        return ops_deliveries.pending_deliveries(self.db)

    def get_delivery(self, chat_id: int, day: date, kind: str = "digest") -> Delivery | None:
        """The delivery of this chat, day and kind, or None."""
        return ops_deliveries.get_delivery(self.db, chat_id, day, kind)
