"""Opening the database and surviving a busy one, for SQLite and PostgreSQL alike.

A nightly job shares its database with people running the CLI and, on PostgreSQL,
with a server that may restart. A write that meets a lock or a dropped connection
is retried as a whole transaction a bounded number of times, then ends in a
`StoreBusy` that says what to do; it is never dropped silently.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from auditor.errors import StoreBusy, StoreError
from auditor.private_files import create_folders

P = ParamSpec("P")
T = TypeVar("T")

# PostgreSQL states worth another try: serialisation failure, deadlock, lock
# timeout, server shutting down or starting, connection lost.
_PG_RETRY_STATES = {"40001", "40P01", "55P03", "57P01", "57P02", "57P03"}
_PG_RETRY_CLASSES = ("08",)
_SQLITE_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How long to wait for a busy database before giving up.

    SQLite itself waits `busy_timeout` for a lock on every statement; on top of
    that a failed transaction is tried `attempts` times with growing pauses.
    """

    attempts: int = 5
    first_pause: float = 0.2
    busy_timeout: float = 5.0
    sleep: Callable[[float], None] = time.sleep


class Database:
    """One engine plus the rules for transactions and retries on it."""

    def __init__(self, engine: Engine, display: str, retry: RetryPolicy):
        self.engine = engine
        self.display = display
        self.retry = retry

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction that takes the write lock up front (BEGIN IMMEDIATE on SQLite).

        Taking it at the start means a busy database fails before any work is
        done, so retrying the whole transaction is always safe.
        """
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A transaction for reading only: one consistent snapshot, no write lock."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(sqlite_begin="BEGIN")
            with conn.begin():
                yield conn

    def retrying(self, work: Callable[[], T]) -> T:
        """Run `work` (which opens its own transaction) again while the database is busy."""
        pause = self.retry.first_pause
        for attempt in range(1, self.retry.attempts + 1):
            try:
                return work()
            except DBAPIError as exc:
                if not is_transient(exc):
                    raise StoreError(f"database {self.display}: {_reason(exc)}") from None
                if attempt == self.retry.attempts:
                    raise StoreBusy(
                        f"database {self.display} stayed busy or unreachable through "
                        f"{attempt} tries ({_reason(exc)}): is another social-audit "
                        "process or a database shell holding a lock, or is the server "
                        "down? Try again when it is free"
                    ) from None
            self.retry.sleep(pause)
            pause *= 2
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.engine.dispose()


def retried(method: Callable[P, T]) -> Callable[P, T]:
    """Make a repository method retry on a busy database (it must own its transaction)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        db: Database = args[0]._db  # type: ignore[attr-defined]
        return db.retrying(lambda: method(*args, **kwargs))

    return wrapper


def is_transient(exc: DBAPIError) -> bool:
    """A busy database or a lost connection: worth another try."""
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    if isinstance(orig, sqlite3.Error):
        code = getattr(orig, "sqlite_errorcode", 0) & 0xFF
        return code in _SQLITE_BUSY_CODES
    state = getattr(orig, "sqlstate", None) or ""
    return isinstance(exc, OperationalError) and (
        state in _PG_RETRY_STATES or state.startswith(_PG_RETRY_CLASSES) or not state
    )


def _reason(exc: DBAPIError) -> str:
    """The driver's own first line: SQLAlchemy's text would repeat the SQL and its values."""
    text = str(exc.orig).strip().splitlines()
    return text[0] if text else type(exc.orig).__name__


def connect(target: str | Path, retry: RetryPolicy) -> Database:
    """An engine for a SQLite path or a PostgreSQL URL, set up the same way each time."""
    text = str(target)
    if "://" not in text:
        return _sqlite(Path(text).expanduser(), retry)
    try:
        url = make_url(text)
    except ArgumentError:
        raise StoreError(
            "the database URL is malformed: expected postgresql://USER@HOST/DB"
        ) from None
    if url.get_backend_name() == "sqlite" and url.database:
        return _sqlite(Path(url.database).expanduser(), retry)
    if url.get_backend_name() != "postgresql":
        raise StoreError(
            f"database URL scheme {url.drivername!r} is not supported: "
            "use a file path for SQLite or postgresql://USER@HOST/DB"
        )
    return _postgresql(url.set(drivername="postgresql+psycopg"), retry)


def _sqlite(path: Path, retry: RetryPolicy) -> Database:
    _create_private_file(path)
    engine = create_engine(URL.create("sqlite+pysqlite", database=str(path)))
    timeout_ms = int(retry.busy_timeout * 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # The driver's own transaction handling would start transactions late
        # (deferred); we issue BEGIN ourselves in _on_begin.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN IMMEDIATE"))

    return Database(engine, str(path), retry)


def _create_private_file(path: Path) -> None:
    """Create the database file owner-only before SQLite does it with the umask's mode.

    SQLite gives its -wal and -shm files the database file's mode, so they stay
    private too.
    """
    if path.exists():
        if path.is_dir():
            raise StoreError(f"database path {path} is a directory: give a file name")
        return
    try:
        create_folders(path.parent)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        return
    except OSError as exc:
        raise StoreError(f"cannot create database file {path} ({exc.strerror})") from None


def _postgresql(url: URL, retry: RetryPolicy) -> Database:
    engine = create_engine(
        url,
        pool_pre_ping=True,
        connect_args={"connect_timeout": max(1, int(retry.busy_timeout))},
    )
    lock_timeout_ms = int(retry.busy_timeout * 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        with dbapi_conn.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {lock_timeout_ms}")
        dbapi_conn.commit()

    return Database(engine, url.render_as_string(hide_password=True), retry)
