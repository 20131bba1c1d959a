"""The collector: sources -> articles (feeds, HTTP, extraction, dedup, story merging)."""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from collector.entries import cpu_executor, warm_up
    from collector.models import Article, PassReport, Source, Story
    from collector.pipeline import collect_sources, collect_sources_async, fetch_feed
    from collector.safety import check_url
    from collector.schedule import run_tick, run_tick_async, run_watch

# Imported on first use (PEP 562): `import collector.models` (storage, the CLI's start-up) must not load
# the pipeline's HTTP client and extractor (httpx, trafilatura) or the summarizer.
_LAZY: dict[str, str] = {
    "cpu_executor": "collector.entries", "warm_up": "collector.entries",
    "Article": "collector.models", "PassReport": "collector.models", "Source": "collector.models",
    "Story": "collector.models",
    "collect_sources": "collector.pipeline", "collect_sources_async": "collector.pipeline",
    "fetch_feed": "collector.pipeline",
    "check_url": "collector.safety",
    "run_tick": "collector.schedule", "run_tick_async": "collector.schedule", "run_watch": "collector.schedule",
}

__all__ = [
    "Article", "BodyTooLargeError", "CollectorError", "FeedError", "FetchError", "FetchTimeoutError",
    "HTTPStatusError", "MalformedFeedError", "NotAFeedError", "OPMLError", "PassReport", "Source",
    "SourceExistsError", "SourceNotFoundError", "Story", "TooManyRedirectsError", "UnsafeURLError",
    "check_url", "collect_sources", "cpu_executor", "warm_up", "collect_sources_async", "fetch_feed", "run_tick",
    "run_tick_async", "run_watch",
]


def __getattr__(name: str) -> Any:
    """Import a lazily exported name from its module on first access."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    """Every public name, lazy ones included."""
    return sorted(set(globals()) | set(__all__))
