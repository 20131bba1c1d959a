"""Which stories a chat's subscriptions select: the whole window is searched, not only the newest stories."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot

import bot.digests
from bot.delivery import Sender
from bot.digests import run_due_digests
from bot.stories import MAX_MATCHES, subscribed_stories
from storage import Store
from tests.fakes.digest_news import add_digest_chat, digest_settings, save_story
from tests.fakes.telegram_api import FakeTelegram

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)


def busy_store(store: Store, newer: int) -> int:
    """An old dam story, then `newer` ferry stories collected after it; the dam story's id."""
    dam = save_story(store, 0, "Engineers inspect Kessel dam", collected=NOW - timedelta(hours=20),
                     source="Kessel Tribune").story_id
    for n in range(1, newer + 1):
        save_story(store, n, f"Ferry timetable change {n}", collected=NOW - timedelta(hours=10, seconds=-n))
    return dam


def test_a_topic_finds_a_story_older_than_the_newest(store: Store) -> None:
    dam = busy_store(store, 12)
    since = NOW - timedelta(days=1)
    assert dam not in [s.id for s in store.stories_since(since, limit=5)]
    assert [s.id for s in subscribed_stories(store, [("topic", "dam", None)], since, limit=5)] == [dam]
    source = store.list_articles(story_id=dam)[0].source_id
    assert [s.id for s in subscribed_stories(store, [("source", "Kessel Tribune", source)], since)] == [dam]
    everything = subscribed_stories(store, [("all", "", None), ("topic", "dam", None)], since, limit=5)
    assert [s.title for s in everything] == [f"Ferry timetable change {n}" for n in (12, 11, 10, 9, 8)]
    assert len(subscribed_stories(store, [("topic", "ferry", None)], since, limit=5)) == 5
    assert subscribed_stories(store, [], since) == []
    assert subscribed_stories(store, [("topic", "dam", None)], NOW - timedelta(hours=12)) == []


async def test_a_topic_digest_on_a_busy_store_keeps_its_story(tg: FakeTelegram, ptb_bot: Bot, store: Store,
                                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    busy_store(store, MAX_MATCHES + 5)  # before the fix, only the newest 500 stories were filtered
    threads: list[threading.Thread] = []

    def spy(*args: Any, **kwargs: Any) -> list:
        threads.append(threading.current_thread())
        return subscribed_stories(*args, **kwargs)

    monkeypatch.setattr(bot.digests, "subscribed_stories", spy)
    add_digest_chat(store, 1, topic="dam", last_digest_at=NOW - timedelta(days=1))
    fast = digest_settings(tmp_path)
    report = await run_due_digests(Sender(ptb_bot, fast.bot), store, fast, NOW)
    [digest] = tg.sent(1)
    assert report.sent == 1 and "Kessel dam" in digest.visible_text
    assert threads and threading.main_thread() not in threads  # reading the window never blocks the bot's loop
