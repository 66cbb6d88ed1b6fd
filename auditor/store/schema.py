"""The tables as the current code reads and writes them.

Migrations (migrations.py) build these tables step by step; a test checks that a
database built by the migrations matches this metadata, column by column.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite too.

    SQLite has no time zone type and hands back naive values; storing UTC and
    re-attaching the zone on the way out keeps one code path for both databases.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store: attach a time zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(100), nullable=False),
    Column("applied_at", UTCDateTime, nullable=False),
)

people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(320), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("lang", String(2), nullable=False),
    Column("role", String(100), nullable=False),
    Column("school", String(200), nullable=False),
    Column("opted_in_at", Date, nullable=False),
    Column("consent_version", String(50), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("opted_out_at", UTCDateTime),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id"), nullable=False, index=True),
    Column("platform", String(20), nullable=False),
    Column("handle", String(200), nullable=False),
    Column("user_id", String(100)),
    Column("kind", String(20), nullable=False),
    Column("bio", Text, nullable=False),
    Column("token_ref", String(64)),
    Column("status", String(20), nullable=False),
    Column("status_reason", Text),
    Column("status_at", UTCDateTime),
    Column("cursor", String(200)),
    Column("cursor_at", UTCDateTime),
    Column("last_fetched_at", UTCDateTime),
    Column("added_at", UTCDateTime, nullable=False),
    UniqueConstraint("platform", "handle", name="uq_accounts_platform_handle"),
)

posts = Table(
    "posts",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("platform", String(20), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("url", Text),
    Column("lang", String(2)),
    Column("media", JSON, nullable=False),
    Column("in_reply_to", String(200)),
    Column("content_hash", String(64), nullable=False),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_posts_account_created", "account_id", "created_at"),
)

verdicts = Table(
    "verdicts",
    metadata,
    Column("post_id", String(200), ForeignKey("posts.id"), primary_key=True),
    Column("classifier_version", String(50), nullable=False, index=True),
    Column("flags", JSON, nullable=False),
    Column("classified_at", UTCDateTime, nullable=False),
)

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("post_id", String(200), ForeignKey("verdicts.post_id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("flag", String(40), nullable=False),
    Column("rule", String(100), nullable=False),
    Column("protocol", String(100), nullable=False),
    Column("severity", String(10), nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("explanation_nl", Text, nullable=False),
    Column("explanation_en", Text, nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", UTCDateTime, nullable=False, index=True),
    Column("finished_at", UTCDateTime),
    Column("status", String(20), nullable=False),
    Column("summary", JSON),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False, index=True),
    Column("actor", String(100), nullable=False),
    Column("action", String(50), nullable=False),
    Column("subject", String(320), nullable=False, index=True),
    Column("detail", JSON, nullable=False),
)

# Findings per week and group, without person or post: trends outlive retention.
trend_counts = Table(
    "trend_counts",
    metadata,
    Column("week", Date, primary_key=True),
    Column("platform", String(20), primary_key=True),
    Column("school", String(200), primary_key=True),
    Column("role", String(100), primary_key=True),
    Column("flag", String(40), primary_key=True),
    Column("rule", String(100), primary_key=True),
    Column("findings", Integer, nullable=False),
)

# One weekly e-mail per person per ISO week: what was sent, never what it said.
sends = Table(
    "sends",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id"), nullable=False),
    Column("week", String(8), nullable=False),
    Column("status", String(10), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("message_id", String(200), nullable=False),
    Column("last_error", Text),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    UniqueConstraint("person_id", "week", name="uq_sends_person_week"),
)
