"""Source scheduling: success/failure bookkeeping with exponential backoff, the tick, and the watch loop."""
from __future__ import annotations

import logging
import signal
import threading
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from collector.models import PassReport, Source
from collector.sink import ArticleSink
from config.settings import CollectorSettings

log = logging.getLogger(__name__)

JOB_ID = "collect-tick"


def collector_settings(settings: Any) -> CollectorSettings:
    """Accept either a full Settings or its CollectorSettings."""
    return getattr(settings, "collector", settings)


def backoff_minutes(failures: int, interval: int, cap: int) -> int:
    """Minutes until the next check after `failures` consecutive failures: interval * 2^(failures-1), capped."""
    if failures <= 0:
        return interval
    return min(cap, interval * 2 ** min(failures - 1, 30)) if cap > 0 else interval * 2 ** min(failures - 1, 30)


def record_success(source: Source, now: datetime, *, etag: str | None, last_modified: str | None,
                   new_articles: int) -> None:
    """Reset the failure count and schedule the next regular check."""
    source.last_checked = now
    source.last_success = now
    source.last_error = None
    source.failures = 0
    source.etag = etag
    source.last_modified = last_modified
    source.articles_collected += new_articles
    source.next_check = now + timedelta(minutes=max(1, source.interval))


def record_failure(source: Source, now: datetime, error: str, settings: CollectorSettings) -> None:
    """Count a failure, back off exponentially, and disable the source after max_failures in a row."""
    source.last_checked = now
    source.last_error = error
    source.failures += 1
    delay = backoff_minutes(source.failures, max(1, source.interval), settings.max_backoff_minutes)
    source.next_check = now + timedelta(minutes=delay)
    if settings.max_failures and source.failures >= settings.max_failures:
        source.enabled = False
        source.disabled_reason = f"disabled after {source.failures} consecutive failures; last: {error}"
        log.warning("source %s disabled: %s", source.label, source.disabled_reason)


def due_sources(sink: ArticleSink, now: datetime) -> list[Source]:
    """Enabled sources whose next check has come."""
    return sink.due_sources(now)


async def run_tick_async(sink: ArticleSink, settings: Any, now: datetime | None = None,
                         **kwargs: Any) -> PassReport:
    """One scheduler tick inside a running loop: collect the due sources only."""
    from collector.pipeline import collect_sources_async

    now = now or datetime.now(timezone.utc)
    sources = due_sources(sink, now)
    if not sources:
        return PassReport()
    return await collect_sources_async(sources, sink, settings, now=now, **kwargs)


def run_tick(sink: ArticleSink, settings: Any, now: datetime | None = None, **kwargs: Any) -> PassReport:
    """One scheduler tick (sync): collect the due sources only."""
    import asyncio

    return asyncio.run(run_tick_async(sink, settings, now, **kwargs))


def run_watch(sink: ArticleSink, settings: Any, *, stop: threading.Event | None = None,
              on_report: Callable[[PassReport], None] | None = None, **kwargs: Any) -> None:
    """Run the tick every tick_seconds with APScheduler until SIGINT/SIGTERM (or `stop` is set)."""
    from apscheduler.schedulers.background import BackgroundScheduler

    stop = stop or threading.Event()
    interval = collector_settings(settings).tick_seconds

    def tick() -> None:
        try:
            report = run_tick(sink, settings, **kwargs)
        except Exception:  # noqa: BLE001 - one bad tick must not end the watch
            log.exception("collection tick failed")
            return
        if report.sources_ok or report.sources_failed:
            log.info("tick: %s", report.line())
            if on_report:
                on_report(report)

    # max_instances=1 + coalesce: a slow pass is never run twice at once; missed ticks collapse into one.
    scheduler = BackgroundScheduler(timezone=timezone.utc, job_defaults={"coalesce": True, "max_instances": 1})
    scheduler.add_job(tick, "interval", seconds=interval, id=JOB_ID, replace_existing=True,
                      next_run_time=datetime.now(timezone.utc))
    previous = _install_signals(stop)
    scheduler.start()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        scheduler.shutdown(wait=True)
        _restore_signals(previous)


def _install_signals(stop: threading.Event) -> dict[int, Any]:
    if threading.current_thread() is not threading.main_thread():
        return {}
    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, lambda *_: stop.set())
    return previous


def _restore_signals(previous: dict[int, Any]) -> None:
    for sig, handler in previous.items():
        signal.signal(sig, handler)
