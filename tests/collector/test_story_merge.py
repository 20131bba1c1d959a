"""Stories merging after a pass (collector.story_merge): in the index, and in a collection pass with a store."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import pytest

import collector.pipeline as pipeline
import collector.storing as storing
from collector import collect_sources
from collector.models import Source
from collector.stories import StoryIndex, story_signature
from collector.story_merge import linkage
from collector.story_text import SECTIONS, SIGNATURE_MARK
from storage import Store
from tests.collector import samples
from tests.collector.conftest import make_settings
from tests.collector.server import LocalServer
from tests.collector.test_stories_time import FLOOD, FLOOD_CLOSE, TRIAL, VERDICT

NOON = datetime(2031, 5, 12, 12, 0, tzinfo=timezone.utc)


def strict_index(merge_threshold: float = 0.5) -> StoryIndex:
    """An index whose finds never join a story (threshold 1): every grouping comes from merge_stories."""
    return StoryIndex(1.0, merge_threshold=merge_threshold)


def add_alone(index: StoryIndex, article_id: int, text: str, published: datetime | None = NOON) -> None:
    """Find (as storing does), then add the article under a story of its own (id = article id)."""
    signature = story_signature(text)
    assert index.find(signature, published) is None
    index.add(article_id, article_id, signature, published)


def test_reports_of_one_event_merge_into_the_oldest_story_and_others_stay() -> None:
    index = strict_index()
    add_alone(index, 1, TRIAL)
    add_alone(index, 2, FLOOD)
    add_alone(index, 3, FLOOD_CLOSE, NOON + timedelta(hours=2))
    assert index.merge_stories() == {3: 2}
    assert index.stories() == {1: 1, 2: 2, 3: 2}
    assert index.merge_stories() == {}  # nothing new since: nothing to compare


def test_a_story_of_an_earlier_pass_takes_in_a_later_report() -> None:
    index = strict_index()
    add_alone(index, 1, FLOOD_CLOSE)  # first pass: alone
    add_alone(index, 2, TRIAL)
    assert index.merge_stories() == {}
    add_alone(index, 3, FLOOD, NOON + timedelta(hours=1))  # next pass: the other outlet's report
    assert index.merge_stories() == {3: 1}
    assert index.stories() == {1: 1, 2: 2, 3: 1}


def test_stories_published_too_far_apart_never_merge() -> None:
    index = strict_index(merge_threshold=1e-6)
    add_alone(index, 1, FLOOD)
    add_alone(index, 2, FLOOD_CLOSE, NOON + timedelta(days=5))
    assert index.merge_stories() == {}


def test_the_same_actors_next_event_weeks_later_does_not_merge() -> None:
    index = strict_index()
    add_alone(index, 1, TRIAL, NOON)
    add_alone(index, 2, VERDICT, NOON + timedelta(days=21))
    assert index.merge_stories() == {}


def test_linkage_is_the_mean_log_odds_of_the_cross_pairs() -> None:
    index = strict_index()
    for i, (text, hours) in enumerate([(FLOOD, 0), (FLOOD_CLOSE, 1), (TRIAL, 2)]):
        add_alone(index, i, text, NOON + timedelta(hours=hours))
    one, two = linkage(index, [0], [1]), linkage(index, [0], [2])
    assert linkage(index, [0], [1, 2]) == pytest.approx((one + two) / 2)
    assert one > 2 > -2 > two


def test_a_merge_threshold_of_one_never_merges() -> None:
    index = strict_index(merge_threshold=1.0)
    add_alone(index, 1, FLOOD)
    add_alone(index, 2, FLOOD_CLOSE)
    assert index.merge_stories() == {}


NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


def two_reports_in_two_feeds(server: LocalServer, store: Store) -> list[Source]:
    """Feed one carries a report and an unrelated story; feed two, another outlet's rewrite of the report."""
    title, text = samples.STORIES[0]
    extra = " A spokesman for the harbour authority declined to comment further on Tuesday evening."
    other_title, other_text = samples.STORIES[1]
    for path, t, x in (("/p1", title, text), ("/p2", title + " (update)", text + extra),
                       ("/p3", other_title, other_text)):
        server.route(path, samples.article_page(t, x), content_type="text/html")
    server.route("/f1", samples.rss20(server.url(""), [("/p1", title, text), ("/p3", other_title, other_text)]),
                 content_type="application/rss+xml")
    server.route("/f2", samples.rss20(server.url(""), [("/p2", title, text)]), content_type="application/rss+xml")
    return [store.add_source(Source(url=server.url("/f1"), name="Courier")),
            store.add_source(Source(url=server.url("/f2"), name="Herald"))]


