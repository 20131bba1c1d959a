"""One collection pass: fetch feeds concurrently, process new entries, record every source's outcome."""
from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from collector.entries import Prepared, process_entries
from collector.errors import CollectorError, HTTPStatusError, NotAFeedError, UnsafeURLError
from collector.feeds import FeedEntry, ParsedFeed, looks_like_html, parse_feed
from collector.http import PAGE_ACCEPT, Fetcher, FetchResult
from collector.models import PassReport, Source
from collector.schedule import collector_settings, record_failure, record_success
from collector.sink import ArticleSink
from collector.storing import Ready, merge_pass_stories, sign_stale_again, store_chunk
from collector.storing import is_duplicate_error  # noqa: F401 - re-exported: it lived here
from collector.discover import find_feed_links
from config.settings import CollectorSettings

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
HTML_TYPES = ("text/html", "application/xhtml+xml", "")
CHUNK = 20  # entries fetched, processed (one worker call) and stored (one transaction) together


@dataclass
class _Pass:
    sink: ArticleSink
    settings: CollectorSettings
    fetcher: Fetcher
    now: datetime
    executor: Executor | None
    index: Any  # StoryIndex, built on first use: a pass of 304s never loads the recent signatures
    report: PassReport
    slots: asyncio.Semaphore  # chunks of entries in flight (bounds memory: pages waiting for a CPU worker)
    sources_in_flight: asyncio.Semaphore  # sources in flight (bounds memory with thousands of sources)
    claimed: set[str] = field(default_factory=set)  # canonical URLs and fingerprints taken in this pass
    timings: dict[str, float] = field(default_factory=dict)

    def story_index(self) -> Any:
        """The StoryIndex of articles collected within story_window_hours (loaded once per pass)."""
        if self.index is None:
            from collector.stories import StoryIndex

            self.index = StoryIndex(self.settings.story_threshold,
                                    merge_threshold=self.settings.story_merge_threshold)
            since = self.now - timedelta(hours=self.settings.story_window_hours)
            for article_id, story_id, signature, published in sign_stale_again(
                    self.sink, self.sink.recent_signatures(since)):
                self.index.add(article_id, story_id, signature, published)
        return self.index

    async def cpu(self, name: str, func: Callable[..., Any], *args: Any) -> Any:
        """Run a CPU-bound step off the event loop and add its time to the breakdown."""
        start = time.perf_counter()
        try:
            return await asyncio.get_running_loop().run_in_executor(self.executor, func, *args)
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


def collect_sources(sources: list[Source], sink: ArticleSink, settings: Any, *, now: datetime | None = None,
                    progress: Progress | None = None, executor: Executor | None = None) -> PassReport:
    """Run one collection pass over these sources (sync wrapper; use collect_sources_async inside a loop)."""
    return asyncio.run(collect_sources_async(sources, sink, settings, now=now, progress=progress, executor=executor))


