"""Table definitions (SQLAlchemy Core); migrations in storage/migrations/ create the same schema."""
from __future__ import annotations

from sqlalchemy import (
    JSON, BigInteger, Boolean, Column, Date, ForeignKey, Index, Integer, MetaData, String, Table, Text,
    UniqueConstraint,
)

from storage.columns import UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

sources = Table(
    "sources", metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("name", Text),
    Column("interval", Integer, nullable=False, default=30),
    Column("language", String(32)),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("feed_url", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_checked", UTCDateTime),
    Column("last_success", UTCDateTime),
    Column("last_error", Text),
    Column("failures", Integer, nullable=False, default=0),
    Column("next_check", UTCDateTime, index=True),
    Column("articles_collected", Integer, nullable=False, default=0),
    Column("disabled_reason", Text),
    sqlite_autoincrement=True,  # ids of removed rows are never reused (buttons and links carry ids)
)

stories = Table(
    "stories", metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_updated", UTCDateTime, nullable=False, index=True),
    Column("merged_into", Integer),  # the story this one merged into (its articles moved there)
)

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("canonical_url", Text, unique=True),
    Column("guid", Text),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="SET NULL")),
    Column("source_name", Text),  # the source's label when saved; kept if the source is removed
    Column("title", Text),
    Column("author", Text),
    Column("text", Text, nullable=False),
    Column("published", UTCDateTime),
    Column("collected", UTCDateTime, nullable=False, index=True),
    Column("language", String(32)),
    Column("fingerprint", String(128), unique=True),
    Column("minhash", JSON),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="SET NULL"), index=True),
    Column("summary", JSON),
    Column("key_points", JSON),
    UniqueConstraint("source_id", "guid"),
)

chats = Table(
    "chats", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("type", String(32), nullable=False),
    Column("title", Text),
    Column("timezone", String(64)),
    Column("digest_time", String(5)),
    Column("active", Boolean, nullable=False, default=True),
    Column("inactive_reason", Text),
    Column("notify_empty", Boolean),
    Column("last_digest_at", UTCDateTime),
    Column("created", UTCDateTime, nullable=False),
)

subscriptions = Table(
    "subscriptions", metadata,
    Column("id", Integer, primary_key=True),
    Column("chat_id", BigInteger, ForeignKey("chats.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("query", Text, nullable=False),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="SET NULL")),
    Column("created", UTCDateTime, nullable=False),
    UniqueConstraint("chat_id", "kind", "query"),
    sqlite_autoincrement=True,
)

deliveries = Table(
    "deliveries", metadata,
    Column("id", Integer, primary_key=True),
    Column("chat_id", BigInteger, ForeignKey("chats.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("day", Date, nullable=False),
    Column("parts", JSON, nullable=False),
    Column("parts_sent", Integer, nullable=False, default=0),
    Column("status", String(16), nullable=False, default="pending"),
    Column("since", UTCDateTime),
    Column("until", UTCDateTime, nullable=False),
    Column("created", UTCDateTime, nullable=False),
    Column("finished", UTCDateTime),
    UniqueConstraint("chat_id", "kind", "day"),
    Index("ix_deliveries_status", "status"),
    sqlite_autoincrement=True,
)
