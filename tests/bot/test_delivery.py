"""Sender: the real PTB Bot against the fake Bot API over HTTP (limits, 429, 403, 400, network errors)."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from telegram import Bot

from bot.clock import FakeClock, SystemClock
from bot.delivery import Sender, build_bot
from config import Settings, load_settings
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_limits import max_in_window

CHAT = 5001
GROUP = -100500


def fast_settings(tmp_path: Path, **bot: float) -> Settings:
    """Settings with the rate limits scaled up so tests run in about a second."""
    limits = {"global_rate": 40.0, "private_rate": 10.0, "group_rate_per_minute": 300.0, **bot}
    return load_settings(env={}, overrides={"general": {"data_dir": str(tmp_path)}, "bot": limits})


@pytest.fixture
def fake_clock() -> FakeClock:
    """A clock whose sleeps pass instantly (for waits the fake does not time)."""
    return FakeClock()


async def test_sends_html_with_previews_off(tg: FakeTelegram, ptb_bot: Bot, tmp_path: Path) -> None:
    sender = Sender(ptb_bot, fast_settings(tmp_path).bot)
    result = await sender.send(CHAT, "<b>Ferries</b> &amp; clinics")
    assert result.status == "sent" and result.message_id == 1
    [msg] = tg.sent(CHAT)
    assert msg.parse_mode == "HTML" and msg.previews_disabled and msg.visible_text == "Ferries & clinics"


async def test_rate_limits_respected_under_concurrent_fanout(tg: FakeTelegram, ptb_bot: Bot,
                                                             tmp_path: Path) -> None:
    # slack: a loaded test machine delays requests unevenly; the pacing itself is what is checked here
    tg.enforce_limits(global_per_s=40, per_chat_per_s=10, group_per_min=300, slack=0.2)
    sender = Sender(ptb_bot, fast_settings(tmp_path).bot, clock=SystemClock())
    jobs = [sender.send(chat, f"part {i} for {chat}") for chat in range(1, 16) for i in range(4)]
    jobs += [sender.send(GROUP, f"group part {i}", chat_type="supergroup") for i in range(6)]
    results = await asyncio.gather(*jobs)
    assert all(r.status == "sent" for r in results)
    assert tg.count("sendMessage", 429) == 0 and sender.stats.retry_after == 0
    times = [m.time for m in tg.sent()]
    assert len(times) == 66
    assert max_in_window(times, 0.8) <= 40  # 40/s, with 0.2 s allowance for request jitter
    assert max(times) - min(times) >= 65 / 40 * 0.8  # paced, not a burst
    assert max(max_in_window([m.time for m in tg.sent(c)], 0.09) for c in range(1, 16)) <= 1
    assert max_in_window([m.time for m in tg.sent(GROUP)], 0.18) <= 1  # 300/min = one per 0.2 s
    for chat in range(1, 16):  # one chat's messages arrive in call order
        assert [m.text for m in tg.sent(chat)] == [f"part {i} for {chat}" for i in range(4)]


async def test_server_429_is_waited_out_without_loss_or_duplicates(tg: FakeTelegram, ptb_bot: Bot,
                                                                   tmp_path: Path) -> None:
    tg.enforce_limits(global_per_s=100, per_chat_per_s=4, group_per_min=300)
    sender = Sender(ptb_bot, fast_settings(tmp_path, private_rate=50.0).bot)  # faster than the server allows
    results = [await sender.send(CHAT, f"message {i}") for i in range(7)]
    assert [r.status for r in results] == ["sent"] * 7
    assert tg.count("sendMessage", 429) >= 1 and sender.stats.retry_after == tg.count("sendMessage", 429)
    assert [m.text for m in tg.sent(CHAT)] == [f"message {i}" for i in range(7)]


async def test_injected_429_waits_retry_after(tg: FakeTelegram, ptb_bot: Bot, tmp_path: Path,
                                              fake_clock: FakeClock) -> None:
    tg.fail_next("sendMessage", 429, retry_after=7, count=2)
    sender = Sender(ptb_bot, fast_settings(tmp_path).bot, clock=fake_clock)
    result = await sender.send(CHAT, "after the flood")
    assert result.status == "sent"
    assert [m.text for m in tg.sent(CHAT)] == ["after the flood"]
    assert sum(fake_clock.slept) >= 14.0  # waited retry_after twice
    assert sender.stats.retry_after == 2


async def test_forbidden_reports_blocked_and_stops_sending(tg: FakeTelegram, ptb_bot: Bot, tmp_path: Path) -> None:
    tg.block(CHAT)
    sender = Sender(ptb_bot, fast_settings(tmp_path).bot)
    first = await sender.send(CHAT, "hello")
    second = await sender.send(CHAT, "hello again")
    assert first.status == second.status == "blocked"
    assert "blocked by the user" in (first.error or "")
    assert tg.count("sendMessage") == 1 and tg.sent(CHAT) == []
    assert (await sender.send(CHAT + 1, "other chat")).status == "sent"


async def test_bad_html_falls_back_to_plain_text_once(tg: FakeTelegram, ptb_bot: Bot, tmp_path: Path) -> None:
    sender = Sender(ptb_bot, fast_settings(tmp_path).bot)
    result = await sender.send(CHAT, "<b>Dam & rains <i>unclosed")
    assert result.status == "sent" and result.plain_fallback
    assert tg.count("sendMessage", 400) == 1
    [msg] = tg.sent(CHAT)
    assert msg.parse_mode is None and msg.text == "Dam & rains unclosed" and msg.previews_disabled


async def test_second_bad_request_gives_up(tg: FakeTelegram, ptb_bot: Bot, tmp_path: Path) -> None:
    tg.fail_next("sendMessage", 400, "Bad Request: message text is empty", count=3)
    sender = Sender(ptb_bot, fast_settings(tmp_path).bot)
    result = await sender.send(CHAT, "<b>x</b>")
    assert result.status == "failed" and not result.retryable and "text is empty" in (result.error or "").lower()
    assert tg.count("sendMessage", 400) == 2  # HTML once, plain text once, then stop


async def test_chat_not_found_is_refused_like_a_block(tg: FakeTelegram, ptb_bot: Bot, tmp_path: Path) -> None:
    tg.fail_next("sendMessage", 400, "Bad Request: chat not found")
    sender = Sender(ptb_bot, fast_settings(tmp_path).bot)
    result = await sender.send(CHAT, "<b>x</b>")
    assert result.status == "blocked" and "chat not found" in (result.error or "").lower()
    assert (await sender.send(CHAT, "again")).status == "blocked"
    assert tg.count("sendMessage") == 1 and sender.stats.blocked >= 1


async def test_too_long_message_falls_back_to_cut_plain_text(tg: FakeTelegram, ptb_bot: Bot,
                                                             tmp_path: Path) -> None:
    sender = Sender(ptb_bot, fast_settings(tmp_path).bot)
    result = await sender.send(CHAT, "<b>" + "word " * 1000 + "</b>")
    assert result.status == "sent" and result.plain_fallback
    assert len(tg.sent(CHAT)[0].text) <= 4096


async def test_network_errors_are_retried_with_backoff(tg: FakeTelegram, ptb_bot: Bot, tmp_path: Path,
                                                       fake_clock: FakeClock) -> None:
    tg.fail_next("sendMessage", 502, "Bad Gateway", count=2)
    sender = Sender(ptb_bot, fast_settings(tmp_path).bot, clock=fake_clock, backoff=0.5)
    result = await sender.send(CHAT, "through the storm")
    assert result.status == "sent" and sender.stats.network_retries == 2
    assert [s for s in fake_clock.slept if s >= 0.5] == [0.5, 1.0]
    assert [m.text for m in tg.sent(CHAT)] == ["through the storm"]


async def test_network_errors_give_up_after_bounded_attempts(tg: FakeTelegram, ptb_bot: Bot, tmp_path: Path,
                                                             fake_clock: FakeClock) -> None:
    tg.fail_next("sendMessage", 502, "Bad Gateway", count=10)
    sender = Sender(ptb_bot, fast_settings(tmp_path).bot, clock=fake_clock, network_attempts=4)
    result = await sender.send(CHAT, "lost cause")
    assert result.status == "failed" and result.retryable
    assert tg.count("sendMessage", 502) == 4 and tg.sent(CHAT) == []


async def test_unreachable_server_is_a_retryable_failure(tmp_path: Path, fake_clock: FakeClock) -> None:
    with FakeTelegram() as gone:
        url, token = gone.base_url, gone.token
    bot = build_bot(token, url, read_timeout=1.0)  # not initialized: getMe would fail already
    sender = Sender(bot, fast_settings(tmp_path).bot, clock=fake_clock, network_attempts=2)
    try:
        result = await sender.send(CHAT, "anyone there?")
    finally:
        await bot.shutdown()
    assert result.status == "failed" and result.retryable


async def test_buckets_space_sends_and_pause_after_429(tmp_path: Path, fake_clock: FakeClock) -> None:
    from bot.delivery import Limiter

    limiter = Limiter(fast_settings(tmp_path, global_rate=10.0, private_rate=1.0).bot, fake_clock)
    start = fake_clock.monotonic()
    stamps = []
    for chat in (1, 2, 3, 1):
        await limiter.acquire(chat, "private")
        stamps.append(round(fake_clock.monotonic() - start, 3))
    assert stamps[:3] == [0.0, 0.1, 0.2]  # 10/s overall
    assert stamps[3] >= 1.0  # the same private chat: at most 1/s
    limiter.pause(5.0)
    before = fake_clock.monotonic()
    await limiter.acquire(4, "private")
    assert fake_clock.monotonic() - before >= 5.0


async def test_group_bucket_allows_twenty_per_minute(tmp_path: Path, fake_clock: FakeClock) -> None:
    from bot.delivery import Limiter

    limiter = Limiter(fast_settings(tmp_path, group_rate_per_minute=20.0).bot, fake_clock)
    start = fake_clock.monotonic()
    for _ in range(21):
        await limiter.acquire(GROUP, "supergroup")
    assert fake_clock.monotonic() - start >= 60.0  # the 21st message waits for the next minute
