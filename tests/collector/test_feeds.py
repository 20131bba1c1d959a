"""Feed formats and bad feeds, each collected from a real local server into a real SQLite store."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from collector import collect_sources
from collector.models import Source
from storage import Store
from tests.collector import samples
from tests.collector.conftest import make_settings
from tests.collector.server import LocalServer

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
SETTINGS = make_settings()


def serve_pages(server: LocalServer, prefix: str = "/a") -> None:
    for path, title, text in samples.items(prefix):
        server.route(path, samples.article_page(title, text), content_type="text/html; charset=utf-8")


def run(store: Store, url: str, **source: object) -> tuple[Source, object]:
    added = store.add_source(Source(url=url, **source))  # type: ignore[arg-type]
    report = collect_sources([added], store, SETTINGS, now=NOW)
    return store.get_source(added.id), report  # type: ignore[arg-type, return-value]


@pytest.mark.parametrize("kind, content_type", [
    ("rss20", "application/rss+xml"), ("rss10", "application/rdf+xml"),
    ("atom", "application/atom+xml"), ("json_feed", "application/feed+json"),
])
def test_each_format_collects_three_articles(server: LocalServer, store: Store, kind: str,
                                             content_type: str) -> None:
    serve_pages(server)
    server.route("/feed", getattr(samples, kind)(server.url(""), samples.items()), content_type=content_type)
    source, report = run(store, server.url("/feed"), name="Courier")
    assert report.line().startswith("1 sources ok, 0 failed, 3 new articles")
    articles = store.list_articles()
    assert sorted(a.title for a in articles) == sorted(t for t, _ in samples.STORIES)
    assert all("Velmora Courier" not in a.text for a in articles)  # page boilerplate left out
    assert {a.source for a in articles} == {"Courier"}
    assert all(a.published == datetime(2026, 3, 2, 8, a.published.minute, tzinfo=timezone.utc) for a in articles)
    assert source.last_success == NOW and source.failures == 0 and source.articles_collected == 3


def test_json_feed_version_1(server: LocalServer, store: Store) -> None:
    serve_pages(server)
    server.route("/feed.json", samples.json_feed(server.url(""), samples.items(), version="1"),
                 content_type="application/json")
    _, report = run(store, server.url("/feed.json"))
    assert report.new_articles == 3


def test_site_url_resolved_by_autodiscovery(server: LocalServer, store: Store) -> None:
    serve_pages(server)
    server.route("/", '<html><head><title>Courier</title><link rel="alternate" type="application/rss+xml" '
                 'href="/rss.xml"></head><body>Welcome</body></html>', content_type="text/html")
    server.route("/rss.xml", samples.rss20(server.url(""), samples.items()), content_type="application/rss+xml")
    source, report = run(store, server.url("/"))
    assert report.new_articles == 3
    assert source.feed_url == server.url("/rss.xml") and source.url == server.url("/")
    collect_sources([source], store, SETTINGS, now=NOW)
    assert server.hits("/") == 1 and server.hits("/rss.xml") == 2  # the resolved feed is used directly
    del server.routes["/rss.xml"]  # the site moves its feed: discovered again from the site URL
    server.route("/", server.routes["/"].body.replace(b"/rss.xml", b"/feed.json"), content_type="text/html")
    server.route("/feed.json", samples.json_feed(server.url(""), samples.items()), content_type="application/json")
    report = collect_sources([store.get_source(source.id)], store, SETTINGS, now=NOW)
    assert report.sources_ok == 1 and store.get_source(source.id).feed_url == server.url("/feed.json")


@pytest.mark.parametrize("body, content_type, reason", [
    ("<rss version='2.0'><channel><title>Broken<item><title>x</", "application/rss+xml", "feed"),
    ("<html><head><title>Just a page</title></head><body>No feed here</body></html>", "text/html",
     "an HTML page without a feed"),
    ("", "application/rss+xml", "empty response"),
    ('{"items": []}', "application/json", "not a JSON Feed"),
])
def test_bad_feed_is_recorded_on_the_source(server: LocalServer, store: Store, body: str,
                                            content_type: str, reason: str) -> None:
    server.route("/feed", body, content_type=content_type)
    source, report = run(store, server.url("/feed"))
    assert report.sources_failed == 1 and store.count_articles() == 0
    assert reason in source.last_error and source.failures == 1 and source.next_check > NOW


def test_malformed_xml_with_no_entries_is_an_error(server: LocalServer, store: Store) -> None:
    server.route("/feed", "<<<<not xml at all>>>> &&&", content_type="application/xml")
    source, _ = run(store, server.url("/feed"))
    assert "not a readable feed" in source.last_error


def test_empty_valid_feed_is_success_with_no_entries(server: LocalServer, store: Store) -> None:
    server.route("/feed", samples.rss20(server.url(""), []), content_type="application/rss+xml")
    source, report = run(store, server.url("/feed"))
    assert report.sources_ok == 1 and report.new_articles == 0 and source.last_error is None


@pytest.mark.parametrize("encoding, title, text", [
    ("windows-1251", "Новости Велморы", "Портовые рабочие Велморы прекратили работу во вторник и требуют "
     "отменить неоплачиваемые ночные смены."),
    ("shift_jis", "ベルモラ港のストライキ", "ベルモラ港の港湾労働者は火曜日に作業を停止し、無給の夜勤の廃止を要求した。"
     "組合は交渉が始まるまでストライキを続けると述べた。"),
])
def test_declared_non_utf8_charset(server: LocalServer, store: Store, encoding: str, title: str,
                                   text: str) -> None:
    feed = samples.rss20(server.url(""), [("/n1", title, text)], encoding=encoding)
    server.route("/feed", feed.encode(encoding), content_type="application/rss+xml")
    _, report = run(store, server.url("/feed"))  # /n1 is a 404: the feed's own text is used
    [article] = store.list_articles()
    assert report.new_articles == 1 and article.title == title and text in article.text


def test_duplicate_guids_missing_links_and_dates(server: LocalServer, store: Store) -> None:
    base = server.url("")
    (t0, x0), (t1, x1), (t2, x2) = samples.STORIES
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>C</title>'
            f"<item><title>{t0}</title><link>{base}/a0</link><guid>g-1</guid>"
            f"<description>{x0}</description></item>"
            f"<item><title>{t0} (again)</title><link>{base}/a0</link><guid>g-1</guid>"
            f"<description>{x0}</description></item>"
            f"<item><title>No link at all</title><guid isPermaLink=\"false\">g-2</guid><description>{x1}</description></item>"
            f"<item><title>{t2}</title><guid>{base}/a2</guid><description>{x2}</description></item>"
            "</channel></rss>")
    server.route("/feed", feed, content_type="application/rss+xml")
    serve_pages(server)
    _, report = run(store, server.url("/feed"))
    articles = {a.url: a for a in store.list_articles()}
    assert report.new_articles == 2 and set(articles) == {f"{base}/a0", f"{base}/a2"}  # guid URL used as link
    assert all(a.published is None for a in articles.values())  # no date, and none on the pages


def test_future_dates_are_clamped_to_now(server: LocalServer, store: Store) -> None:
    (t0, x0), = samples.STORIES[:1]
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>C</title><item><title>{t0}</title>'
            f"<link>{server.url('/a0')}</link><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate>"
            f"<description>{x0}</description></item></channel></rss>")
    server.route("/feed", feed, content_type="application/rss+xml")
    run(store, server.url("/feed"))
    [article] = store.list_articles()
    assert article.published == NOW
