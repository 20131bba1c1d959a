"""Reliable message delivery to Telegram: rate limits, 429/403/400/network handling, order per chat.

Limits (settings.bot): `global_rate` messages/s overall, `private_rate` per private chat per second,
`group_rate_per_minute` per group/supergroup/channel. Each is a token bucket of capacity 1 (evenly spaced
sends, no bursts). The global one also keeps a sliding window of real send times (at most `global_rate`
sends per 1 s + margin) so a stalled event loop does not bunch messages; the margin grows after each 429
(request jitter on a busy host) and decays again. Two sends to one chat are spaced by real send time.

Answers from Telegram:
- 429 RetryAfter: Telegram did not deliver; every send pauses for retry_after, then the same message is
  sent again (no loss, no duplicate).
- 403 Forbidden (blocked, kicked): status "blocked"; the Sender refuses that chat from then on and the
  caller marks the chat inactive.
- 400 BadRequest (bad HTML, too long): logged, then ONE retry as plain text (no parse mode).
- 400 "chat not found" (the group was deleted, or the id was never a chat): like 403, status "blocked".
- 400 ChatMigrated (a group became a supergroup): the message goes to the new chat id, from then on too;
  the result carries `migrated_to` so the caller moves the chat's data (store.migrate_chat).
- NetworkError / TimedOut: retried with exponential backoff, at most `network_attempts` tries.
  Duplicate risk: a TimedOut after Telegram got the request means the retry shows the message twice;
  Telegram offers no idempotency key, so we accept that rare duplicate over losing the message.
"""
from __future__ import annotations

import asyncio
import logging
from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from bot.clock import Clock, SystemClock
from briefing.markup import tg_len
from briefing.plain import to_plain_text
from config.settings import BotSettings

log = logging.getLogger(__name__)

TELEGRAM_LIMIT = 4096
GROUP_TYPES = ("group", "supergroup", "channel")
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
CHAT_GONE = "chat not found"  # Telegram's 400 for a deleted group or an unknown chat id
# Seconds added to the sliding window so request jitter cannot put N+1 sends into Telegram's window.
# It grows after each 429 (a jittery host or network) and decays back over a few hundred sends.
WINDOW_MARGIN, MAX_MARGIN, MARGIN_STEP, MARGIN_DECAY = 0.03, 0.3, 0.05, 0.998
CHAT_MARGIN = 0.1  # extra spacing between two sends to one chat (free for fan-out: other chats fill the gap)


def build_request(pool_size: int = 128, read_timeout: float = 10.0) -> HTTPXRequest:
    """An HTTPXRequest with a connection pool large enough for concurrent fan-out."""
    return HTTPXRequest(connection_pool_size=pool_size, pool_timeout=30.0, read_timeout=read_timeout,
                        write_timeout=10.0, connect_timeout=10.0)


def build_bot(token: str, base_url: str = "https://api.telegram.org/bot", *, pool_size: int = 128,
              read_timeout: float = 10.0) -> Bot:
    """A PTB Bot for this token and API base URL with a fan-out-sized connection pool."""
    return Bot(token, base_url=base_url, request=build_request(pool_size, read_timeout),
               get_updates_request=build_request(2, read_timeout))


@dataclass
class SendResult:
    """The outcome of one send: "sent" | "blocked" | "failed" (retryable: worth trying again later)."""

    status: str
    message_id: int | None = None
    error: str | None = None
    plain_fallback: bool = False
    retryable: bool = False
    migrated_to: int | None = None  # the chat's new id (a group upgraded to a supergroup)


@dataclass
class SendStats:
    """Counters of a Sender since it was created."""

    sent: int = 0
    retry_after: int = 0
    network_retries: int = 0
    fallbacks: int = 0
    blocked: int = 0
    failed: int = 0


