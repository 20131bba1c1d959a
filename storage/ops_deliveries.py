"""Delivery operations of the Store: one row per (chat, kind, day) makes digests exactly-once."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Mapping

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from storage.db import Database
from storage.errors import ChatNotFoundError, DeliveryNotFoundError, InvalidValueError
from storage.models import FINAL_STATUSES, Delivery
from storage.schema import chats, deliveries
from storage.columns import to_utc, utcnow

_FIELDS = ("id", "chat_id", "kind", "day", "parts", "parts_sent", "status", "since", "until", "created", "finished")


def row_to_delivery(row: Mapping[str, Any]) -> Delivery:
    """A Delivery from a deliveries row."""
    values = {k: row[k] for k in _FIELDS}
    values["parts"] = list(values["parts"] or [])
    return Delivery(**values)


def _by_key(conn: Connection, chat_id: int, day: date, kind: str) -> Mapping[str, Any] | None:
    cond = (deliveries.c.chat_id == chat_id) & (deliveries.c.kind == kind) & (deliveries.c.day == day)
    return conn.execute(select(deliveries).where(cond)).mappings().first()


def start_delivery(
    db: Database, chat_id: int, day: date, parts: list[str], *,
    since: datetime | None, until: datetime, kind: str, now: datetime | None,
) -> Delivery:
    """Record a pending delivery, or return the existing one for (chat_id, kind, day)."""
    if not all(isinstance(p, str) for p in parts):
        raise InvalidValueError("delivery parts must be strings")
    try:
        with db.write() as conn:
            row = _by_key(conn, chat_id, day, kind)
            if row is None:
                if conn.execute(select(chats.c.id).where(chats.c.id == chat_id)).first() is None:
                    raise ChatNotFoundError(f"no chat with id {chat_id}")
                conn.execute(insert(deliveries).values(
                    chat_id=chat_id, kind=kind, day=day, parts=list(parts), parts_sent=0, status="pending",
                    since=to_utc(since) if since else None, until=to_utc(until),
                    created=to_utc(now) if now else utcnow(),
                ))
                row = _by_key(conn, chat_id, day, kind)
    except IntegrityError:  # another process started the same delivery first
        row = None
    if row is None:
        found = get_delivery(db, chat_id, day, kind)
        if found is None:
            raise InvalidValueError(f"cannot start delivery for chat {chat_id} on {day}")
        return found
    return row_to_delivery(row)


def mark_part_sent(db: Database, delivery_id: int, parts_sent: int) -> None:
    """Record that the first `parts_sent` parts went out (never decreases)."""
    newest = func.max if db.dialect == "sqlite" else func.greatest
    with db.write() as conn:
        result = conn.execute(
            update(deliveries).where(deliveries.c.id == delivery_id)
            .values(parts_sent=newest(deliveries.c.parts_sent, int(parts_sent)))
        )
        if result.rowcount == 0:
            raise DeliveryNotFoundError(f"no delivery with id {delivery_id}")


def finish_delivery(db: Database, delivery_id: int, status: str, *, at: datetime) -> Delivery:
    """Close a delivery; "sent" also moves the chat's last_digest_at to the delivery's until."""
    if status not in FINAL_STATUSES:
        raise InvalidValueError(f"delivery status must be one of {', '.join(FINAL_STATUSES)}, got {status!r}")
    with db.write() as conn:
        row = conn.execute(select(deliveries).where(deliveries.c.id == delivery_id)).mappings().first()
        if row is None:
            raise DeliveryNotFoundError(f"no delivery with id {delivery_id}")
        values: dict[str, Any] = {"status": status, "finished": to_utc(at)}
        if status == "sent":
            values["parts_sent"] = len(row["parts"] or [])
            conn.execute(update(chats).where(chats.c.id == row["chat_id"]).values(last_digest_at=row["until"]))
        conn.execute(update(deliveries).where(deliveries.c.id == delivery_id).values(**values))
        row = conn.execute(select(deliveries).where(deliveries.c.id == delivery_id)).mappings().one()
    return row_to_delivery(row)


def pending_deliveries(db: Database) -> list[Delivery]:
    """Deliveries still pending, oldest first."""
    query = select(deliveries).where(deliveries.c.status == "pending").order_by(deliveries.c.id)
    with db.read() as conn:
        return [row_to_delivery(r) for r in conn.execute(query).mappings()]


def get_delivery(db: Database, chat_id: int, day: date, kind: str = "digest") -> Delivery | None:
    """The delivery of this chat, day and kind, or None."""
    with db.read() as conn:
        row = _by_key(conn, chat_id, day, kind)
    return row_to_delivery(row) if row is not None else None
