"""Story operations of the Store beyond saving articles: merging stories, following merged ones."""
from __future__ import annotations

from sqlalchemy import Connection, func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from storage.db import Database
from storage.errors import StoreError
from storage.schema import articles, stories

MAX_HOPS = 64  # merged_into links followed at most (a story merged into one that merged again, ...)


def merge_stories(db: Database, into: dict[int, int]) -> int:
    """Move each story's articles to the story it merged into, in one transaction; return how many merged.

    The merged story stays as a row with merged_into set, so an id shown earlier (a "More" button) still
    resolves (get_story follows it); the surviving story's span covers both.
    """
    moves = {old: new for old, new in into.items() if old != new}
    if not moves:
        return 0
    try:
        with db.write() as conn:
            for old, new in sorted(moves.items()):
                conn.execute(update(articles).where(articles.c.story_id == old).values(story_id=new))
                conn.execute(update(stories).where(stories.c.id == old).values(merged_into=new))
            for new in sorted(set(moves.values())):
                _widen_span(conn, new)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot merge stories: {getattr(exc, 'orig', None) or exc}") from exc
    return len(moves)


def _widen_span(conn: Connection, story_id: int) -> None:
    """first_seen / last_updated of a story: the widest of its own and of the stories merged into it."""
    span = select(func.min(stories.c.first_seen), func.max(stories.c.last_updated)).where(
        or_(stories.c.id == story_id, stories.c.merged_into == story_id))
    first, last = conn.execute(span).one()
    if first is not None:
        conn.execute(update(stories).where(stories.c.id == story_id).values(first_seen=first, last_updated=last))


def resolve_story_id(conn: Connection, story_id: int) -> int:
    """The id a story lives under now: itself, or the end of its merged_into links."""
    for _ in range(MAX_HOPS):
        target = conn.execute(select(stories.c.merged_into).where(stories.c.id == story_id)).scalar_one_or_none()
        if target is None or target == story_id:
            break
        story_id = target
    return story_id
