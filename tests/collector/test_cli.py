"""The `briefbot sources` and `briefbot collect` commands, in-process, against a local server and SQLite file."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from bot.cli import main
from collector.models import PassReport
from collector.schedule import run_watch
from tests.collector import samples
from tests.collector.conftest import make_settings
from tests.collector.server import LocalServer


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A user config: a SQLite file in tmp_path, private networks allowed (the server is on 127.0.0.1)."""
    path = tmp_path / "briefbot.toml"
    path.write_text(f'[general]\ndatabase_url = "sqlite:///{tmp_path / "cli.db"}"\n'
                    "[collector]\nallow_private_networks = true\ntotal_timeout = 5.0\n")
    return path


def cli(config: Path, *args: str) -> int:
    return main(["--config", str(config), *args])


def test_sources_add_list_remove(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(config, "sources", "add", "http://127.0.0.1:9/feed.xml", "--name", "Courier", "--interval", "15") == 0
    assert "added source 1: Courier (every 15 min)" in capsys.readouterr().out
    assert cli(config, "sources", "add", "http://127.0.0.1:9/feed.xml") == 1
    assert "already exists" in capsys.readouterr().err
    assert cli(config, "sources", "list") == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["ID", "NAME", "URL"] and "Courier" in out
    assert cli(config, "sources", "remove", "courier") == 0
    assert cli(config, "sources", "remove", "Courier") == 1
    assert "no source named or at 'Courier'" in capsys.readouterr().err


def test_sources_add_refuses_unsafe_urls(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "strict.toml"
    config.write_text(f'[general]\ndatabase_url = "sqlite:///{tmp_path / "s.db"}"\n')
    assert main(["--config", str(config), "sources", "add", "http://169.254.169.254/latest"]) == 1
    assert "cloud metadata address" in capsys.readouterr().err
    assert main(["--config", str(config), "sources", "add", "ftp://example.org/feed"]) == 1
    assert "only http and https" in capsys.readouterr().err


def test_opml_round_trip(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    opml = tmp_path / "in.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
                    '<outline text="World"><outline text="Velmora Courier" type="rss" xmlUrl="http://127.0.0.1:9/c"/>'
                    '<outline text="Ostvik Herald" type="rss" xmlUrl="http://127.0.0.1:9/h"/></outline>'
                    '<outline text="Unsafe" type="rss" xmlUrl="file:///etc/passwd"/></body></opml>')
    assert cli(config, "sources", "import", str(opml)) == 0
    captured = capsys.readouterr()
    assert "imported 2 sources" in captured.out and "only http and https" in captured.err
    out = tmp_path / "out.opml"
    assert cli(config, "sources", "export", str(out)) == 0
    assert cli(config, "sources", "import", str(out)) == 0
    assert "imported 0 sources" in capsys.readouterr().out  # both already there
    from collector.opml import read_opml
    assert [(s.name, s.url) for s in read_opml(out.read_bytes())] == [
        ("Velmora Courier", "http://127.0.0.1:9/c"), ("Ostvik Herald", "http://127.0.0.1:9/h")]


def test_bad_opml_is_one_clear_line(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline")
    assert cli(config, "sources", "import", str(bad)) == 1
    assert "is not valid XML" in capsys.readouterr().err
    assert cli(config, "sources", "import", str(tmp_path / "missing.opml")) == 1


def test_collect_prints_the_pass_line(config: Path, server: LocalServer,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    for path, title, text in samples.items():
        server.route(path, samples.article_page(title, text), content_type="text/html")
    server.route("/feed", samples.rss20(server.url(""), samples.items()), content_type="application/rss+xml")
    server.route("/broken", "nope", status=500)
    with open(config, "a") as fh:
        fh.write(f'\n[[sources]]\nurl = "{server.url("/feed")}"\nname = "Courier"\n')
    assert cli(config, "sources", "add", server.url("/broken"), "--name", "Broken") == 0
    assert cli(config, "collect") == 0
    captured = capsys.readouterr()
    assert "1 sources ok, 1 failed, 3 new articles, 0 duplicates" in captured.out
    assert "failed: Broken: HTTP 500" in captured.err
    assert cli(config, "sources", "list") == 0
    table = capsys.readouterr().out
    assert "HTTP 500" in table and " 3 " in table


def test_watch_runs_ticks_until_stopped(server: LocalServer, store) -> None:  # noqa: ANN001 - fixture
    from collector.models import Source

    server.route("/feed", samples.rss20(server.url(""), []), content_type="application/rss+xml")
    store.add_source(Source(url=server.url("/feed")))
    stop = threading.Event()
    reports: list[PassReport] = []

    def on_report(report: PassReport) -> None:
        reports.append(report)
        stop.set()

    run_watch(store, make_settings(), stop=stop, on_report=on_report)
    assert reports[0].sources_ok == 1 and server.hits("/feed") == 1


@pytest.mark.parametrize(("cores", "workers"), [(1, 1), (2, 1), (8, 7)])
def test_collect_leaves_the_collecting_process_a_core(monkeypatch: pytest.MonkeyPatch, cores: int,
                                                      workers: int) -> None:
    from bot.cli import collect_cmd

    monkeypatch.setattr(collect_cmd.os, "cpu_count", lambda: cores)
    made: list[int] = []
    monkeypatch.setattr(collect_cmd, "cpu_executor", lambda n: made.append(n) or object())
    collect_cmd.make_executor(None, collect_cmd.PROCESS_POOL_FROM)
    assert made == [workers]
    assert collect_cmd.make_executor(None, collect_cmd.PROCESS_POOL_FROM - 1) is None  # few sources: threads
    assert collect_cmd.make_executor(0, 1000) is None and made == [workers]
