"""Sources: add, get, remove, ensure, due, update (SQLite and PostgreSQL)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from collector.models import Source
from storage import DuplicateSourceError, SourceNotFoundError, Store

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)


def test_add_and_get_source(any_store: Store) -> None:
    added = any_store.add_source(Source(url="https://velmora.example/feed.xml", name="Velmora Gazette", interval=15))
    assert added.id is not None and added.articles_collected == 0
    assert any_store.get_source("https://velmora.example/feed.xml") == added
    assert any_store.get_source("velmora gazette") == added
    assert any_store.get_source(added.id) == added
    assert any_store.get_source(str(added.id)) == added
    assert any_store.get_source("nope") is None
    assert any_store.list_sources() == [added]


def test_add_source_twice_is_refused(any_store: Store) -> None:
    any_store.add_source(Source(url="https://a.example/rss", name="A"))
    with pytest.raises(DuplicateSourceError, match="already exists"):
        any_store.add_source(Source(url="https://a.example/rss"))
    with pytest.raises(DuplicateSourceError, match="named 'a'"):
        any_store.add_source(Source(url="https://b.example/rss", name="a"))
    assert len(any_store.list_sources()) == 1


def test_remove_source_keeps_articles(any_store: Store, make_article) -> None:
    source = any_store.add_source(Source(url="https://a.example/rss", name="Askel Post"))
    saved = any_store.save_article(make_article(source_id=source.id, source=None))
    removed = any_store.remove_source("Askel Post")
    assert removed.id == source.id and removed.articles_collected == 1
    assert any_store.list_sources() == []
    kept = any_store.get_article(saved.id)
    assert kept is not None and kept.source_id is None and kept.source == "Askel Post"
    with pytest.raises(SourceNotFoundError, match="Askel Post"):
        any_store.remove_source("Askel Post")


def test_ensure_sources_inserts_only_missing(any_store: Store) -> None:
    first = any_store.add_source(Source(url="https://a.example/rss", name="A"))
    got = any_store.ensure_sources([Source(url="https://a.example/rss", name="renamed"),
                                    Source(url="https://b.example/rss", name="B", interval=5)])
    assert got[0] == first
    assert got[1].id is not None and got[1].interval == 5
    again = any_store.ensure_sources([Source(url="https://b.example/rss")])
    assert again == [got[1]]
    assert [s.url for s in any_store.list_sources()] == ["https://a.example/rss", "https://b.example/rss"]


def test_due_sources_and_update(any_store: Store) -> None:
    never = any_store.add_source(Source(url="https://never.example/rss"))
    later = any_store.add_source(Source(url="https://later.example/rss"))
    due = any_store.add_source(Source(url="https://due.example/rss"))
    off = any_store.add_source(Source(url="https://off.example/rss"))
    later.next_check = NOW + timedelta(minutes=5)
    due.next_check = NOW - timedelta(minutes=1)
    due.etag, due.failures, due.last_error = '"abc"', 2, "HTTP 500"
    due.articles_collected = 999  # the store keeps the count itself
    off.enabled, off.disabled_reason = False, "too many failures"
    for source in (later, due, off):
        any_store.update_source(source)
    assert [s.id for s in any_store.due_sources(NOW)] == [never.id, due.id]
    assert [s.id for s in any_store.list_sources(enabled_only=True)] == [never.id, later.id, due.id]
    stored = any_store.get_source(due.id)
    assert stored.etag == '"abc"' and stored.failures == 2 and stored.last_error == "HTTP 500"
    assert stored.articles_collected == 0
    assert stored.next_check == NOW - timedelta(minutes=1) and stored.next_check.tzinfo == timezone.utc
    assert any_store.get_source(off.id).disabled_reason == "too many failures"


def test_update_unknown_source(any_store: Store) -> None:
    with pytest.raises(SourceNotFoundError):
        any_store.update_source(Source(url="https://x.example/rss", id=12345))
    with pytest.raises(SourceNotFoundError):
        any_store.update_source(Source(url="https://x.example/rss"))


def test_update_to_a_taken_url_is_refused(any_store: Store) -> None:
    any_store.add_source(Source(url="https://a.example/rss"))
    b = any_store.add_source(Source(url="https://b.example/rss"))
    b.url = "https://a.example/rss"
    with pytest.raises(DuplicateSourceError, match="a.example"):
        any_store.update_source(b)
    assert any_store.get_source(b.id).url == "https://b.example/rss"
