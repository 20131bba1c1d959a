"""Initial schema: sources, stories, articles, chats, subscriptions, deliveries.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-28
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create every table with its dedup constraints and query indexes."""
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("interval", sa.Integer, nullable=False),
        sa.Column("language", sa.String(32)),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("feed_url", sa.Text),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("last_checked", TS),
        sa.Column("last_success", TS),
        sa.Column("last_error", sa.Text),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("next_check", TS),
        sa.Column("articles_collected", sa.Integer, nullable=False),
        sa.Column("disabled_reason", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
        sa.UniqueConstraint("url", name="uq_sources_url"),
        sqlite_autoincrement=True,  # ids of removed rows are never reused
    )
    op.create_index("ix_sources_next_check", "sources", ["next_check"])
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("first_seen", TS, nullable=False),
        sa.Column("last_updated", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
    )
    op.create_index("ix_stories_last_updated", "stories", ["last_updated"])
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("canonical_url", sa.Text),
        sa.Column("guid", sa.Text),
        sa.Column("source_id", sa.Integer),
        sa.Column("source_name", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("published", TS),
        sa.Column("collected", TS, nullable=False),
        sa.Column("language", sa.String(32)),
        sa.Column("fingerprint", sa.String(128)),
        sa.Column("minhash", sa.JSON),
        sa.Column("story_id", sa.Integer),
        sa.Column("summary", sa.JSON),
        sa.Column("key_points", sa.JSON),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("url", name="uq_articles_url"),
        sa.UniqueConstraint("canonical_url", name="uq_articles_canonical_url"),
        sa.UniqueConstraint("fingerprint", name="uq_articles_fingerprint"),
        sa.UniqueConstraint("source_id", "guid", name="uq_articles_source_id_guid"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name="fk_articles_source_id_sources",
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], name="fk_articles_story_id_stories",
                                ondelete="SET NULL"),
    )
    op.create_index("ix_articles_collected", "articles", ["collected"])
    op.create_index("ix_articles_story_id", "articles", ["story_id"])
    op.create_table(
        "chats",
        sa.Column("id", sa.BigInteger, autoincrement=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("timezone", sa.String(64)),
        sa.Column("digest_time", sa.String(5)),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("inactive_reason", sa.Text),
        sa.Column("notify_empty", sa.Boolean),
        sa.Column("last_digest_at", TS),
        sa.Column("created", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_chats"),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("source_id", sa.Integer),
        sa.Column("created", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_subscriptions"),
        sa.UniqueConstraint("chat_id", "kind", "query", name="uq_subscriptions_chat_id_kind_query"),
        sa.ForeignKeyConstraint(["chat_id"], ["chats.id"], name="fk_subscriptions_chat_id_chats",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name="fk_subscriptions_source_id_sources",
                                ondelete="SET NULL"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("parts", sa.JSON, nullable=False),
        sa.Column("parts_sent", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("since", TS),
        sa.Column("until", TS, nullable=False),
        sa.Column("created", TS, nullable=False),
        sa.Column("finished", TS),
        sa.PrimaryKeyConstraint("id", name="pk_deliveries"),
        sa.UniqueConstraint("chat_id", "kind", "day", name="uq_deliveries_chat_id_kind_day"),
        sa.ForeignKeyConstraint(["chat_id"], ["chats.id"], name="fk_deliveries_chat_id_chats",
                                ondelete="CASCADE"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_deliveries_status", "deliveries", ["status"])


def downgrade() -> None:
    """Drop every table."""
    for table in ("deliveries", "subscriptions", "chats", "articles", "stories", "sources"):
        op.drop_table(table)
