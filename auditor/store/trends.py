"""Weekly counts of findings per platform, school, role, flag and rule, for trends.

They hold no person, post or handle, so they are kept when retention purges the
posts they came from. They are kept in step with the verdicts: a replaced or
invalidated verdict and an opt-out take their counts back out (while the posts
are still there to say which counts were theirs).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from auditor.store.database import Database, retried
from auditor.store.records import TrendCount
from auditor.store.schema import accounts, findings, people, posts, trend_counts

_KEY = ("week", "platform", "school", "role", "flag", "rule")


def week_of(moment: datetime) -> date:
    """The Monday of the ISO week a post was written in."""
    day = moment.date()
    return day - timedelta(days=day.weekday())


def _counts(conn: Connection, post_ids: Iterable[str]) -> Counter[tuple]:
    ids = list(post_ids)
    counts: Counter[tuple] = Counter()
    for chunk in range(0, len(ids), 500):
        rows = conn.execute(
            select(
                posts.c.created_at,
                posts.c.platform,
                people.c.school,
                people.c.role,
                findings.c.flag,
                findings.c.rule,
            )
            .join(posts, posts.c.id == findings.c.post_id)
            .join(accounts, accounts.c.id == posts.c.account_id)
            .join(people, people.c.id == accounts.c.person_id)
            .where(findings.c.post_id.in_(ids[chunk : chunk + 500]))
        )
        for row in rows:
            counts[(week_of(row.created_at), *row[1:])] += 1
    return counts


def add_counts(conn: Connection, post_ids: Iterable[str], sign: int = 1) -> None:
    """Add (sign=1) or take back (sign=-1) the stored findings of these posts."""
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    for key, n in _counts(conn, post_ids).items():
        statement = dialect_insert(trend_counts).values(
            dict(zip(_KEY, key, strict=True)) | {"findings": sign * n}
        )
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=list(_KEY),
                set_={"findings": trend_counts.c.findings + statement.excluded.findings},
            )
        )
    if sign < 0:
        conn.execute(delete(trend_counts).where(trend_counts.c.findings <= 0))


class Trends:
    def __init__(self, db: Database):
        self._db = db

    @retried
    def weekly(self, *, since: date | None = None) -> list[TrendCount]:
        query = select(trend_counts).order_by(*(trend_counts.c[k] for k in _KEY))
        if since is not None:
            query = query.where(trend_counts.c.week >= since)
        with self._db.read() as conn:
            return [
                TrendCount(**{k: row._mapping[k] for k in (*_KEY, "findings")})
                for row in conn.execute(query)
            ]
