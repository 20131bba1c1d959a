"""Source operations of the Store."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from sqlalchemy import Connection, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from collector.models import Source
from storage.db import Database
from storage.errors import DuplicateSourceError, SourceNotFoundError
from storage.schema import sources
from storage.columns import to_utc

# Columns written from a Source (articles_collected is maintained by save_article).
_STATE = (
    "url", "name", "interval", "language", "enabled", "feed_url", "etag", "last_modified", "last_checked",
    "last_success", "last_error", "failures", "next_check", "disabled_reason",
)


_UPDATE = update(sources).where(sources.c.id == bindparam("sid"))  # SET comes from the parameter keys
_INSERT = insert(sources).returning(*sources.c)
_BY_URLS = select(sources).where(sources.c.url.in_(bindparam("urls", expanding=True)))


def row_to_source(row: Mapping[str, Any]) -> Source:
    """A Source from a sources row."""
    return Source(**{k: row[k] for k in (*_STATE, "id", "articles_collected")})


_FALLBACKS = {"interval": Source.interval, "enabled": True, "failures": 0}  # NOT NULL columns


def _values(source: Source) -> dict[str, Any]:
    values = {k: getattr(source, k) for k in _STATE}
    values.update({k: v for k, v in _FALLBACKS.items() if values[k] is None})
    return values


def list_sources(db: Database, *, enabled_only: bool = False) -> list[Source]:
    """Every source, ordered by id."""
    query = select(sources).order_by(sources.c.id)
    if enabled_only:
        query = query.where(sources.c.enabled.is_(True))
    with db.read() as conn:
        return [row_to_source(r) for r in conn.execute(query).mappings()]


def due_sources(db: Database, now: datetime) -> list[Source]:
    """Enabled sources whose next_check is unset or <= now, never-checked first."""
    query = (
        select(sources)
        .where(sources.c.enabled.is_(True), or_(sources.c.next_check.is_(None), sources.c.next_check <= to_utc(now)))
        .order_by(sources.c.next_check.is_not(None), sources.c.next_check, sources.c.id)
    )
    with db.read() as conn:
        return [row_to_source(r) for r in conn.execute(query).mappings()]


def update_source(db: Database, source: Source) -> None:
    """Persist a source's settings and fetch state by id."""
    if source.id is None:
        raise SourceNotFoundError(f"source {source.label} has no id (add it first)")
    try:
        with db.write() as conn:
            result = conn.execute(_UPDATE, {"sid": source.id, **_values(source)})
            if result.rowcount == 0:
                raise SourceNotFoundError(f"no source with id {source.id}")
    except IntegrityError:
        raise DuplicateSourceError(f"another source already has the URL {source.url}") from None


def _find(conn: Connection, key: str | int) -> Mapping[str, Any] | None:
    if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
        row = conn.execute(select(sources).where(sources.c.id == int(key))).mappings().first()
        if row is not None or isinstance(key, int):
            return row
    for cond in (sources.c.url == key, sources.c.feed_url == key, func.lower(sources.c.name) == key.lower()):
        row = conn.execute(select(sources).where(cond).order_by(sources.c.id)).mappings().first()
        if row is not None:
            return row
    return None


def get_source(db: Database, name_or_url: str | int) -> Source | None:
    """The source with this id, URL, feed URL or name, or None."""
    with db.read() as conn:
        row = _find(conn, name_or_url)
    return row_to_source(row) if row is not None else None


def _insert(conn: Connection, source: Source) -> Source:
    values = _values(source)
    values["articles_collected"] = 0
    return row_to_source(conn.execute(_INSERT, values).mappings().one())


def add_source(db: Database, source: Source) -> Source:
    """Insert a source; DuplicateSourceError when its URL (or name) exists."""
    try:
        return _add(db, source)
    except IntegrityError:  # a concurrent add of the same URL won
        raise DuplicateSourceError(f"source already exists: {source.url}") from None


def _add(db: Database, source: Source) -> Source:
    with db.write() as conn:
        existing = conn.execute(select(sources.c.id).where(sources.c.url == source.url)).first()
        if existing is not None:
            raise DuplicateSourceError(f"source already exists: {source.url}")
        if source.name:
            named = conn.execute(
                select(sources.c.url).where(func.lower(sources.c.name) == source.name.lower())
            ).first()
            if named is not None:
                raise DuplicateSourceError(f"a source named {source.name!r} already exists ({named.url})")
        return _insert(conn, source)


def remove_source(db: Database, name_or_url: str | int) -> Source:
    """Delete a source, keeping its articles (their source_id becomes NULL)."""
    with db.write() as conn:
        row = _find(conn, name_or_url)
        if row is None:
            raise SourceNotFoundError(f"no source named or at {name_or_url!r}")
        conn.execute(delete(sources).where(sources.c.id == row["id"]))
    return row_to_source(row)


def ensure_sources(db: Database, wanted: list[Source]) -> list[Source]:
    """Insert the sources whose URL is not stored yet; return all of them as stored."""
    stored: dict[str, Source] = {}
    with db.write() as conn:
        urls = list(dict.fromkeys(s.url for s in wanted))
        for start in range(0, len(urls), 500):
            rows = conn.execute(_BY_URLS, {"urls": urls[start:start + 500]}).mappings()
            stored.update((r["url"], row_to_source(r)) for r in rows)
        for source in wanted:
            if source.url not in stored:
                stored[source.url] = _insert(conn, source)
    return [stored[s.url] for s in wanted]
