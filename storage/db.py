"""Engine setup (SQLite pragmas, PostgreSQL driver), transactions, and migrations on open."""
from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from storage.errors import MigrationError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
_PG_MIGRATION_LOCK = 0x62726966  # any constant: serializes concurrent migrations on PostgreSQL


def normalize_url(url: str) -> str:
    """A SQLAlchemy URL with PostgreSQL pointed at the psycopg 3 driver."""
    url = url.strip()
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Database:
    """An engine plus the two kinds of transaction the store uses."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        # On SQLite a writer takes the write lock up front (BEGIN IMMEDIATE), so it waits on
        # busy_timeout instead of failing when it upgrades a read lock.
        self._writer = engine.execution_options(briefbot_immediate=True)

    @property
    def url_text(self) -> str:
        """The URL with its password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction that commits on success and rolls back on any exception."""
        with self._writer.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only snapshot (rolled back at the end)."""
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        """Dispose of pooled connections."""
        self.engine.dispose()


def open_database(url: str) -> Database:
    """Create the engine for this URL and bring the schema to the newest migration."""
    try:
        parsed = make_url(normalize_url(url))
    except ArgumentError as exc:
        raise MigrationError(f"bad database URL {url!r}: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(parsed)
    elif parsed.get_backend_name() == "postgresql":
        engine = _postgres_engine(parsed)
    else:
        raise MigrationError(f"unsupported database URL {url!r}: use sqlite:///PATH or postgresql://...")
    db = Database(engine)
    try:
        migrate(db)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise MigrationError(f"cannot open database {db.url_text}: {exc.__class__.__name__}: {exc.orig or exc}"
                             if hasattr(exc, "orig") else f"cannot open database {db.url_text}: {exc}") from exc
    return db


def _sqlite_engine(url: Any) -> Engine:
    database = url.database or ""
    memory = database in ("", ":memory:") or database.startswith("file::memory:")
    if not memory:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        url = url.set(database=str(Path(database).expanduser()))
    kwargs: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}}
    if memory:
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (also makes DDL transactional)
        cur = dbapi_conn.cursor()
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("briefbot_immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _postgres_engine(url: Any) -> Engine:
    engine = create_engine(url, pool_pre_ping=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Like SQLite's WAL + synchronous=NORMAL: a commit survives our process being killed (the server
        # has it), only a server crash may lose the last fraction of a second; saves an fsync per commit.
        with dbapi_conn.cursor() as cur:
            cur.execute("SET synchronous_commit TO off")
        dbapi_conn.commit()

    return engine


def migrate(db: Database) -> None:
    """Run every pending Alembic migration in one transaction (serialized between processes)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.write() as conn:
        if db.dialect == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
