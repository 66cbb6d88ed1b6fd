"""The store: the only place that speaks SQL (SQLAlchemy Core, SQLite or PostgreSQL).

`Store.open` takes a SQLite path or a PostgreSQL URL and brings the schema up to
date; its parts group the queries by what they are about:

    store.people    the opt-in registry          store.posts    posts and verdicts
    store.accounts  accounts, cursors, targets   store.runs     nightly runs
    store.privacy   retention, opt-out, export   store.audit    the audit log
    store.trends    weekly counts without persons  store.sends   weekly e-mails sent
    store.disputes  staff's answers to findings  store.sign_ins  web links and sessions
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from auditor.config import Config
from auditor.store.database import RetryPolicy, connect
from auditor.store.disputes import Disputes
from auditor.store.locks import exclusive
from auditor.store.log import AuditLog, Runs
from auditor.store.migrations import LATEST_VERSION, current_version, migrate
from auditor.store.people import Accounts, People
from auditor.store.posts import Posts
from auditor.store.privacy import Privacy
from auditor.store.records import (
    AccountRow,
    AuditEntry,
    Dispute,
    DisputeCount,
    Erasure,
    FetchTarget,
    ImportPlan,
    RunRecord,
    SaveResult,
    SendRecord,
    StoredPost,
    TrendCount,
    Upsert,
    WebSession,
)
from auditor.store.sends import Sends
from auditor.store.sign_in import SignIns
from auditor.store.trends import Trends

__all__ = [
    "LATEST_VERSION",
    "AccountRow",
    "AuditEntry",
    "Dispute",
    "DisputeCount",
    "Erasure",
    "FetchTarget",
    "ImportPlan",
    "RetryPolicy",
    "RunRecord",
    "SaveResult",
    "SendRecord",
    "Store",
    "StoredPost",
    "TrendCount",
    "Upsert",
    "WebSession",
]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Store:
    """An open database, migrated to the schema this code knows."""

    def __init__(self, target: str | Path, *, retry: RetryPolicy, clock: Callable[[], datetime]):
        self._db = connect(target, retry)
        self.display = self._db.display
        try:
            self._db.retrying(self._migrate)
        except BaseException:
            self._db.close()
            raise
        self.people = People(self._db, clock)
        self.accounts = Accounts(self._db, clock)
        self.posts = Posts(self._db, clock)
        self.runs = Runs(self._db, clock)
        self.audit = AuditLog(self._db, clock)
        self.privacy = Privacy(self._db, clock)
        self.trends = Trends(self._db)
        self.sends = Sends(self._db, clock)
        self.disputes = Disputes(self._db, clock)
        self.sign_ins = SignIns(self._db, clock)
        self._clock = clock

    def __repr__(self) -> str:
        return f"Store({self.display})"

    @classmethod
    def open(
        cls,
        target: str | Path,
        *,
        retry: RetryPolicy | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> Store:
        """Open (and create or migrate) the database at a SQLite path or PostgreSQL URL.

        `clock` gives every timestamp the store writes; tests move it.
        """
        return cls(target, retry=retry or RetryPolicy(), clock=clock)

    @classmethod
    def from_config(cls, config: Config, **kwargs) -> Store:
        return cls.open(config.store.database(), **kwargs)

    def _migrate(self) -> None:
        with self._db.write() as conn:
            migrate(conn, _utc_now(), self._db.display)

    @property
    def schema_version(self) -> int:
        with self._db.read() as conn:
            return current_version(conn)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self._db.dialect

    def exclusive(self, name: str, *, wait: float = 0.0):
        """A lock across processes: one nightly run, one weekly send at a time."""
        return exclusive(self._db, name, wait=wait)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
