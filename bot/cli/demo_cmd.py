"""`briefbot demo`: an offline run on bundled sample feeds, printing the digest a subscriber would get."""
from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

from bot.cli.common import USER_ERRORS, fail
from config import ConfigError, Settings
from config.settings import check_timezone


def register(sub: argparse._SubParsersAction) -> None:
    """Register the `demo` subcommand."""
    parser = sub.add_parser(
        "demo",
        help="offline demo: collect bundled sample feeds and print the digest",
        description="Serve bundled fictional news feeds on 127.0.0.1, collect and summarize them into a "
        "temporary store, and print the daily digest a subscriber would get. No network beyond 127.0.0.1.",
    )
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--plain", action="store_true", help="plain text (no ANSI styles; also when NO_COLOR is set)")
    out.add_argument("--html", action="store_true", help="print the Telegram HTML messages instead")
    parser.add_argument("--keep", metavar="DIR", type=Path, help="keep the demo store (SQLite) in DIR")
    parser.add_argument("--now", metavar="ISO", help="pretend it is this moment, e.g. 2026-11-30T07:00 (UTC if no offset)")
    parser.add_argument("--timezone", metavar="AREA/CITY", help="show times in this IANA zone (default: config)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the demo and print its digest."""
    from bot.demo import DemoError, print_demo, run_demo

    if DemoError not in USER_ERRORS:
        USER_ERRORS.append(DemoError)
    now = _parse_now(args.now) if args.now else None
    tz = check_timezone(args.timezone, "--timezone") if args.timezone else None
    result = run_demo(settings, now=now, keep=args.keep, tz=tz)
    color = not args.plain and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    print_demo(result, color=color, html=args.html)
    if result.report.sources_failed:
        return fail(f"demo: {result.report.sources_failed} of the bundled sample sources failed (reasons above)")
    return 0


def _parse_now(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"--now: expected an ISO date-time like 2026-11-30T07:00, got {text!r}") from None
