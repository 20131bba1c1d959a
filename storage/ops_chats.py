"""Chat and subscription operations of the Store."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from storage.db import Database
from storage.errors import ChatNotFoundError, InvalidValueError
from storage.models import SUBSCRIPTION_KINDS, Chat, Subscription
from storage.schema import chats, deliveries, subscriptions
from storage.columns import to_utc, utcnow

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_CHAT_FIELDS = ("type", "title", "timezone", "digest_time", "active", "inactive_reason", "notify_empty",
                "last_digest_at")


def row_to_chat(row: Mapping[str, Any]) -> Chat:
    """A Chat from a chats row."""
    return Chat(**{k: row[k] for k in ("id", *_CHAT_FIELDS, "created")})


def row_to_subscription(row: Mapping[str, Any]) -> Subscription:
    """A Subscription from a subscriptions row."""
    return Subscription(**{k: row[k] for k in ("id", "chat_id", "kind", "query", "source_id", "created")})


def _chat_row(conn: Connection, chat_id: int) -> Mapping[str, Any] | None:
    return conn.execute(select(chats).where(chats.c.id == chat_id)).mappings().first()


def upsert_chat(db: Database, chat_id: int, *, type: str, title: str | None, now: datetime | None) -> Chat:
    """Create the chat or refresh it; an inactive chat becomes active again."""
    with db.write() as conn:
        row = _chat_row(conn, chat_id)
        if row is None:
            conn.execute(insert(chats).values(id=chat_id, type=type, title=title, active=True,
                                              created=to_utc(now) if now else utcnow()))
        else:
            values: dict[str, Any] = {"type": type, "active": True, "inactive_reason": None}
            if title is not None:
                values["title"] = title
            conn.execute(update(chats).where(chats.c.id == chat_id).values(**values))
        return row_to_chat(_chat_row(conn, chat_id) or {})


def get_chat(db: Database, chat_id: int) -> Chat | None:
    """The chat, or None."""
    with db.read() as conn:
        row = _chat_row(conn, chat_id)
    return row_to_chat(row) if row is not None else None


def _check_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(_CHAT_FIELDS)
    if unknown:
        raise InvalidValueError(f"unknown chat field(s): {', '.join(sorted(unknown))}")
    if "active" in fields and not isinstance(fields["active"], bool):
        raise InvalidValueError(f"chat active must be true or false, got {fields['active']!r}")
    if "type" in fields and not fields["type"]:
        raise InvalidValueError("chat type must not be empty")
    digest = fields.get("digest_time")
    if digest is not None and not _HHMM.match(str(digest)):
        raise InvalidValueError(f"digest time must be HH:MM (24-hour), got {digest!r}")
    zone = fields.get("timezone")
    if zone is not None:
        try:
            ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidValueError(f"unknown time zone {zone!r} (use an IANA name like Europe/Berlin)") from None
    if fields.get("last_digest_at") is not None:
        fields["last_digest_at"] = to_utc(fields["last_digest_at"])
    return fields


def update_chat(db: Database, chat_id: int, **fields: Any) -> Chat:
    """Set some chat fields; ChatNotFoundError / InvalidValueError on bad input."""
    values = _check_fields(dict(fields))
    with db.write() as conn:
        if values:
            conn.execute(update(chats).where(chats.c.id == chat_id).values(**values))
        row = _chat_row(conn, chat_id)
        if row is None:
            raise ChatNotFoundError(f"no chat with id {chat_id}")
    return row_to_chat(row)


def delete_chat(db: Database, chat_id: int) -> bool:
    """Delete the chat with its subscriptions and deliveries."""
    with db.write() as conn:
        conn.execute(delete(subscriptions).where(subscriptions.c.chat_id == chat_id))
        conn.execute(delete(deliveries).where(deliveries.c.chat_id == chat_id))
        return conn.execute(delete(chats).where(chats.c.id == chat_id)).rowcount > 0


def migrate_chat(db: Database, old_id: int, new_id: int) -> Chat | None:
    """Move a chat's settings, subscriptions and deliveries to its new id (a group upgraded to a supergroup).

    When the new chat already exists (someone used it first), its own settings win and the old chat's
    subscriptions and deliveries are added where it has none alike. None when the old chat is unknown.
    """
    with db.write() as conn:
        old = _chat_row(conn, old_id)
        if old is None or old_id == new_id:
            row = _chat_row(conn, new_id)
            return row_to_chat(row) if row is not None else None
        if _chat_row(conn, new_id) is None:
            values = {k: old[k] for k in (*_CHAT_FIELDS, "created")}
            conn.execute(insert(chats).values(id=new_id, **{**values, "type": "supergroup"}))
        for sub in conn.execute(select(subscriptions).where(subscriptions.c.chat_id == old_id)).mappings().all():
            if _find_subscription(conn, new_id, sub["kind"], sub["query"]) is None:
                conn.execute(update(subscriptions).where(subscriptions.c.id == sub["id"]).values(chat_id=new_id))
        taken = select(deliveries.c.day).where(deliveries.c.chat_id == new_id)
        conn.execute(update(deliveries).where(deliveries.c.chat_id == old_id, deliveries.c.day.not_in(taken))
                     .values(chat_id=new_id))
        conn.execute(delete(subscriptions).where(subscriptions.c.chat_id == old_id))
        conn.execute(delete(deliveries).where(deliveries.c.chat_id == old_id))
        conn.execute(delete(chats).where(chats.c.id == old_id))
        return row_to_chat(_chat_row(conn, new_id) or {})


def list_chats(db: Database, *, active_only: bool = False) -> list[Chat]:
    """Every chat, ordered by id."""
    query = select(chats).order_by(chats.c.id)
    if active_only:
        query = query.where(chats.c.active.is_(True))
    with db.read() as conn:
        return [row_to_chat(r) for r in conn.execute(query).mappings()]


def digest_chats(db: Database) -> list[Chat]:
    """Active chats with a digest time, ordered by id."""
    query = select(chats).where(chats.c.active.is_(True), chats.c.digest_time.is_not(None)).order_by(chats.c.id)
    with db.read() as conn:
        return [row_to_chat(r) for r in conn.execute(query).mappings()]


def _find_subscription(conn: Connection, chat_id: int, kind: str, query: str) -> Mapping[str, Any] | None:
    cond = (subscriptions.c.chat_id == chat_id) & (subscriptions.c.kind == kind) & (subscriptions.c.query == query)
    return conn.execute(select(subscriptions).where(cond)).mappings().first()


def add_subscription(db: Database, chat_id: int, kind: str, query: str, *, source_id: int | None) -> Subscription:
    """Subscribe a chat; an identical subscription is returned as is."""
    if kind not in SUBSCRIPTION_KINDS:
        raise InvalidValueError(f"subscription kind must be one of {', '.join(SUBSCRIPTION_KINDS)}, got {kind!r}")
    try:
        with db.write() as conn:
            if _chat_row(conn, chat_id) is None:
                raise ChatNotFoundError(f"no chat with id {chat_id}")
            row = _find_subscription(conn, chat_id, kind, query)
            if row is None:
                conn.execute(insert(subscriptions).values(chat_id=chat_id, kind=kind, query=query,
                                                          source_id=source_id, created=utcnow()))
                row = _find_subscription(conn, chat_id, kind, query)
    except IntegrityError:  # a concurrent identical insert won the race
        row = None
    if row is None:
        found = find_subscription(db, chat_id, kind, query)
        if found is None:
            raise InvalidValueError(f"cannot subscribe chat {chat_id} to {kind} {query!r}")
        return found
    return row_to_subscription(row)


def find_subscription(db: Database, chat_id: int, kind: str, query: str) -> Subscription | None:
    """The chat's subscription of this kind and query, or None."""
    with db.read() as conn:
        row = _find_subscription(conn, chat_id, kind, query)
    return row_to_subscription(row) if row is not None else None


def remove_subscription(db: Database, chat_id: int, subscription_id: int) -> bool:
    """Remove one of the chat's subscriptions."""
    cond = (subscriptions.c.id == subscription_id) & (subscriptions.c.chat_id == chat_id)
    with db.write() as conn:
        return conn.execute(delete(subscriptions).where(cond)).rowcount > 0


def list_subscriptions(db: Database, chat_id: int) -> list[Subscription]:
    """The chat's subscriptions, oldest first."""
    query = select(subscriptions).where(subscriptions.c.chat_id == chat_id).order_by(subscriptions.c.id)
    with db.read() as conn:
        return [row_to_subscription(r) for r in conn.execute(query).mappings()]
