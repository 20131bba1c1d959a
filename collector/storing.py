"""Storing a pass's articles: batched through the sink, one by one on failure, joined to their stories."""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Callable, Protocol

from collector.entries import Prepared
from collector.feeds import FeedEntry
from collector.models import Article, PassReport, Source
from collector.sink import ArticleSink
from config.settings import CollectorSettings

log = logging.getLogger(__name__)

Ready = tuple[FeedEntry, Prepared, Any, list[int]]  # (entry, prepared page, summary, MinHash signature)


class PassState(Protocol):
    """What storing needs of a collection pass (collector.pipeline's pass context)."""

    sink: ArticleSink
    settings: CollectorSettings
    now: datetime
    report: PassReport

    def story_index(self) -> Any:
        """The StoryIndex of recently collected articles."""
        ...

    @property
    def index(self) -> Any:
        """The StoryIndex when story_index() has built it this pass, else None."""
        ...


def is_duplicate_error(exc: BaseException) -> bool:
    """True for the store's DuplicateArticleError (matched by name: collector never imports storage)."""
    return any(cls.__name__ == "DuplicateArticleError" for cls in type(exc).__mro__)


def store_chunk(ctx: PassState, source: Source, ready: list[Ready]) -> int:
    """Store a chunk's articles: in one transaction when the sink has save_articles, else one by one.

    An article that belongs to the story of another article of the same chunk waits for that one to be
    stored (the batch is cut there), so it joins its story instead of starting a new one.
    """
    save_many = getattr(ctx.sink, "save_articles", None)
    if save_many is None:
        return sum(_save_one(ctx, source, _article(ctx, source, *r, _find(ctx.story_index(), r, ctx.now)))
                   for r in ready)
    from collector.stories import StoryIndex

    new, pending = 0, []
    local = StoryIndex(ctx.settings.story_threshold)
    for item in ready:
        story = _find(ctx.story_index(), item, ctx.now)
        if story is None and _find(local, item, ctx.now) is not None:
            new += _save_batch(ctx, source, pending, save_many)
            pending, local = [], StoryIndex(ctx.settings.story_threshold)
            story = _find(ctx.story_index(), item, ctx.now)
        pending.append(_article(ctx, source, *item, story))
        local.add(len(pending), 0, item[3], pending[-1].published)
    return new + _save_batch(ctx, source, pending, save_many)


def _find(index: Any, item: Ready, now: datetime) -> int | None:
    """The story of an earlier article like this one (its text signature and publication time)."""
    return index.find(item[3], _published(item[1], now))


def _published(p: Prepared, now: datetime) -> datetime | None:
    """The article's publication time, a future one cut to now (feeds do post-date entries)."""
    return p.published if p.published is None or p.published <= now else now


def _article(ctx: PassState, source: Source, entry: FeedEntry, p: Prepared, summary: Any, signature: list[int],
             story_id: int | None) -> Article:
    published = _published(p, ctx.now)
    return Article(
        url=p.url, title=p.title, text=p.text, source=source.label, source_id=source.id,
        canonical_url=p.canonical_url, guid=entry.guid, author=p.author, published=published,
        collected=ctx.now, language=p.language or source.language, fingerprint=p.fingerprint,
        minhash=signature, story_id=story_id, summary=summary,
    )


def _save_batch(ctx: PassState, source: Source, batch: list[Article], save_many: Callable[..., Any]) -> int:
    if not batch:
        return 0
    try:
        saved = save_many(batch)
    except Exception as exc:  # noqa: BLE001 - nothing of the batch was stored: retry one by one
        log.warning("source %s: batch of %d not stored (%s); storing one by one", source.label, len(batch), exc)
        return sum(_save_one(ctx, source, article) for article in batch)
    for article in saved:
        if article is None:
            ctx.report.duplicates += 1
        else:
            _stored(ctx, article)
    return sum(article is not None for article in saved)


def _save_one(ctx: PassState, source: Source, article: Article) -> int:
    try:
        saved = ctx.sink.save_article(article)
    except Exception as exc:  # noqa: BLE001 - duplicates are expected; anything else is logged, pass goes on
        if is_duplicate_error(exc):
            ctx.report.duplicates += 1
        else:
            log.error("source %s: could not store %s: %s", source.label, article.url, exc)
        return 0
    _stored(ctx, saved)
    return 1


def _stored(ctx: PassState, saved: Article) -> None:
    if saved.id is not None and saved.story_id is not None:
        ctx.story_index().add(saved.id, saved.story_id, list(saved.minhash or []), saved.published)
    ctx.report.new_articles += 1


def merge_pass_stories(ctx: PassState) -> None:
    """Merge the stories this pass's articles joined with near ones (collector.story_merge), in the store
    first and then in the pass's index; a failure is logged and leaves both as they were."""
    merge = getattr(ctx.sink, "merge_stories", None)
    index = ctx.index  # None: the pass stored nothing, so no story changed
    if merge is None or index is None:
        return
    into: dict[int, int] = {}
    try:
        into = index.plan_merges()
        if into:
            ctx.report.stories_merged += merge(into)
    except Exception as exc:  # noqa: BLE001 - the articles are stored; only the merge is lost
        log.error("stories not merged (%d planned): %s", len(into), exc)
        return
    index.apply_merges(into)


Recent = list[tuple[int, int, list[int], datetime | None]]  # rows of ArticleSink.recent_signatures


def sign_stale_again(sink: ArticleSink, rows: Recent) -> Recent:
    """The rows with signatures of an older version signed again from their stored text, and stored so: after
    an upgrade, new articles still join the stories of the last days (older versions are never indexed).
    A failure to read or store them is logged, and the rows keep what they had."""
    from collector.story_text import SIGNATURE_MARK, story_signature

    stale = [row[0] for row in rows if row[2] and row[2][0] != SIGNATURE_MARK]
    if not stale:
        return rows
    log.info("signing %d articles of an older story-signature version again", len(stale))
    try:
        fresh = {aid: story_signature(text, title=title) for aid, (title, text) in sink.article_leads(stale).items()}
        sink.update_signatures(fresh)
    except Exception as exc:  # noqa: BLE001 - the pass goes on; they are signed again next pass
        log.error("articles of an older story-signature version not signed again: %s", exc)
        return rows
    return [(aid, story, fresh.get(aid, signature), published) for aid, story, signature, published in rows]
