"""Articles and stories: save, dedup, lookups, listing, stories_since (SQLite and PostgreSQL)."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest

from collector.models import Source
from storage import DuplicateArticleError, SourceNotFoundError, Store, StoreError

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)  # same as conftest.T0


def test_save_article_round_trip(any_store: Store, article) -> None:
    source = any_store.add_source(Source(url="https://velmora.example/rss", name="Velmora Gazette"))
    article.source_id = source.id
    saved = any_store.save_article(article)
    assert saved.id is not None and saved.story_id is not None
    assert saved.collected is not None and saved.collected.tzinfo == timezone.utc
    got = any_store.get_article(saved.id)
    assert got is not None
    assert got.summary == article.summary and got.minhash == [11, 22, 33, 44]
    assert (got.url, got.canonical_url, got.guid, got.title, got.text, got.author, got.language) == (
        article.url, article.canonical_url, article.guid, article.title, article.text, article.author, "en")
    assert got.published == datetime(2026, 11, 27, 8, 30, tzinfo=timezone.utc)
    assert got.source == "Velmora Gazette"
    assert any_store.get_source(source.id).articles_collected == 1
    assert any_store.count_articles() == 1
    assert any_store.get_article(saved.id + 100) is None


def test_json_form_matches_summary_to_dict(any_store: Store, article) -> None:
    saved = any_store.save_article(article)
    data = any_store.get_article(saved.id).to_dict()
    assert data["summary"] == article.summary.to_dict()["summary"]
    assert data["key_points"] == article.summary.to_dict()["key_points"]


def test_article_without_summary(any_store: Store, make_article) -> None:
    saved = any_store.save_article(make_article(summary=None, minhash=[], fingerprint=None, canonical_url=None))
    got = any_store.get_article(saved.id)
    assert got.summary is None and got.minhash == [] and got.fingerprint is None


@pytest.mark.parametrize("field", ["url", "canonical_url", "fingerprint", "guid", "url_as_canonical"])
def test_duplicates_are_refused_and_nothing_written(any_store: Store, make_article, field: str) -> None:
    source = any_store.add_source(Source(url="https://velmora.example/rss"))
    first = any_store.save_article(make_article(source_id=source.id))
    dup = make_article(source_id=source.id)
    if field == "url_as_canonical":
        dup.canonical_url = first.url
    else:
        setattr(dup, field, getattr(first, field))
    with pytest.raises(DuplicateArticleError, match="already stored"):
        any_store.save_article(dup)
    assert dup.id is None
    assert any_store.count_articles() == 1
    assert len(any_store.stories_since(T0 - timedelta(days=1))) == 1
    assert any_store.get_source(source.id).articles_collected == 1


def test_same_guid_in_other_source_is_fine(any_store: Store, make_article) -> None:
    a = any_store.add_source(Source(url="https://a.example/rss"))
    b = any_store.add_source(Source(url="https://b.example/rss"))
    any_store.save_article(make_article(source_id=a.id, guid="shared"))
    any_store.save_article(make_article(source_id=b.id, guid="shared"))
    assert any_store.known_guids(a.id, ["shared", "other"]) == {"shared"}
    assert any_store.known_guids(b.id, ["shared"]) == {"shared"}


def test_failure_inside_save_article_leaves_nothing(any_store: Store, make_article) -> None:
    source = any_store.add_source(Source(url="https://velmora.example/rss"))
    good = any_store.save_article(make_article(source_id=source.id))
    # A bad signature fails after the story row and the source count were written in the transaction.
    bad = make_article(source_id=source.id, minhash=["not a number"])
    with pytest.raises(ValueError):
        any_store.save_article(bad)
    # A NOT NULL violation fails at the article insert itself, the last statement.
    broken = make_article(source_id=source.id, text=None)
    with pytest.raises(StoreError, match="cannot save article"):
        any_store.save_article(broken)
    assert bad.id is None and bad.story_id is None
    assert [a.id for a in any_store.list_articles()] == [good.id]
    assert [s.id for s in any_store.stories_since(T0 - timedelta(days=1))] == [good.story_id]
    assert any_store.get_source(source.id).articles_collected == 1
    assert any_store.get_story(good.story_id + 1) is None


def test_unknown_source_or_story_is_an_error(any_store: Store, make_article) -> None:
    with pytest.raises(SourceNotFoundError):
        any_store.save_article(make_article(source_id=4242))
    with pytest.raises(StoreError, match="no story"):
        any_store.save_article(make_article(story_id=4242))
    assert any_store.count_articles() == 0


def test_known_urls_batched(any_store: Store, make_article) -> None:
    saved = [any_store.save_article(make_article(url=f"https://v.example/{i}?utm_source=x",
                                                 canonical_url=f"https://v.example/{i}")) for i in range(3)]
    asked = [f"https://v.example/{i}" for i in range(1200)] + [saved[0].url, "https://v.example/0"]
    assert any_store.known_urls(asked) == {"https://v.example/0", "https://v.example/1", "https://v.example/2",
                                           saved[0].url}
    assert any_store.known_urls([]) == set()
    assert any_store.known_guids(1, []) == set()


def test_fingerprint_and_signatures(any_store: Store, make_article) -> None:
    a = any_store.save_article(make_article(fingerprint="aaa", minhash=[1, 2, 3], collected=T0,
                                            published=T0 - timedelta(hours=5)))
    b = any_store.save_article(make_article(fingerprint="bbb", minhash=[2**32 - 1, 2**40], published=None,
                                            collected=T0 + timedelta(hours=2), story_id=a.story_id))
    assert any_store.has_fingerprint("aaa") and not any_store.has_fingerprint("zzz")
    assert any_store.recent_signatures(T0 - timedelta(hours=1)) == [
        (a.id, a.story_id, [1, 2, 3], T0 - timedelta(hours=5)), (b.id, a.story_id, [2**32 - 1, 2**40], None)]
    assert any_store.recent_signatures(T0 + timedelta(hours=1)) == [(b.id, a.story_id, [2**32 - 1, 2**40], None)]


def test_leads_of_articles_and_their_signatures_replaced(any_store: Store, make_article) -> None:
    a = any_store.save_article(make_article(title="Ferry strike ends", text="Crews return on Monday.", collected=T0))
    b = any_store.save_article(make_article(collected=T0))
    assert any_store.article_leads([a.id, 999_999]) == {a.id: ("Ferry strike ends", "Crews return on Monday.")}
    assert any_store.article_leads([]) == {}
    any_store.update_signatures({a.id: [-4, 2**32 - 1, 7]})
    any_store.update_signatures({})
    signatures = {aid: sig for aid, _, sig, _ in any_store.recent_signatures(T0 - timedelta(hours=1))}
    assert signatures == {a.id: [-4, 2**32 - 1, 7], b.id: b.minhash}


def test_story_merging_updates_last_updated(any_store: Store, make_article) -> None:
    a = any_store.save_article(make_article(collected=T0, source="Velmora Gazette"))
    b = any_store.save_article(make_article(collected=T0 + timedelta(hours=3), story_id=a.story_id,
                                            source="Askel Post"))
    any_store.save_article(make_article(collected=T0 + timedelta(hours=1), story_id=a.story_id,
                                        source="Velmora Gazette"))
    story = any_store.get_story(a.story_id)
    assert story.first_seen == T0 and story.last_updated == T0 + timedelta(hours=3)
    assert story.title == a.title
    assert story.outlets == ["Velmora Gazette", "Askel Post"]
    assert [x.collected for x in story.articles] == [T0, T0 + timedelta(hours=1), T0 + timedelta(hours=3)]
    assert b.story_id == a.story_id


def test_new_story_then_save(any_store: Store, make_article) -> None:
    story_id = any_store.new_story("Ferry strike", T0)
    saved = any_store.save_article(make_article(story_id=story_id, collected=T0 + timedelta(minutes=5)))
    story = any_store.get_story(story_id)
    assert saved.story_id == story_id and story.title == "Ferry strike"
    assert story.last_updated == T0 + timedelta(minutes=5) and len(story.articles) == 1


def test_list_articles_filters_and_order(any_store: Store, make_article) -> None:
    src = any_store.add_source(Source(url="https://a.example/rss", name="Askel Post"))
    old = any_store.save_article(make_article(published=T0 - timedelta(days=3), collected=T0))
    no_date = any_store.save_article(make_article(published=None, collected=T0 + timedelta(hours=5)))
    new = any_store.save_article(make_article(published=T0 + timedelta(hours=1), collected=T0 + timedelta(hours=2),
                                              source_id=src.id, story_id=old.story_id))
    assert [a.id for a in any_store.list_articles()] == [no_date.id, new.id, old.id]
    assert [a.id for a in any_store.list_articles(limit=1)] == [no_date.id]
    assert [a.id for a in any_store.list_articles(since=T0 + timedelta(hours=1))] == [no_date.id, new.id]
    assert [a.id for a in any_store.list_articles(source="askel post")] == [new.id]
    assert [a.id for a in any_store.list_articles(source=src.id)] == [new.id]
    assert [a.id for a in any_store.list_articles(story_id=old.story_id)] == [new.id, old.id]
    with pytest.raises(SourceNotFoundError, match="nowhere"):
        any_store.list_articles(source="nowhere")


def test_stories_since_window_order_and_limit(any_store: Store, make_article) -> None:
    s1 = any_store.save_article(make_article(collected=T0)).story_id
    s2 = any_store.save_article(make_article(collected=T0 + timedelta(hours=1))).story_id
    any_store.save_article(make_article(collected=T0 + timedelta(hours=4), story_id=s1))
    s3 = any_store.save_article(make_article(collected=T0 + timedelta(hours=6))).story_id
    empty = any_store.new_story("nothing yet", T0)
    window = any_store.stories_since(T0 + timedelta(minutes=30), until=T0 + timedelta(hours=5))
    assert [s.id for s in window] == [s1, s2]
    assert len(window[0].articles) == 2  # all of the story's articles, also those before the window
    assert window[0].articles[0].summary is not None
    assert [s.id for s in any_store.stories_since(T0 - timedelta(hours=1))] == [s3, s1, s2]
    assert [s.id for s in any_store.stories_since(T0 - timedelta(hours=1), limit=2)] == [s3, s1]
    assert empty not in [s.id for s in any_store.stories_since(T0 - timedelta(days=1))]
    assert any_store.stories_since(T0 + timedelta(days=1)) == []


def test_iter_stories_since_yields_the_whole_window_in_batches(any_store: Store, make_article) -> None:
    ids = [any_store.save_article(make_article(collected=T0 + timedelta(minutes=k))).story_id for k in range(7)]
    any_store.save_article(make_article(collected=T0 + timedelta(hours=2), story_id=ids[0]))  # now the newest
    batches = list(any_store.iter_stories_since(T0 - timedelta(hours=1), batch=3))
    assert [len(b) for b in batches] == [3, 3, 1]
    flat = [s.id for b in batches for s in b]
    assert flat == [s.id for s in any_store.stories_since(T0 - timedelta(hours=1))] == [ids[0], *ids[:0:-1]]
    assert len(batches[0][0].articles) == 2
    window = any_store.iter_stories_since(T0 + timedelta(minutes=2), until=T0 + timedelta(minutes=4))
    assert [s.id for b in window for s in b] == [ids[3], ids[2]]
    assert list(any_store.iter_stories_since(T0 + timedelta(days=1))) == []


def test_stories_since_with_a_key_point_kind(any_store: Store, make_article, article) -> None:
    meeting = any_store.save_article(make_article(collected=T0)).story_id  # the fixture's summary has a meeting
    no_meeting = dataclasses.replace(article.summary, key_points=[
        p for p in article.summary.key_points if p.kind != "meeting"])
    newer = [any_store.save_article(make_article(collected=T0 + timedelta(hours=k), summary=no_meeting)).story_id
             for k in (1, 2)]
    any_store.save_article(make_article(collected=T0 + timedelta(hours=3), summary=None))
    since = T0 - timedelta(hours=1)
    assert meeting not in [s.id for s in any_store.stories_since(since, limit=3)]
    assert [s.id for s in any_store.stories_since(since, limit=3, key_point="meeting")] == [meeting]
    assert [s.id for s in any_store.stories_since(since, key_point="demand")] == [newer[1], newer[0], meeting]


def test_timezones_round_trip(any_store: Store, make_article) -> None:
    plus5 = timezone(timedelta(hours=5))
    saved = any_store.save_article(make_article(published=datetime(2026, 11, 27, 13, 30, tzinfo=plus5),
                                                collected=datetime(2026, 11, 27, 20, 0)))  # naive = UTC
    got = any_store.get_article(saved.id)
    assert got.published == datetime(2026, 11, 27, 8, 30, tzinfo=timezone.utc)
    assert got.published.utcoffset() == timedelta(0) and got.published.tzinfo is not None
    assert got.collected == datetime(2026, 11, 27, 20, 0, tzinfo=timezone.utc)
    # Window queries compare instants, whatever zone the bound is given in.
    assert any_store.list_articles(since=datetime(2026, 11, 28, 0, 59, tzinfo=plus5)) == [got]
    assert any_store.list_articles(since=datetime(2026, 11, 28, 1, 1, tzinfo=plus5)) == []


def test_nul_characters_are_dropped(any_store: Store, make_article, article) -> None:
    summary = dataclasses.replace(article.summary, summary=["Ferries\x00 stopped."])
    saved = any_store.save_article(make_article(title="Night\x00 ferries", text="Ferries\x00 stopped.",
                                                summary=summary))
    got = any_store.get_article(saved.id)
    assert (got.title, got.text, got.summary.summary) == ("Night ferries", "Ferries stopped.", ["Ferries stopped."])
