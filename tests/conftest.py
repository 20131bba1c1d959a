"""Shared fixtures: `store` (SQLite file), `pg_store` (PostgreSQL, skipped when absent), `article`, `settings`."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import pytest

from collector.models import Article
from config import Settings, load_settings
from storage import Store, open_store
from summarizer.models import KeyPoint, Summary

PG_HOST, PG_PORT, PG_DB = "127.0.0.1", 5432, "test"
PG_USERS = ("postgres", "root")
_pg_user: list[str | None] = []  # cached probe result: [] unknown, [None] absent, [user] answering


def postgres_user() -> str | None:
    """The user the local PostgreSQL accepts (probed once per session), or None when it does not answer."""
    if not _pg_user:
        import psycopg

        found = None
        for user in PG_USERS:
            try:
                with psycopg.connect(host=PG_HOST, port=PG_PORT, dbname=PG_DB, user=user, connect_timeout=2):
                    found = user
                    break
            except psycopg.Error:
                continue
        _pg_user.append(found)
    return _pg_user[0]


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A postgresql:// URL whose search_path is a fresh schema (dropped afterwards); skips without PostgreSQL."""
    user = postgres_user()
    if user is None:
        pytest.skip(f"PostgreSQL at {PG_HOST}:{PG_PORT} (database {PG_DB}) does not answer")
    import psycopg

    schema = f"bb_test_{uuid.uuid4().hex[:16]}"
    conninfo = dict(host=PG_HOST, port=PG_PORT, dbname=PG_DB, user=user, connect_timeout=5, autocommit=True)
    with psycopg.connect(**conninfo) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"postgresql://{user}@{PG_HOST}:{PG_PORT}/{PG_DB}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(**conninfo) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A migrated Store on a fresh SQLite file in tmp_path."""
    opened = open_store(f"sqlite:///{tmp_path / 'store' / 'briefbot.db'}")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    """A migrated Store on PostgreSQL in a schema of its own; skips when PostgreSQL does not answer."""
    opened = open_store(pg_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def article() -> Article:
    """A small fictional article with its Summary (not stored; source_id unset)."""
    text = (
        "The harbour council of Velmora demanded on Monday that the ferry operator restore the night crossings. "
        "Council chair Ilse Marren warned that the island clinics would run short of supplies within a week. "
        "The operator said fuel costs had doubled since spring. "
        "Both sides will meet in Port Askel on 12 March to discuss a subsidy."
    )
    summary = Summary(
        title="Velmora council demands return of night ferries",
        summary=[text.split(". ")[0] + ".", "The operator said fuel costs had doubled since spring."],
        key_points=[
            KeyPoint(kind="demand", text="restore the night crossings", actor="The harbour council of Velmora",
                     score=0.9),
            KeyPoint(kind="warning", text="island clinics would run short of supplies within a week",
                     actor="Ilse Marren", score=0.8),
            KeyPoint(kind="meeting", text="Both sides will meet in Port Askel on 12 March to discuss a subsidy.",
                     participants=["harbour council", "ferry operator"], place="Port Askel", when="2027-03-12",
                     score=0.7),
        ],
    )
    return Article(
        url="https://news.velmora.example/2026/11/ferries?utm_source=feed",
        canonical_url="https://news.velmora.example/2026/11/ferries",
        guid="velmora-ferries-1",
        title="Velmora council demands return of night ferries",
        text=text,
        source="Velmora Gazette",
        author="Tomas Brell",
        published=datetime(2026, 11, 27, 8, 30, tzinfo=timezone.utc),
        language="en",
        fingerprint="c0ffee00velmora",
        minhash=[11, 22, 33, 44],
        summary=summary,
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings from packaged defaults only, private networks allowed, data_dir in tmp_path."""
    return load_settings(
        env={},
        overrides={"collector": {"allow_private_networks": True}, "general": {"data_dir": str(tmp_path)}},
    )
