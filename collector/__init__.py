"""The collector: sources -> articles (feeds, HTTP, extraction, dedup, story merging)."""
from __future__ import annotations

from collector.errors import (
    BodyTooLargeError,
    CollectorError,
    FeedError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    MalformedFeedError,
    NotAFeedError,
    OPMLError,
    SourceExistsError,
    SourceNotFoundError,
    TooManyRedirectsError,
    UnsafeURLError,
)
from collector.entries import cpu_executor, warm_up
from collector.models import Article, PassReport, Source, Story
from collector.pipeline import collect_sources, collect_sources_async, fetch_feed
from collector.safety import check_url
from collector.schedule import run_tick, run_tick_async, run_watch

__all__ = [
    "Article", "BodyTooLargeError", "CollectorError", "FeedError", "FetchError", "FetchTimeoutError",
    "HTTPStatusError", "MalformedFeedError", "NotAFeedError", "OPMLError", "PassReport", "Source",
    "SourceExistsError", "SourceNotFoundError", "Story", "TooManyRedirectsError", "UnsafeURLError",
    "check_url", "collect_sources", "cpu_executor", "warm_up", "collect_sources_async", "fetch_feed", "run_tick", "run_tick_async",
    "run_watch",
]
