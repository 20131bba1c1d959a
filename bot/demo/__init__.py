"""`briefbot demo`: serve bundled fictional feeds on 127.0.0.1, collect and summarize them, print a digest.

Everything runs offline: the pages come from `bot.demo_data`, dated relative to the demo clock so that
"today", "next Tuesday" and "on 14 December" stay upcoming; the store is a temporary SQLite file.
"""
from __future__ import annotations

import dataclasses
import logging
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from briefing import rank_stories, render_digest, render_terminal
from collector import Source, collect_sources
from collector.models import PassReport, Story
from config import Settings
from storage import open_store

from bot.demo.server import DemoServer
from bot.demo.site import build_site, load_outlets
from bot.stories import subscribed_stories

log = logging.getLogger(__name__)

STORE_FILE = "briefbot-demo.db"
DIGEST_HOURS = 24
SUBSCRIPTIONS = [("all", "", None)]  # the demo subscriber follows everything


class DemoError(RuntimeError):
    """The demo cannot run (e.g. --keep points at an existing store)."""


@dataclass
class DemoResult:
    """What a demo run produced: the collection report, the stories and the digest messages (HTML)."""

    report: PassReport
    stories: list[Story]
    messages: list[str]
    store_path: Path | None


def demo_settings(settings: Settings) -> Settings:
    """The user's settings with what the demo needs: private addresses allowed (127.0.0.1), pages fetched."""
    collector = dataclasses.replace(settings.collector, allow_private_networks=True, fetch_pages=True)
    return dataclasses.replace(settings, collector=collector)


def demo_clock(now: datetime | None = None) -> datetime:
    """The demo's 'now': the given moment (naive = UTC) or the current minute, in UTC."""
    if now is None:
        return datetime.now(timezone.utc).replace(second=0, microsecond=0)
    return (now if now.tzinfo else now.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def run_demo(settings: Settings, *, now: datetime | None = None, keep: Path | None = None,
             tz: ZoneInfo | None = None) -> DemoResult:
    """Serve the sample sites, collect them into a fresh store and render the digest a subscriber gets."""
    now = demo_clock(now)
    tz = tz or ZoneInfo(settings.general.timezone)
    settings = demo_settings(settings)
    with ExitStack() as stack:
        folder = _store_folder(keep, stack)
        server = stack.enter_context(DemoServer())
        server.routes = build_site(now, server.base_url)
        store = open_store(f"sqlite:///{folder / STORE_FILE}")
        stack.callback(store.close)
        wanted = [Source(url=server.base_url + o.path, name=o.name, interval=30) for o in load_outlets()]
        sources = store.ensure_sources(wanted)
        report = collect_sources(sources, store, settings, now=now)
        since = now - timedelta(hours=DIGEST_HOURS)
        stories = rank_stories(subscribed_stories(store, SUBSCRIPTIONS, since), now)
        messages = render_digest(stories, tz=tz, now=now, since=since)
        return DemoResult(report, stories, messages, folder / STORE_FILE if keep else None)


def _store_folder(keep: Path | None, stack: ExitStack) -> Path:
    if keep is None:
        return Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="briefbot-demo-")))
    keep = keep.expanduser()
    if (keep / STORE_FILE).exists():
        raise DemoError(f"{keep / STORE_FILE} already exists; remove it or choose another --keep directory")
    keep.mkdir(parents=True, exist_ok=True)
    return keep


def print_demo(result: DemoResult, *, out: TextIO | None = None, err: TextIO | None = None,
               color: bool = False, html: bool = False) -> None:
    """Print the digest (terminal rendering, or the raw Telegram HTML) and the collection line on stderr."""
    out = out or sys.stdout
    err = err or sys.stderr
    if html:
        for index, message in enumerate(result.messages, 1):
            out.write(f"<!-- message {index}/{len(result.messages)} -->\n{message}\n")
    else:
        out.write(render_terminal(result.messages, color=color))
    out.flush()
    print(f"demo: {result.report.line()}", file=err)
    for label, reason in sorted(result.report.errors.items()):
        print(f"demo: {label}: {reason}", file=err)
    if result.store_path:
        print(f"demo: store kept at {result.store_path}", file=err)
