"""Daily digests: one scheduler tick finds the due chats and delivers each digest exactly once.

Exactly once per chat and local day: the rendered parts are persisted FIRST (store.start_delivery,
unique on chat/kind/day), then each part is sent and recorded (mark_part_sent) before the next one,
then the delivery is finished. A crash anywhere resumes from parts_sent on the next tick (or on
start): no chat is skipped or repeated. The one exception is the message in flight at kill time: if
Telegram accepted it but the process died before mark_part_sent, that part is sent again on resume.
Within one process a chat is never worked on by two overlapping ticks; two bot processes sharing one
database are not supported (they would each send the part in flight).

A digest missed while the bot was down is sent at the next tick if its local day is not over; pending
deliveries whose local day is over are closed as "failed" (their stories go into the next digest,
because last_digest_at only moves when a digest is "sent").
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time as systime
import weakref
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

from telegram import Bot

from bot.clock import Clock, SystemClock
from bot.delivery import Sender
from bot.digest_times import chat_zone, digest_slot, due_chats  # noqa: F401 - re-exported
from bot.stories import follows_all, subscribed_stories
from briefing.digest import render_digest
from briefing.rank import rank_stories
from config import Settings
from storage import Chat, Delivery, Store

log = logging.getLogger(__name__)

DEFAULT_WINDOW = timedelta(hours=24)
CONCURRENCY = 200
MAX_STORIES = 10
_BUSY: "weakref.WeakKeyDictionary[Store, set[int]]" = weakref.WeakKeyDictionary()
# Chats whose delivery of a day is final, per store: later ticks skip them without a query.
_DONE: "weakref.WeakKeyDictionary[Store, dict[date, set[int]]]" = weakref.WeakKeyDictionary()


@dataclass
class DigestReport:
    """What one tick did (chats by outcome, messages sent, distinct renderings)."""

    due: int = 0
    sent: int = 0
    skipped: int = 0
    blocked: int = 0
    failed: int = 0
    pending: int = 0  # left pending after a retryable failure; resumed next tick
    already_done: int = 0
    resumed: int = 0
    messages: int = 0
    renders: int = 0
    seconds: float = 0.0

    def add(self, other: "DigestReport") -> None:
        """Sum another report into this one."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def line(self) -> str:
        """A one-line log summary."""
        return (f"{self.due} due, {self.sent} sent, {self.skipped} skipped, {self.blocked} blocked, "
                f"{self.failed} failed, {self.pending} pending, {self.resumed} resumed, "
                f"{self.messages} messages, {self.renders} renders, {self.seconds:.1f}s")


def get_sender(target: Any, settings: Settings, clock: Clock | None = None) -> Sender:
    """The Sender for a Sender, a PTB Bot, or an Application/CallbackContext (kept in bot_data)."""
    if isinstance(target, Sender):
        return target
    if isinstance(target, Bot):
        return Sender(target, settings.bot, clock=clock)
    bot_data = getattr(target, "bot_data", None)
    if bot_data is None:
        raise TypeError(f"expected a Sender, Bot, Application or CallbackContext, got {type(target).__name__}")
    sender = bot_data.get("briefbot.sender")
    if sender is None:
        sender = bot_data["briefbot.sender"] = Sender(target.bot, settings.bot, clock=clock)
    return sender


