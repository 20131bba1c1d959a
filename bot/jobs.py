"""Scheduled jobs of `briefbot run`: the collection tick and the digest tick (JobQueue = APScheduler)."""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from telegram.ext import ContextTypes, JobQueue

from bot.handlers_common import Services, services
from collector.models import PassReport

log = logging.getLogger(__name__)

COLLECT_JOB = "collect-tick"
DIGEST_JOB = "digest-tick"
RESUME_JOB = "digest-resume"
DIGEST_TICK_SECONDS = 60


def schedule_jobs(job_queue: JobQueue, svc: Services) -> None:
    """Register the two repeating jobs under their stable names (replacing any earlier ones)."""
    for name in (COLLECT_JOB, DIGEST_JOB):
        for job in job_queue.get_jobs_by_name(name):
            job.schedule_removal()
    job_queue.run_repeating(
        collect_tick,
        interval=timedelta(seconds=svc.settings.collector.tick_seconds),
        first=timedelta(seconds=1),
        name=COLLECT_JOB,
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
    )
    job_queue.run_repeating(
        digest_tick,
        interval=timedelta(seconds=DIGEST_TICK_SECONDS),
        first=timedelta(seconds=2),
        name=DIGEST_JOB,
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
    )


def run_collect_pass(svc: Services, now: datetime | None = None) -> PassReport:
    """One collection pass over the due sources (blocking; runs in a worker thread)."""
    from collector import run_tick  # imported late: the collector pulls in the summarizer

    return run_tick(svc.store, svc.settings, now=now or svc.clock.now())


async def collect_tick(context: ContextTypes.DEFAULT_TYPE) -> PassReport | None:
    """Job "collect-tick": collect due sources in a worker thread so the bot keeps answering."""
    svc = services(context)
    if svc.collect_lock.locked():
        log.info("collect-tick skipped: the previous pass is still running")
        return None
    async with svc.collect_lock:
        svc.collect_started = started = svc.clock.now()  # digests end their story window here meanwhile
        try:
            report = await asyncio.to_thread(run_collect_pass, svc, started)
        except Exception:  # noqa: BLE001 - a failed pass must not stop the schedule
            log.exception("collect-tick failed")
            return None
        finally:
            svc.collect_started = None
    if report.new_articles or report.sources_failed:
        log.info("collect-tick: %s", report.line())
    return report


async def digest_tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job "digest-tick": send the digests that are due now (bot.digests does the work)."""
    from bot import digests

    svc = services(context)
    try:
        await digests.digest_tick(svc.sender, svc.store, svc.settings, clock=svc.clock, until=svc.collect_started)
    except Exception:  # noqa: BLE001 - one failed tick must not stop the schedule
        log.exception("digest-tick failed")


async def resume_digests(context: ContextTypes.DEFAULT_TYPE) -> None:
    """One-shot job at start: finish the digests a crash or restart left pending."""
    from bot import digests

    svc = services(context)
    try:
        report = await digests.resume_pending(svc.sender, svc.store, svc.settings, svc.clock.now())
    except Exception:  # noqa: BLE001 - the digest tick retries every minute
        log.exception("resuming pending digests failed")
        return
    if report.resumed or report.sent or report.failed:
        log.info("resumed pending digests: %s", report.line())
