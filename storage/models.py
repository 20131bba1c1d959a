"""Data classes of the store beyond the collector's: chats, subscriptions, deliveries."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

SUBSCRIPTION_KINDS: tuple[str, ...] = ("all", "topic", "source")
DELIVERY_STATUSES: tuple[str, ...] = ("pending", "sent", "failed", "skipped", "blocked")
FINAL_STATUSES: tuple[str, ...] = ("sent", "failed", "skipped", "blocked")


@dataclass
class Chat:
    """A Telegram chat (private, group, supergroup or channel) that talks to the bot."""

    id: int  # Telegram chat id (negative for groups and channels)
    type: str
    title: str | None = None
    timezone: str | None = None  # IANA name; None = the configured default
    digest_time: str | None = None  # "HH:MM" local time; None = no daily digest
    active: bool = True
    inactive_reason: str | None = None  # e.g. "blocked" after a 403
    notify_empty: bool | None = None  # None = the configured default
    last_digest_at: datetime | None = None  # the `until` of the last sent digest
    created: datetime | None = None


@dataclass
class Subscription:
    """What a chat follows: everything, a topic query, or one source."""

    id: int
    chat_id: int
    kind: str  # "all" | "topic" | "source"
    query: str  # "" for "all", the topic words, or the source name/URL as typed
    source_id: int | None = None
    created: datetime | None = None


@dataclass
class Delivery:
    """One digest for one chat and local day; parts are the rendered messages, sent in order."""

    id: int
    chat_id: int
    kind: str
    day: date
    parts: list[str] = field(default_factory=list)
    parts_sent: int = 0
    status: str = "pending"  # pending | sent | failed | skipped | blocked
    since: datetime | None = None
    until: datetime | None = None
    created: datetime | None = None
    finished: datetime | None = None

    @property
    def done(self) -> bool:
        """True when the delivery reached a final status."""
        return self.status in FINAL_STATUSES