@dataclass
class _Run:
    """State shared by the chats of one tick: sender, store, the tick's time, caches, report."""

    sender: Sender
    store: Store
    settings: Settings
    now: datetime
    concurrency: int = CONCURRENCY
    until: datetime | None = None  # end of the story window when earlier than now (see collected_before)
    report: DigestReport = field(default_factory=DigestReport)
    stories: dict[tuple[Any, ...], list[Any]] = field(default_factory=dict)  # (subs, since, cutoff)
    parts: dict[tuple[Any, ...], list[str]] = field(default_factory=dict)
    # render runs in worker threads (reading a window can take a while); one at a time, so each cache entry is
    # computed once
    render_lock: threading.Lock = field(default_factory=threading.Lock)

    def render(self, chat: Chat, subs: list[tuple[str, str, int | None]], since: datetime) -> list[str]:
        """The digest parts for this chat ([] = nothing new and the chat wants no empty note); blocking."""
        with self.render_lock:
            return self._render(chat, subs, since)

    def _render(self, chat: Chat, subs: list[tuple[str, str, int | None]], since: datetime) -> list[str]:
        tz = chat_zone(chat, self.settings.general.timezone)
        notify = self.settings.bot.notify_empty if chat.notify_empty is None else chat.notify_empty
        cutoff = self.cutoff
        key = (tuple(sorted(subs, key=repr)), since, cutoff, tz.key, notify)
        if key not in self.parts:
            wanted = ("all",) if follows_all(subs) else key[0]
            if (wanted, since, cutoff) not in self.stories:
                self.stories[(wanted, since, cutoff)] = subscribed_stories(self.store, subs, since, until=cutoff)
            chosen = self.stories[(wanted, since, cutoff)]
            ranked = rank_stories(chosen, self.now)
            self.parts[key] = render_digest(ranked, tz=tz, now=self.now, since=since,
                                            max_stories=MAX_STORIES) if chosen or notify else []
            self.report.renders += 1
        return self.parts[key]

    @property
    def cutoff(self) -> datetime:
        """The end of this run's story window; the next digest starts there (chat.last_digest_at)."""
        return min(self.until, self.now) if self.until is not None else self.now

    async def deliver(self, chat: Chat, delivery: Delivery) -> str:
        """Send the parts not sent yet, recording each; returns the final (or "pending") status."""
        failed, moved, last = False, False, len(delivery.parts) - 1
        for index in range(delivery.parts_sent, len(delivery.parts)):
            result = await self.sender.send(chat.id, delivery.parts[index], chat_type=chat.type)
            if result.migrated_to is not None and not moved:  # a group became a supergroup: move its rows
                moved = await asyncio.to_thread(self.store.migrate_chat, chat.id, result.migrated_to) is not None
            if result.status == "blocked":
                await asyncio.to_thread(self.store.update_chat, result.migrated_to or chat.id, active=False,
                                        inactive_reason=f"blocked: {result.error}")
                await self._finish(delivery, "blocked")
                return "blocked"
            if result.status == "failed" and result.retryable:
                return "pending"
            failed = failed or result.status == "failed"
            self.report.messages += result.status == "sent"
            if index < last:  # the last part is recorded by finish_delivery itself (one write less)
                await asyncio.to_thread(self.store.mark_part_sent, delivery.id, index + 1)
        status = "failed" if failed else ("sent" if delivery.parts else "skipped")
        await self._finish(delivery, status)
        return status

    async def _finish(self, delivery: Delivery, status: str) -> None:
        await asyncio.to_thread(self.store.finish_delivery, delivery.id, status, at=self.now)

    def remember_done(self, chat_id: int, day: date) -> None:
        """Note a final delivery (kept for three days)."""
        done = _DONE.setdefault(self.store, {})
        done.setdefault(day, set()).add(chat_id)
        for old in [d for d in done if d < day - timedelta(days=2)]:
            del done[old]

    async def digest(self, chat: Chat) -> str:
        """Deliver today's digest of one due chat (start it, or resume it when pending)."""
        slot = digest_slot(chat, self.now, self.settings.general.timezone)
        if slot is None:
            return "skipped"
        day = slot[0]
        if chat.id in _DONE.get(self.store, {}).get(day, ()):
            return "already_done"
        delivery = await asyncio.to_thread(self.store.get_delivery, chat.id, day)
        if delivery is None:
            since = chat.last_digest_at or self.now - DEFAULT_WINDOW
            subs = [(s.kind, s.query, s.source_id) for s in
                    await asyncio.to_thread(self.store.list_subscriptions, chat.id)]
            parts = await asyncio.to_thread(self.render, chat, subs, since)
            # Idempotent on (chat, kind, day): if another run started it first, its row comes back unchanged.
            delivery = await asyncio.to_thread(self.store.start_delivery, chat.id, day, parts,
                                               since=since, until=self.cutoff, now=self.now)
        status = "already_done" if delivery.done else await self.deliver(chat, delivery)
        if status != "pending":
            self.remember_done(chat.id, day)
        return status

    async def resume(self, delivery: Delivery) -> str:
        """Finish an interrupted delivery if its chat is active and its local day is not over."""
        # The pending list was read before this chat's turn: another run (the start-up resume job, a tick) may
        # have sent some or all parts since. Work from the row as it is now, or parts would go out twice.
        fresh = await asyncio.to_thread(self.store.get_delivery, delivery.chat_id, delivery.day, delivery.kind)
        if fresh is None or fresh.done:
            return "already_done"
        delivery = fresh
        chat = await asyncio.to_thread(self.store.get_chat, delivery.chat_id)
        if chat is None:
            return "failed"
        if not chat.active:
            await self._finish(delivery, "blocked")
            return "blocked"
        if self.now.astimezone(chat_zone(chat, self.settings.general.timezone)).date() > delivery.day:
            log.warning("chat %s: digest of %s interrupted and its day is over", chat.id, delivery.day)
            await self._finish(delivery, "failed")
            return "failed"
        self.report.resumed += 1
        status = await self.deliver(chat, delivery)
        if status != "pending":
            self.remember_done(chat.id, delivery.day)
        return status

    async def run_all(self, jobs: list[tuple[int, Any]]) -> None:
        """Run (chat_id, coroutine) jobs concurrently, bounded, one per chat at a time in this process."""
        busy = _BUSY.setdefault(self.store, set())
        gate = asyncio.Semaphore(self.concurrency)

        async def one(chat_id: int, job: Any) -> None:
            async with gate:
                if chat_id in busy:
                    job.close()
                    return
                busy.add(chat_id)
                try:
                    status = await job
                except Exception:  # one chat's trouble must not stop the others
                    log.exception("digest for chat %s failed", chat_id)
                    status = "pending"
                finally:
                    busy.discard(chat_id)
                setattr(self.report, status, getattr(self.report, status) + 1)

        await asyncio.gather(*(one(chat_id, job) for chat_id, job in jobs))


