"""Runs and the audit log: what happened, when, by whom; never what was erased."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from auditor.errors import StoreError
from auditor.store.database import Database, retried
from auditor.store.records import AuditEntry, RunRecord
from auditor.store.schema import audit_log, runs

RUN_STATUSES = ("running", "ok", "partial", "failed")


def append_entry(
    conn: Connection,
    at: datetime,
    actor: str,
    action: str,
    subject: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an audit entry inside another transaction, so it commits with the act it records."""
    conn.execute(
        insert(audit_log).values(
            at=at, actor=actor, action=action, subject=subject, detail=detail or {}
        )
    )


def entries_about(conn: Connection, subject: str) -> list[AuditEntry]:
    rows = conn.execute(
        select(audit_log).where(audit_log.c.subject == subject).order_by(audit_log.c.id)
    )
    return [_entry(row) for row in rows]


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        actor=row.actor,
        action=row.action,
        subject=row.subject,
        detail=row.detail,
    )


class AuditLog:
    """Append and read only: there is deliberately no way to change or delete an entry."""

    def __init__(self, db: Database, clock: Callable[[], datetime]):
        self._db = db
        self._clock = clock

    @retried
    def append(
        self, actor: str, action: str, subject: str, detail: dict[str, Any] | None = None
    ) -> None:
        with self._db.write() as conn:
            append_entry(conn, self._clock(), actor, action, subject, detail)

    @retried
    def list(
        self,
        *,
        subject: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        """Entries oldest first, or the newest `limit` ones when a limit is given."""
        query = select(audit_log)
        if subject is not None:
            query = query.where(audit_log.c.subject == subject)
        if action is not None:
            query = query.where(audit_log.c.action == action)
        if since is not None:
            query = query.where(audit_log.c.at >= since)
        if limit is not None:
            query = query.order_by(audit_log.c.id.desc()).limit(limit)
        with self._db.read() as conn:
            entries = [_entry(row) for row in conn.execute(query)]
        return sorted(entries, key=lambda e: e.id)


class Runs:
    """Nightly runs: started, then finished with the summary the pipeline made."""

    def __init__(self, db: Database, clock: Callable[[], datetime]):
        self._db = db
        self._clock = clock

    @retried
    def start(self, actor: str = "run") -> RunRecord:
        now = self._clock()
        with self._db.write() as conn:
            run_id = conn.execute(
                insert(runs).values(started_at=now, status="running").returning(runs.c.id)
            ).scalar_one()
            append_entry(conn, now, actor, "run.start", f"run:{run_id}")
        return RunRecord(id=run_id, started_at=now, finished_at=None, status="running")

    @retried
    def close_interrupted(self, actor: str = "run") -> int:
        """Mark runs left "running" by a killed process as failed; call holding the run lock."""
        now = self._clock()
        with self._db.write() as conn:
            stale = (
                conn.execute(
                    update(runs)
                    .where(runs.c.status == "running")
                    .values(finished_at=now, status="failed", summary={"interrupted": True})
                    .returning(runs.c.id)
                )
                .scalars()
                .all()
            )
            for run_id in stale:
                append_entry(conn, now, actor, "run.interrupted", f"run:{run_id}")
        return len(stale)

    @retried
    def finish(
        self, run_id: int, status: str, summary: dict[str, Any], actor: str = "run"
    ) -> RunRecord:
        """Close a run; `summary` must be JSON-able and hold no secrets or post content."""
        if status not in RUN_STATUSES[1:]:
            raise ValueError(f"run status must be one of {', '.join(RUN_STATUSES[1:])}")
        now = self._clock()
        with self._db.write() as conn:
            row = conn.execute(
                update(runs)
                .where(runs.c.id == run_id)
                .values(finished_at=now, status=status, summary=summary)
                .returning(runs)
            ).one_or_none()
            if row is None:
                raise StoreError(f"run {run_id} does not exist")
            append_entry(conn, now, actor, "run.finish", f"run:{run_id}", {"status": status})
        return _run(row)

    @retried
    def get(self, run_id: int) -> RunRecord | None:
        with self._db.read() as conn:
            row = conn.execute(select(runs).where(runs.c.id == run_id)).one_or_none()
        return _run(row) if row else None

    @retried
    def recent(self, limit: int = 10) -> list[RunRecord]:
        """The newest runs first."""
        query = select(runs).order_by(runs.c.started_at.desc(), runs.c.id.desc()).limit(limit)
        with self._db.read() as conn:
            return [_run(row) for row in conn.execute(query)]


def _run(row: Any) -> RunRecord:
    return RunRecord(
        id=row.id,
        started_at=row.started_at,
        finished_at=row.finished_at,
        status=row.status,
        summary=row.summary,
    )
