"""The opt-in registry in the database: people, their accounts, and what to fetch."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from auditor.errors import RegistryError
from auditor.registry import (
    ACCOUNT_STATUSES,
    AccountSpec,
    Person,
    check_platform,
    normalise_handle,
)
from auditor.store.database import Database, retried
from auditor.store.log import append_entry
from auditor.store.posts import delete_posts, drop_verdicts
from auditor.store.records import AccountRow, Erasure, FetchTarget, ImportPlan
from auditor.store.schema import accounts, people, posts

_PERSON_FIELDS = ("name", "lang", "role", "school", "opted_in_at", "consent_version")


def person_from_row(row: Any) -> Person:
    return Person(
        id=row.id,
        email=row.email,
        name=row.name,
        lang=row.lang,
        role=row.role,
        school=row.school,
        opted_in_at=row.opted_in_at,
        consent_version=row.consent_version,
        active=row.active,
        opted_out_at=row.opted_out_at,
    )


def find_person(conn: Connection, email: str) -> Person | None:
    row = conn.execute(select(people).where(people.c.email == email)).one_or_none()
    return person_from_row(row) if row else None


def _values(person: Person) -> dict[str, Any]:
    return {key: getattr(person, key) for key in ("email", "active", *_PERSON_FIELDS)}


class People:
    """Who opted in. People are looked up by e-mail address, the HR export's key."""

    def __init__(self, db: Database, clock: Callable[[], datetime]):
        self._db = db
        self._clock = clock

    @retried
    def add(self, person: Person, actor: str) -> Person:
        """Register someone who opted in; a person who opted out before is re-enrolled."""
        with self._db.write() as conn:
            existing = find_person(conn, person.email)
            if existing is not None and existing.active:
                raise RegistryError(
                    f"{person.email} is already registered: change them through people import"
                )
            stored = self._put(conn, replace(person, active=True, opted_out_at=None), existing)
            append_entry(conn, self._clock(), actor, "person.add", person.email)
        return stored

    @retried
    def update(self, person: Person, actor: str) -> Person:
        """Change an opted-in person's details (name, language, role, school, consent)."""
        with self._db.write() as conn:
            existing = find_person(conn, person.email)
            if existing is None or not existing.active:
                raise RegistryError(f"{person.email} is not an opted-in person: add them first")
            stored = self._put(conn, replace(person, active=True, opted_out_at=None), existing)
            append_entry(conn, self._clock(), actor, "person.update", person.email)
        return stored

    @retried
    def get(self, email: str) -> Person | None:
        with self._db.read() as conn:
            return find_person(conn, email)

    @retried
    def list(self, *, include_inactive: bool = False) -> list[Person]:
        query = select(people).order_by(people.c.email)
        if not include_inactive:
            query = query.where(people.c.active.is_(True))
        with self._db.read() as conn:
            return [person_from_row(row) for row in conn.execute(query)]

    @retried
    def sync(self, roster: Iterable[Person], actor: str, *, apply: bool) -> ImportPlan:
        """Make the registry match an HR export of everyone who opted in.

        People missing from the export are deactivated (not erased: that is what
        an opt-out does). Someone who opted out is only re-enrolled by an opt-in
        dated after their opt-out, so an old export cannot undo an opt-out. With
        `apply=False` nothing is written: the plan is what would happen.
        """
        roster = list(roster)
        with self._db.write() as conn:
            current = {p.email: p for p in map(person_from_row, conn.execute(select(people)))}
            added, updated, skipped, unchanged = [], [], [], 0
            for person in roster:
                old = current.get(person.email)
                if old is None:
                    added.append(person)
                elif old.opted_out_at and person.opted_in_at <= old.opted_out_at.date():
                    reason = f"opted out on {old.opted_out_at.date()}; needs a later opt-in date"
                    skipped.append((person, reason))
                elif old.active and all(
                    getattr(old, key) == getattr(person, key) for key in _PERSON_FIELDS
                ):
                    unchanged += 1
                else:
                    updated.append(replace(person, id=old.id, opted_out_at=None))
            listed = {p.email for p in roster}
            deactivated = [
                replace(p, active=False)
                for p in current.values()
                if p.active and p.email not in listed
            ]
            plan = ImportPlan(
                added=tuple(added),
                updated=tuple(updated),
                deactivated=tuple(deactivated),
                skipped=tuple(skipped),
                unchanged=unchanged,
            )
            if apply:
                for person in (*added, *updated, *deactivated):
                    self._put(conn, person, current.get(person.email))
                detail = {
                    "added": len(added),
                    "updated": len(updated),
                    "deactivated": len(deactivated),
                    "skipped": len(skipped),
                }
                append_entry(conn, self._clock(), actor, "people.import", "registry", detail)
        return plan

    def _put(self, conn: Connection, person: Person, existing: Person | None) -> Person:
        values = _values(person) | {"opted_out_at": person.opted_out_at}
        if existing is None:
            person_id = conn.execute(
                insert(people).values(values).returning(people.c.id)
            ).scalar_one()
        else:
            person_id = existing.id
            conn.execute(update(people).where(people.c.id == person_id).values(values))
        return replace(person, id=person_id)


