"""End-to-end: /brief (with "More" and "Source" buttons), /agenda, blocked chats."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from bot.clock import FakeClock, SystemClock
from config import Settings
from storage import Store
from tests.bot.conftest import NOW, BotHarness, News, buttons, make_article, running_bot, wait_until
from tests.fakes.telegram_api import FakeTelegram

USER = 6161


async def test_brief_without_subscriptions_gets_hint(bot: BotHarness, news: News) -> None:
    [msg] = await bot.ask(USER, "/brief")
    assert "No subscriptions" in msg.visible_text and "/subscribe" in msg.visible_text


async def test_brief_all_stories_with_key_points_and_buttons(bot: BotHarness, news: News) -> None:
    await bot.ask(USER, "/subscribe")
    [msg] = await bot.ask(USER, "/brief")
    text = msg.visible_text
    # the merged ferry story ranks first: two outlets, demand/warning/meeting with actors and places
    assert text.index("Velmora council demands return of night ferries") < text.index("Kessel dam")
    assert "2 outlets" in text and "Velmora Gazette" in text and "Askel Courier" in text
    assert "restore the night crossings" in text and "harbour council of Velmora" in text
    assert "Port Askel" in text and "Dec" in text
    assert "harbour council of Velmora demanded" in text  # summary sentence
    # article text is escaped: the title's <b> and the summary's <script> show as text
    assert "Engineers <b>inspect</b> Kessel dam & rains" in text
    assert "<script>" in text and "&lt;script&gt;" in msg.text
    assert f'href="{news.ferry_url}"' in msg.text
    assert msg.parse_mode == "HTML" and msg.previews_disabled
    found = buttons(msg.reply_markup)
    more = [b for b in found if "callback_data" in b]
    source = [b for b in found if "url" in b]
    assert [b["callback_data"] for b in more] == [f"more:{news.ferry_story}", f"more:{news.dam_story}"]
    assert source[0]["url"] == news.ferry_url and source[0]["text"] == "Source"


async def test_more_button_shows_every_key_point(bot: BotHarness, tg: FakeTelegram, news: News) -> None:
    await bot.ask(USER, "/subscribe")
    [msg] = await bot.ask(USER, "/brief")
    assert "tourism would fall by half" not in msg.visible_text  # beyond the first two warnings
    [more] = await bot.click(USER, msg.message_id, f"more:{news.ferry_story}")
    assert "tourism would fall by half" in more.visible_text
    assert "school trips would be cancelled" in more.visible_text
    assert "Askel Courier" in more.visible_text
    assert tg.callback_answers  # the button's spinner was stopped


async def test_more_button_for_deleted_story(bot: BotHarness, tg: FakeTelegram, news: News) -> None:
    await bot.ask(USER, "/subscribe")
    [msg] = await bot.ask(USER, "/brief")
    tg.user_clicks(USER, msg.message_id, "more:999999")
    await bot.ask(USER, "/help")  # processed in order: the click was handled before this
    assert "no longer stored" in str(tg.callback_answers[-1])
    assert len(tg.sent(USER)) == 3  # subscribe, brief, help: no message for the stale button


async def test_brief_topic_argument_and_topic_subscription(bot: BotHarness, news: News) -> None:
    [msg] = await bot.ask(USER, "/brief dam !ferry")
    assert "Kessel dam" in msg.visible_text and "ferries" not in msg.visible_text
    [none] = await bot.ask(USER, '/brief "volcanic ash"')
    assert "No recent stories about" in none.visible_text
    await bot.ask(USER, '/subscribe "night crossings"')
    [sub] = await bot.ask(USER, "/brief")
    assert "night ferries" in sub.visible_text and "Kessel" not in sub.visible_text


async def test_brief_bad_topic_gets_hint(bot: BotHarness, news: News) -> None:
    [msg] = await bot.ask(USER, "/brief !")
    assert "Not a usable topic" in msg.visible_text


async def test_brief_ignores_old_stories(bot: BotHarness, clock: FakeClock, news: News) -> None:
    await bot.ask(USER, "/subscribe")
    clock.advance(days=10)
    [msg] = await bot.ask(USER, "/brief")
    assert "No recent stories" in msg.visible_text


async def test_brief_long_is_split_under_limit(bot: BotHarness, store: Store, news: News) -> None:
    long = ["Delegates of the Orlan assembly debated the budget line by line for many hours. " * 12,
            "The finance minister of Orlan warned of a shortfall in the coastal provinces. " * 12]
    for n in range(10, 18):
        store.save_article(make_article(n, f"Orlan budget debate part {n}", long, source=f"Orlan Daily {n}",
                                        collected=NOW - timedelta(minutes=n)))
    await bot.ask(USER, "/subscribe orlan")
    await bot.ask(USER, "/brief", replies=2)

    def parts() -> list:
        return bot.tg.sent(USER)[1:]

    await wait_until(lambda: sum(m.visible_text.count("Orlan budget debate part") for m in parts()) >= 6)
    await bot.ask(USER, "/help")  # everything of /brief has arrived before this answer
    briefing = parts()[:-1]
    assert len(briefing) >= 2
    assert all(len(m.visible_text) <= 4096 for m in briefing)
    assert sum(m.visible_text.count("Orlan budget debate part") for m in briefing) == 6  # brief_max_stories
    for m in briefing:  # each part's buttons belong to the stories it shows
        assert len(buttons(m.reply_markup)) == 2 * m.visible_text.count("Orlan budget debate part")


async def test_agenda_lists_upcoming_meetings(bot: BotHarness, news: News) -> None:
    [msg] = await bot.ask(USER, "/agenda")
    assert "Upcoming meetings" in msg.visible_text
    assert "Port Askel" in msg.visible_text and "Thu 3 Dec" in msg.visible_text


async def test_agenda_without_meetings(bot: BotHarness, clock: FakeClock, news: News) -> None:
    clock.advance(days=8)  # the 3 December meeting is past
    [msg] = await bot.ask(USER, "/agenda")
    assert "Port Askel" not in msg.visible_text


async def test_blocked_chat_is_marked_inactive(bot: BotHarness, tg: FakeTelegram, store: Store) -> None:
    await bot.ask(USER, "/start")
    tg.block(USER)
    tg.user_sends(USER, "/help")
    await wait_until(lambda: not store.get_chat(USER).active)
    assert store.get_chat(USER).inactive_reason == "blocked"
    tg.user_sends(USER, "/start")  # writing again: reactivated, and the bot tries to answer once more
    await wait_until(lambda: tg.count("sendMessage", status=403) == 2)  # refused again: still blocked
    await wait_until(lambda: not store.get_chat(USER).active)
    [again] = await bot.ask(USER + 1, "/start")  # other chats are unaffected
    assert "briefbot" in again.visible_text


class GatedClock(SystemClock):
    """The stories' fixed 'now'; a rate-limit wait of a second or more lasts until the test opens the gate.

    Deterministic on a loaded machine: no assumption about how fast the other chat is answered.
    """

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.waiting = 0

    def now(self) -> datetime:
        return NOW

    async def sleep(self, seconds: float) -> None:
        if seconds < 0.5:  # the global spacing between two messages (1/30 s): really wait
            await super().sleep(seconds)
            return
        self.waiting += 1
        await self.gate.wait()


async def test_chats_are_served_concurrently(tg: FakeTelegram, bot_settings: Settings, store: Store,
                                            news: News) -> None:
    long = ["Delegates of the Orlan assembly debated the budget line by line for many hours. " * 12] * 2
    for n in range(10, 14):
        store.save_article(make_article(n, f"Orlan budget debate part {n}", long, source=f"Orlan Daily {n}"))
    store.upsert_chat(USER, type="private")
    store.add_subscription(USER, "topic", "orlan")
    clock = GatedClock()
    async with running_bot(tg, bot_settings, store, clock) as harness:
        await harness.ask(USER, "/brief")  # part 1 of 2 or more; the next part waits (private rate) for the gate
        await wait_until(lambda: clock.waiting == 1, timeout=20)
        [other] = await harness.ask(USER + 1, "/help", timeout=20)  # another chat is not stuck behind that wait
        assert "Commands" in other.visible_text and len(tg.sent(USER)) == 1
        clock.gate.set()
        await tg.wait_for_messages_async(USER, 2, timeout=20)


async def test_one_chats_commands_run_in_arrival_order(bot: BotHarness, tg: FakeTelegram) -> None:
    for text in ("/subscribe dam", "/subscriptions", "/unsubscribe dam", "/subscriptions"):
        tg.user_sends(USER, text)  # all at once, without waiting for answers
    replies = await tg.wait_for_messages_async(USER, 4)
    assert "Subscribed" in replies[0].visible_text
    assert "Topic: dam" in replies[1].visible_text
    assert "Unsubscribed" in replies[2].visible_text
    assert "No subscriptions" in replies[3].visible_text


async def test_brief_in_group_and_channel(bot: BotHarness, tg: FakeTelegram, news: News) -> None:
    group, channel = -100900, -100901
    await bot.ask(group, f"/subscribe@{tg.bot_username} dam", chat_type="supergroup")
    [msg] = await bot.ask(group, f"/brief@{tg.bot_username}", chat_type="supergroup")
    assert "Kessel dam" in msg.visible_text and "ferries" not in msg.visible_text
    [more] = await bot.click(group, msg.message_id, f"more:{news.dam_story}")
    assert "further rain could force releases" in more.visible_text
    [post] = await bot.ask(channel, "/brief ferry", chat_type="channel")
    assert "night ferries" in post.visible_text and "2 outlets" in post.visible_text
