"""Migrations: fresh database, idempotent reopen, schema in step with storage.schema, packaging."""
from __future__ import annotations

import dataclasses
import threading
from importlib import resources
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from storage import MigrationError, Store, normalize_url, open_store
from storage.schema import metadata

TABLES = {"sources", "articles", "stories", "chats", "subscriptions", "deliveries", "alembic_version"}


def test_fresh_file_gets_every_table_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "briefbot.db"
    with open_store(f"sqlite:///{path}") as store:
        assert path.exists()
        with store.db.read() as conn:
            assert TABLES <= set(inspect(conn).get_table_names())
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0002_story_merges"


def test_a_database_of_the_first_version_is_upgraded_and_keeps_its_data(tmp_path: Path, article) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from storage.db import MIGRATIONS_DIR

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001_initial")
        conn.exec_driver_sql("INSERT INTO stories (id, title, first_seen, last_updated) VALUES "
                             "(7, 'Old story', '2026-11-01 08:00:00.000000', '2026-11-01 08:00:00.000000')")
    engine.dispose()
    with open_store(url) as store:
        with store.db.read() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0002_story_merges"
            assert conn.exec_driver_sql("SELECT title, merged_into FROM stories").one() == ("Old story", None)
        saved = store.save_article(dataclasses.replace(article, story_id=7))
        assert store.get_story(7).articles[0].id == saved.id


def test_reopen_is_idempotent_and_keeps_data(tmp_path: Path, article) -> None:
    url = f"sqlite:///{tmp_path / 'b.db'}"
    with open_store(url) as store:
        saved = store.save_article(article)
    for _ in range(2):
        with open_store(url) as store:
            assert store.get_article(saved.id).summary == article.summary
            with store.db.read() as conn:
                assert conn.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1


def test_concurrent_first_opens(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'race.db'}"
    errors: list[Exception] = []

    def open_once() -> None:
        try:
            open_store(url).close()
        except Exception as exc:  # pragma: no cover - reported by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=open_once) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def _schema_diff(store: Store) -> list:
    with store.db.read() as conn:
        return compare_metadata(MigrationContext.configure(conn), metadata)


def test_migrations_match_schema_sqlite(store: Store) -> None:
    assert _schema_diff(store) == []


@pytest.mark.postgres
def test_migrations_match_schema_postgres(pg_store: Store, pg_url: str) -> None:
    assert _schema_diff(pg_store) == []
    with open_store(pg_url) as again:  # idempotent on PostgreSQL too
        assert again.list_sources() == []


def test_migrations_are_packaged() -> None:
    root = resources.files("storage") / "migrations"
    assert (root / "env.py").is_file() and (root / "script.py.mako").is_file()
    assert (root / "__init__.py").is_file() and (root / "versions" / "__init__.py").is_file()
    assert (root / "versions" / "0001_initial.py").is_file()
    assert (root / "versions" / "0002_story_merges.py").is_file()


def test_url_normalization() -> None:
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


@pytest.mark.parametrize("url", ["mysql://u@h/db", "not a url"])
def test_bad_urls(url: str) -> None:
    with pytest.raises(MigrationError, match="URL"):
        open_store(url)


def test_unreachable_postgres_is_a_clear_error() -> None:
    with pytest.raises(MigrationError, match="cannot open database"):
        open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_unwritable_sqlite_path_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises((MigrationError, OSError)):
        open_store(f"sqlite:///{blocker / 'sub' / 'b.db'}")


def test_memory_database(article) -> None:
    with open_store("sqlite://") as store:
        assert store.save_article(article).id == 1
        with store.db.read() as conn:
            assert conn.execute(text("SELECT count(*) FROM articles")).scalar() == 1
