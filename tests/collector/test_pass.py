"""A whole pass: 304s, failures with backoff and disabling, duplicates, story merging, nothing lost."""
from __future__ import annotations

import asyncio
import dataclasses
from datetime import datetime, timedelta, timezone

import pytest

from collector import collect_sources, collect_sources_async, run_tick
from collector.http import Fetcher
from collector.models import Article, Source
from collector.safety import check_url_async
from collector.schedule import backoff_minutes
from storage import Store
from storage.errors import StoreError
from tests.collector import samples
from tests.collector.conftest import make_settings
from tests.collector.server import LocalServer

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


def add(store: Store, url: str, **kw: object) -> Source:
    return store.add_source(Source(url=url, **kw))  # type: ignore[arg-type]


def pages(server: LocalServer, prefix: str = "/a") -> None:
    for path, title, text in samples.items(prefix):
        server.route(path, samples.article_page(title, text), content_type="text/html")


def test_second_pass_is_all_304_and_stores_nothing_twice(server: LocalServer, store: Store) -> None:
    pages(server)
    server.route("/feed", samples.rss20(server.url(""), samples.items()), content_type="application/rss+xml",
                 etag='"v1"')
    source = add(store, server.url("/feed"))
    first = collect_sources([source], store, make_settings(), now=NOW)
    stored = store.get_source(source.id)
    second = collect_sources([stored], store, make_settings(), now=NOW + timedelta(hours=1))
    assert first.new_articles == 3 and second.new_articles == 0 and second.sources_ok == 1
    assert server.hits("/feed") == 2 and server.hits("/a0") == 1
    assert server.requests[-1][1].get("If-None-Match") == '"v1"'
    after = store.get_source(source.id)
    assert after.etag == '"v1"' and after.last_success == NOW + timedelta(hours=1)
    assert all(a.summary is not None and a.summary.summary for a in store.list_articles())


def test_failing_sources_back_off_then_get_disabled(server: LocalServer, store: Store) -> None:
    server.route("/gone", "no", status=500)
    settings = make_settings(max_failures=4, max_backoff_minutes=100)
    source = add(store, server.url("/gone"), interval=30)
    now = NOW
    expected = [30, 60, 100, 100]
    for failures, delay in enumerate(expected, start=1):
        source = store.get_source(source.id)
        report = collect_sources([source], store, settings, now=now)
        source = store.get_source(source.id)
        assert report.errors == {source.label: f"HTTP 500 from {server.url('/gone')}"}
        assert source.failures == failures and source.next_check == now + timedelta(minutes=delay)
        now = source.next_check
    assert not source.enabled and "disabled after 4 consecutive failures" in source.disabled_reason
    assert store.due_sources(now + timedelta(days=30)) == []
    assert backoff_minutes(3, 30, 1440) == 120


def test_success_resets_failures(server: LocalServer, store: Store) -> None:
    server.route("/feed", "oops", status=503)
    source = add(store, server.url("/feed"))
    collect_sources([source], store, make_settings(), now=NOW)
    server.route("/feed", samples.rss20(server.url(""), []), content_type="application/rss+xml")
    collect_sources([store.get_source(source.id)], store, make_settings(), now=NOW + timedelta(hours=1))
    after = store.get_source(source.id)
    assert after.failures == 0 and after.last_error is None
    assert after.next_check == NOW + timedelta(hours=1, minutes=after.interval)


def test_one_bad_source_does_not_stop_the_pass(server: LocalServer, store: Store) -> None:
    pages(server)
    server.route("/good", samples.atom(server.url(""), samples.items()), content_type="application/atom+xml")
    server.route("/slow", "late", delay=2.0)
    server.route("/html", "<html><body>hi</body></html>", content_type="text/html")
    sources = [add(store, server.url(p)) for p in ("/good", "/missing", "/slow", "/html")]
    report = collect_sources(sources, store, make_settings(total_timeout=0.5), now=NOW)
    assert (report.sources_ok, report.sources_failed, report.new_articles) == (1, 3, 3)
    assert store.count_articles() == 3
    errors = {s.url: s.last_error for s in store.list_sources()}
    assert "404" in errors[server.url("/missing")] and "0.5s" in errors[server.url("/slow")]


def test_tick_checks_only_due_sources(server: LocalServer, store: Store) -> None:
    server.route("/feed", samples.rss20(server.url(""), []), content_type="application/rss+xml")
    due = add(store, server.url("/feed"))
    later = add(store, server.url("/feed?later"), next_check=NOW + timedelta(hours=2))
    report = run_tick(store, make_settings(), NOW)
    assert report.sources_ok == 1 and store.get_source(later.id).last_checked is None
    assert store.get_source(due.id).last_checked == NOW