async def resume_pending(target: Any, store: Store, settings: Settings, now: datetime, *,
                         concurrency: int = CONCURRENCY) -> DigestReport:
    """Continue every pending delivery (after a crash or restart); call it on start."""
    run = _Run(get_sender(target, settings), store, settings, now, concurrency)
    started = systime.monotonic()
    pending = await asyncio.to_thread(store.pending_deliveries)
    await run.run_all([(d.chat_id, run.resume(d)) for d in pending if d.kind == "digest"])
    run.report.seconds = systime.monotonic() - started
    return run.report


async def run_due_digests(target: Any, store: Store, settings: Settings, now: datetime, *,
                          concurrency: int = CONCURRENCY, until: datetime | None = None) -> DigestReport:
    """One tick: deliver the digest of every due chat (concurrently; the Sender keeps the rates).

    `until` ends the story window early: articles are stamped with their collection pass's start time but
    committed later, so while a pass runs the window must end at its start, or the next digest (which
    begins where this one ended) would never show that pass's articles.
    """
    run = _Run(get_sender(target, settings), store, settings, now, concurrency, until)
    started = systime.monotonic()
    chats = due_chats(await asyncio.to_thread(store.digest_chats), now, default_tz=settings.general.timezone)
    run.report.due = len(chats)
    await run.run_all([(chat.id, run.digest(chat)) for chat in chats])
    run.report.seconds = systime.monotonic() - started
    if run.report.due > run.report.already_done:  # chats done today may stay "due" (window ended early)
        log.info("digest tick: %s", run.report.line())
    return run.report


async def digest_tick(target: Any, store: Store, settings: Settings, clock: Clock | None = None, *,
                      until: datetime | None = None) -> DigestReport:
    """The scheduler's entry point (job "digest-tick", every 60 s): resume pending, then send due digests.

    `target` is a PTB CallbackContext or Application (the Sender lives in bot_data), a Bot or a Sender;
    `until`: the start of a collection pass still running (see run_due_digests).
    """
    clock = clock or SystemClock()
    sender = get_sender(target, settings, clock)
    report = await resume_pending(sender, store, settings, clock.now())
    report.add(await run_due_digests(sender, store, settings, clock.now(), until=until))
    return report
