"""Weekly e-mail sends: one per person per ISO week, so a re-run sends only what is left.

A send is marked "sending" (with its Message-ID) before the message leaves and "sent"
right after the server accepted it; a run that died in between finds "sending" and
tries again, with the same Message-ID. A failed send stays "failed" with the reason
until the next run retries it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from auditor.errors import RegistryError
from auditor.store.database import Database, retried
from auditor.store.log import append_entry
from auditor.store.people import find_person
from auditor.store.records import SendRecord
from auditor.store.schema import people, sends

SEND_STATUSES = ("sending", "sent", "failed")


def _record(row) -> SendRecord:
    return SendRecord(
        email=row.email,
        week=row.week,
        status=row.status,
        attempts=row.attempts,
        message_id=row.message_id,
        last_error=row.last_error,
        updated_at=row.updated_at,
        sent_at=row.sent_at,
    )


def _query():
    return select(sends, people.c.email).join(people, people.c.id == sends.c.person_id)


class Sends:
    def __init__(self, db: Database, clock: Callable[[], datetime]):
        self._db = db
        self._clock = clock

    @retried
    def get(self, email: str, week: str) -> SendRecord | None:
        with self._db.read() as conn:
            row = conn.execute(
                _query().where(people.c.email == email, sends.c.week == week)
            ).one_or_none()
        return _record(row) if row else None

    @retried
    def list(self, week: str | None = None) -> list[SendRecord]:
        query = _query().order_by(sends.c.week, people.c.email)
        if week is not None:
            query = query.where(sends.c.week == week)
        with self._db.read() as conn:
            return [_record(row) for row in conn.execute(query)]

    @retried
    def begin(self, email: str, week: str, message_id: str) -> SendRecord:
        """Mark a send as under way; refuses one that was already sent."""
        now = self._clock()
        with self._db.write() as conn:
            person_id = _person_id(conn, email)
            row = conn.execute(
                select(sends).where(sends.c.person_id == person_id, sends.c.week == week)
            ).one_or_none()
            if row is None:
                conn.execute(
                    insert(sends).values(
                        person_id=person_id,
                        week=week,
                        status="sending",
                        attempts=1,
                        message_id=message_id,
                        updated_at=now,
                    )
                )
            elif row.status == "sent":
                raise RegistryError(f"the e-mail of {week} to {email} was already sent")
            else:
                conn.execute(
                    update(sends)
                    .where(sends.c.id == row.id)
                    .values(status="sending", attempts=row.attempts + 1, updated_at=now)
                )
            return _record(
                conn.execute(
                    _query().where(sends.c.person_id == person_id, sends.c.week == week)
                ).one()
            )

    @retried
    def finish(self, email: str, week: str, *, error: str | None = None) -> None:
        """Record the outcome, with an audit entry in the same transaction."""
        now = self._clock()
        status = "failed" if error else "sent"
        with self._db.write() as conn:
            person_id = _person_id(conn, email)
            conn.execute(
                update(sends)
                .where(sends.c.person_id == person_id, sends.c.week == week)
                .values(
                    status=status,
                    last_error=error,
                    updated_at=now,
                    sent_at=None if error else now,
                )
            )
            detail = {"week": week} | ({"error": error} if error else {})
            append_entry(conn, now, "report", f"mail.{status}", email, detail)


def _person_id(conn: Connection, email: str) -> int:
    person = find_person(conn, email)
    if person is None:
        raise RegistryError(f"{email} is not registered: see people list --all")
    assert person.id is not None  # a stored person always has its row id
    return person.id
