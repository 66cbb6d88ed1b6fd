"""Disputes: a member of staff says a finding is not theirs, wrong, or already dealt with.

A dispute is about one flag of one post (the unit a person reads in the weekly e-mail)
and remembers the rules that fired, so maintainers can count disputes per rule. Only
the post's own author can dispute it: every query is bound to the person's address.
"""

from __future__ import annotations

import builtins
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from auditor.store.database import Database, retried
from auditor.store.log import append_entry
from auditor.store.records import Dispute, DisputeCount
from auditor.store.schema import accounts, disputes, findings, people, posts

NOTE_LIMIT = 1000


def _dispute(row: Any) -> Dispute:
    return Dispute(
        post_id=row.post_id,
        account_id=row.account_id,
        flag=row.flag,
        rules=tuple(row.rules),
        reason=row.reason,
        note=row.note,
        created_at=row.created_at,
    )


def _own_post(conn: Connection, email: str, post_id: str) -> Any:
    """The post with its account and person, or None when it is not this person's."""
    return conn.execute(
        select(posts.c.id, posts.c.account_id, people.c.id.label("person_id"))
        .join(accounts, accounts.c.id == posts.c.account_id)
        .join(people, people.c.id == accounts.c.person_id)
        .where(posts.c.id == post_id, people.c.email == email)
    ).one_or_none()


def erase_disputes(conn: Connection, person_id: int | None) -> int:
    """Delete a person's disputes inside another transaction (an opt-out)."""
    return conn.execute(delete(disputes).where(disputes.c.person_id == person_id)).rowcount


def disputes_of(conn: Connection, person_id: int | None) -> list[Dispute]:
    rows = conn.execute(
        select(disputes).where(disputes.c.person_id == person_id).order_by(disputes.c.id)
    )
    return [_dispute(row) for row in rows]


class Disputes:
    def __init__(self, db: Database, clock: Callable[[], datetime]):
        self._db = db
        self._clock = clock

    @retried
    def add(
        self, email: str, post_id: str, flag: str, reason: str, note: str, actor: str
    ) -> Dispute | None:
        """Record a dispute; None when the post is not this person's or has no such flag.

        Disputing the same flag of a post again replaces the reason and the note. The
        audit entry holds the flag, the rules and the reason, never the note's text.
        """
        note = note.strip()[:NOTE_LIMIT]
        now = self._clock()
        with self._db.write() as conn:
            own = _own_post(conn, email, post_id)
            if own is None:
                return None
            rules = tuple(
                dict.fromkeys(
                    conn.scalars(
                        select(findings.c.rule)
                        .where(findings.c.post_id == post_id, findings.c.flag == flag)
                        .order_by(findings.c.position)
                    )
                )
            )
            if not rules:
                return None
            conn.execute(
                delete(disputes).where(disputes.c.post_id == post_id, disputes.c.flag == flag)
            )
            conn.execute(
                insert(disputes).values(
                    person_id=own.person_id,
                    post_id=post_id,
                    account_id=own.account_id,
                    flag=flag,
                    rules=list(rules),
                    reason=reason,
                    note=note,
                    created_at=now,
                )
            )
            detail = {"flag": flag, "rules": list(rules), "reason": reason, "note": bool(note)}
            append_entry(conn, now, actor, "finding.dispute", email, detail)
        return Dispute(post_id, own.account_id, flag, rules, reason, note, now)

    @retried
    def withdraw(self, email: str, post_id: str, flag: str, actor: str) -> bool:
        """Take a dispute back, so the finding shows in the e-mails again."""
        with self._db.write() as conn:
            own = _own_post(conn, email, post_id)
            if own is None:
                return False
            removed = conn.execute(
                delete(disputes).where(
                    disputes.c.post_id == post_id,
                    disputes.c.flag == flag,
                    disputes.c.person_id == own.person_id,
                )
            ).rowcount
            if removed:
                append_entry(conn, self._clock(), actor, "finding.undispute", email, {"flag": flag})
        return bool(removed)

    @retried
    def of(self, email: str) -> dict[tuple[str, str], Dispute]:
        """A person's disputes by (post id, flag)."""
        query = (
            select(disputes)
            .join(people, people.c.id == disputes.c.person_id)
            .where(people.c.email == email)
        )
        with self._db.read() as conn:
            return {(d.post_id, d.flag): d for d in map(_dispute, conn.execute(query))}

    @retried
    def counts(self, since: datetime) -> builtins.list[DisputeCount]:
        """Disputes made since `since`, per rule and reason, with how many people made them."""
        query = select(disputes.c.person_id, disputes.c.flag, disputes.c.rules, disputes.c.reason)
        query = query.where(disputes.c.created_at >= since)
        tally: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        with self._db.read() as conn:
            for row in conn.execute(query):
                for rule in row.rules:
                    tally[(rule, row.flag, row.reason)].append(row.person_id)
        return sorted(
            (
                DisputeCount(rule, flag, reason, len(ids), frozenset(ids))
                for (rule, flag, reason), ids in tally.items()
            ),
            key=lambda c: (-c.disputes, c.rule, c.reason),
        )
