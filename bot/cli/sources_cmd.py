"""`briefbot sources add|list|remove|import|export`: manage news sources at run time."""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from bot.cli.common import USER_ERRORS
from collector import CollectorError, UnsafeURLError, check_url
from collector.models import Source
from collector.opml import read_opml, write_opml
from config import Settings
from storage import DuplicateSourceError, StoreError, open_store

USER_ERRORS.extend([CollectorError, StoreError])


def register(sub: argparse._SubParsersAction) -> None:
    """Register the `sources` command group."""
    parser = sub.add_parser("sources", help="add, list, remove, import or export news sources",
                            description="Manage news sources (feed or site URLs).")
    group = parser.add_subparsers(dest="sources_command", metavar="ACTION", required=True)
    add = group.add_parser("add", help="add a feed or site URL")
    add.add_argument("url")
    add.add_argument("--name", help="a short name (default: the URL)")
    add.add_argument("--interval", type=_minutes, metavar="MIN", help="minutes between checks")
    add.set_defaults(func=cmd_add)
    listing = group.add_parser("list", help="list sources with their fetch state")
    listing.set_defaults(func=cmd_list)
    remove = group.add_parser("remove", help="remove a source (its articles stay)")
    remove.add_argument("source", metavar="NAME|URL")
    remove.set_defaults(func=cmd_remove)
    imp = group.add_parser("import", help="add the feeds of an OPML file")
    imp.add_argument("file", metavar="FILE.opml")
    imp.set_defaults(func=cmd_import)
    exp = group.add_parser("export", help="write every source as OPML 2.0 (stdout without FILE)")
    exp.add_argument("file", nargs="?", metavar="FILE")
    exp.set_defaults(func=cmd_export)


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected whole minutes, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 minute, got {value}")
    return value


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    """Check the URL is safe, then store the source."""
    check_url(args.url, allow_private=settings.collector.allow_private_networks)
    with open_store(settings.database_url) as store:
        added = store.add_source(Source(url=args.url, name=args.name,
                                        interval=args.interval or settings.collector.default_interval))
    print(f"added source {added.id}: {added.label} (every {added.interval} min)")
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    """Remove a source by name or URL; its articles are kept."""
    with open_store(settings.database_url) as store:
        removed = store.remove_source(args.source)
    print(f"removed source {removed.id}: {removed.label}")
    return 0


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


def _cut(text: str | None, width: int) -> str:
    text = (text or "-").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    """Print a table of sources and their fetch state."""
    with open_store(settings.database_url) as store:
        sources = store.list_sources()
    if not sources:
        print("no sources yet: add one with `briefbot sources add URL`", file=sys.stderr)
        return 0
    header = ("ID", "NAME", "URL", "LAST SUCCESS", "LAST ERROR", "ARTICLES", "NEXT CHECK", "DISABLED")
    rows = [header] + [
        (str(s.id), _cut(s.name, 24), _cut(s.feed_url or s.url, 48), _when(s.last_success),
         _cut(s.last_error, 40), str(s.articles_collected), (_when(s.next_check) if s.next_check else "now") if s.enabled else "-",
         _cut(s.disabled_reason, 40) if not s.enabled else "-")
        for s in sources
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    """Add every feed of an OPML file; existing and unsafe ones are reported and skipped."""
    path = Path(args.file)
    found = read_opml(path.read_bytes(), where=str(path))
    added = skipped = 0
    with open_store(settings.database_url) as store:
        for source in found:
            try:
                check_url(source.url, allow_private=settings.collector.allow_private_networks)
                source.interval = settings.collector.default_interval
                store.add_source(source)
                added += 1
            except (UnsafeURLError, DuplicateSourceError) as exc:
                print(f"  skipped: {exc}", file=sys.stderr)
                skipped += 1
    print(f"imported {added} sources from {path} ({skipped} skipped)")
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write every source as OPML 2.0 to FILE or stdout."""
    with open_store(settings.database_url) as store:
        text = write_opml(store.list_sources())
    if args.file:
        Path(args.file).write_text(text, encoding="utf-8")
        print(f"exported to {args.file}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
