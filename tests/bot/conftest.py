"""Bot fixtures: the fake Telegram Bot API, settings pointing at it, a running PTB Application, fictional news."""
from __future__ import annotations

import asyncio
import time

from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import AsyncIterator, Callable, Iterator

import pytest
from telegram import Bot, Update
from telegram.ext import Application

from bot.app import build_application
from bot.clock import FakeClock
from bot.delivery import build_bot
from collector.models import Article
from config import Settings, load_settings
from storage import Store
from summarizer.models import KeyPoint, Summary
from tests.collector.server import LocalServer
from tests.fakes.telegram_api import FakeTelegram, SentMessage

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def tg() -> Iterator[FakeTelegram]:
    """The fake Telegram Bot API server on 127.0.0.1."""
    with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def ptb_bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    """A real PTB Bot talking HTTP to the fake (for delivery and digest tests without the Application)."""
    bot = build_bot(tg.token, tg.base_url)
    async with bot:
        yield bot


@pytest.fixture
def bot_settings(tmp_path: Path, tg: FakeTelegram) -> Settings:
    """Settings whose bot token and API base URL point at the fake server."""
    return load_settings(
        env={},
        overrides={
            "collector": {"allow_private_networks": True},
            "general": {"data_dir": str(tmp_path), "timezone": "UTC"},
            "bot": {"token": tg.token, "api_base_url": tg.base_url},
        },
    )


@pytest.fixture
def clock() -> FakeClock:
    """A controllable clock at a fixed morning."""
    return FakeClock(NOW)


@dataclass
class BotHarness:
    """A running bot and helpers to act as a user against it."""

    app: Application
    tg: FakeTelegram
    store: Store

    async def ask(self, chat_id: int, text: str, *, chat_type: str = "private", replies: int = 1,
                  timeout: float = 15.0) -> list[SentMessage]:
        """Send text as a user of chat_id and return the bot's next `replies` messages to that chat."""
        before = len(self.tg.sent(chat_id))
        self.tg.user_sends(chat_id, text, chat_type=chat_type)
        messages = await self.tg.wait_for_messages_async(chat_id, before + replies, timeout=timeout)
        return messages[before:]

    async def click(self, chat_id: int, message_id: int, data: str, *, replies: int = 1) -> list[SentMessage]:
        """Press an inline button on a bot message; return the next `replies` new messages."""
        before = len(self.tg.sent(chat_id))
        self.tg.user_clicks(chat_id, message_id, data)
        messages = await self.tg.wait_for_messages_async(chat_id, before + replies)
        return messages[before:]


@asynccontextmanager
async def running_bot(tg: FakeTelegram, settings: Settings, store: Store, clock: FakeClock, *,
                      schedule_jobs: bool = False) -> AsyncIterator[BotHarness]:
    """Start build_application's Application as `briefbot run` does (post_init, jobs, polling); stop it after."""
    app = build_application(settings, store, clock=clock, schedule_jobs=schedule_jobs, close_store=False)
    async with app:
        await app.post_init(app)
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1, allowed_updates=Update.ALL_TYPES)
        try:
            yield BotHarness(app, tg, store)
        finally:
            await app.updater.stop()
            await app.stop()
    await app.post_shutdown(app)


@pytest.fixture
async def bot(tg: FakeTelegram, bot_settings: Settings, store: Store, clock: FakeClock) -> AsyncIterator[BotHarness]:
    """The real PTB Application from build_application, polling the fake server (jobs off)."""
    async with running_bot(tg, bot_settings, store, clock) as harness:
        yield harness


def buttons(markup: dict | None) -> list[dict]:
    """Every inline button of a sent message's reply_markup, row by row."""
    return [b for row in (markup or {}).get("inline_keyboard", []) for b in row]