def test_a_pass_merges_its_stories_in_the_store(server: LocalServer, store: Store) -> None:
    sources = two_reports_in_two_feeds(server, store)
    settings = make_settings(story_threshold=1.0, story_merge_threshold=0.5)  # no join: only merges
    report = collect_sources(sources, store, settings, now=NOW)
    assert report.new_articles == 3 and report.stories_merged == 1
    assert "3 new articles, 0 duplicates, 1 story merged, " in report.line()
    by_url = {a.url: a for a in store.list_articles()}
    p1, p2, p3 = (by_url[server.url(p)] for p in ("/p1", "/p2", "/p3"))
    assert p1.story_id == p2.story_id != p3.story_id
    assert sorted(store.get_story(p1.story_id).outlets) == ["Courier", "Herald"]


def test_a_store_that_fails_to_merge_keeps_every_article(server: LocalServer, store: Store,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    sources = two_reports_in_two_feeds(server, store)

    def refuse(into: dict[int, int]) -> int:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(store, "merge_stories", refuse)
    settings = make_settings(story_threshold=1.0, story_merge_threshold=0.5)
    with caplog.at_level(logging.ERROR, logger="collector.storing"):
        report = collect_sources(sources, store, settings, now=NOW)
    assert report.new_articles == 3 and report.stories_merged == 0 and "merged" not in report.line()
    assert len({a.story_id for a in store.list_articles()}) == 3
    assert "stories not merged (1 planned): database is locked" in caplog.text


def test_merges_go_best_first_and_a_grown_story_is_judged_again(monkeypatch: pytest.MonkeyPatch) -> None:
    import collector.story_merge as story_merge

    pair = {(0, 1): 3.0, (0, 2): 1.0, (1, 2): -5.0, (0, 3): -1.0, (1, 3): -1.0, (2, 3): -9.0}  # rows = stories

    def table_linkage(index: object, rows_a: list[int], rows_b: list[int]) -> float:
        scores = [pair[min(a, b), max(a, b)] for a in rows_a for b in rows_b]
        return sum(scores) / len(scores)

    class Rows:
        story_ids = [0, 1, 2, 3]

    monkeypatch.setattr(story_merge, "linkage", table_linkage)
    # 0 + 1 merge first (3.0); 0+1 against 2 is then (1 - 5) / 2 < 0, so 2 stays out although 0-2 alone was 1.0
    assert story_merge.plan_merges(Rows(), {0: {1, 2, 3}}, 0.0) == {1: 0}
    assert story_merge.plan_merges(Rows(), {3: {0}}, -1.5) == {3: 0}
    assert story_merge.plan_merges(Rows(), {0: {9}}, 0.0) == {}  # a near story no longer indexed


def as_version_3(signature: list[int]) -> list[int]:
    """A version-4 signature without a vector as the version 3 that upgraded stores still hold."""
    return [-3, *signature[1:SECTIONS], *signature[1 + SECTIONS:]]


@pytest.mark.parametrize("sign_again", [True, False])
def test_after_an_upgrade_older_signatures_are_signed_again_and_still_joined(
        server: LocalServer, store: Store, monkeypatch: pytest.MonkeyPatch, sign_again: bool) -> None:
    courier, herald = two_reports_in_two_feeds(server, store)
    collect_sources([courier], store, make_settings(), now=NOW)
    report = next(a for a in store.list_articles() if a.url == server.url("/p1"))
    store.update_signatures({report.id: as_version_3(report.minhash)})  # as a store of version 3 holds it
    if not sign_again:
        monkeypatch.setattr(storing, "sign_stale_again", lambda sink, rows: rows)
        monkeypatch.setattr(pipeline, "sign_stale_again", lambda sink, rows: rows)
    collect_sources([herald], store, make_settings(), now=NOW + timedelta(hours=1))
    rewrite = next(a for a in store.list_articles() if a.url == server.url("/p2"))
    assert (rewrite.story_id == report.story_id) is sign_again
    stored = {aid: sig for aid, _, sig, _ in store.recent_signatures(NOW - timedelta(days=1))}
    assert (stored[report.id][0] == SIGNATURE_MARK) is sign_again


def test_signing_again_that_fails_keeps_the_rows_and_the_pass(store: Store, monkeypatch: pytest.MonkeyPatch,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    rows = [(1, 1, as_version_3(story_signature(FLOOD)), NOW), (2, 2, story_signature(TRIAL), NOW)]

    def locked(signatures: dict[int, list[int]]) -> None:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(store, "article_leads", lambda ids: {1: ("Floods in Ebbing", FLOOD)})
    monkeypatch.setattr(store, "update_signatures", locked)
    with caplog.at_level(logging.ERROR, logger="collector.storing"):
        assert storing.sign_stale_again(store, rows) == rows
    assert "not signed again: database is locked" in caplog.text
    assert storing.sign_stale_again(store, rows[1:]) == rows[1:]  # nothing stale: no store call at all
