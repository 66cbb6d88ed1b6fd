"""What the store hands back: frozen records, never rows or dicts to mutate."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from auditor.model import Post, Target, Verdict
from auditor.registry import Person


class Upsert(Enum):
    """What storing a fetched post did."""

    INSERTED = "inserted"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class AccountRow:
    """A registered account with its fetch state; `token_ref` is a name, not a token."""

    id: int
    person_id: int
    person_email: str
    platform: str
    handle: str
    user_id: str | None
    kind: str
    bio: str
    token_ref: str | None
    status: str
    status_reason: str | None
    status_at: datetime | None
    cursor: str | None
    last_fetched_at: datetime | None
    added_at: datetime


@dataclass(frozen=True, slots=True)
class FetchTarget:
    """One account the nightly run should fetch, with what the connector needs."""

    account_id: int
    person_email: str
    platform: str
    handle: str
    user_id: str | None
    kind: str
    bio: str
    role: str
    token_ref: str | None
    status: str
    cursor: str | None
    last_fetched_at: datetime | None

    def target(self, token: str | None) -> Target:
        """The connector's view of this account, with the token resolved by the caller."""
        return Target(
            platform=self.platform,
            handle=self.handle,
            user_id=self.user_id,
            kind=self.kind,
            bio=self.bio,
            role=self.role,
            token=token,
        )


@dataclass(frozen=True, slots=True)
class SaveResult:
    """Counts of one batch of fetched posts stored with its cursor."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


@dataclass(frozen=True, slots=True)
class StoredPost:
    """A post as stored, rebuilt as the classifier's input, with its verdict if any."""

    post: Post
    account_id: int
    person_email: str
    fetched_at: datetime
    verdict: Verdict | None = None
    classifier_version: str | None = None
    classified_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What importing an HR export does (or, in a dry run, would do)."""

    added: tuple[Person, ...] = ()
    updated: tuple[Person, ...] = ()
    deactivated: tuple[Person, ...] = ()
    skipped: tuple[tuple[Person, str], ...] = ()
    unchanged: int = 0

    @property
    def changes(self) -> int:
        return len(self.added) + len(self.updated) + len(self.deactivated)


@dataclass(frozen=True, slots=True)
class RunRecord:
    id: int
    started_at: datetime
    finished_at: datetime | None
    status: str
    summary: dict[str, Any] | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the append-only audit log; `detail` never holds secrets or content."""

    id: int
    at: datetime
    actor: str
    action: str
    subject: str
    detail: dict[str, Any] = field(compare=False)


@dataclass(frozen=True, slots=True)
class Erasure:
    """Counts of what an opt-out or a retention purge deleted."""

    accounts: int = 0
    posts: int = 0
    verdicts: int = 0
    findings: int = 0


@dataclass(frozen=True, slots=True)
class TrendCount:
    """Findings of one week in one group; no person: what trends may keep past retention."""

    week: date
    platform: str
    school: str
    role: str
    flag: str
    rule: str
    findings: int


@dataclass(frozen=True, slots=True)
class SendRecord:
    """The state of one weekly e-mail (never its content)."""

    email: str
    week: str
    status: str
    attempts: int
    message_id: str
    last_error: str | None
    updated_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class Dispute:
    """A person's answer to the finding(s) of one flag on one of their posts."""

    post_id: str
    account_id: int
    flag: str
    rules: tuple[str, ...]
    reason: str
    note: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class DisputeCount:
    """Disputes of one rule with one reason since a moment: no post, note or address.

    `people` are opaque row ids, there only to count distinct people across groups.
    """

    rule: str
    flag: str
    reason: str
    disputes: int
    people: frozenset[int]


@dataclass(frozen=True, slots=True)
class WebSession:
    """A signed-in browser; the cookie's value itself is never stored, only its digest."""

    email: str
    lang: str
    created_at: datetime
    expires_at: datetime
