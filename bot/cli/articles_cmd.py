"""`briefbot articles`: list stored articles, newest first, as text lines or JSON."""
from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import datetime, timedelta, timezone

from bot.cli.common import USER_ERRORS
from collector.models import Article
from config import Settings
from storage import StoreError, open_store

_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$", re.IGNORECASE)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class DurationError(ValueError):
    """A duration argument is not like 30m, 24h or 7d."""


USER_ERRORS.extend([StoreError, DurationError])


def parse_duration(text: str, option: str = "--since") -> timedelta:
    """Parse '30m', '24h', '7d', '2w' or '90s' into a timedelta; DurationError names the bad value."""
    match = _DURATION.match(text or "")
    if not match:
        raise DurationError(f"{option}: bad duration {text!r} (use a number and a unit: 30m, 24h, 7d, 2w)")
    try:
        return timedelta(**{_UNITS[match.group(2).lower()]: int(match.group(1))})
    except OverflowError:
        raise DurationError(f"{option}: duration {text!r} is too long") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    """Register the `articles` subcommand."""
    parser = sub.add_parser("articles", help="list collected articles, newest first",
                            description="List collected articles, newest first (by publication date).")
    parser.add_argument("--since", metavar="DURATION", help="only articles collected in the last DURATION (30m, 24h, 7d)")
    parser.add_argument("--source", metavar="NAME", help="only articles of this source (name or URL)")
    parser.add_argument("--story", metavar="ID", type=int, help="only articles of this story")
    parser.add_argument("--limit", metavar="N", type=_positive, help="at most N articles")
    parser.add_argument("--json", action="store_true", help="print a JSON array (with summary and key points)")
    parser.set_defaults(func=run_articles)


def format_line(article: Article) -> str:
    """One text line: date, source, story id, title."""
    when = article.published or article.collected
    stamp = when.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M") if when else "----------------"
    story = f"story {article.story_id}" if article.story_id is not None else "story -"
    return f"{stamp}  {article.source or '-'}  {story}  {article.title or article.url}"


def run_articles(args: argparse.Namespace, settings: Settings, now: datetime | None = None) -> int:
    """List articles from the configured store."""
    since = None
    if args.since is not None:
        span = parse_duration(args.since)
        now = now or datetime.now(timezone.utc)
        # a span longer than recorded time simply means "everything"
        since = now - span if span < now - datetime(1970, 1, 1, tzinfo=timezone.utc) else None
    store = open_store(settings.database_url)
    try:
        found = store.list_articles(since=since, source=args.source, story_id=args.story, limit=args.limit)
    finally:
        store.close()
    if args.json:
        json.dump([a.to_dict() for a in found], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for article in found:
            print(format_line(article))
    return 0
