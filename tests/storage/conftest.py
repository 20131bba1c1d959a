"""Storage test fixtures: `any_store` runs a test on SQLite and on PostgreSQL (when it answers)."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from typing import Callable

import pytest

from collector.models import Article
from storage import Store

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_store(request: pytest.FixtureRequest) -> Store:
    """The SQLite store, then the PostgreSQL store (skipped when PostgreSQL does not answer)."""
    return request.getfixturevalue("store" if request.param == "sqlite" else "pg_store")


@pytest.fixture
def make_article(article: Article) -> Callable[..., Article]:
    """Variants of the `article` fixture with unique url, canonical url, guid and fingerprint."""
    counter = iter(range(1, 1_000_000))

    def make(**changes: object) -> Article:
        n = next(counter)
        base = dict(
            url=f"https://news.velmora.example/a/{n}", canonical_url=f"https://news.velmora.example/a/{n}",
            guid=f"guid-{n}", fingerprint=f"fp-{n}", title=f"Velmora story number {n}",
            collected=T0 + timedelta(minutes=n), published=T0 + timedelta(minutes=n) - timedelta(hours=1),
            minhash=[n, n + 1, n + 2], id=None, story_id=None,
        )
        base.update(changes)
        return dataclasses.replace(article, **base)

    return make
