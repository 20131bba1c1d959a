"""In groups only admins change subscriptions and settings (getChatMember on the fake Bot API); anyone reads."""
from __future__ import annotations

import dataclasses

from bot.clock import FakeClock
from config import Settings
from storage import Store
from tests.bot.conftest import BotHarness, buttons, running_bot, wait_until
from tests.fakes.telegram_api import FakeTelegram, SentMessage

GROUP, MEMBER, ADMIN = -100900, 501, 502


async def say(tg: FakeTelegram, text: str, *, user_id: int | None = None, anonymous: bool = False,
              chat: int = GROUP) -> SentMessage:
    """Send text to the group as a user and return the bot's one reply."""
    before = len(tg.sent(chat))
    tg.user_sends(chat, f"{text.split()[0]}@{tg.bot_username} {' '.join(text.split()[1:])}".strip(),
                  chat_type="supergroup", user_id=user_id, anonymous=anonymous)
    return (await tg.wait_for_messages_async(chat, before + 1))[before]


async def test_a_member_cannot_change_the_group(bot: BotHarness, tg: FakeTelegram, store: Store) -> None:
    tg.set_member(GROUP, MEMBER, "member")
    assert "Subscribed" in (await say(tg, "/subscribe harbour", user_id=ADMIN)).visible_text
    await say(tg, "/digest 08:00", user_id=ADMIN)
    for command in ("/subscribe dam", "/unsubscribe harbour", "/digest off", "/timezone Asia/Tokyo", "/stop"):
        refused = await say(tg, command, user_id=MEMBER)
        assert "Only this group's admins" in refused.visible_text, command
    chat = store.get_chat(GROUP)
    assert [s.query for s in store.list_subscriptions(GROUP)] == ["harbour"]
    assert chat is not None and chat.digest_time == "08:00" and chat.timezone is None
    for command in ("/subscriptions", "/digest", "/timezone", "/help"):  # reading is open to all
        assert "Only this group's admins" not in (await say(tg, command, user_id=MEMBER)).visible_text
    assert tg.count("getChatMember") == 7  # once per change asked for (2 by the admin, 5 refused), none to read


async def test_admins_and_anonymous_admins_can(bot: BotHarness, tg: FakeTelegram, store: Store) -> None:
    tg.set_member(GROUP, ADMIN, "creator")
    assert "Subscribed" in (await say(tg, "/subscribe", user_id=ADMIN)).visible_text
    assert "Time zone set" in (await say(tg, "/timezone Europe/Berlin", anonymous=True)).visible_text
    assert tg.count("getChatMember") == 1  # an anonymous admin writes as the group: nothing to ask
    assert "deleted" in (await say(tg, "/stop", anonymous=True)).visible_text
    assert store.get_chat(GROUP) is None


async def test_the_unsubscribe_button_is_for_admins(bot: BotHarness, tg: FakeTelegram, store: Store) -> None:
    tg.set_member(GROUP, MEMBER, "member")
    await say(tg, "/subscribe harbour", user_id=ADMIN)
    menu = await say(tg, "/unsubscribe", user_id=MEMBER)  # the buttons are shown to anyone
    [button] = buttons(menu.reply_markup)
    tg.user_clicks(GROUP, menu.message_id, button["callback_data"], user_id=MEMBER)
    await wait_until(lambda: tg.callback_answers)
    assert "Only this group's admins" in tg.callback_answers[-1].get("text", "")
    assert [s.query for s in store.list_subscriptions(GROUP)] == ["harbour"]


async def test_a_failed_check_changes_nothing(bot: BotHarness, tg: FakeTelegram, store: Store) -> None:
    tg.fail_next("getChatMember", 500)
    refused = await say(tg, "/subscribe harbour", user_id=ADMIN)
    assert "could not check" in refused.visible_text and store.list_subscriptions(GROUP) == []
    assert "Subscribed" in (await say(tg, "/subscribe harbour", user_id=ADMIN)).visible_text


async def test_anyone_may_change_when_the_setting_is_off(tg: FakeTelegram, bot_settings: Settings, store: Store,
                                                          clock: FakeClock) -> None:
    settings = dataclasses.replace(bot_settings, bot=dataclasses.replace(bot_settings.bot, group_admins_only=False))
    tg.set_member(GROUP, MEMBER, "member")
    async with running_bot(tg, settings, store, clock):
        assert "Subscribed" in (await say(tg, "/subscribe dam", user_id=MEMBER)).visible_text
    assert tg.count("getChatMember") == 0
