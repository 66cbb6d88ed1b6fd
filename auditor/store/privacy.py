"""The staff's rights and the retention limit (AVG art. 5, 15 and 17), done in the database.

Each act is one transaction together with its audit entry, and the entry holds
counts only: a record of an erasure must not keep what was erased.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from auditor.errors import RegistryError
from auditor.model import format_timestamp, post_to_dict, verdict_to_dict
from auditor.store.database import Database, retried
from auditor.store.disputes import disputes_of, erase_disputes
from auditor.store.log import append_entry, entries_about
from auditor.store.people import find_person
from auditor.store.posts import delete_posts, stored_posts, stored_query
from auditor.store.records import Erasure
from auditor.store.schema import accounts, people, posts, sends
from auditor.store.sign_in import erase_sign_ins


def _counts(erased: Erasure) -> dict[str, int]:
    return {
        "accounts": erased.accounts,
        "posts": erased.posts,
        "verdicts": erased.verdicts,
        "findings": erased.findings,
    }


def _time(moment: datetime | None) -> str | None:
    return format_timestamp(moment) if moment else None


class Privacy:
    def __init__(self, db: Database, clock: Callable[[], datetime]):
        self._db = db
        self._clock = clock

    @retried
    def purge_older_than(self, days: int, actor: str) -> Erasure:
        """Delete posts written more than `days` ago, with their verdicts and findings."""
        if days < 1:
            raise ValueError("retention must be at least one day")
        now = self._clock()
        cutoff = now - timedelta(days=days)
        with self._db.write() as conn:
            erased = delete_posts(
                conn, select(posts.c.id).where(posts.c.created_at < cutoff), keep_trends=True
            )
            detail = {"days": days, "before": format_timestamp(cutoff), **_counts(erased)}
            append_entry(conn, now, actor, "retention.purge", "posts", detail)
        return erased

    @retried
    def opt_out(self, email: str, actor: str) -> Erasure:
        """Erase a person's accounts, posts, verdicts and findings at once.

        A minimal row stays (e-mail, consent version, dates), marked opted out,
        so that an HR export made before the opt-out cannot re-enrol them.
        """
        now = self._clock()
        with self._db.write() as conn:
            person = find_person(conn, email)
            if person is None:
                raise RegistryError(f"{email} is not registered: see people list --all")
            own_accounts = select(accounts.c.id).where(accounts.c.person_id == person.id)
            erase_disputes(conn, person.id)
            erase_sign_ins(conn, email)
            erased = delete_posts(
                conn,
                select(posts.c.id).where(posts.c.account_id.in_(own_accounts)),
                keep_trends=False,
            )
            conn.execute(sends.delete().where(sends.c.person_id == person.id))
            removed = conn.execute(accounts.delete().where(accounts.c.person_id == person.id))
            erased = replace(erased, accounts=removed.rowcount)
            conn.execute(
                update(people)
                .where(people.c.id == person.id)
                .values(name="", role="", school="", active=False, opted_out_at=now)
            )
            append_entry(conn, now, actor, "person.opt_out", email, _counts(erased))
        return erased

    @retried
    def export(self, email: str, actor: str) -> dict[str, Any]:
        """Everything held about a person, as JSON-able data (right of access).

        Token references are names, never tokens, so they are shown; the export
        itself is logged first and so appears in its own audit section.
        """
        now = self._clock()
        with self._db.write() as conn:
            person = find_person(conn, email)
            if person is None:
                raise RegistryError(f"{email} is not registered: see people list --all")
            append_entry(conn, now, actor, "person.export", email)
            account_rows = conn.execute(
                select(accounts).where(accounts.c.person_id == person.id).order_by(accounts.c.id)
            ).all()
            stored = stored_posts(
                conn,
                stored_query()
                .where(people.c.id == person.id)
                .order_by(posts.c.created_at, posts.c.id),
            )
            audit = entries_about(conn, email)
            disputed = disputes_of(conn, person.id)
            sent = conn.execute(
                select(sends).where(sends.c.person_id == person.id).order_by(sends.c.week)
            ).all()
        return {
            "exported_at": format_timestamp(now),
            "person": {
                "email": person.email,
                "name": person.name,
                "lang": person.lang,
                "role": person.role,
                "school": person.school,
                "opted_in_at": person.opted_in_at.isoformat(),
                "consent_version": person.consent_version,
                "active": person.active,
                "opted_out_at": _time(person.opted_out_at),
            },
            "accounts": [
                {
                    "platform": row.platform,
                    "handle": row.handle,
                    "user_id": row.user_id,
                    "kind": row.kind,
                    "bio": row.bio,
                    "token_ref": row.token_ref,
                    "status": row.status,
                    "status_reason": row.status_reason,
                    "last_fetched_at": _time(row.last_fetched_at),
                    "added_at": _time(row.added_at),
                }
                for row in account_rows
            ],
            "posts": [
                {
                    "post": post_to_dict(item.post),
                    "fetched_at": _time(item.fetched_at),
                    "verdict": verdict_to_dict(item.verdict) if item.verdict else None,
                    "classifier_version": item.classifier_version,
                    "classified_at": _time(item.classified_at),
                }
                for item in stored
            ],
            "weekly_emails": [
                {
                    "week": row.week,
                    "status": row.status,
                    "attempts": row.attempts,
                    "sent_at": _time(row.sent_at),
                }
                for row in sent
            ],
            "disputes": [
                {
                    "post_id": d.post_id,
                    "flag": d.flag,
                    "rules": list(d.rules),
                    "reason": d.reason,
                    "note": d.note,
                    "at": _time(d.created_at),
                }
                for d in disputed
            ],
            "audit_log": [
                {
                    "at": _time(entry.at),
                    "actor": entry.actor,
                    "action": entry.action,
                    "detail": entry.detail,
                }
                for entry in audit
            ],
        }
