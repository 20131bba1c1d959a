"""End-to-end: /subscribe, /unsubscribe (arguments and buttons), /subscriptions."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pytest

from bot.clock import FakeClock
from bot.handlers_subs import MAX_SUBSCRIPTIONS
from config import load_settings
from storage import Store
from tests.bot.conftest import BotHarness, News, buttons, running_bot, wait_until
from tests.collector.server import LocalServer
from tests.fakes.telegram_api import FakeTelegram

USER = 5151


@pytest.fixture
def feed_url() -> Iterator[str]:
    """A tiny RSS feed on 127.0.0.1 (a new source a user adds by URL)."""
    with LocalServer() as server:
        server.route("/feed.xml", b"<rss version='2.0'><channel><title>Orlan Post</title></channel></rss>",
                     content_type="application/rss+xml")
        yield server.url("/feed.xml")


async def test_subscribe_all_then_duplicate(bot: BotHarness, store: Store) -> None:
    [msg] = await bot.ask(USER, "/subscribe")
    assert "all stories" in msg.visible_text
    [again] = await bot.ask(USER, "/subscribe")
    assert "already" in again.visible_text
    assert [s.kind for s in store.list_subscriptions(USER)] == ["all"]


async def test_subscribe_topic_with_phrases_and_exclusions(bot: BotHarness, store: Store) -> None:
    [msg] = await bot.ask(USER, '/subscribe ferry "night crossings" !football')
    assert "topic" in msg.visible_text and '"night crossings"' in msg.visible_text
    [sub] = store.list_subscriptions(USER)
    assert (sub.kind, sub.query) == ("topic", 'ferry "night crossings" !football')
    [dup] = await bot.ask(USER, '/subscribe  FERRY "night crossings"  !football')
    assert "Already" in dup.visible_text
    assert len(store.list_subscriptions(USER)) == 1


async def test_subscribe_bad_topic_gets_hint(bot: BotHarness, store: Store) -> None:
    [msg] = await bot.ask(USER, '/subscribe "unclosed phrase')
    assert "quote" in msg.visible_text and "Example" in msg.visible_text
    [msg] = await bot.ask(USER, '/subscribe ""')
    assert "Not a usable topic" in msg.visible_text
    assert store.list_subscriptions(USER) == []


async def test_subscribe_known_source_by_name(bot: BotHarness, store: Store, news: News) -> None:
    from collector.models import Source

    source = store.add_source(Source(url="https://velmora.example/feed.xml", name="Velmora Gazette"))
    [msg] = await bot.ask(USER, "/subscribe velmora gazette")
    assert "source" in msg.visible_text and "Velmora Gazette" in msg.visible_text
    [sub] = store.list_subscriptions(USER)
    assert (sub.kind, sub.source_id) == ("source", source.id)
    [year] = await bot.ask(USER, f"/subscribe {source.id}")  # digits are a topic, not a source id
    assert "topic" in year.visible_text
    assert [(s.kind, s.query) for s in store.list_subscriptions(USER)][1] == ("topic", str(source.id))
    [gone] = await bot.ask(USER, "/unsubscribe Velmora Gazette")
    assert "Unsubscribed: Source: Velmora Gazette" in gone.visible_text


async def test_subscribe_new_feed_url_adds_source(bot: BotHarness, store: Store, feed_url: str) -> None:
    [msg] = await bot.ask(USER, f"/subscribe {feed_url}")
    assert "Subscribed to the source" in msg.visible_text
    source = store.get_source(feed_url)
    assert source is not None
    [sub] = store.list_subscriptions(USER)
    assert (sub.kind, sub.source_id) == ("source", source.id)
    [dup] = await bot.ask(USER, f"/subscribe {feed_url}")
    assert "Already" in dup.visible_text
    assert len(store.list_sources()) == 1


async def test_subscribe_private_url_refused_without_permission(
    tg: FakeTelegram, store: Store, clock: FakeClock, tmp_path: Path, feed_url: str
) -> None:
    settings = load_settings(env={}, overrides={
        "general": {"data_dir": str(tmp_path)},
        "bot": {"token": tg.token, "api_base_url": tg.base_url},
    })
    assert settings.collector.allow_private_networks is False
    async with running_bot(tg, settings, store, clock) as harness:
        [msg] = await harness.ask(USER, f"/subscribe {feed_url}")
        [bad] = await harness.ask(USER, "/subscribe ftp://files.example/feed")
    assert "cannot use that URL" in msg.visible_text and "loopback" in msg.visible_text
    assert "only http and https" in bad.visible_text
    assert store.get_source(feed_url) is None
    assert store.list_sources() == []


async def test_subscriptions_lists_all_kinds(bot: BotHarness) -> None:
    [empty] = await bot.ask(USER, "/subscriptions")
    assert "No subscriptions" in empty.visible_text
    await bot.ask(USER, "/subscribe")
    await bot.ask(USER, "/subscribe dam <rains>")
    [msg] = await bot.ask(USER, "/subscriptions")
    assert "All stories" in msg.visible_text
    assert "Topic: dam <rains>" in msg.visible_text  # escaped on the way, shown as typed
    assert "&lt;rains&gt;" in msg.text


async def test_unsubscribe_by_argument(bot: BotHarness, store: Store) -> None:
    await bot.ask(USER, "/subscribe harbour strike")
    await bot.ask(USER, "/subscribe dam")
    [msg] = await bot.ask(USER, "/unsubscribe Harbour  Strike")
    assert "Unsubscribed" in msg.visible_text
    assert [s.query for s in store.list_subscriptions(USER)] == ["dam"]
    [missing] = await bot.ask(USER, "/unsubscribe volcano")
    assert "No subscription volcano" in missing.visible_text
    assert len(store.list_subscriptions(USER)) == 1
    await bot.ask(USER, "/subscribe")
    [all_gone] = await bot.ask(USER, "/unsubscribe all")
    assert "All stories" in all_gone.visible_text
    assert [s.query for s in store.list_subscriptions(USER)] == ["dam"]


async def test_unsubscribe_buttons_remove_one_by_one(bot: BotHarness, tg: FakeTelegram, store: Store) -> None:
    await bot.ask(USER, "/subscribe")
    await bot.ask(USER, "/subscribe dam")
    [menu] = await bot.ask(USER, "/unsubscribe")
    found = buttons(menu.reply_markup)
    assert [b["text"] for b in found] == ["✖ All stories", "✖ Topic: dam"]
    dam_id = store.list_subscriptions(USER)[1].id
    assert found[1]["callback_data"] == f"unsub:{dam_id}"
    edits_before = len(tg.edits)
    tg.user_clicks(USER, menu.message_id, found[1]["callback_data"])
    await wait_until(lambda: len(tg.edits) > edits_before and tg.callback_answers)
    assert [s.kind for s in store.list_subscriptions(USER)] == ["all"]
    assert "Removed: Topic: dam" in json.dumps(tg.callback_answers[-1])
    edited = tg.sent(USER)[-1]
    assert [b["text"] for b in buttons(edited.reply_markup)] == ["✖ All stories"]
    tg.user_clicks(USER, menu.message_id, buttons(edited.reply_markup)[0]["callback_data"])
    await wait_until(lambda: store.list_subscriptions(USER) == [] and len(tg.edits) > edits_before + 1)
    assert "No subscriptions left" in tg.sent(USER)[-1].visible_text


async def test_unsubscribe_without_subscriptions(bot: BotHarness) -> None:
    [msg] = await bot.ask(USER, "/unsubscribe")
    assert "No subscriptions" in msg.visible_text


async def test_a_chat_has_at_most_max_subscriptions(bot: BotHarness, store: Store) -> None:
    store.upsert_chat(USER, type="private")
    for n in range(MAX_SUBSCRIPTIONS):
        store.add_subscription(USER, "topic", f"harbour{n}")
    [msg] = await bot.ask(USER, "/subscribe ferries")
    assert f"{MAX_SUBSCRIPTIONS} subscriptions, the most" in msg.visible_text
    assert len(store.list_subscriptions(USER)) == MAX_SUBSCRIPTIONS
    [menu] = await bot.ask(USER, "/unsubscribe")  # every one still fits the buttons
    assert len(buttons(menu.reply_markup)) == MAX_SUBSCRIPTIONS
