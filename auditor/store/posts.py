"""Posts and their verdicts: stored once, updated when edited, re-classified when stale."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, and_, delete, func, insert, or_, select, update

from auditor.errors import StoreError
from auditor.model import (
    Account,
    Finding,
    Media,
    Post,
    Verdict,
    evidence_from_dict,
    evidence_to_dict,
)
from auditor.store.database import Database, retried
from auditor.store.records import Erasure, SaveResult, StoredPost, Upsert
from auditor.store.schema import accounts, findings, people, posts, verdicts
from auditor.store.trends import add_counts


def content_hash(post: Post, *, with_media_urls: bool = False) -> str:
    """A digest of what the classifier reads in a post: a change means an edit.

    Media URLs are left out: the classifier does not read them, and some platforms sign
    them anew every day, which would make every post re-read in the re-read window look
    edited. `with_media_urls` gives the digest that older releases stored.
    """
    media = [
        [m.type, m.alt_text, m.url] if with_media_urls else [m.type, m.alt_text] for m in post.media
    ]
    content = {"text": post.text, "media": media}
    # surrogatepass: a lone surrogate from the platform is hashed as it came
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True).encode(
        "utf-8", "surrogatepass"
    )
    return hashlib.sha256(encoded).hexdigest()


def _media(post: Post) -> list[dict[str, Any]]:
    return [{"type": m.type, "alt_text": m.alt_text, "url": m.url} for m in post.media]


def delete_posts(conn: Connection, post_ids: Select, *, keep_trends: bool) -> Erasure:
    """Delete posts with their verdicts and findings; `post_ids` selects the ids.

    Retention keeps the posts' weekly trend counts; an erasure takes them back.
    """
    if not keep_trends:
        add_counts(conn, conn.scalars(post_ids).all(), -1)
    ids = post_ids.scalar_subquery()
    removed_findings = conn.execute(delete(findings).where(findings.c.post_id.in_(ids))).rowcount
    removed_verdicts = conn.execute(delete(verdicts).where(verdicts.c.post_id.in_(ids))).rowcount
    removed_posts = conn.execute(delete(posts).where(posts.c.id.in_(ids))).rowcount
    return Erasure(posts=removed_posts, verdicts=removed_verdicts, findings=removed_findings)


def drop_verdicts(conn: Connection, post_ids: list[str]) -> None:
    """Take back the verdicts (and their trend counts) of posts that must be judged again."""
    if not post_ids:
        return
    add_counts(conn, post_ids, -1)
    conn.execute(delete(findings).where(findings.c.post_id.in_(post_ids)))
    conn.execute(delete(verdicts).where(verdicts.c.post_id.in_(post_ids)))


def stored_query() -> Select:
    return (
        select(
            posts,
            accounts.c.handle,
            accounts.c.kind,
            accounts.c.bio,
            people.c.role,
            people.c.email.label("person_email"),
            verdicts.c.classifier_version,
            verdicts.c.classified_at,
        )
        .join(accounts, accounts.c.id == posts.c.account_id)
        .join(people, people.c.id == accounts.c.person_id)
        .outerjoin(verdicts, verdicts.c.post_id == posts.c.id)
    )


def stored_posts(conn: Connection, query: Select) -> list[StoredPost]:
    rows = conn.execute(query).all()
    classified = [row.id for row in rows if row.classifier_version is not None]
    by_post: dict[str, list[Finding]] = defaultdict(list)
    for chunk in range(0, len(classified), 500):
        ids = classified[chunk : chunk + 500]
        found = conn.execute(
            select(findings)
            .where(findings.c.post_id.in_(ids))
            .order_by(findings.c.post_id, findings.c.position)
        )
        for f in found:
            by_post[f.post_id].append(
                Finding(
                    flag=f.flag,
                    rule=f.rule,
                    protocol=f.protocol,
                    severity=f.severity,
                    evidence=tuple(evidence_from_dict(e) for e in f.evidence),
                    explanation_nl=f.explanation_nl,
                    explanation_en=f.explanation_en,
                )
            )
    return [
        StoredPost(
            post=Post(
                id=row.id,
                platform=row.platform,
                created_at=row.created_at,
                text=row.text,
                url=row.url,
                lang=row.lang,
                media=tuple(Media(m["type"], m["alt_text"], m["url"]) for m in row.media),
                in_reply_to=row.in_reply_to,
                account=Account(handle=row.handle, kind=row.kind, bio=row.bio, role=row.role),
            ),
            account_id=row.account_id,
            person_email=row.person_email,
            fetched_at=row.fetched_at,
            verdict=(
                Verdict(row.id, tuple(by_post[row.id]))
                if row.classifier_version is not None
                else None
            ),
            classifier_version=row.classifier_version,
            classified_at=row.classified_at,
        )
        for row in rows
    ]


class Posts:
    """Fetched posts and what the classifier said about them."""

    def __init__(self, db: Database, clock: Callable[[], datetime]):
        self._db = db
        self._clock = clock

    @retried
    def upsert(self, account_id: int, post: Post) -> Upsert:
        """Store one fetched post: the same post twice is one row.

        An edited post (its text or media changed) is updated and loses its
        verdict, so the next classification pass sees it again.
        """
        with self._db.write() as conn:
            return self._upsert(conn, account_id, post, self._clock())

    @retried
    def save_fetched(
        self,
        account_id: int,
        fetched: Iterable[Post],
        cursor: str | None,
        *,
        deleted: Iterable[str] = (),
    ) -> SaveResult:
        """Store a batch of posts, remove the deleted ones and move the cursor, atomically.

        If the process dies before the commit, neither the posts nor the cursor
        move, so the next run fetches the same batch again: nothing is lost and,
        with upsert, nothing is doubled. A `None` cursor leaves the old one.
        `deleted` are ids of this account's posts the platform no longer shows: they
        leave the store with their findings (and trend counts), so no e-mail shows them.
        """
        now = self._clock()
        counts = dict.fromkeys(Upsert, 0)
        gone = list(dict.fromkeys(deleted))
        with self._db.write() as conn:
            for post in fetched:
                counts[self._upsert(conn, account_id, post, now)] += 1
            removed = Erasure()
            if gone:
                ids = select(posts.c.id).where(
                    posts.c.account_id == account_id, posts.c.id.in_(gone)
                )
                removed = delete_posts(conn, ids, keep_trends=False)
            values: dict[str, Any] = {"last_fetched_at": now, "status": "ok", "status_reason": None}
            if cursor is not None:
                values |= {"cursor": cursor, "cursor_at": now}
            conn.execute(update(accounts).where(accounts.c.id == account_id).values(values))
        return SaveResult(
            inserted=counts[Upsert.INSERTED],
            updated=counts[Upsert.UPDATED],
            unchanged=counts[Upsert.UNCHANGED],
            deleted=removed.posts,
        )

    @retried
    def positions(self, account_id: int) -> list[tuple[str, datetime]]:
        """(id, created_at) of an account's stored posts: what a fetch can find deleted."""
        query = select(posts.c.id, posts.c.created_at).where(posts.c.account_id == account_id)
        with self._db.read() as conn:
            return [(row.id, row.created_at) for row in conn.execute(query)]

    def _upsert(self, conn: Connection, account_id: int, post: Post, now: datetime) -> Upsert:
        digest = content_hash(post)
        values = {
            "account_id": account_id,
            "platform": post.platform,
            "created_at": post.created_at,
            "text": post.text,
            "url": post.url,
            "lang": post.lang,
            "media": _media(post),
            "in_reply_to": post.in_reply_to,
            "content_hash": digest,
            "updated_at": now,
        }
        old = conn.execute(
            select(posts.c.account_id, posts.c.content_hash).where(posts.c.id == post.id)
        ).one_or_none()
        if old is None:
            conn.execute(insert(posts).values(id=post.id, fetched_at=now, **values))
            return Upsert.INSERTED
        if old.account_id != account_id:
            raise StoreError(
                f"post {post.id} is stored for account {old.account_id}, not {account_id}"
            )
        if old.content_hash == digest:
            return Upsert.UNCHANGED
        if old.content_hash == content_hash(post, with_media_urls=True):
            conn.execute(update(posts).where(posts.c.id == post.id).values(content_hash=digest))
            return Upsert.UNCHANGED
        drop_verdicts(conn, [post.id])
        conn.execute(update(posts).where(posts.c.id == post.id).values(values))
        return Upsert.UPDATED

    @retried
    def get(self, post_id: str) -> StoredPost | None:
        with self._db.read() as conn:
            found = stored_posts(conn, stored_query().where(posts.c.id == post_id))
        return found[0] if found else None

    @retried
    def needing_classification(
        self, classifier_version: str, *, limit: int | None = None
    ) -> list[StoredPost]:
        """Posts without a verdict, or with one from another classifier version, oldest first."""
        query = (
            stored_query()
            .where(
                or_(
                    verdicts.c.post_id.is_(None),
                    verdicts.c.classifier_version != classifier_version,
                )
            )
            .order_by(posts.c.created_at, posts.c.id)
            .limit(limit)
        )
        with self._db.read() as conn:
            return stored_posts(conn, query)

    @retried
    def count_for(self, email: str, start: datetime, end: datetime) -> int:
        """How many posts a person wrote in [start, end): "nothing found in 12 posts"."""
        query = (
            select(func.count())
            .select_from(posts.join(accounts, accounts.c.id == posts.c.account_id))
            .join(people, people.c.id == accounts.c.person_id)
            .where(people.c.email == email, posts.c.created_at >= start, posts.c.created_at < end)
        )
        with self._db.read() as conn:
            return conn.scalar(query) or 0

    @retried
    def store_verdicts(self, results: Iterable[Verdict], classifier_version: str) -> int:
        """Store verdicts, each replacing the post's previous one with all its findings."""
        now = self._clock()
        stored = 0
        with self._db.write() as conn:
            for verdict in results:
                self._store_verdict(conn, verdict, classifier_version, now)
                stored += 1
        return stored

    def store_verdict(self, verdict: Verdict, classifier_version: str) -> None:
        self.store_verdicts([verdict], classifier_version)

    def _store_verdict(
        self, conn: Connection, verdict: Verdict, classifier_version: str, now: datetime
    ) -> None:
        if conn.scalar(select(posts.c.id).where(posts.c.id == verdict.post_id)) is None:
            raise StoreError(f"cannot store a verdict for post {verdict.post_id}: it is not stored")
        drop_verdicts(conn, [verdict.post_id])
        conn.execute(
            insert(verdicts).values(
                post_id=verdict.post_id,
                classifier_version=classifier_version,
                flags=list(verdict.flags),
                classified_at=now,
            )
        )
        if verdict.findings:
            conn.execute(
                insert(findings),
                [
                    {
                        "post_id": verdict.post_id,
                        "position": position,
                        "flag": f.flag,
                        "rule": f.rule,
                        "protocol": f.protocol,
                        "severity": f.severity,
                        "evidence": [evidence_to_dict(e) for e in f.evidence],
                        "explanation_nl": f.explanation_nl,
                        "explanation_en": f.explanation_en,
                    }
                    for position, f in enumerate(verdict.findings)
                ],
            )
            add_counts(conn, [verdict.post_id])

    @retried
    def flagged_for(self, email: str, start: datetime, end: datetime) -> list[StoredPost]:
        """One person's posts written in [start, end) that have findings: their report.

        Only that person's own posts can come back, whoever asks.
        """
        query = (
            stored_query()
            .where(
                people.c.email == email,
                and_(posts.c.created_at >= start, posts.c.created_at < end),
                posts.c.id.in_(select(findings.c.post_id)),
            )
            .order_by(posts.c.created_at, posts.c.id)
        )
        with self._db.read() as conn:
            return stored_posts(conn, query)
