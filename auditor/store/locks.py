"""One nightly run (or one weekly send) at a time, across processes and machines.

SQLite: an flock on a file beside the database, which every process that opens the
same file sees. PostgreSQL: a session advisory lock, which every client of the same
server sees. A second run either waits up to a bound or gives up with a clear
message; both never work at once.
"""

from __future__ import annotations

import fcntl
import os
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from auditor.errors import StoreBusy
from auditor.store.database import Database, is_transient

POLL = 0.2


@contextmanager
def exclusive(
    db: Database, name: str, *, wait: float = 0.0, sleep: Callable[[float], None] = time.sleep
) -> Iterator[None]:
    """Hold the lock `name` for the duration; StoreBusy if another process holds it."""
    acquire = _sqlite_lock if db.dialect == "sqlite" else _pg_lock
    with acquire(db, name, wait, sleep):
        yield


def _busy(db: Database, name: str, wait: float) -> StoreBusy:
    waited = f" after waiting {wait:g} s" if wait else ""
    return StoreBusy(
        f"another social-audit {name} is still running on {db.display}{waited}: "
        "wait for it to finish (runs never overlap)"
    )


@contextmanager
def _sqlite_lock(db: Database, name: str, wait: float, sleep) -> Iterator[None]:
    path = Path(f"{db.engine.url.database}.{name.replace(' ', '-')}.lock")
    handle = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _busy(db, name, wait) from None
                sleep(POLL)
        yield
    finally:
        os.close(handle)


@contextmanager
def _pg_lock(db: Database, name: str, wait: float, sleep) -> Iterator[None]:
    with db.engine.connect() as conn:
        # Advisory locks are per server database; two stores may share one database in
        # different schemas, and each has runs of its own.
        schema = conn.scalar(text("SELECT current_schema()"))
        key = zlib.crc32(f"social-audit:{schema}:{name}".encode())
        deadline = time.monotonic() + wait
        while not conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}):
            conn.rollback()
            if time.monotonic() >= deadline:
                raise _busy(db, name, wait)
            sleep(POLL)
        conn.commit()
        try:
            yield
        finally:
            _pg_unlock(conn, key)


def _pg_unlock(conn: Connection, key: int) -> None:
    """Give the lock back. A connection the server dropped (a restart) already has.

    The work done under the lock reconnects by itself (database.py), so losing this
    connection must not turn a completed run into a crash at its very end.
    """
    try:
        conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
        conn.commit()
    except DBAPIError as exc:
        if not is_transient(exc):
            raise
