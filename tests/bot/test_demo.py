"""`briefbot demo`: offline, bundled feeds served on 127.0.0.1, merged stories, key points, real dates."""
from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import pytest

from bot.cli import main
from bot.demo.site import build_site, load_articles, load_outlets
from briefing import tg_len

NOW = "2026-11-30T07:00"  # a Monday; the demo's pages are dated relative to it
ROOT = Path(__file__).resolve().parents[2]
# Runs the CLI under an audit hook that refuses any socket connection not to 127.0.0.1.
GUARDED = """
import sys
def guard(event, args):
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and address[0] not in ("127.0.0.1", "::1", "localhost"):
            raise RuntimeError(f"network beyond 127.0.0.1: {address!r}")
    if event == "socket.getaddrinfo" and args[0] not in ("127.0.0.1", "localhost", "::1", None):
        raise RuntimeError(f"DNS lookup: {args[0]!r}")
sys.addaudithook(guard)
from bot.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every address a socket connects to during the test (real connections still happen)."""
    seen: list[Any] = []
    original = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        seen.append(address)
        return original(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return seen


def check_digest(text: str) -> None:
    """The digest a subscriber gets: merged stories, the three sections, resolved meeting dates."""
    assert "Daily briefing · Mon 30 Nov" in text
    assert "3 outlets: " in text and "2 outlets: " in text
    for section in ("✊ Demands", "⚠️ Warnings", "📅 Upcoming meetings", "📰 Stories"):
        assert section in text
    assert "Mon 30 Nov (today) · Merrowgate" in text  # "will meet in Merrowgate today"
    assert "Tue 8 Dec" in text  # "next Tuesday" from a Monday article
    assert "Wed 16 Dec" in text  # "on 16 December", written as {{day:+16}}
    assert "demanded a 9 percent pay rise" in text and "warned" in text
    assert text.index("Tue 8 Dec") < text.index("Wed 16 Dec")


def test_demo_in_process_plain(capsys: pytest.CaptureFixture[str], connections: list[Any]) -> None:
    assert main(["demo", "--plain", "--now", NOW]) == 0
    out, err = capsys.readouterr()
    check_digest(out)
    assert "\x1b" not in out
    assert re.search(r"demo: 3 sources ok, 0 failed, 13 new articles, 0 duplicates, [\d.]+s", err)
    assert connections and all(address[0] == "127.0.0.1" for address in connections)


def test_demo_html_and_keep(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--html", "--keep", str(tmp_path), "--now", NOW]) == 0
    out, err = capsys.readouterr()
    messages = re.split(r"<!-- message \d+/\d+ -->\n", out)[1:]
    assert len(messages) >= 2
    for message in messages:
        assert tg_len(message.strip()) <= 4096
        balanced(message)
    assert "<b>✊ Demands</b>" in out and '<a href="http://127.0.0.1:' in out
    assert (tmp_path / "briefbot-demo.db").stat().st_size > 0 and "store kept at" in err
    # a second run must not mix into (or delete) the kept store
    assert main(["demo", "--keep", str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_demo_as_a_subprocess_reaches_only_loopback() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", GUARDED, "demo", "--plain"], capture_output=True, text=True, timeout=180, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "13 new articles" in proc.stderr
    assert "outlets: " in proc.stdout and "📅 Upcoming meetings" in proc.stdout and "(today)" in proc.stdout
    assert "\x1b" not in proc.stdout  # not a terminal: no ANSI


def test_bad_now_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--now", "yesterday-ish"]) == 1
    assert "--now: expected an ISO date-time" in capsys.readouterr().err


def test_site_feeds_parse_and_dates_are_relative() -> None:
    now = datetime(2026, 12, 20, 9, 30, tzinfo=timezone.utc)
    routes = build_site(now, "http://127.0.0.1:8")
    outlets = load_outlets()
    assert {o.feed for o in outlets} == {"rss", "atom", "json"}
    total = 0
    for outlet in outlets:
        body = routes[outlet.path][1]
        if outlet.feed == "json":
            entries = json.loads(body)["items"]
            stamps = [datetime.fromisoformat(e["date_published"]) for e in entries]
        else:
            parsed = feedparser.parse(body)
            assert not parsed.bozo, parsed.bozo_exception
            entries = parsed.entries
            stamps = [datetime(*e.published_parsed[:6], tzinfo=timezone.utc) for e in entries]
        assert all(now - timedelta(hours=12) <= s <= now for s in stamps)
        total += len(entries)
    assert total == len(load_articles()) >= 12
    pages = [body.decode() for path, (kind, body) in routes.items() if path.endswith(".html")]
    assert all("{{" not in page for page in pages)
    assert any("on 5 January" in page for page in pages)  # {{day:+16}} crosses the year
    assert date(2027, 1, 5) - now.date() == timedelta(days=16)


def balanced(markup: str) -> None:
    """Assert only Telegram tags, properly nested."""

    class Checker(HTMLParser):
        stack: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            assert tag in {"b", "i", "u", "s", "a", "code", "pre", "blockquote"}
            self.stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert self.stack.pop() == tag

    checker = Checker()
    checker.stack = []
    checker.feed(markup)
    assert checker.stack == []
