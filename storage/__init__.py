"""The Store: SQLAlchemy over a SQLite file (default) or PostgreSQL, with Alembic migrations."""
from __future__ import annotations

from storage.db import open_database, normalize_url
from storage.errors import (
    ArticleNotFoundError,
    ChatNotFoundError,
    DeliveryNotFoundError,
    DuplicateArticleError,
    DuplicateSourceError,
    InvalidValueError,
    MigrationError,
    SourceNotFoundError,
    StoreError,
)
from storage.models import SUBSCRIPTION_KINDS, Chat, Delivery, Subscription
from storage.store import Store

__all__ = [
    "open_store", "normalize_url", "Store", "Chat", "Subscription", "Delivery", "SUBSCRIPTION_KINDS",
    "StoreError", "MigrationError", "DuplicateArticleError", "DuplicateSourceError", "SourceNotFoundError",
    "ArticleNotFoundError", "ChatNotFoundError", "DeliveryNotFoundError", "InvalidValueError",
]


def open_store(url: str) -> Store:
    """Open the database at this SQLAlchemy URL (sqlite:///path or postgresql://...), run migrations."""
    return Store(open_database(url))