async def collect_sources_async(sources: list[Source], sink: ArticleSink, settings: Any, *,
                                now: datetime | None = None, progress: Progress | None = None,
                                executor: Executor | None = None, fetcher: Fetcher | None = None,
                                timings: dict[str, float] | None = None) -> PassReport:
    """Collect every source concurrently; each failure is recorded on its source and the pass goes on.

    `executor` runs extraction and summarizing (default: the loop's thread pool; pass a ProcessPoolExecutor
    to use every core). `fetcher` may be shared between passes (it is not closed here).
    """
    cs = collector_settings(settings)
    now = now or datetime.now(timezone.utc)
    started = time.perf_counter()
    report = PassReport()
    own = fetcher is None
    fetcher = fetcher or Fetcher(cs)
    chunks = asyncio.Semaphore(max(4, cs.concurrency * 4 // CHUNK))
    ctx = _Pass(sink, cs, fetcher, now, executor, None, report, chunks, asyncio.Semaphore(max(4, cs.concurrency)),
                timings=timings if timings is not None else {})
    tasks: list[asyncio.Future[None]] = []
    try:
        tasks = [asyncio.ensure_future(_collect_source(ctx, source)) for source in sources]
        done = 0
        for finished in asyncio.as_completed(tasks):
            await finished
            done += 1
            if progress:
                progress(done, len(tasks))
        merge_pass_stories(ctx)
    finally:
        for task in tasks:  # only left running when the pass itself is cancelled (e.g. shutdown)
            task.cancel()
        if own:
            await fetcher.aclose()
    report.seconds = time.perf_counter() - started
    return report


async def _collect_source(ctx: _Pass, source: Source) -> None:
    async with ctx.sources_in_flight:
        await _collect_one_source(ctx, source)


async def _collect_one_source(ctx: _Pass, source: Source) -> None:
    try:
        result, feed = await _fetch_feed(ctx, source)
        new = 0 if feed is None else await _collect_entries(ctx, source, feed)
    except (CollectorError, OSError, ValueError) as exc:
        _fail(ctx, source, str(exc) or type(exc).__name__)
        return
    except Exception as exc:  # noqa: BLE001 - an unexpected bug in one source must not end the pass
        log.exception("source %s: unexpected error", source.label)
        _fail(ctx, source, f"internal error: {type(exc).__name__}: {exc}")
        return
    etag = result.headers.get("etag", source.etag if result.not_modified else None)
    modified = result.headers.get("last-modified", source.last_modified if result.not_modified else None)
    record_success(source, ctx.now, etag=etag, last_modified=modified, new_articles=new)
    ctx.report.sources_ok += 1
    _save_source(ctx, source)


def _fail(ctx: _Pass, source: Source, error: str) -> None:
    log.warning("source %s failed: %s", source.label, error)
    record_failure(source, ctx.now, error, ctx.settings)
    ctx.report.sources_failed += 1
    ctx.report.errors[source.label] = error
    _save_source(ctx, source)


def _save_source(ctx: _Pass, source: Source) -> None:
    try:
        ctx.sink.update_source(source)
    except Exception:  # noqa: BLE001 - the store's own error; the next pass retries
        log.exception("could not store the state of source %s", source.label)


async def fetch_feed(fetcher: Fetcher, source: Source, *,
                     now: datetime | None = None) -> tuple[FetchResult, ParsedFeed | None]:
    """Fetch and parse a source's feed (conditional GET; HTML pages resolved by autodiscovery).

    Returns (result, None) on 304. Sets source.feed_url when autodiscovery found the feed; a discovered
    feed that is gone (404/410) is discovered again from the site URL.
    """
    if source.feed_url and source.feed_url != source.url:
        try:
            return await _fetch_and_parse(fetcher, source, source.feed_url, now)
        except HTTPStatusError as exc:
            if exc.status not in (404, 410):
                raise
            log.info("source %s: feed %s is gone; discovering again", source.label, source.feed_url)
            source.feed_url, source.etag, source.last_modified = None, None, None
    return await _fetch_and_parse(fetcher, source, source.url, now)


async def _fetch_and_parse(fetcher: Fetcher, source: Source, url: str,
                           now: datetime | None) -> tuple[FetchResult, ParsedFeed | None]:
    result = await fetcher.fetch(url, etag=source.etag, last_modified=source.last_modified)
    if result.not_modified:
        return result, None
    try:
        return result, parse_feed(result.body, result.url, content_type=result.content_type,
                                   charset=result.charset, now=now)
    except NotAFeedError:
        links = find_feed_links(result.body, result.url)
        if not links:
            raise NotAFeedError(f"{url}: an HTML page without a feed (no <link rel=\"alternate\"> to an RSS, "
                                "Atom or JSON feed)") from None
    result = await fetcher.fetch(links[0])
    feed = parse_feed(result.body, result.url, content_type=result.content_type, charset=result.charset, now=now)
    log.info("source %s: discovered feed %s", source.label, links[0])
    source.feed_url = links[0]
    return result, feed


async def _fetch_feed(ctx: _Pass, source: Source) -> tuple[FetchResult, ParsedFeed | None]:
    start = time.perf_counter()
    try:
        return await fetch_feed(ctx.fetcher, source, now=ctx.now)
    finally:
        ctx.timings["feeds"] = ctx.timings.get("feeds", 0.0) + time.perf_counter() - start


async def _collect_entries(ctx: _Pass, source: Source, feed: ParsedFeed) -> int:
    entries = feed.entries
    if not entries:
        return 0
    if source.id is not None:
        known = ctx.sink.known_guids(source.id, [e.guid for e in entries])
        entries = [e for e in entries if e.guid not in known]
    known_urls = ctx.sink.known_urls([e.link for e in entries])
    entries = [e for e in entries if e.link not in known_urls]
    new = 0
    for start in range(0, len(entries), CHUNK):
        new += await _collect_chunk(ctx, source, entries[start:start + CHUNK])
    return new


async def _collect_chunk(ctx: _Pass, source: Source, entries: list[FeedEntry]) -> int:
    """Fetch a chunk's pages concurrently, extract and summarize them in one worker call, store them together."""
    async with ctx.slots:
        pages = await asyncio.gather(*(_entry_page(ctx, source, e) for e in entries))
        kept = [(e, page) for e, page in zip(entries, pages) if page is not _UNSAFE]
        del pages
        if not kept:
            return 0
        jobs = [(page, e.link, e.text, e.title, e.author, e.published) for e, page in kept]
        # One worker call per chunk: a round trip to a process pool costs the event loop more than the rare
        # duplicate summarized in vain (its summary is dropped, never stored).
        done = await ctx.cpu("extract+summarize", process_entries, jobs, ctx.settings.story_vectors)
        del jobs
    ready: list[Ready] = []
    for (entry, _page), result in zip(kept, done):
        if result is None:
            log.debug("source %s: entry %s has no text, skipped", source.label, entry.link)
            continue
        prepared, summary, signature, error = result
        if _claimed(ctx, prepared):
            ctx.report.duplicates += 1
            continue
        if error:
            log.warning("source %s: summary of %s failed (%s); stored without summary",
                        source.label, prepared.url, error)
        ready.append((entry, prepared, summary, signature))
    start = time.perf_counter()
    try:
        return store_chunk(ctx, source, ready)
    finally:
        ctx.timings["store"] = ctx.timings.get("store", 0.0) + time.perf_counter() - start


_UNSAFE = b"\0unsafe"  # marks an entry whose link the URL policy refused


async def _entry_page(ctx: _Pass, source: Source, entry: FeedEntry) -> bytes | None:
    try:
        await ctx.fetcher.check(entry.link)  # the fetcher's URL policy: collector.safety by default
    except UnsafeURLError as exc:
        log.warning("source %s: skipping entry: %s", source.label, exc)
        return _UNSAFE
    return await _fetch_page(ctx, entry.link) if ctx.settings.fetch_pages else None


async def _fetch_page(ctx: _Pass, url: str) -> bytes | None:
    start = time.perf_counter()
    try:
        result = await ctx.fetcher.fetch(url, accept=PAGE_ACCEPT)
    except CollectorError as exc:
        log.info("page %s not fetched (%s); using the feed's content", url, exc)
        return None
    finally:
        ctx.timings["pages"] = ctx.timings.get("pages", 0.0) + time.perf_counter() - start
    if result.content_type not in HTML_TYPES and not looks_like_html(result.body):
        log.info("page %s is %s, not HTML; using the feed's content", url, result.content_type)
        return None
    return result.body


def _claimed(ctx: _Pass, prepared: Prepared) -> bool:
    """True when an earlier article of this pass had this canonical URL or fingerprint; claims it otherwise.

    Articles stored by earlier passes are caught by the store itself (DuplicateArticleError, or None
    from save_articles), which saves two queries per article here.
    """
    keys = {prepared.canonical_url, prepared.url, "fp:" + prepared.fingerprint}
    if keys & ctx.claimed:
        return True
    ctx.claimed |= keys
    return False
