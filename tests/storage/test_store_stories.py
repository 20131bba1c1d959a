"""Merging stories in the store: articles move, the merged id still resolves, spans widen, all or nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest

from storage import Store, StoreError
from tests.storage.conftest import T0


def _story_of(store: Store, make_article, n: int, **changes: object) -> list[int]:
    """Save n articles in one new story; their ids."""
    first = store.save_article(make_article(**changes))
    rest = [store.save_article(make_article(story_id=first.story_id, **changes)) for _ in range(n - 1)]
    return [first.story_id, *[a.id for a in [first, *rest]]]


def test_merge_moves_the_articles_and_the_old_id_resolves(any_store: Store, make_article) -> None:
    keep, *kept_articles = _story_of(any_store, make_article, 2)
    gone, *moved = _story_of(any_store, make_article, 2)
    other, *_ = _story_of(any_store, make_article, 1)
    assert any_store.merge_stories({gone: keep}) == 1
    assert {a.story_id for a in any_store.list_articles()} == {keep, other}
    merged = any_store.get_story(gone)  # a "More" button shown before the merge still works
    assert merged is not None and merged.id == keep
    assert sorted(a.id for a in merged.articles) == sorted(kept_articles + moved)
    assert sorted(a.id for a in any_store.list_articles(story_id=gone)) == sorted(kept_articles + moved)
    assert [s.id for s in any_store.stories_since(T0 - timedelta(days=1))].count(keep) == 1
    assert gone not in {s.id for s in any_store.stories_since(T0 - timedelta(days=1))}


def test_merged_span_covers_both_stories_and_chains_resolve(any_store: Store, make_article) -> None:
    early = any_store.save_article(make_article(collected=T0 - timedelta(hours=5)))
    late = any_store.save_article(make_article(collected=T0 + timedelta(hours=5)))
    middle = any_store.save_article(make_article(collected=T0))
    assert any_store.merge_stories({late.story_id: middle.story_id}) == 1
    assert any_store.merge_stories({middle.story_id: early.story_id}) == 1
    story = any_store.get_story(late.story_id)  # late -> middle -> early
    assert story is not None and story.id == early.story_id and len(story.articles) == 3
    assert story.first_seen == T0 - timedelta(hours=5)
    assert story.last_updated == T0 + timedelta(hours=5)


def test_merging_nothing_or_into_itself_changes_nothing(any_store: Store, make_article) -> None:
    saved = any_store.save_article(make_article())
    assert any_store.merge_stories({}) == 0 and any_store.merge_stories({saved.story_id: saved.story_id}) == 0
    assert any_store.get_story(saved.story_id).articles[0].id == saved.id
    assert any_store.get_story(10**6) is None


def test_a_failed_merge_changes_nothing(any_store: Store, make_article) -> None:
    a, b = (any_store.save_article(make_article()) for _ in range(2))
    # the first move is fine, the second points at no story: the whole merge is rolled back
    with pytest.raises(StoreError, match="cannot merge stories"):
        any_store.merge_stories({a.story_id: b.story_id, b.story_id: 10**6})
    assert {x.id: x.story_id for x in any_store.list_articles()} == {a.id: a.story_id, b.id: b.story_id}
    assert any_store.get_story(a.story_id).id == a.story_id
