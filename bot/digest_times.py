"""When a chat's daily digest is due: its local time zone, today's digest moment, the due chats (pure)."""
from __future__ import annotations

import logging
from datetime import date, datetime, time
from typing import Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from config.settings import parse_hhmm
from storage import Chat

log = logging.getLogger(__name__)


def chat_zone(chat: Chat, default_tz: str = "UTC") -> ZoneInfo:
    """The chat's time zone (the default when unset or unknown)."""
    for name in (chat.timezone, default_tz, "UTC"):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                log.warning("chat %s: unknown time zone %r", chat.id, name)
    return ZoneInfo("UTC")


def digest_slot(chat: Chat, now: datetime, default_tz: str = "UTC") -> tuple[date, datetime] | None:
    """The chat's local date at `now` and today's digest moment (aware), or None without a valid time."""
    if not chat.digest_time:
        return None
    parsed = parse_hhmm(chat.digest_time)
    if parsed is None:
        log.warning("chat %s: bad digest_time %r", chat.id, chat.digest_time)
        return None
    at = time(*parsed)
    tz = chat_zone(chat, default_tz)
    today = now.astimezone(tz).date()
    # A time skipped by a DST jump (02:30 on spring-forward day) resolves to the same instant as 03:30.
    return today, datetime.combine(today, at, tzinfo=tz)


def due_chats(chats: Iterable[Chat], now_utc: datetime, *, default_tz: str = "UTC") -> list[Chat]:
    """Active chats whose local digest time today has passed and whose last digest is older than it."""
    due: list[Chat] = []
    for chat in chats:
        slot = digest_slot(chat, now_utc, default_tz)
        if chat.active and slot and now_utc >= slot[1] and (chat.last_digest_at is None
                                                           or chat.last_digest_at < slot[1]):
            due.append(chat)
    return due
