"""A crash in the middle of a digest run: the next run neither skips nor repeats a chat or a part."""
from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.delivery import Sender, build_bot
from bot.digests import digest_tick, run_due_digests
from storage import Store
from tests.fakes.digest_news import add_digest_chat, digest_settings, save_story
from tests.fakes.telegram_api import FakeTelegram

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
CHATS = list(range(101, 109))


def fill(store: Store) -> None:
    """Long stories (digests of several parts), eight chats: six get everything, two a topic."""
    for n in range(12):
        save_story(store, n, f"Harbour hearing day {n}", collected=NOW - timedelta(minutes=30 + n), long=True)
    save_story(store, 99, "Kessel dam inspected", collected=NOW - timedelta(minutes=5))
    for chat_id in CHATS:
        add_digest_chat(store, chat_id, tz="Europe/Berlin", topic="dam" if chat_id > 106 else None)


@pytest.mark.parametrize("crash_after", [0, 5, 11])
async def test_restart_mid_run_neither_skips_nor_repeats(store: Store, tmp_path: Path, crash_after: int) -> None:
    fill(store)
    settings = digest_settings(tmp_path)
    with FakeTelegram() as fake:
        fake.hold("sendMessage", after=crash_after)  # later sends hang: the process "dies" mid-run
        bot = build_bot(fake.token, fake.base_url)
        async with bot:
            run = asyncio.create_task(run_due_digests(Sender(bot, settings.bot), store, settings, NOW))
            await fake.wait_for_messages_async(None, crash_after)
            await asyncio.sleep(0.2)  # let the other chats' requests reach the fake and hang there
            run.cancel()
            with pytest.raises(asyncio.CancelledError):
                await run
        fake.crash()  # the held requests fail and late ones from the dead client too: Telegram never got them
        assert len(fake.sent()) == crash_after
        pending = store.pending_deliveries()
        assert pending, "the crash must leave deliveries pending"

        restarted = build_bot(fake.token, fake.base_url)  # a new process: new Bot, new Sender
        async with restarted:
            report = await digest_tick(restarted, store, settings, FakeClock(NOW + timedelta(minutes=1)))
        assert report.failed == report.blocked == report.pending == 0

        for chat_id in CHATS:
            delivery = store.get_delivery(chat_id, NOW.date())
            assert delivery is not None and delivery.status == "sent"
            texts = [m.text for m in fake.sent(chat_id)]
            assert texts == delivery.parts, f"chat {chat_id}: parts skipped, repeated or out of order"
        assert max(Counter((m.chat_id, m.text) for m in fake.sent()).values()) == 1
        assert store.pending_deliveries() == []
        again = await run_due_digests(Sender(build_bot(fake.token, fake.base_url), settings.bot), store, settings,
                                      NOW + timedelta(minutes=2))
        assert again.due == 0
