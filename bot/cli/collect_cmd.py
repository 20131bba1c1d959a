"""`briefbot collect [--watch]`: one collection pass over every enabled source, or the scheduler without the bot."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from concurrent.futures import Executor
from dataclasses import replace
from typing import Any

from bot.cli.common import USER_ERRORS
from collector import CollectorError, collect_sources, run_watch
from collector.entries import cpu_executor
from collector.models import PassReport, Source
from config import Settings
from storage import StoreError, open_store

log = logging.getLogger(__name__)

USER_ERRORS.extend([CollectorError, StoreError])
PROCESS_POOL_FROM = 10  # sources; below this the start-up cost of worker processes is not worth it


def register(sub: argparse._SubParsersAction) -> None:
    """Register the `collect` subcommand."""
    parser = sub.add_parser("collect", help="collect new articles from every enabled source now",
                            description="Check every enabled source now (or, with --watch, the due ones every "
                                        "tick until Ctrl-C) and store new articles with their summaries.")
    parser.add_argument("--watch", action="store_true", help="keep running: check due sources every tick")
    parser.add_argument("--workers", type=int, metavar="N", default=None,
                        help="worker processes for extraction and summarizing (0: threads; default: one per core "
                             "but one, for many sources)")
    parser.add_argument("--no-pages", action="store_true", help="use the feeds' own content, fetch no pages")
    parser.set_defaults(func=run)


def config_sources(settings: Settings) -> list[Source]:
    """The [[sources]] of the config file as Source objects."""
    return [Source(url=s.url, name=s.name, interval=s.interval or settings.collector.default_interval,
                   language=s.language) for s in settings.sources]


def make_executor(workers: int | None, sources: int) -> Executor | None:
    """A process pool for CPU-bound work (None: the loop's thread pool).

    By default one worker per core but one: the collecting process itself spends about 40% of the CPU of an
    article (HTTP, feeds, story matching, storing). On 2 cores one worker is as fast as two (bench_collect:
    124.7 s and 124.9 s for 20,000 articles) and needs 150 MB less.
    """
    if workers is None:
        workers = max(1, (os.cpu_count() or 1) - 1) if sources >= PROCESS_POOL_FROM else 0
    if workers <= 0:
        return None
    return cpu_executor(workers)


class ProgressBar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, label: str = "collecting") -> None:
        self.label = label
        self.active = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.active or not total:
            return
        filled = int(30 * done / total)
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'-' * (30 - filled)}] {done}/{total}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def print_report(report: PassReport) -> None:
    """The failed sources on stderr, then the one-line summary on stdout."""
    for label, reason in sorted(report.errors.items()):
        print(f"  failed: {label}: {reason}", file=sys.stderr)
    print(report.line())


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run one pass (or watch); print the pass summary."""
    if args.no_pages:
        settings = replace(settings, collector=replace(settings.collector, fetch_pages=False))
    store = open_store(settings.database_url)
    try:
        store.ensure_sources(config_sources(settings))
        sources = store.list_sources(enabled_only=True)
        executor = make_executor(args.workers, 1_000 if args.watch else len(sources))
        try:
            if args.watch:
                return _watch(store, settings, executor)
            if not sources:
                print("no enabled sources: add one with `briefbot sources add URL` or [[sources]] in the config",
                      file=sys.stderr)
                return 0
            report = collect_sources(sources, store, settings, progress=ProgressBar(), executor=executor)
        finally:
            if executor is not None:
                executor.shutdown(cancel_futures=True)
        print_report(report)
        return 0
    finally:
        store.close()


def _watch(store: Any, settings: Settings, executor: Executor | None) -> int:
    print(f"watching: checking due sources every {settings.collector.tick_seconds}s (Ctrl-C to stop)",
          file=sys.stderr)
    run_watch(store, settings, on_report=print_report, executor=executor)
    print("stopped", file=sys.stderr)
    return 0