class Bucket:
    """A token bucket of capacity 1 (`rate` sends per `per` seconds) with a sliding-window guard."""

    def __init__(self, rate: float, per: float, clock: Clock) -> None:
        if rate <= 0 or per <= 0:
            raise ValueError(f"rate limits must be positive, got {rate} per {per}s")
        self.interval, self.per, self.clock = per / rate, per, clock
        self.limit = max(1, int(rate))
        self.next_free = 0.0
        self.paused_until = 0.0
        self.margin = WINDOW_MARGIN
        self.times: deque[float] = deque(maxlen=self.limit)

    def reserve(self) -> float:
        """Reserve the next slot; return how long to wait for it."""
        now = self.clock.monotonic()
        slot = max(now, self.next_free)
        self.next_free = slot + self.interval
        return slot - now

    def paused(self) -> bool:
        """True while a 429 pause is running."""
        return self.clock.monotonic() + 1e-9 < self.paused_until

    def window_wait(self) -> float:
        """Seconds until the sliding window of real send times has room (0 when it has)."""
        if len(self.times) < self.limit:
            return 0.0
        return max(0.0, self.times[0] + self.per + self.margin - self.clock.monotonic())

    def record(self, *, space_from_now: bool = False) -> None:
        """Note an actual send now; `space_from_now` spaces the next slot from this real send."""
        now = self.clock.monotonic()
        self.times.append(now)
        self.margin = WINDOW_MARGIN + (self.margin - WINDOW_MARGIN) * MARGIN_DECAY
        if space_from_now:
            self.next_free = max(self.next_free, now + self.interval + CHAT_MARGIN)

    def pause(self, seconds: float) -> None:
        """Push every later slot back by at least `seconds` from now (after a 429)."""
        if self.clock.monotonic() >= self.paused_until:  # one step per pause, not per 429 in flight
            self.margin = min(MAX_MARGIN, self.margin + MARGIN_STEP)
        self.paused_until = max(self.paused_until, self.clock.monotonic() + seconds)
        self.next_free = max(self.next_free, self.paused_until)


class Limiter:
    """The global bucket plus one bucket per chat (private or group rate)."""

    def __init__(self, settings: BotSettings, clock: Clock) -> None:
        self.clock, self.settings = clock, settings
        self.global_bucket = Bucket(settings.global_rate, 1.0, clock)
        self.chats: dict[int, Bucket] = {}

    def _chat_bucket(self, chat_id: int, chat_type: str) -> Bucket:
        bucket = self.chats.get(chat_id)
        if bucket is None:
            if chat_type in GROUP_TYPES:
                bucket = Bucket(self.settings.group_rate_per_minute, 60.0, self.clock)
            else:
                bucket = Bucket(self.settings.private_rate, 1.0, self.clock)
            self.chats[chat_id] = bucket
        return bucket

    async def acquire(self, chat_id: int, chat_type: str) -> None:
        """Wait until one more message to this chat fits every limit, and count it."""
        chat = self._chat_bucket(chat_id, chat_type)
        await self.clock.sleep(chat.reserve())
        bucket = self.global_bucket
        while True:  # a slot reserved before a 429 pause is given up for a new one after it
            await self.clock.sleep(bucket.reserve())
            while (wait := bucket.window_wait()) > 0:
                await self.clock.sleep(wait)
            if not bucket.paused():
                break
        chat.record(space_from_now=True)  # one chat's sends are serialized: space them by real time
        self.global_bucket.record()

    def pause(self, seconds: float) -> None:
        """Hold every send for `seconds` (Telegram said 429)."""
        self.global_bucket.pause(seconds)


def retry_seconds(exc: RetryAfter) -> float:
    """retry_after in seconds, whether PTB gives an int or a timedelta."""
    value: Any = exc._retry_after if hasattr(exc, "_retry_after") else exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def plain_fallback(html: str) -> str:
    """The plain-text form of an HTML message, cut to Telegram's limit."""
    text = to_plain_text(html) or html
    if tg_len(text) > TELEGRAM_LIMIT:
        text = text[: TELEGRAM_LIMIT - 100].rstrip() + " …"
    return text


@dataclass
class _Attempt:
    text: str
    parse_mode: str | None = ParseMode.HTML
    network_failures: int = 0
    migrated_to: int | None = None
    flood_waits: int = 0
    fallback: bool = False
    result: SendResult | None = field(default=None)


