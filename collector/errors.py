"""Named exceptions of the collector: each carries a one-line message fit for a user."""
from __future__ import annotations


class CollectorError(Exception):
    """Base class: a source, URL or response the collector cannot use."""


class UnsafeURLError(CollectorError):
    """The URL is not http(s) or its host resolves to a non-public address."""


class FetchError(CollectorError):
    """A request failed: connection, timeout, HTTP status, size or redirect trouble."""


class FetchTimeoutError(FetchError):
    """The server did not answer (or finish answering) within the deadline."""


class HTTPStatusError(FetchError):
    """The server answered with an error status (4xx/5xx)."""

    def __init__(self, url: str, status: int) -> None:
        super().__init__(f"HTTP {status} from {url}")
        self.url = url
        self.status = status


class BodyTooLargeError(FetchError):
    """The (decompressed) body exceeds collector.max_body_bytes."""


class TooManyRedirectsError(FetchError):
    """More redirects than collector.max_redirects, or a redirect loop."""


class FeedError(CollectorError):
    """The response is not a feed we can read."""


class MalformedFeedError(FeedError):
    """The document claims to be a feed but cannot be parsed."""


class NotAFeedError(FeedError):
    """The document is HTML (or something else) and names no feed to follow."""


class OPMLError(CollectorError):
    """An OPML file that cannot be read."""


class SourceExistsError(CollectorError):
    """A source with this URL or name is already stored."""


class SourceNotFoundError(CollectorError):
    """No stored source has this name or URL."""
