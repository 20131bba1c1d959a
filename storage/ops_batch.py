"""Batched article saves: several whole articles in one transaction with a few multi-row statements."""
from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from collector.models import Article
from storage.columns import to_utc, utcnow
from storage.db import Database
from storage.errors import SourceNotFoundError, StoreError
from storage.ops_articles import _TEXT_FIELDS, _TOUCH_STORY, _article_values, _clean
from storage.schema import articles, sources, stories

log = logging.getLogger(__name__)

BATCH = 100  # articles per statement group (keeps every IN (...) list well under the parameter limits)

_TAKEN = select(articles.c.url, articles.c.canonical_url, articles.c.fingerprint, articles.c.source_id,
                articles.c.guid).where(or_(
                    articles.c.url.in_(bindparam("urls", expanding=True)),
                    articles.c.canonical_url.in_(bindparam("urls", expanding=True)),
                    articles.c.fingerprint.in_(bindparam("fps", expanding=True)),
                    # with source_id, so that the (source_id, guid) index serves it instead of a table scan
                    and_(articles.c.source_id.in_(bindparam("sids", expanding=True)),
                         articles.c.guid.in_(bindparam("guids", expanding=True))),
                ))
_INSERT_STORIES = insert(stories).returning(stories.c.id, sort_by_parameter_order=True)
_INSERT_ARTICLES = insert(articles).returning(articles.c.id, sort_by_parameter_order=True)
_COUNT_SOURCE = (
    update(sources).where(sources.c.id == bindparam("sid"))
    .values(articles_collected=sources.c.articles_collected + bindparam("n"))
    .returning(func.coalesce(sources.c.name, sources.c.url))
)


class _Taken:
    """The identities (urls, fingerprints, (source, guid)) already stored or earlier in the batch."""

    def __init__(self) -> None:
        self.urls: set[str] = set()
        self.fps: set[str] = set()
        self.guids: set[tuple[int, str]] = set()

    def add(self, url: str | None, canonical: str | None, fp: str | None, sid: int | None, guid: str | None) -> None:
        self.urls.update(u for u in (url, canonical) if u)
        if fp:
            self.fps.add(fp)
        if sid is not None and guid:
            self.guids.add((sid, guid))

    def has(self, a: Article) -> bool:
        return bool({a.url, a.canonical_url} & self.urls or (a.fingerprint and a.fingerprint in self.fps)
                    or (a.source_id is not None and a.guid and (a.source_id, a.guid) in self.guids))


def save_articles(db: Database, batch: list[Article]) -> list[Article | None]:
    """Store these articles in one transaction, each whole or not at all; None for each duplicate.

    Duplicates (of stored articles or of earlier ones in the batch) are filtered out before writing.
    Any other error (an unknown source or story, a constraint hit by a concurrent writer) rolls back
    the whole batch and raises StoreError: nothing of it is stored then, and the caller may retry one by one.
    """
    cleaned = [dataclasses.replace(a, **{k: _clean(getattr(a, k)) for k in _TEXT_FIELDS}) for a in batch]
    written: list[tuple[int, int, int, datetime, str | None]] = []  # (position, id, story, collected, source)
    try:
        with db.write() as conn:
            for start in range(0, len(cleaned), BATCH):
                written += _write(conn, cleaned[start:start + BATCH], start)
    except IntegrityError as exc:
        raise StoreError(f"cannot save {len(batch)} articles: {exc.orig}") from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot save {len(batch)} articles: {getattr(exc, 'orig', None) or exc}") from exc
    results: list[Article | None] = [None] * len(batch)
    for position, new_id, story_id, collected, source_name in written:  # set only once committed
        given = batch[position]
        given.id, given.story_id, given.collected, given.source = new_id, story_id, collected, source_name
        results[position] = given
    return results


def _write(conn: Connection, chunk: list[Article], offset: int) -> list[tuple[int, int, int, datetime, str | None]]:
    taken = _stored_identities(conn, chunk)
    fresh: list[tuple[int, Article]] = []
    for i, a in enumerate(chunk):
        if taken.has(a):
            log.debug("article already stored: %s", a.url)
            continue
        taken.add(a.url, a.canonical_url, a.fingerprint, a.source_id, a.guid)
        fresh.append((offset + i, a))
    if not fresh:
        return []
    collected = [to_utc(a.collected) if a.collected else utcnow() for _, a in fresh]
    story_ids = _attach_stories(conn, [a for _, a in fresh], collected)
    names = _count_sources(conn, [a for _, a in fresh])
    values = [_article_values(a, when, story, a.source or names.get(a.source_id))
              for (_, a), when, story in zip(fresh, collected, story_ids)]
    ids = [int(row[0]) for row in conn.execute(_INSERT_ARTICLES, values)]
    return [(pos, new_id, story, when, v["source_name"])
            for (pos, _), new_id, story, when, v in zip(fresh, ids, story_ids, collected, values)]


def _stored_identities(conn: Connection, chunk: list[Article]) -> _Taken:
    taken = _Taken()
    params: dict[str, Any] = {
        "urls": sorted({u for a in chunk for u in (a.url, a.canonical_url) if u}),
        "fps": sorted({a.fingerprint for a in chunk if a.fingerprint}),
        "guids": sorted({a.guid for a in chunk if a.guid and a.source_id is not None}),
        "sids": sorted({a.source_id for a in chunk if a.guid and a.source_id is not None}),
    }
    for row in conn.execute(_TAKEN, params):
        taken.add(row.url, row.canonical_url, row.fingerprint, row.source_id, row.guid)
    return taken


def _attach_stories(conn: Connection, fresh: list[Article], collected: list[datetime]) -> list[int]:
    """Each article's story id: new stories inserted in one statement, given ones touched."""
    new = [{"title": a.title, "first_seen": when, "last_updated": when}
           for a, when in zip(fresh, collected) if a.story_id is None]
    new_ids = iter([int(row[0]) for row in conn.execute(_INSERT_STORIES, new)] if new else [])
    latest: dict[int, datetime] = {}
    for a, when in zip(fresh, collected):
        if a.story_id is not None:
            latest[a.story_id] = max(when, latest.get(a.story_id, when))
    for story_id, when in latest.items():
        result = conn.execute(_TOUCH_STORY[conn.dialect.name], {"story": story_id, "when": when})
        if result.rowcount == 0:
            raise StoreError(f"no story with id {story_id} for a batch of {len(fresh)} articles")
    return [a.story_id if a.story_id is not None else next(new_ids) for a in fresh]


def _count_sources(conn: Connection, fresh: list[Article]) -> dict[int | None, str]:
    """Add each source's new articles to its count; its label by id (SourceNotFoundError when unknown)."""
    names: dict[int | None, str] = {}
    for sid, n in Counter(a.source_id for a in fresh if a.source_id is not None).items():
        row = conn.execute(_COUNT_SOURCE, {"sid": sid, "n": n}).first()
        if row is None:
            raise SourceNotFoundError(f"no source with id {sid} for a batch of {len(fresh)} articles")
        names[sid] = row[0]
    return names