def _account_query():
    return select(accounts, people.c.email.label("person_email")).join(
        people, people.c.id == accounts.c.person_id
    )


def _account(row: Any) -> AccountRow:
    return AccountRow(
        id=row.id,
        person_id=row.person_id,
        person_email=row.person_email,
        platform=row.platform,
        handle=row.handle,
        user_id=row.user_id,
        kind=row.kind,
        bio=row.bio,
        token_ref=row.token_ref,
        status=row.status,
        status_reason=row.status_reason,
        status_at=row.status_at,
        cursor=row.cursor,
        last_fetched_at=row.last_fetched_at,
        added_at=row.added_at,
    )


class Accounts:
    """Accounts of registered people, and the fetch state the nightly run keeps on them."""

    def __init__(self, db: Database, clock: Callable[[], datetime]):
        self._db = db
        self._clock = clock

    @retried
    def add(self, email: str, spec: AccountSpec, actor: str) -> AccountRow:
        now = self._clock()
        with self._db.write() as conn:
            person = find_person(conn, email)
            if person is None or not person.active:
                raise RegistryError(
                    f"{email} is not an opted-in person: add them first (people add or people import)"
                )
            owner = conn.execute(
                _account_query().where(
                    accounts.c.platform == spec.platform, accounts.c.handle == spec.handle
                )
            ).one_or_none()
            if owner is not None:
                raise RegistryError(
                    f"{spec.platform} account {spec.handle} is already registered "
                    f"for {owner.person_email}: remove it there first"
                )
            account_id = conn.execute(
                insert(accounts)
                .values(
                    person_id=person.id,
                    platform=spec.platform,
                    handle=spec.handle,
                    user_id=spec.user_id,
                    kind=spec.kind,
                    bio=spec.bio,
                    token_ref=spec.token_ref,
                    status="ok",
                    added_at=now,
                )
                .returning(accounts.c.id)
            ).scalar_one()
            detail = {"platform": spec.platform, "kind": spec.kind}
            append_entry(conn, now, actor, "account.add", email, detail)
            return _account(conn.execute(_account_query().where(accounts.c.id == account_id)).one())

    @retried
    def get(self, account_id: int) -> AccountRow | None:
        with self._db.read() as conn:
            row = conn.execute(_account_query().where(accounts.c.id == account_id)).one_or_none()
        return _account(row) if row else None

    @retried
    def list(
        self, *, email: str | None = None, platform: str | None = None
    ) -> builtins.list[AccountRow]:
        query = _account_query().order_by(people.c.email, accounts.c.platform, accounts.c.handle)
        if email is not None:
            query = query.where(people.c.email == email)
        if platform is not None:
            query = query.where(accounts.c.platform == check_platform(platform))
        with self._db.read() as conn:
            return [_account(row) for row in conn.execute(query)]

    @retried
    def remove(self, email: str, platform: str, handle: str, actor: str) -> Erasure:
        """Unregister an account and delete its posts and findings with it."""
        with self._db.write() as conn:
            row = conn.execute(
                _account_query().where(
                    people.c.email == email,
                    accounts.c.platform == platform,
                    accounts.c.handle == handle,
                )
            ).one_or_none()
            if row is None:
                raise RegistryError(
                    f"{email} has no {platform} account {handle}: see accounts list --person {email}"
                )
            erased = delete_posts(
                conn, select(posts.c.id).where(posts.c.account_id == row.id), keep_trends=False
            )
            conn.execute(accounts.delete().where(accounts.c.id == row.id))
            erased = replace(erased, accounts=1)
            detail = {"platform": platform, "posts": erased.posts}
            append_entry(conn, self._clock(), actor, "account.remove", email, detail)
        return erased

    @retried
    def set_status(self, account_id: int, status: str, reason: str | None = None) -> None:
        """Record whether fetching works; `reason` is shown to the owner, so no secrets."""
        if status not in ACCOUNT_STATUSES:
            raise ValueError(f"account status must be one of {', '.join(ACCOUNT_STATUSES)}")
        if status != "ok" and not reason:
            raise ValueError(f"account status {status} needs a reason")
        with self._db.write() as conn:
            self._update(
                conn,
                account_id,
                status=status,
                status_reason=reason if status != "ok" else None,
                status_at=self._clock(),
            )

    @retried
    def set_user_id(self, account_id: int, user_id: str) -> None:
        """Remember the platform's id for the handle, so the next run skips the lookup."""
        with self._db.write() as conn:
            self._update(conn, account_id, user_id=user_id)

    @retried
    def set_bio(self, account_id: int, bio: str) -> None:
        """Keep the profile text the classifier reads with each post up to date.

        A changed bio changes what a post means (a disclaimer in the bio covers every
        post), so the account's posts lose their verdicts and are judged again.
        """
        with self._db.write() as conn:
            old = conn.scalar(select(accounts.c.bio).where(accounts.c.id == account_id))
            self._update(conn, account_id, bio=bio)
            if old != bio:
                ids = conn.scalars(select(posts.c.id).where(posts.c.account_id == account_id))
                drop_verdicts(conn, list(ids))

    @retried
    def set_handle(self, account_id: int, handle: str, actor: str = "run") -> bool:
        """Follow a handle the platform renamed; False when another account holds it.

        The account stays the same one (the platform's id, a DID, is what is read), so
        its posts, findings and cursor stay; the audit log records the change.
        """
        new = normalise_handle(handle)
        with self._db.write() as conn:
            row = conn.execute(_account_query().where(accounts.c.id == account_id)).one_or_none()
            if row is None or row.handle == new:
                return False
            taken = conn.scalar(
                select(accounts.c.id).where(
                    accounts.c.platform == row.platform, accounts.c.handle == new
                )
            )
            if taken is not None:
                return False
            self._update(conn, account_id, handle=new)
            detail = {"platform": row.platform, "from": row.handle, "to": new}
            append_entry(conn, self._clock(), actor, "account.rename", row.person_email, detail)
        return True

    @retried
    def cursor(self, account_id: int) -> str | None:
        with self._db.read() as conn:
            return conn.scalar(select(accounts.c.cursor).where(accounts.c.id == account_id))

    @retried
    def set_cursor(self, account_id: int, cursor: str | None) -> None:
        with self._db.write() as conn:
            self._update(conn, account_id, cursor=cursor, cursor_at=self._clock())

    @retried
    def targets(
        self, *, platform: str | None = None, email: str | None = None
    ) -> builtins.list[FetchTarget]:
        """Accounts to fetch tonight: only those of people who are opted in now.

        Accounts that need re-authorisation are included: their token lives
        outside the database and may have been renewed since.
        """
        query = (
            select(accounts, people.c.email.label("person_email"), people.c.role)
            .join(people, people.c.id == accounts.c.person_id)
            .where(people.c.active.is_(True))
            .order_by(accounts.c.id)
        )
        if platform is not None:
            query = query.where(accounts.c.platform == check_platform(platform))
        if email is not None:
            query = query.where(people.c.email == email)
        with self._db.read() as conn:
            return [
                FetchTarget(
                    account_id=row.id,
                    person_email=row.person_email,
                    platform=row.platform,
                    handle=row.handle,
                    user_id=row.user_id,
                    kind=row.kind,
                    bio=row.bio,
                    role=row.role,
                    token_ref=row.token_ref,
                    status=row.status,
                    cursor=row.cursor,
                    last_fetched_at=row.last_fetched_at,
                )
                for row in conn.execute(query)
            ]

    @staticmethod
    def _update(conn: Connection, account_id: int, **values: Any) -> None:
        result = conn.execute(update(accounts).where(accounts.c.id == account_id).values(values))
        if result.rowcount != 1:
            raise RegistryError(f"account {account_id} does not exist (removed meanwhile?)")