class Sender:
    """Sends HTML messages through a PTB Bot within Telegram's limits (see the module doc)."""

    def __init__(self, bot: Bot, settings: BotSettings, *, clock: Clock | None = None,
                 network_attempts: int = 5, backoff: float = 0.5, max_flood_waits: int = 20) -> None:
        self.bot, self.clock = bot, clock or SystemClock()
        self.limiter = Limiter(settings, self.clock)
        self.network_attempts, self.backoff, self.max_flood_waits = network_attempts, backoff, max_flood_waits
        self.blocked: dict[int, str] = {}
        self.migrated: dict[int, int] = {}  # old group id -> supergroup id
        self.stats = SendStats()
        self._locks: dict[int, asyncio.Lock] = {}

    async def send(self, chat_id: int, html: str, *, chat_type: str = "private",
                   reply_markup: Any = None) -> SendResult:
        """Send one message (HTML, previews off); messages to one chat go out in call order."""
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        async with lock:
            if chat_id in self.blocked:
                return SendResult("blocked", error=self.blocked[chat_id])
            attempt = _Attempt(html)
            while attempt.result is None:
                target = self.migrated.get(chat_id, chat_id)
                await self.limiter.acquire(target, chat_type)
                await self._try(target, attempt, html, reply_markup)
            attempt.result.migrated_to = self.migrated.get(chat_id)
            return attempt.result

    async def _try(self, chat_id: int, attempt: _Attempt, html: str, reply_markup: Any) -> None:
        try:
            msg = await self.bot.send_message(chat_id, attempt.text, parse_mode=attempt.parse_mode,
                                              link_preview_options=NO_PREVIEW, reply_markup=reply_markup)
        except RetryAfter as exc:
            await self._on_flood(chat_id, attempt, exc)
        except Forbidden as exc:
            self._refuse(chat_id, attempt, exc.message)
        except ChatMigrated as exc:
            self._on_migrated(chat_id, attempt, exc)
        except BadRequest as exc:
            self._on_bad_request(chat_id, attempt, html, exc)
        except (TimedOut, NetworkError) as exc:
            await self._on_network(chat_id, attempt, exc)
        else:
            self.stats.sent += 1
            attempt.result = SendResult("sent", msg.message_id, plain_fallback=attempt.fallback)

    def _refuse(self, chat_id: int, attempt: _Attempt, message: str) -> None:
        log.info("chat %s refuses messages: %s", chat_id, message)
        self.blocked[chat_id] = message
        self.stats.blocked += 1
        attempt.result = SendResult("blocked", error=message)

    async def _on_flood(self, chat_id: int, attempt: _Attempt, exc: RetryAfter) -> None:
        self.stats.retry_after += 1
        attempt.flood_waits += 1
        seconds = retry_seconds(exc)
        log.warning("429 from Telegram (chat %s): waiting %.1fs", chat_id, seconds)
        if attempt.flood_waits > self.max_flood_waits:
            self.stats.failed += 1
            attempt.result = SendResult("failed", error=f"flood control: {exc.message}", retryable=True)
            return
        self.limiter.pause(seconds)

    def _on_migrated(self, chat_id: int, attempt: _Attempt, exc: ChatMigrated) -> None:
        new_id = int(exc.new_chat_id)
        if attempt.migrated_to is not None or new_id == chat_id:  # at most one hop per message
            self.stats.failed += 1
            attempt.result = SendResult("failed", error=f"chat migrated to {new_id}")
            return
        log.info("chat %s became supergroup %s: sending there", chat_id, new_id)
        attempt.migrated_to = new_id
        self.migrated[chat_id] = new_id

    def _on_bad_request(self, chat_id: int, attempt: _Attempt, html: str, exc: BadRequest) -> None:
        if CHAT_GONE in exc.message.lower():  # no text would ever reach it: treat like a 403
            self._refuse(chat_id, attempt, exc.message)
            return
        if attempt.fallback:
            log.error("chat %s: plain-text fallback rejected too: %s", chat_id, exc.message)
            self.stats.failed += 1
            attempt.result = SendResult("failed", error=exc.message, plain_fallback=True)
            return
        log.warning("chat %s: Telegram rejected the HTML (%s); sending plain text", chat_id, exc.message)
        self.stats.fallbacks += 1
        attempt.text, attempt.parse_mode, attempt.fallback = plain_fallback(html), None, True

    async def _on_network(self, chat_id: int, attempt: _Attempt, exc: NetworkError) -> None:
        attempt.network_failures += 1
        if attempt.network_failures >= self.network_attempts:
            log.error("chat %s: giving up after %d network errors: %s", chat_id, attempt.network_failures, exc)
            self.stats.failed += 1
            attempt.result = SendResult("failed", error=str(exc), retryable=True)
            return
        self.stats.network_retries += 1
        delay = self.backoff * 2 ** (attempt.network_failures - 1)
        log.warning("chat %s: network error (%s); retry in %.1fs", chat_id, exc, delay)
        await self.clock.sleep(delay)