def test_same_article_in_two_feeds_is_stored_once(server: LocalServer, store: Store) -> None:
    pages(server)
    feed = samples.rss20(server.url(""), samples.items())
    server.route("/one", feed, content_type="application/rss+xml")
    tracked = feed.replace("/a0</link>", "/a0?utm_source=rss&amp;utm_medium=feed</link>")
    server.route("/two", tracked, content_type="application/rss+xml")
    sources = [add(store, server.url("/one"), name="One"), add(store, server.url("/two"), name="Two")]
    report = collect_sources(sources, store, make_settings(), now=NOW)
    assert report.new_articles == 3 and report.duplicates == 3 and store.count_articles() == 3


def test_rewritten_story_from_another_outlet_shares_the_story(server: LocalServer, store: Store) -> None:
    title, text = samples.STORIES[0]
    extra = " A spokesman for the harbour authority declined to comment further on Tuesday evening."
    server.route("/p1", samples.article_page(title, text), content_type="text/html")
    server.route("/p2", samples.article_page(title + " (update)", text + extra), content_type="text/html")
    other_title, other_text = samples.STORIES[1]
    server.route("/p3", samples.article_page(other_title, other_text), content_type="text/html")
    server.route("/f1", samples.rss20(server.url(""), [("/p1", title, text)]), content_type="application/rss+xml")
    server.route("/f2", samples.rss20(server.url(""), [("/p2", title, text), ("/p3", other_title, other_text)]),
                 content_type="application/rss+xml")
    one = add(store, server.url("/f1"), name="Courier")
    collect_sources([one], store, make_settings(), now=NOW)
    two = add(store, server.url("/f2"), name="Herald")
    collect_sources([two], store, make_settings(), now=NOW + timedelta(minutes=5))
    by_url = {a.url: a for a in store.list_articles()}
    p1, p2, p3 = (by_url[server.url(p)] for p in ("/p1", "/p2", "/p3"))
    assert p1.story_id == p2.story_id != p3.story_id
    assert store.get_story(p1.story_id).outlets == ["Courier", "Herald"]


def test_unsafe_article_links_in_a_feed_are_skipped(server: LocalServer, store: Store) -> None:
    title, text = samples.STORIES[0]
    feed = samples.rss20("", [("file:///etc/passwd", title, text), ("http://[::1]:9/x", "Other", text + " More.")])
    server.route("/feed", feed, content_type="application/rss+xml")
    source = add(store, server.url("/feed"))
    report = collect_sources([source], store, make_settings(), now=NOW)
    # file: links never become entries; the loopback link is allowed in tests (private networks on) but the
    # page fails and the feed's text is kept.
    assert report.new_articles == 1 and store.list_articles()[0].url == "http://[::1]:9/x"


def test_private_article_links_are_refused_without_a_request(server: LocalServer, store: Store) -> None:
    """The feed's host stands in for a public host; its article links get the real policy."""
    title, text = samples.STORIES[0]
    feed = samples.rss20("", [("http://10.0.0.7/admin", title, text), ("http://169.254.169.254/x", "M", text),
                              (server.url("/a0"), "Fine", text)])
    server.route("/feed", feed, content_type="application/rss+xml")
    pages(server)

    async def policy(url: str) -> None:
        if not url.startswith(server.url("/")):
            await check_url_async(url, allow_private=False)

    source = add(store, server.url("/feed"))
    settings = make_settings()
    fetcher = Fetcher(settings.collector, check=policy)
    report = asyncio.run(collect_sources_async([source], store, settings, now=NOW, fetcher=fetcher))
    assert report.new_articles == 1 and [a.url for a in store.list_articles()] == [server.url("/a0")]


def test_a_failing_summary_does_not_stop_the_pass(server: LocalServer, store: Store) -> None:
    """The summarizer refuses binary-looking text; that article is stored without summary, the rest as usual."""
    import json

    base = server.url("")
    (t0, x0), (t1, x1) = samples.STORIES[:2]
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Lantern Daily", "items": [
        {"id": "1", "url": f"{base}/bin", "title": "Garbled", "content_text": x0 + "\u0001\u0002\u0003\u0004" * 60},
        {"id": "2", "url": f"{base}/ok", "title": t1, "content_text": x1},
    ]}
    server.route("/feed.json", json.dumps(feed), content_type="application/feed+json")
    source = add(store, server.url("/feed.json"))
    report = collect_sources([source], store, make_settings(fetch_pages=False), now=NOW)
    by_url = {a.url: a for a in store.list_articles()}
    assert report.new_articles == 2 and server.hits("/ok") == 0  # fetch_pages off: no page requests
    assert by_url[f"{base}/bin"].summary is None or not by_url[f"{base}/bin"].summary.summary
    assert by_url[f"{base}/ok"].summary.summary


def test_page_that_is_not_html_falls_back_to_the_feed_text(server: LocalServer, store: Store) -> None:
    title, text = samples.STORIES[2]
    server.route("/a0", b"%PDF-1.4 binary", content_type="application/pdf")
    server.route("/feed", samples.rss20(server.url(""), [("/a0", title, text)]), content_type="application/rss+xml")
    collect_sources([add(store, server.url("/feed"))], store, make_settings(), now=NOW)
    [article] = store.list_articles()
    assert server.hits("/a0") == 1 and article.text == text and article.title == title


