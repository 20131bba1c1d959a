"""Digest runs: the real PTB Bot against the fake Bot API and a real SQLite store, exactly once per day."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from telegram import Bot

from bot.clock import FakeClock
from bot.delivery import Sender
from bot.digests import digest_tick, resume_pending, run_due_digests
from config import Settings
from storage import Store
from summarizer.models import KeyPoint
from tests.fakes.digest_news import add_digest_chat, digest_settings, save_story
from tests.fakes.telegram_api import FakeTelegram

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)  # 10:00 in Berlin, 04:00 in New York


@pytest.fixture
def fast(tmp_path: Path) -> Settings:
    """Settings with fast rate limits."""
    return digest_settings(tmp_path)


@pytest.fixture
def stories(store: Store) -> None:
    """Two fictional stories from the last hours: ferries (with key points) and a dam."""
    points = [KeyPoint(kind="demand", text="restore the night crossings", actor="Velmora council"),
              KeyPoint(kind="warning", text="clinics will run short of supplies", actor="Ilse Marren")]
    save_story(store, 1, "Velmora council demands night ferries", collected=NOW - timedelta(hours=3), points=points)
    save_story(store, 2, "Engineers inspect Kessel dam", collected=NOW - timedelta(hours=2), source="Kessel Tribune")


async def test_tick_twice_sends_each_digest_once(tg: FakeTelegram, ptb_bot: Bot, store: Store, fast: Settings,
                                                 stories: None) -> None:
    for chat_id, tz in ((1, "Europe/Berlin"), (2, "Asia/Tokyo"), (3, "America/New_York")):
        add_digest_chat(store, chat_id, tz=tz)
    sender = Sender(ptb_bot, fast.bot)
    first = await run_due_digests(sender, store, fast, NOW)
    second = await run_due_digests(sender, store, fast, NOW + timedelta(minutes=1))
    assert (first.due, first.sent, second.due, second.sent) == (2, 2, 0, 0)  # New York's 08:00 has not come
    for chat_id in (1, 2):
        [msg] = tg.sent(chat_id)
        assert "Velmora council demands night ferries" in msg.visible_text and "Kessel dam" in msg.visible_text
        assert "Demands" in msg.visible_text and msg.parse_mode == "HTML" and msg.previews_disabled
        chat = store.get_chat(chat_id)
        assert chat is not None and chat.last_digest_at == NOW
    assert tg.sent(3) == []
    delivery = store.get_delivery(1, NOW.date())
    assert delivery is not None and delivery.status == "sent" and delivery.parts_sent == 1


async def test_same_content_is_rendered_once(tg: FakeTelegram, ptb_bot: Bot, store: Store, fast: Settings,
                                             stories: None) -> None:
    for chat_id in range(10, 16):
        add_digest_chat(store, chat_id, tz="Europe/Berlin")
    add_digest_chat(store, 20, tz="Europe/Berlin", topic="dam")
    report = await run_due_digests(Sender(ptb_bot, fast.bot), store, fast, NOW)
    assert report.sent == 7 and report.renders == 2
    assert len({tg.sent(c)[0].text for c in range(10, 16)}) == 1
    [dam] = tg.sent(20)
    assert "Kessel dam" in dam.visible_text and "ferries" not in dam.visible_text


async def test_nothing_new_sends_one_line_or_nothing(tg: FakeTelegram, ptb_bot: Bot, store: Store,
                                                     fast: Settings) -> None:
    add_digest_chat(store, 1, notify_empty=True)
    add_digest_chat(store, 2, notify_empty=False)
    report = await run_due_digests(Sender(ptb_bot, fast.bot), store, fast, NOW)
    [line] = tg.sent(1)
    assert "Nothing new" in line.visible_text and "\n" not in line.visible_text
    assert tg.sent(2) == [] and report.skipped == 1 and report.sent == 1
    delivery = store.get_delivery(2, NOW.date())
    assert delivery is not None and delivery.status == "skipped"
    assert (await run_due_digests(Sender(ptb_bot, fast.bot), store, fast, NOW)).skipped == 0


async def test_blocked_chat_is_marked_inactive(tg: FakeTelegram, ptb_bot: Bot, store: Store, fast: Settings,
                                               stories: None) -> None:
    add_digest_chat(store, 1)
    add_digest_chat(store, 2)
    tg.block(1)
    report = await run_due_digests(Sender(ptb_bot, fast.bot), store, fast, NOW)
    assert report.blocked == 1 and report.sent == 1
    chat = store.get_chat(1)
    assert chat is not None and not chat.active and (chat.inactive_reason or "").startswith("blocked")
    delivery = store.get_delivery(1, NOW.date())
    assert delivery is not None and delivery.status == "blocked"
    assert (await run_due_digests(Sender(ptb_bot, fast.bot), store, fast, NOW + timedelta(days=1))).due == 1


async def test_deleted_group_is_marked_inactive(tg: FakeTelegram, ptb_bot: Bot, store: Store, fast: Settings,
                                               stories: None) -> None:
    add_digest_chat(store, -5, chat_type="supergroup")
    tg.fail_next("sendMessage", 400, "Bad Request: chat not found")
    report = await run_due_digests(Sender(ptb_bot, fast.bot), store, fast, NOW)
    assert report.blocked == 1 and tg.sent(-5) == [] and tg.count("sendMessage", 400) == 1  # no plain retry
    chat = store.get_chat(-5)
    assert chat is not None and not chat.active and "chat not found" in (chat.inactive_reason or "").lower()
    assert (await run_due_digests(Sender(ptb_bot, fast.bot), store, fast, NOW + timedelta(days=1))).due == 0


async def test_hostile_article_text_is_escaped(tg: FakeTelegram, ptb_bot: Bot, store: Store,
                                               fast: Settings) -> None:
    save_story(store, 1, "<script>alert(1)</script> Dam & rains <b>unclosed", collected=NOW - timedelta(hours=1))
    add_digest_chat(store, 1)
    await run_due_digests(Sender(ptb_bot, fast.bot), store, fast, NOW)
    [msg] = tg.sent(1)
    assert tg.count("sendMessage", 400) == 0 and msg.parse_mode == "HTML"  # no plain-text fallback needed
    assert "<script>alert(1)</script> Dam & rains <b>unclosed" in msg.visible_text


async def test_long_digest_is_split_under_the_limit(tg: FakeTelegram, ptb_bot: Bot, store: Store,
                                                    fast: Settings) -> None:
    for n in range(12):
        save_story(store, n, f"Harbour hearing day {n}", collected=NOW - timedelta(minutes=30 + n), long=True)
    add_digest_chat(store, 1)
    await run_due_digests(Sender(ptb_bot, fast.bot), store, fast, NOW)
    delivery = store.get_delivery(1, NOW.date())
    assert delivery is not None and len(delivery.parts) >= 2
    assert all(len(part) <= 4096 for part in delivery.parts)
    assert [m.text for m in tg.sent(1)] == delivery.parts  # in order, all HTML, none rejected
    assert tg.count("sendMessage", 400) == 0


async def test_missed_digest_is_sent_on_start_while_its_day_lasts(tg: FakeTelegram, ptb_bot: Bot, store: Store,
                                                                  fast: Settings, stories: None) -> None:
    # Berlin's 08:00 digest was missed (bot down); it is 10:00 there: sent on start. Tokyo (18:00) waits for 23:30.
    add_digest_chat(store, 1, tz="Europe/Berlin")
    add_digest_chat(store, 2, tz="Asia/Tokyo", digest_time="23:30")  # later today in Tokyo: not yet
    clock = FakeClock(NOW)
    report = await digest_tick(ptb_bot, store, fast, clock)
    assert report.sent == 1 and len(tg.sent(1)) == 1 and tg.sent(2) == []


async def test_digest_missed_on_a_day_that_is_over_is_not_sent(tg: FakeTelegram, ptb_bot: Bot, store: Store,
                                                               fast: Settings, stories: None) -> None:
    # The bot was down all of 27 Nov (Berlin); at 06:00 Berlin on the 28th the 27th is over and the 28th's
    # 08:00 has not come: nothing goes out. At 08:00 one digest covers both days.
    add_digest_chat(store, 1, tz="Europe/Berlin", last_digest_at=datetime(2026, 11, 26, 7, 0, tzinfo=timezone.utc))
    clock = FakeClock(datetime(2026, 11, 28, 5, 0, tzinfo=timezone.utc))
    assert (await digest_tick(ptb_bot, store, fast, clock)).due == 0 and tg.sent(1) == []
    clock.set(datetime(2026, 11, 28, 7, 0, tzinfo=timezone.utc))
    assert (await digest_tick(ptb_bot, store, fast, clock)).sent == 1
    assert store.get_delivery(1, datetime(2026, 11, 27).date()) is None


async def test_interrupted_delivery_of_a_past_day_is_closed(tg: FakeTelegram, ptb_bot: Bot, store: Store,
                                                            fast: Settings) -> None:
    add_digest_chat(store, 1, tz="Europe/Berlin")
    yesterday = (NOW - timedelta(days=1)).date()
    delivery = store.start_delivery(1, yesterday, ["a", "b"], since=None, until=NOW - timedelta(days=1))
    store.mark_part_sent(delivery.id, 1)
    report = await resume_pending(Sender(ptb_bot, fast.bot), store, fast, NOW)
    assert report.failed == 1 and tg.sent(1) == []
    closed = store.get_delivery(1, yesterday)
    assert closed is not None and closed.status == "failed"


async def test_pending_delivery_is_resumed_from_the_next_part(tg: FakeTelegram, ptb_bot: Bot, store: Store,
                                                              fast: Settings) -> None:
    add_digest_chat(store, 1, tz="Europe/Berlin")
    delivery = store.start_delivery(1, NOW.date(), ["part one", "part two", "part three"], since=None, until=NOW)
    store.mark_part_sent(delivery.id, 1)
    report = await digest_tick(ptb_bot, store, fast, FakeClock(NOW))
    assert report.resumed == 1 and report.sent == 1
    assert [m.text for m in tg.sent(1)] == ["part two", "part three"]


async def test_a_stale_pending_entry_is_not_resent(tg: FakeTelegram, ptb_bot: Bot, store: Store,
                                                  fast: Settings) -> None:
    # Two runs overlap (the start-up resume job and a tick): the second one's list of pending deliveries was read
    # before the first one finished the delivery; resuming from that stale row must not send anything again.
    from bot.digests import _Run

    add_digest_chat(store, 1, tz="Europe/Berlin")
    delivery = store.start_delivery(1, NOW.date(), ["part one", "part two"], since=None, until=NOW)
    [stale] = store.pending_deliveries()
    sender = Sender(ptb_bot, fast.bot)
    assert (await resume_pending(sender, store, fast, NOW)).sent == 1
    status = await _Run(sender, store, fast, NOW).resume(stale)
    assert status == "already_done"
    assert [m.text for m in tg.sent(1)] == ["part one", "part two"]
    assert store.get_delivery(1, NOW.date()).status == "sent" and delivery.id == stale.id


async def test_digest_follows_a_group_upgraded_to_a_supergroup(tg: FakeTelegram, ptb_bot: Bot, store: Store,
                                                               fast: Settings, stories: None) -> None:
    old, new = -4242, -1004242
    add_digest_chat(store, old, chat_type="group", topic="ferries")
    tg.migrate(old, new, announce=False)  # the bot was down when Telegram announced it
    sender = Sender(ptb_bot, fast.bot)
    report = await run_due_digests(sender, store, fast, NOW)
    assert report.sent == 1 and tg.sent(old) == []
    [digest] = tg.sent(new)
    assert "night ferries" in digest.visible_text
    assert store.get_chat(old) is None
    chat = store.get_chat(new)
    assert chat is not None and chat.digest_time == "08:00" and chat.last_digest_at == NOW
    assert [s.query for s in store.list_subscriptions(new)] == ["ferries"]
    assert store.get_delivery(new, NOW.date()).status == "sent"
    assert (await sender.send(old, "later")).status == "sent" and len(tg.sent(new)) == 2
