"""The scheduled jobs inside the real Application: "collect-tick" collects a local feed, "digest-tick" delivers."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from telegram import Update

from bot.app import build_application
from bot.clock import FakeClock
from bot.jobs import COLLECT_JOB, DIGEST_JOB
from collector.models import Source
from config import Settings, load_settings
from storage import Store
from tests.bot.conftest import NOW, BotHarness, running_bot, wait_until
from tests.fakes.telegram_api import FakeTelegram

USER = 7171


async def test_collect_and_digest_jobs(tg: FakeTelegram, store: Store, clock: FakeClock, feed_server: str,
                                       tmp_path: Path) -> None:
    settings = load_settings(env={}, overrides={
        "general": {"data_dir": str(tmp_path)},
        "collector": {"allow_private_networks": True, "fetch_pages": False, "tick_seconds": 45},
        "bot": {"token": tg.token, "api_base_url": tg.base_url},
    })
    store.add_source(Source(url=f"{feed_server}/feed.xml", name="Northern Courier"))
    app = build_application(settings, store, clock=clock, close_store=False)
    jobs = {job.name: job for job in app.job_queue.jobs()}
    assert set(jobs) == {COLLECT_JOB, DIGEST_JOB}
    assert jobs[COLLECT_JOB].job.trigger.interval == timedelta(seconds=45)
    assert jobs[DIGEST_JOB].job.trigger.interval == timedelta(seconds=60)
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1, allowed_updates=Update.ALL_TYPES)
        harness = BotHarness(app, tg, store)
        try:
            # the first collect-tick runs a second after start, without blocking the bot
            await harness.ask(USER, "/subscribe miners")
            await wait_until(lambda: store.count_articles() == 2, timeout=30)
            [brief] = await harness.ask(USER, "/brief")
            assert "Tarsk miners demand safety inspections" in brief.visible_text
            assert "Agna Ferrow" in brief.visible_text or "union" in brief.visible_text.lower()
            source = store.get_source("Northern Courier")
            assert source.last_success is not None and source.articles_collected == 2
            # digest-tick delivers the chat's digest once its local time has come
            await harness.ask(USER, "/digest 08:30")
            before = len(tg.sent(USER))
            await jobs[DIGEST_JOB].run(app)
            [digest] = (await tg.wait_for_messages_async(USER, before + 1))[before:]
            assert "Tarsk miners" in digest.visible_text and "Lanthe" not in digest.visible_text
            await jobs[DIGEST_JOB].run(app)  # exactly once per day: the second tick sends nothing
            await harness.ask(USER, "/help")
            assert sum("Tarsk miners" in m.visible_text for m in tg.sent(USER)[before:]) == 1
        finally:
            await app.updater.stop()
            await app.stop()


async def test_collect_tick_survives_a_failing_source(tg: FakeTelegram, bot_settings: Settings, store: Store,
                                                    clock: FakeClock) -> None:
    store.add_source(Source(url="http://127.0.0.1:9/feed.xml", name="Dead Feed"))
    async with running_bot(tg, bot_settings, store, clock, schedule_jobs=True) as harness:
        await wait_until(lambda: store.get_source("Dead Feed").last_error, timeout=20)
        [msg] = await harness.ask(USER, "/start")  # the bot still answers, the schedule goes on
        assert "briefbot" in msg.visible_text
        assert harness.app.job_queue.get_jobs_by_name(COLLECT_JOB)
    source = store.get_source("Dead Feed")
    assert source.failures == 1 and source.next_check > NOW


async def test_start_resumes_a_pending_digest(tg: FakeTelegram, bot_settings: Settings, store: Store,
                                              clock: FakeClock) -> None:
    store.upsert_chat(USER, type="private")
    store.update_chat(USER, digest_time="08:00")
    parts = ["<b>Digest</b> part one", "<b>Digest</b> part two", "<b>Digest</b> part three"]
    delivery = store.start_delivery(USER, NOW.date(), parts, since=None, until=NOW - timedelta(hours=1))
    store.mark_part_sent(delivery.id, 1)  # the previous process died after the first part
    async with running_bot(tg, bot_settings, store, clock):
        messages = await tg.wait_for_messages_async(USER, 2)
        await wait_until(lambda: store.get_delivery(USER, NOW.date()).status == "sent")
    assert [m.text for m in messages] == parts[1:]
    assert store.pending_deliveries() == []


async def test_articles_of_a_pass_in_progress_reach_the_next_digest(tg: FakeTelegram, store: Store,
                                                                    clock: FakeClock, tmp_path: Path) -> None:
    # A collection pass stamps its articles with its start time but commits them later. A digest sent while
    # the pass runs must end its story window at the pass's start, or the next digest (which begins where
    # this one ended) would never show those articles.
    from telegram.ext import CallbackContext

    from bot import jobs
    from tests.fakes.digest_news import add_digest_chat, digest_settings, save_story

    settings = digest_settings(tmp_path, token=tg.token, api_base_url=tg.base_url)
    add_digest_chat(store, USER)
    save_story(store, 1, "Velmora council reopens the ferry pier", collected=NOW - timedelta(hours=3))
    app = build_application(settings, store, clock=clock, schedule_jobs=False, close_store=False)
    async with app:
        svc = app.bot_data["services"]
        pass_start = NOW - timedelta(minutes=1)
        svc.collect_started = pass_start  # what collect-tick records while its worker thread runs
        await jobs.digest_tick(CallbackContext(app))
        [first] = await tg.wait_for_messages_async(USER, 1)
        svc.collect_started = None
        save_story(store, 2, "Kessel dam engineers report new cracks", collected=pass_start)  # the pass commits
        clock.advance(days=1)
        await jobs.digest_tick(CallbackContext(app))
        [_, second] = await tg.wait_for_messages_async(USER, 2)
    assert "ferry pier" in first.visible_text and "Kessel dam" not in first.visible_text
    assert "Kessel dam" in second.visible_text and "ferry pier" not in second.visible_text
