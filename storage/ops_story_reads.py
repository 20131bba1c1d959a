"""Reading stories with all their articles: the newest of a window, a whole window in batches, one by id."""
from __future__ import annotations

from datetime import datetime
from typing import Iterator

from sqlalchemy import Connection, Text, cast, func, select

from collector.models import Story
from storage.columns import to_utc
from storage.db import Database
from storage.ops_articles import BATCH, _select_articles, row_to_article
from storage.ops_stories import resolve_story_id
from storage.schema import articles, stories


def _load_stories(conn: Connection, ids: list[int]) -> dict[int, Story]:
    out: dict[int, Story] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        for r in conn.execute(select(stories).where(stories.c.id.in_(chunk))).mappings():
            out[r["id"]] = Story(id=r["id"], title=r["title"], first_seen=r["first_seen"],
                                 last_updated=r["last_updated"])
        query = _select_articles().where(articles.c.story_id.in_(chunk)).order_by(articles.c.collected,
                                                                                   articles.c.id)
        for r in conn.execute(query).mappings():
            out[r["story_id"]].articles.append(row_to_article(r))
    return out


def _story_ids_since(conn: Connection, since: datetime, until: datetime | None, limit: int | None,
                     key_point: str | None = None) -> list[int]:
    """Ids of the stories with an article collected in [since, until), newest article first; with
    `key_point`, only stories with an article that may hold a key point of that kind (a text match on the
    stored JSON: callers check the kind itself)."""
    newest = func.max(articles.c.collected)
    query = select(articles.c.story_id, newest.label("newest")).where(
        articles.c.collected >= to_utc(since), articles.c.story_id.is_not(None)
    )
    if until is not None:
        query = query.where(articles.c.collected < to_utc(until))
    if key_point is not None:
        query = query.where(cast(articles.c.key_points, Text).like(f'%"{key_point}"%'))
    query = query.group_by(articles.c.story_id).order_by(newest.desc(), articles.c.story_id.desc())
    return [r.story_id for r in conn.execute(query if limit is None else query.limit(limit))]


def stories_since(db: Database, since: datetime, *, until: datetime | None, limit: int,
                  key_point: str | None = None) -> list[Story]:
    """Stories with an article collected in [since, until), newest first, with all their articles."""
    with db.read() as conn:
        ids = _story_ids_since(conn, since, until, limit, key_point)
        loaded = _load_stories(conn, ids)
    return [loaded[i] for i in ids if i in loaded]


def iter_stories_since(db: Database, since: datetime, *, until: datetime | None,
                       batch: int = BATCH) -> Iterator[list[Story]]:
    """Every story of the window, newest first, in lists of up to `batch` (each loaded when asked for)."""
    with db.read() as conn:
        ids = _story_ids_since(conn, since, until, None)
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        with db.read() as conn:
            loaded = _load_stories(conn, chunk)
        yield [loaded[i] for i in chunk if i in loaded]


def get_story(db: Database, story_id: int) -> Story | None:
    """One story with all its articles (the story it merged into, for a merged one), or None."""
    with db.read() as conn:
        story_id = resolve_story_id(conn, story_id)
        return _load_stories(conn, [story_id]).get(story_id)