def test_same_story_twice_in_one_feed_shares_the_story(server: LocalServer, store: Store) -> None:
    """Both articles land in one stored batch; the second still joins the first one's story."""
    title, text = samples.STORIES[0]
    extra = " A spokesman for the harbour authority declined to comment further on Tuesday evening."
    server.route("/p1", samples.article_page(title, text), content_type="text/html")
    server.route("/p2", samples.article_page(title + " (update)", text + extra), content_type="text/html")
    server.route("/f", samples.rss20(server.url(""), [("/p1", title, text), ("/p2", title, text)]),
                 content_type="application/rss+xml")
    report = collect_sources([add(store, server.url("/f"), name="Courier")], store, make_settings(), now=NOW)
    p1, p2 = (next(a for a in store.list_articles() if a.url == server.url(p)) for p in ("/p1", "/p2"))
    assert report.new_articles == 2 and p1.story_id == p2.story_id


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest) -> Store:
    """The SQLite store, then the PostgreSQL one (skipped when PostgreSQL does not answer)."""
    return request.getfixturevalue("store" if request.param == "sqlite" else "pg_store")


def test_save_articles_skips_duplicates_and_keeps_the_rest(any_store: Store, article: Article) -> None:
    """One transaction; a duplicate (stored earlier or earlier in the batch) is None, the rest is stored."""
    store = any_store
    source = add(store, "https://news.velmora.example/feed", name="Gazette")

    def variant(i: int) -> Article:
        return dataclasses.replace(article, url=f"{article.canonical_url}/{i}", canonical_url=None, guid=f"g{i}",
                                   fingerprint=f"fp{i}", source_id=source.id)

    stored = store.save_article(variant(0))
    batch = [variant(1), variant(0), variant(2), dataclasses.replace(variant(3), fingerprint="fp1"),
             dataclasses.replace(variant(4), story_id=stored.story_id)]
    saved = store.save_articles(batch)
    assert [a is not None for a in saved] == [True, False, True, False, True]
    assert store.count_articles() == 4 and all(a.id for a in saved if a)
    assert saved[4].story_id == stored.story_id and saved[0].story_id not in (None, stored.story_id)
    assert store.get_source(source.id).articles_collected == 4
    assert store.get_article(saved[2].id).summary == article.summary


def test_save_articles_stores_nothing_of_a_failing_batch(any_store: Store, article: Article) -> None:
    """An error other than a duplicate (an unknown source) rolls the whole batch back and is raised."""
    store = any_store
    source = add(store, "https://news.velmora.example/feed", name="Gazette")
    good = dataclasses.replace(article, source_id=source.id)
    bad = dataclasses.replace(article, url="https://x.example/2", canonical_url=None, guid="g2", fingerprint="f2",
                              source_id=9999)
    with pytest.raises(StoreError, match="no source with id 9999"):
        store.save_articles([good, bad])
    assert store.count_articles() == 0 and good.id is None


class OneByOneSink:
    """The real store seen through a sink without the optional save_articles (a third-party sink, say)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __getattr__(self, name: str) -> object:
        if name == "save_articles":
            raise AttributeError(name)
        return getattr(self.store, name)


def test_a_sink_without_save_articles_stores_one_by_one(server: LocalServer, store: Store) -> None:
    pages(server)
    feed = samples.rss20(server.url(""), samples.items() + [("/a0", "Again", "Again")])
    server.route("/feed", feed, content_type="application/rss+xml")
    report = collect_sources([add(store, server.url("/feed"))], OneByOneSink(store), make_settings(), now=NOW)
    assert report.new_articles == 3 and store.count_articles() == 3


def test_save_articles_matches_guids_per_source(any_store: Store, article: Article) -> None:
    """A feed GUID is a duplicate only within its own source: the same GUID from another outlet is stored."""
    store = any_store
    first = add(store, "https://news.velmora.example/feed", name="Gazette")
    second = add(store, "https://news.drelland.example/feed", name="Post")

    def variant(i: int, source: Source) -> Article:
        return dataclasses.replace(article, url=f"{article.canonical_url}/{i}", canonical_url=None, guid="item-1",
                                   fingerprint=f"fp{i}", source_id=source.id)

    store.save_article(variant(0, first))
    saved = store.save_articles([variant(1, first), variant(2, second)])
    assert [a is not None for a in saved] == [False, True]
    assert store.count_articles() == 2


def test_the_batch_identity_probe_uses_indexes_not_a_table_scan(store: Store) -> None:
    """The probe runs for every batch of a pass: a scan of the articles table would grow with the store."""
    from storage.ops_batch import _TAKEN

    params = {"urls": ["https://a.example/1"], "fps": ["fp"], "guids": ["g"], "sids": [1]}
    with store.db.read() as conn:
        sql = _TAKEN.params(params).compile(conn, compile_kwargs={"literal_binds": True})
        details = [row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
    assert not any(d.startswith("SCAN articles") for d in details), details
    assert sum("USING INDEX" in d for d in details) == 4, details
