"""The tables as the current code reads and writes them.

Migrations (migrations.py) build these tables step by step; a test checks that a
database built by the migrations matches this metadata, column by column.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

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


# NUL (PostgreSQL refuses it in text and JSON) and lone surrogates (neither database
# can encode them) arrive in posts from the platforms: JSON carries both.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(value: str) -> str:
    """Text as both databases can hold it: each character neither can becomes U+FFFD.

    One character for one, so evidence offsets into a stored post still hold.
    """
    return _UNSTORABLE.sub("\ufffd", value)


def _storable_json(value: Any) -> Any:
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {storable(str(k)): _storable_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_storable_json(v) for v in value]
    return value


class StoredString(TypeDecorator[str]):
    """A bounded string column that stores any Python text (see `storable`)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect) -> Any:
        return storable(value) if isinstance(value, str) else value


class StoredText(StoredString):
    """A text column that stores any Python text (see `storable`)."""

    impl = Text
    cache_ok = True


class StoredJSON(TypeDecorator[Any]):
    """A JSON column whose strings, keys included, are made storable first."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect) -> Any:
        return _storable_json(value)


metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", StoredString(100), nullable=False),
    Column("applied_at", UTCDateTime, nullable=False),
)

people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", StoredString(320), nullable=False, unique=True),
    Column("name", StoredString(200), nullable=False),
    Column("lang", StoredString(2), nullable=False),
    Column("role", StoredString(100), nullable=False),
    Column("school", StoredString(200), nullable=False),
    Column("opted_in_at", Date, nullable=False),
    Column("consent_version", StoredString(50), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("opted_out_at", UTCDateTime),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id"), nullable=False, index=True),
    Column("platform", StoredString(20), nullable=False),
    Column("handle", StoredString(200), nullable=False),
    Column("user_id", StoredString(100)),
    Column("kind", StoredString(20), nullable=False),
    Column("bio", StoredText, nullable=False),
    Column("token_ref", StoredString(64)),
    Column("status", StoredString(20), nullable=False),
    Column("status_reason", StoredText),
    Column("status_at", UTCDateTime),
    Column("cursor", StoredString(200)),
    Column("cursor_at", UTCDateTime),
    Column("last_fetched_at", UTCDateTime),
    Column("added_at", UTCDateTime, nullable=False),
    UniqueConstraint("platform", "handle", name="uq_accounts_platform_handle"),
)

posts = Table(
    "posts",
    metadata,
    Column("id", StoredString(200), primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("platform", StoredString(20), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, index=True),
    Column("text", StoredText, nullable=False),
    Column("url", StoredText),
    Column("lang", StoredString(2)),
    Column("media", StoredJSON, nullable=False),
    Column("in_reply_to", StoredString(200)),
    Column("content_hash", StoredString(64), nullable=False),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_posts_account_created", "account_id", "created_at"),
)

verdicts = Table(
    "verdicts",
    metadata,
    Column("post_id", StoredString(200), ForeignKey("posts.id"), primary_key=True),
    Column("classifier_version", StoredString(50), nullable=False, index=True),
    Column("flags", StoredJSON, nullable=False),
    Column("classified_at", UTCDateTime, nullable=False),
)

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "post_id", StoredString(200), ForeignKey("verdicts.post_id"), nullable=False, index=True
    ),
    Column("position", Integer, nullable=False),
    Column("flag", StoredString(40), nullable=False),
    Column("rule", StoredString(100), nullable=False),
    Column("protocol", StoredString(100), nullable=False),
    Column("severity", StoredString(10), nullable=False),
    Column("evidence", StoredJSON, nullable=False),
    Column("explanation_nl", StoredText, nullable=False),
    Column("explanation_en", StoredText, nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", UTCDateTime, nullable=False, index=True),
    Column("finished_at", UTCDateTime),
    Column("status", StoredString(20), nullable=False),
    Column("summary", StoredJSON),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False, index=True),
    Column("actor", StoredString(100), nullable=False),
    Column("action", StoredString(50), nullable=False),
    Column("subject", StoredString(320), nullable=False, index=True),
    Column("detail", StoredJSON, nullable=False),
)

# Findings per week and group, without person or post: trends outlive retention.
trend_counts = Table(
    "trend_counts",
    metadata,
    Column("week", Date, primary_key=True),
    Column("platform", StoredString(20), primary_key=True),
    Column("school", StoredString(200), primary_key=True),
    Column("role", StoredString(100), primary_key=True),
    Column("flag", StoredString(40), primary_key=True),
    Column("rule", StoredString(100), primary_key=True),
    Column("findings", Integer, nullable=False),
)

# One weekly e-mail per person per ISO week: what was sent, never what it said.
sends = Table(
    "sends",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id"), nullable=False),
    Column("week", StoredString(8), nullable=False),
    Column("status", StoredString(10), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("message_id", StoredString(200), nullable=False),
    Column("last_error", StoredText),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    UniqueConstraint("person_id", "week", name="uq_sends_person_week"),
)

# A member of staff's answer to one finding of one post (issue 13): the post and flag it
# is about, the rules that fired, the reason and an optional note. It goes with the post
# (ON DELETE CASCADE) and with the person's opt-out; counts leave only in aggregate.
disputes = Table(
    "disputes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id"), nullable=False, index=True),
    Column(
        "post_id",
        StoredString(200),
        ForeignKey("posts.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("flag", StoredString(40), nullable=False),
    Column("rules", StoredJSON, nullable=False),
    Column("reason", StoredString(40), nullable=False),
    Column("note", StoredText, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("post_id", "flag", name="uq_disputes_post_flag"),
)

# Sign-in links of the web app: only a digest of the link's secret part is kept, so a
# copy of the database signs nobody in. Single use: `used_at` is set when it is used.
sign_in_links = Table(
    "sign_in_links",
    metadata,
    Column("digest", StoredString(64), primary_key=True),
    Column("email", StoredString(320), nullable=False, index=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime),
)

# Signed-in browsers: the digest of the session cookie, whose it is, until when.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("digest", StoredString(64), primary_key=True),
    Column("email", StoredString(320), nullable=False, index=True),
    Column("lang", StoredString(2), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)

# Recent sign-in link requests, per keyed digest of an address or a client: enough to
# rate-limit them across processes, never the address or the client itself.
web_throttle = Table(
    "web_throttle",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", StoredString(64), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_web_throttle_key_at", "key", "at"),
)
