"""End-to-end: the real PTB Application against the fake Bot API, acting as users (basics, settings, /stop)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.handlers import COMMANDS
from config import Settings, load_settings
from storage import Store
from tests.bot.conftest import BotHarness, running_bot
from tests.fakes.telegram_api import FakeTelegram

USER = 4242


async def test_set_my_commands_registers_every_command(bot: BotHarness, tg: FakeTelegram) -> None:
    names = [c["command"] for c in tg.commands]
    assert names == [name for name, _, _ in COMMANDS]
    assert all(c["description"] for c in tg.commands)


async def test_start_welcomes_and_registers_chat(bot: BotHarness, store: Store) -> None:
    [msg] = await bot.ask(USER, "/start")
    assert "briefbot" in msg.visible_text
    assert "/subscribe" in msg.visible_text and "/brief" in msg.visible_text
    assert msg.parse_mode == "HTML" and msg.previews_disabled
    chat = store.get_chat(USER)
    assert chat is not None and chat.type == "private" and chat.active


async def test_help_lists_every_command_with_example(bot: BotHarness) -> None:
    [msg] = await bot.ask(USER, "/help")
    for name, _, example in COMMANDS:
        assert f"/{name}" in msg.visible_text
        assert example in msg.visible_text


async def test_unknown_command_gets_hint(bot: BotHarness) -> None:
    [msg] = await bot.ask(USER, "/frobnicate now")
    assert "Unknown command /frobnicate" in msg.visible_text
    assert "/help" in msg.visible_text
    assert "\n" not in msg.visible_text.strip()


async def test_plain_text_is_ignored(bot: BotHarness, tg: FakeTelegram) -> None:
    tg.user_sends(USER, "hello there")
    [msg] = await bot.ask(USER, "/help")  # the next answer is to /help: the text got none
    assert "Commands" in msg.visible_text
    assert len(tg.sent(USER)) == 1


async def test_digest_set_show_off_and_bad_time(bot: BotHarness, store: Store) -> None:
    [shown] = await bot.ask(USER, "/digest")
    assert "No daily digest" in shown.visible_text
    [ok] = await bot.ask(USER, "/digest 7:05")
    assert "07:05" in ok.visible_text and "UTC" in ok.visible_text
    assert store.get_chat(USER).digest_time == "07:05"
    [shown] = await bot.ask(USER, "/digest")
    assert "07:05" in shown.visible_text
    [bad] = await bot.ask(USER, "/digest 25:99")
    assert "Not a time" in bad.visible_text and "HH:MM" in bad.visible_text
    assert store.get_chat(USER).digest_time == "07:05"
    [off] = await bot.ask(USER, "/digest off")
    assert "off" in off.visible_text
    assert store.get_chat(USER).digest_time is None


async def test_digest_quiet_turns_off_the_nothing_new_line(bot: BotHarness, tg: FakeTelegram, store: Store,
                                                             clock: FakeClock) -> None:
    from bot.digests import digest_tick

    await bot.ask(USER, "/subscribe")
    await bot.ask(USER, "/digest 08:00")  # the clock says 09:00 UTC: due now, and no news is stored
    [shown] = await bot.ask(USER, "/digest")
    assert "one short line" in shown.visible_text
    [quiet] = await bot.ask(USER, "/digest QUIET")
    assert "Quiet" in quiet.visible_text and "/digest notify" in quiet.visible_text
    assert store.get_chat(USER).notify_empty is False
    svc = bot.app.bot_data["services"]
    before = len(tg.sent(USER))
    report = await digest_tick(svc.sender, store, svc.settings, clock)
    assert report.skipped == 1 and report.sent == 0
    [shown] = await bot.ask(USER, "/digest")  # the next message is the answer: the digest sent nothing
    assert len(tg.sent(USER)) == before + 1 and "no message" in shown.visible_text
    [notify] = await bot.ask(USER, "/digest notify")
    assert "short line" in notify.visible_text and store.get_chat(USER).notify_empty is True
    clock.advance(days=1)
    before = len(tg.sent(USER))
    await digest_tick(svc.sender, store, svc.settings, clock)
    [line] = (await tg.wait_for_messages_async(USER, before + 1))[before:]
    assert "Nothing new" in line.visible_text


async def test_timezone_set_show_and_hint(bot: BotHarness, store: Store) -> None:
    [shown] = await bot.ask(USER, "/timezone")
    assert "UTC" in shown.visible_text
    [ok] = await bot.ask(USER, "/timezone europe/berlin")
    assert "Europe/Berlin" in ok.visible_text
    assert store.get_chat(USER).timezone == "Europe/Berlin"
    [bad] = await bot.ask(USER, "/timezone Europe/Berlni")
    assert "Unknown time zone" in bad.visible_text and "Europe/Berlin" in bad.visible_text
    [bad] = await bot.ask(USER, "/timezone Mars/Olympus")
    assert "Unknown time zone" in bad.visible_text
    assert store.get_chat(USER).timezone == "Europe/Berlin"
    [digest] = await bot.ask(USER, "/digest 08:00")
    assert "Europe/Berlin" in digest.visible_text


async def test_stop_deletes_chat_data(bot: BotHarness, store: Store) -> None:
    await bot.ask(USER, "/subscribe")
    await bot.ask(USER, "/digest 08:00")
    assert store.list_subscriptions(USER)
    [msg] = await bot.ask(USER, "/stop")
    assert "deleted" in msg.visible_text
    assert store.get_chat(USER) is None
    assert store.list_subscriptions(USER) == []
    [again] = await bot.ask(USER, "/subscriptions")
    assert "No subscriptions" in again.visible_text


async def test_group_command_with_bot_name(bot: BotHarness, tg: FakeTelegram, store: Store) -> None:
    group = -100500
    [msg] = await bot.ask(group, f"/subscribe@{tg.bot_username} harbour", chat_type="supergroup")
    assert "harbour" in msg.visible_text
    assert [s.query for s in store.list_subscriptions(group)] == ["harbour"]
    assert store.get_chat(group).type == "supergroup"
    [unknown] = await bot.ask(group, f"/nope@{tg.bot_username}", chat_type="supergroup")
    assert "Unknown command /nope" in unknown.visible_text


async def test_group_command_for_other_bot_is_ignored(bot: BotHarness, tg: FakeTelegram) -> None:
    group = -100600
    tg.user_sends(group, "/subscribe@some_other_bot", chat_type="group")
    tg.user_sends(group, "/frobnicate@some_other_bot", chat_type="group")
    [msg] = await bot.ask(group, f"/help@{tg.bot_username}", chat_type="group")
    assert "Commands" in msg.visible_text
    assert len(tg.sent(group)) == 1


async def test_group_upgraded_to_supergroup_keeps_its_data(bot: BotHarness, tg: FakeTelegram, store: Store) -> None:
    old, new = -4545, -1004545
    await bot.ask(old, f"/subscribe@{tg.bot_username} harbour", chat_type="group")
    await bot.ask(old, f"/digest@{tg.bot_username} 07:15", chat_type="group")
    tg.migrate(old, new)  # Telegram posts the service message in the old group
    [listing] = await bot.ask(new, f"/subscriptions@{tg.bot_username}", chat_type="supergroup")
    assert "Topic: harbour" in listing.visible_text
    assert store.get_chat(old) is None and store.get_chat(new).digest_time == "07:15"


async def test_channel_post_command(bot: BotHarness, store: Store) -> None:
    channel = -100700
    [msg] = await bot.ask(channel, "/subscribe", chat_type="channel")
    assert "all stories" in msg.visible_text
    assert store.get_chat(channel).type == "channel"
    assert [s.kind for s in store.list_subscriptions(channel)] == ["all"]


async def test_handler_failure_reaches_the_one_error_handler(bot: BotHarness, store: Store) -> None:
    import sqlite3

    assert len(bot.app.error_handlers) == 1
    path = store.url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:  # break the database under the running bot
        conn.execute("ALTER TABLE subscriptions RENAME TO subscriptions_gone")
    [msg] = await bot.ask(USER, "/subscriptions")
    assert "Sorry, something went wrong" in msg.visible_text
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE subscriptions_gone RENAME TO subscriptions")
    [ok] = await bot.ask(USER, "/subscriptions")  # the bot keeps serving
    assert "No subscriptions" in ok.visible_text


async def test_new_chats_get_the_configured_digest_time(tg: FakeTelegram, store: Store, clock: FakeClock,
                                                         tmp_path: Path) -> None:
    settings = load_settings(env={}, overrides={
        "general": {"data_dir": str(tmp_path), "timezone": "Asia/Tokyo"},
        "bot": {"token": tg.token, "api_base_url": tg.base_url, "digest_time": "7:30"},
    })
    async with running_bot(tg, settings, store, clock) as harness:
        [msg] = await harness.ask(USER, "/digest")
    assert "07:30" in msg.visible_text and "Asia/Tokyo" in msg.visible_text
    assert store.get_chat(USER).digest_time == "07:30"


@pytest.mark.postgres
async def test_commands_on_postgresql(tg: FakeTelegram, bot_settings: Settings, pg_store: Store,
                                      clock: FakeClock) -> None:
    async with running_bot(tg, bot_settings, pg_store, clock) as harness:
        await harness.ask(USER, "/start")
        await harness.ask(USER, '/subscribe harbour "night ferries"')
        await harness.ask(USER, "/timezone Europe/Lisbon")
        [digest] = await harness.ask(USER, "/digest 06:45")
        [listing] = await harness.ask(USER, "/subscriptions")
        chat = pg_store.get_chat(USER)
        assert (chat.timezone, chat.digest_time) == ("Europe/Lisbon", "06:45")
        assert "Europe/Lisbon" in digest.visible_text
        assert 'Topic: harbour "night ferries"' in listing.visible_text
        await harness.ask(USER, "/stop")
        assert pg_store.get_chat(USER) is None and pg_store.list_subscriptions(USER) == []
