"""Named store errors; messages are written for the user."""
from __future__ import annotations


class StoreError(Exception):
    """Base class of every store error."""


class MigrationError(StoreError):
    """The database could not be opened or migrated."""


class DuplicateArticleError(StoreError):
    """The article's url, canonical url, fingerprint or (source, guid) is already stored."""


class DuplicateSourceError(StoreError):
    """A source with this URL (or name) already exists."""


class SourceNotFoundError(StoreError):
    """No source has this id, name or URL."""


class ArticleNotFoundError(StoreError):
    """No article has this id."""


class ChatNotFoundError(StoreError):
    """No chat has this id."""


class DeliveryNotFoundError(StoreError):
    """No delivery has this id."""


class InvalidValueError(StoreError, ValueError):
    """A value passed to the store is malformed (bad status, kind, time, time zone...)."""
