"""`briefbot articles`: text lines, --json fields, filters, bad --since, through the real CLI entry point."""
from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli.articles_cmd import DurationError, parse_duration
from collector.models import Article, Source
from storage import open_store

FIELDS = {"id", "url", "title", "source", "published", "collected", "story_id", "text", "summary", "key_points"}


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, article: Article) -> str:
    """A store with three articles (two stories, two sources) that the CLI finds through DATABASE_URL."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.delenv("BRIEFBOT_CONFIG", raising=False)
    monkeypatch.setenv("DATABASE_URL", url)
    now = datetime.now(timezone.utc)
    with open_store(url) as store:
        gazette = store.add_source(Source(url="https://velmora.example/rss", name="Velmora Gazette"))
        post = store.add_source(Source(url="https://askel.example/rss", name="Askel Post"))
        old = store.save_article(dataclasses.replace(
            article, source_id=gazette.id, collected=now - timedelta(days=3), published=now - timedelta(days=3)))
        store.save_article(Article(url="https://askel.example/ferries", title="Askel ferries idle", text="Idle.",
                                   source_id=post.id, story_id=old.story_id, collected=now - timedelta(hours=2),
                                   published=now - timedelta(hours=3)))
        store.save_article(Article(url="https://askel.example/market", title="Fish market reopens",
                                   text="The market reopened.", source_id=post.id, collected=now - timedelta(hours=1),
                                   published=None))
    return url


def test_text_lines_newest_first(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["articles"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert "Fish market reopens" in lines[0] and "Askel Post" in lines[0] and "story 2" in lines[0]
    assert "Askel ferries idle" in lines[1] and "story 1" in lines[1]
    assert "Velmora council demands" in lines[2] and "Velmora Gazette" in lines[2]
    assert lines[2][:4].isdigit() and lines[2][4] == "-"


def test_json_fields_and_summary_form(db_url: str, capsys: pytest.CaptureFixture[str], article: Article) -> None:
    assert main(["articles", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [set(item) for item in data] == [FIELDS] * 3
    velmora = data[2]
    assert velmora["summary"] == article.summary.to_dict()["summary"]
    assert velmora["key_points"] == article.summary.to_dict()["key_points"]
    assert velmora["source"] == "Velmora Gazette" and velmora["text"] == article.text
    assert datetime.fromisoformat(velmora["published"]).utcoffset() == timedelta(0)
    assert data[0]["summary"] == [] and data[0]["key_points"] == [] and data[0]["published"] is None


def test_filters(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["articles", "--since", "1d", "--json"]) == 0
    assert [a["title"] for a in json.loads(capsys.readouterr().out)] == ["Fish market reopens", "Askel ferries idle"]
    assert main(["articles", "--source", "Velmora Gazette", "--json"]) == 0
    assert [a["source"] for a in json.loads(capsys.readouterr().out)] == ["Velmora Gazette"]
    assert main(["articles", "--story", "1", "--json", "--limit", "1"]) == 0
    assert [a["title"] for a in json.loads(capsys.readouterr().out)] == ["Askel ferries idle"]
    assert main(["articles", "--since", "90m"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_bad_since_names_it(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["articles", "--since", "yesterday"]) == 1
    err = capsys.readouterr().err
    assert "--since" in err and "'yesterday'" in err and "24h" in err


def test_unknown_source_is_a_clear_error(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["articles", "--source", "Nowhere Times"]) == 1
    assert "Nowhere Times" in capsys.readouterr().err


def test_bad_limit_is_refused(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["articles", "--limit", "0"])
    assert "at least 1" in capsys.readouterr().err


def test_empty_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("BRIEFBOT_CONFIG", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty' / 'e.db'}")
    assert main(["articles", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("text,expected", [("30m", timedelta(minutes=30)), ("24h", timedelta(hours=24)),
                                           ("7d", timedelta(days=7)), ("2w", timedelta(weeks=2)),
                                           ("90s", timedelta(seconds=90)), (" 3H ", timedelta(hours=3))])
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "h", "3", "3y", "-3h", "1.5h", "3 days"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(DurationError, match="bad duration"):
        parse_duration(text)


def test_huge_since_is_a_clear_error_or_everything(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["articles", "--since", "99999999999d"]) == 1
    assert "too long" in capsys.readouterr().err
    assert main(["articles", "--since", "9999999d"]) == 0  # longer than recorded time: every article
    assert len(capsys.readouterr().out.splitlines()) >= 1