async def wait_until(condition: Callable[[], object], timeout: float = 15.0) -> None:
    """Poll a condition every 20 ms until it holds; AssertionError after timeout seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


def make_article(n: int, title: str, sentences: list[str], *, source: str, points: list[KeyPoint] = (),
                 story_id: int | None = None, collected: datetime | None = None) -> Article:
    """A fictional article with a ready summary."""
    text = " ".join(sentences) + " " + " ".join(f"Further detail number {i} about {title.lower()}." for i in range(3))
    slug = title.lower().replace(" ", "-")[:40]
    return Article(
        url=f"https://{source.lower().replace(' ', '')}.example/{n}/{slug}",
        title=title,
        text=text,
        source=source,
        guid=f"guid-{n}",
        published=(collected or NOW - timedelta(hours=2)) - timedelta(minutes=10),
        collected=collected or NOW - timedelta(hours=2),
        language="en",
        fingerprint=f"fp-{n:04d}",
        minhash=[n, n + 1, n + 2],
        story_id=story_id,
        summary=Summary(title=title, summary=sentences[:2], key_points=list(points)),
    )


@dataclass
class News:
    """The stored fictional stories: ids to check answers against."""

    ferry_story: int
    dam_story: int
    ferry_url: str


@pytest.fixture
def news(store: Store) -> News:
    """Two stories in the store: ferries (two outlets, demand/warning/meeting) and a dam <b>&amp; rains</b>."""
    ferry_points = [
        KeyPoint(kind="demand", text="restore the night crossings", actor="The harbour council of Velmora"),
        KeyPoint(kind="warning", text="island clinics would run short of supplies within a week",
                 actor="Ilse Marren"),
        KeyPoint(kind="warning", text="school trips would be cancelled", actor="Teachers' union"),
        KeyPoint(kind="warning", text="tourism would fall by half", actor="Hotel guild"),
        KeyPoint(kind="meeting", text="Both sides will meet in Port Askel on 3 December.",
                 participants=["harbour council", "ferry operator"], place="Port Askel", when="2026-12-03"),
    ]
    first = store.save_article(make_article(
        1, "Velmora council demands return of night ferries",
        ["The harbour council of Velmora demanded that the ferry operator restore the night crossings.",
         "Council chair Ilse Marren warned that island clinics would run short of supplies."],
        source="Velmora Gazette", points=ferry_points))
    store.save_article(make_article(
        2, "Night ferry row reaches Port Askel",
        ["Ferry operator and council of Velmora will meet in Port Askel.",
         "The operator blamed fuel costs for the cut crossings."],
        source="Askel Courier", story_id=first.story_id))
    dam = store.save_article(make_article(
        3, "Engineers <b>inspect</b> Kessel dam & rains",
        ["Engineers inspected the Kessel dam after a week of rains <script>.",
         "The water board said the reservoir level was stable."],
        source="Kessel Tribune",
        points=[KeyPoint(kind="warning", text="further rain could force releases", actor="Water board")]))
    return News(ferry_story=first.story_id, dam_story=dam.story_id, ferry_url=first.url)


FEED_ITEMS = (
    ("Tarsk miners demand safety inspections",
     "The miners' union of Tarsk demanded on Friday that the mining board order safety inspections at every pit. "
     "Union leader Agna Ferrow warned that another collapse could happen within weeks if nothing changed. "
     "The mining board said inspectors were already overstretched across the northern valleys. "
     "Union and board representatives will meet in Tarsk on 4 December to discuss the inspection plan. "
     "Families of the miners gathered outside the board offices on Friday evening."),
    ("Lanthe library reopens after flood repairs",
     "The central library of Lanthe reopened on Saturday after eight months of repairs following the spring flood. "
     "Librarian Oskar Veil said most of the rare map collection had been saved by volunteers. "
     "The city council warned that the riverside archive would stay closed until the new walls were finished. "
     "Visitors queued from early morning to see the restored reading hall."),
)


def rss_feed(base: str) -> bytes:
    """A small RSS 2.0 feed of fictional news whose items carry their full text."""
    items = "".join(
        f"<item><title>{title}</title><link>{base}/story/{n}</link><guid>tarsk-{n}</guid>"
        f"<pubDate>Sat, 28 Nov 2026 07:{10 + n}:00 GMT</pubDate><description>{text}</description></item>"
        for n, (title, text) in enumerate(FEED_ITEMS)
    )
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Northern Courier</title>"
            f"<link>{base}/</link><description>News</description>{items}</channel></rss>").encode()


@pytest.fixture
def feed_server() -> Iterator[str]:
    """An RSS feed on 127.0.0.1 (`<base>/feed.xml`; other paths 404); returns the base URL."""
    with LocalServer() as server:
        server.route("/feed.xml", rss_feed(server.url("")), content_type="application/rss+xml")
        yield server.url("")
