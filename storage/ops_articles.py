"""Article and story operations of the Store."""
from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any, Iterable, Mapping

from sqlalchemy import Connection, bindparam, func, insert, literal, or_, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from collector.models import Article
from storage.db import Database
from storage.errors import DuplicateArticleError, SourceNotFoundError, StoreError
from storage.ops_sources import _find as find_source_row
from storage.ops_stories import resolve_story_id
from storage.schema import articles, sources, stories
from storage.columns import UTCDateTime, to_utc, utcnow
from summarizer.models import Summary

BATCH = 500  # values per IN (...) query, well under SQLite's and PostgreSQL's parameter limits

_COLUMNS = [c for c in articles.c if c.name != "source_name"]
_SOURCE_LABEL = func.coalesce(sources.c.name, sources.c.url, articles.c.source_name).label("source")
_TEXT_FIELDS = ("url", "canonical_url", "guid", "source", "title", "author", "text", "language", "fingerprint")
_NEWEST = func.coalesce(articles.c.published, articles.c.collected)


def _batches(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(dict.fromkeys(v for v in values if v))
    for start in range(0, len(items), BATCH):
        yield items[start:start + BATCH]


_KNOWN_URLS = select(articles.c.url, articles.c.canonical_url).where(
    or_(articles.c.url.in_(bindparam("urls", expanding=True)),
        articles.c.canonical_url.in_(bindparam("urls", expanding=True)))
)
_KNOWN_GUIDS = select(articles.c.guid).where(
    articles.c.source_id == bindparam("sid"), articles.c.guid.in_(bindparam("guids", expanding=True))
)
_HAS_FINGERPRINT = select(literal(1)).where(articles.c.fingerprint == bindparam("fp")).limit(1)
# One probe for every dedup rule; NULL fingerprint/guid never match.
_DUPLICATE = select(articles.c.id).where(
    or_(
        articles.c.url.in_(bindparam("urls", expanding=True)),
        articles.c.canonical_url.in_(bindparam("urls", expanding=True)),
        articles.c.fingerprint == bindparam("fp"),
        (articles.c.source_id == bindparam("sid")) & (articles.c.guid == bindparam("guid")),
    )
).limit(1)
_INSERT_STORY = insert(stories).returning(stories.c.id)
_INSERT_ARTICLE = insert(articles).returning(articles.c.id)
_COUNT_SOURCE = (
    update(sources).where(sources.c.id == bindparam("sid"))
    .values(articles_collected=sources.c.articles_collected + 1)
    .returning(func.coalesce(sources.c.name, sources.c.url))
)
_TOUCH_STORY = {
    name: update(stories).where(stories.c.id == bindparam("story"))
    .values(last_updated=greatest(stories.c.last_updated, bindparam("when", type_=UTCDateTime)))
    for name, greatest in (("sqlite", func.max), ("postgresql", func.greatest))  # two-argument scalar max
}


def known_urls(db: Database, urls: Iterable[str]) -> set[str]:
    """The subset of these URLs stored as an article url or canonical url."""
    found: set[str] = set()
    with db.read() as conn:
        for chunk in _batches(urls):
            asked = set(chunk)
            for url, canonical in conn.execute(_KNOWN_URLS, {"urls": chunk}):
                found.update(u for u in (url, canonical) if u in asked)
    return found


def known_guids(db: Database, source_id: int, guids: Iterable[str]) -> set[str]:
    """The subset of these GUIDs stored for this source."""
    found: set[str] = set()
    with db.read() as conn:
        for chunk in _batches(guids):
            found.update(conn.execute(_KNOWN_GUIDS, {"sid": source_id, "guids": chunk}).scalars())
    return found


def has_fingerprint(db: Database, fingerprint: str) -> bool:
    """True when an article with this fingerprint is stored."""
    with db.read() as conn:
        return conn.execute(_HAS_FINGERPRINT, {"fp": fingerprint}).first() is not None


def recent_signatures(db: Database, since: datetime) -> list[tuple[int, int, list[int], datetime | None]]:
    """(article_id, story_id, minhash, published) of articles collected since `since`, oldest first."""
    query = (
        select(articles.c.id, articles.c.story_id, articles.c.minhash, articles.c.published)
        .where(articles.c.collected >= to_utc(since), articles.c.story_id.is_not(None))
        .order_by(articles.c.collected, articles.c.id)
    )
    with db.read() as conn:
        return [(r.id, r.story_id, list(r.minhash or []), r.published) for r in conn.execute(query)]


def article_leads(db: Database, ids: Iterable[int]) -> dict[int, tuple[str | None, str]]:
    """{article_id: (title, text)} of these stored articles (missing ids left out)."""
    out: dict[int, tuple[str | None, str]] = {}
    query = select(articles.c.id, articles.c.title, articles.c.text).where(
        articles.c.id.in_(bindparam("ids", expanding=True)))
    with db.read() as conn:
        for batch in _batches(ids):
            out.update((r.id, (r.title, r.text or "")) for r in conn.execute(query, {"ids": batch}))
    return out


def update_signatures(db: Database, signatures: Mapping[int, list[int]]) -> None:
    """Replace the story signatures of these articles, in one transaction."""
    if signatures:
        with db.write() as conn:
            conn.execute(update(articles).where(articles.c.id == bindparam("aid")).values(minhash=bindparam("sig")),
                         [{"aid": aid, "sig": [int(v) for v in sig]} for aid, sig in signatures.items()])


def _insert_story(conn: Connection, title: str | None, first_seen: datetime) -> int:
    seen = to_utc(first_seen)
    return int(conn.execute(_INSERT_STORY, {"title": title, "first_seen": seen, "last_updated": seen}).scalar_one())


def new_story(db: Database, title: str | None, first_seen: datetime) -> int:
    """Create an empty story and return its id."""
    with db.write() as conn:
        return _insert_story(conn, title, first_seen)


def _duplicate_reason(conn: Connection, a: Article) -> str | None:
    urls = list({u for u in (a.url, a.canonical_url) if u})
    params = {"urls": urls, "fp": a.fingerprint, "sid": a.source_id, "guid": a.guid}
    row = conn.execute(_DUPLICATE, params).first()
    if row is None:
        return None
    stored = conn.execute(select(articles).where(articles.c.id == row.id)).mappings().one()
    if stored["url"] in urls or stored["canonical_url"] in urls:
        what = "url"
    elif a.fingerprint and stored["fingerprint"] == a.fingerprint:
        what = "content fingerprint"
    else:
        what = "feed guid"
    return f"article already stored (same {what} as article {row.id}): {a.url}"


def _clean(value: Any) -> Any:
    """Drop NUL characters (PostgreSQL text refuses them) from strings, also inside lists and dicts."""
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def _article_values(a: Article, collected: datetime, story_id: int, source_name: str | None) -> dict[str, Any]:
    data = _clean(a.summary.to_dict()) if a.summary else None
    return {
        "url": a.url, "canonical_url": a.canonical_url, "guid": a.guid, "source_id": a.source_id,
        "source_name": source_name, "title": a.title, "author": a.author, "text": a.text,
        "published": a.published, "collected": collected, "language": a.language,
        "fingerprint": a.fingerprint, "minhash": [int(v) for v in a.minhash] if a.minhash else None,
        "story_id": story_id, "summary": data, "key_points": data["key_points"] if data else None,
    }


def save_article(db: Database, article: Article) -> Article:
    """Store one article with its story and source count atomically; return it with id set."""
    collected = to_utc(article.collected) if article.collected else utcnow()
    given = article
    article = dataclasses.replace(article, **{k: _clean(getattr(article, k)) for k in _TEXT_FIELDS})
    try:
        with db.write() as conn:
            reason = _duplicate_reason(conn, article)
            if reason:
                raise DuplicateArticleError(reason)
            story_id = _attach_story(conn, article, collected)
            source_name = article.source
            if article.source_id is not None:
                counted = conn.execute(_COUNT_SOURCE, {"sid": article.source_id}).first()
                if counted is None:
                    raise SourceNotFoundError(f"no source with id {article.source_id} for {article.url}")
                source_name = source_name or counted[0]
            values = _article_values(article, collected, story_id, source_name)
            new_id = conn.execute(_INSERT_ARTICLE, values).scalar_one()
    except IntegrityError as exc:  # a constraint caught what the pre-check did not (e.g. a concurrent insert)
        with db.read() as conn:
            reason = _duplicate_reason(conn, article)
        if reason:
            raise DuplicateArticleError(reason) from None
        raise StoreError(f"cannot save article {article.url}: {exc.orig}") from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot save article {article.url}: {getattr(exc, 'orig', None) or exc}") from exc
    given.id, given.story_id, given.collected, given.source = int(new_id), story_id, collected, source_name
    return given


def _attach_story(conn: Connection, article: Article, collected: datetime) -> int:
    if article.story_id is None:
        return _insert_story(conn, article.title, collected)
    result = conn.execute(_TOUCH_STORY[conn.dialect.name], {"story": article.story_id, "when": collected})
    if result.rowcount == 0:
        raise StoreError(f"no story with id {article.story_id} for {article.url}")
    return article.story_id


def row_to_article(row: Mapping[str, Any]) -> Article:
    """An Article (with Summary) from a joined articles row."""
    summary = Summary.from_dict(row["summary"]) if row["summary"] else None
    names = ("url", "title", "text", "source", "source_id", "canonical_url", "guid", "author", "published",
             "collected", "language", "fingerprint", "story_id", "id")
    return dataclasses.replace(Article(**{n: row[n] for n in names}), minhash=list(row["minhash"] or []),
                               summary=summary)


def _select_articles() -> Any:
    return select(*_COLUMNS, _SOURCE_LABEL).select_from(
        articles.outerjoin(sources, sources.c.id == articles.c.source_id)
    )


def list_articles(
    db: Database, *, since: datetime | None, source: str | int | None, story_id: int | None, limit: int | None
) -> list[Article]:
    """Articles collected since `since` (of one source, of one story), newest first (published, else collected)."""
    query = _select_articles().order_by(_NEWEST.desc(), articles.c.id.desc())
    with db.read() as conn:
        if source is not None:
            row = find_source_row(conn, source)
            if row is None:
                raise SourceNotFoundError(f"no source named or at {source!r}")
            query = query.where(articles.c.source_id == row["id"])
        if since is not None:
            query = query.where(articles.c.collected >= to_utc(since))
        if story_id is not None:  # a merged story's id lists the story it merged into
            query = query.where(articles.c.story_id == resolve_story_id(conn, story_id))
        if limit is not None:
            query = query.limit(limit)
        return [row_to_article(r) for r in conn.execute(query).mappings()]


def get_article(db: Database, article_id: int) -> Article | None:
    """One article, or None."""
    with db.read() as conn:
        row = conn.execute(_select_articles().where(articles.c.id == article_id)).mappings().first()
    return row_to_article(row) if row is not None else None


def count_articles(db: Database) -> int:
    """How many articles are stored."""
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())
