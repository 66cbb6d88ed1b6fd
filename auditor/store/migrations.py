"""Schema versions: each migration is frozen once released, applied in order on open.

A migration builds tables from its own definitions, never from schema.py, so a
database made by an old release is migrated the same way as a new one is built.
A database from a newer release is refused rather than misread.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    insert,
    inspect,
    select,
    text,
)

from auditor import __version__
from auditor.errors import StoreError
from auditor.store.schema import UTCDateTime, schema_version

# Any constant will do: it only has to be the same for every social-audit process.
_PG_MIGRATION_LOCK = 0x50C1A1


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


def _v1_initial(conn: Connection) -> None:
    md = MetaData()
    Table(
        "people",
        md,
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
    Table(
        "accounts",
        md,
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
    Table(
        "posts",
        md,
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
    Table(
        "verdicts",
        md,
        Column("post_id", String(200), ForeignKey("posts.id"), primary_key=True),
        Column("classifier_version", String(50), nullable=False, index=True),
        Column("flags", JSON, nullable=False),
        Column("classified_at", UTCDateTime, nullable=False),
    )
    Table(
        "findings",
        md,
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
    Table(
        "runs",
        md,
        Column("id", Integer, primary_key=True),
        Column("started_at", UTCDateTime, nullable=False, index=True),
        Column("finished_at", UTCDateTime),
        Column("status", String(20), nullable=False),
        Column("summary", JSON),
    )
    Table(
        "audit_log",
        md,
        Column("id", Integer, primary_key=True),
        Column("at", UTCDateTime, nullable=False, index=True),
        Column("actor", String(100), nullable=False),
        Column("action", String(50), nullable=False),
        Column("subject", String(320), nullable=False, index=True),
        Column("detail", JSON, nullable=False),
    )
    md.create_all(conn)


def _v2_trend_counts(conn: Connection) -> None:
    """Weekly counts that outlive retention, filled from the findings already stored."""
    table = Table(
        "trend_counts",
        MetaData(),
        Column("week", Date, primary_key=True),
        Column("platform", String(20), primary_key=True),
        Column("school", String(200), primary_key=True),
        Column("role", String(100), primary_key=True),
        Column("flag", String(40), primary_key=True),
        Column("rule", String(100), primary_key=True),
        Column("findings", Integer, nullable=False),
    )
    table.create(conn)
    existing = conn.execute(
        text(
            "SELECT posts.created_at, posts.platform, people.school, people.role,"
            " findings.flag, findings.rule FROM findings"
            " JOIN posts ON posts.id = findings.post_id"
            " JOIN accounts ON accounts.id = posts.account_id"
            " JOIN people ON people.id = accounts.person_id"
        ).columns(created_at=UTCDateTime)
    )
    counts: Counter[tuple] = Counter()
    for row in existing:
        day = row.created_at.date()
        counts[(day - timedelta(days=day.weekday()), *row[1:])] += 1
    keys = ("week", "platform", "school", "role", "flag", "rule")
    if counts:
        conn.execute(
            insert(table),
            [dict(zip(keys, key, strict=True), findings=n) for key, n in counts.items()],
        )


def _v3_sends(conn: Connection) -> None:
    md = MetaData()
    Table("people", md, Column("id", Integer, primary_key=True))  # only for the key
    Table(
        "sends",
        md,
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
    ).create(conn)


def _v4_web(conn: Connection) -> None:
    """The staff web app: disputes of findings, sign-in links, sessions, link throttling."""
    md = MetaData()
    Table("people", md, Column("id", Integer, primary_key=True))  # only for the keys
    Table("posts", md, Column("id", String(200), primary_key=True))
    Table("accounts", md, Column("id", Integer, primary_key=True))
    Table(
        "disputes",
        md,
        Column("id", Integer, primary_key=True),
        Column("person_id", Integer, ForeignKey("people.id"), nullable=False, index=True),
        Column("post_id", String(200), ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
        Column(
            "account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
        ),
        Column("flag", String(40), nullable=False),
        Column("rules", JSON, nullable=False),
        Column("reason", String(40), nullable=False),
        Column("note", Text, nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
        UniqueConstraint("post_id", "flag", name="uq_disputes_post_flag"),
    ).create(conn)
    Table(
        "sign_in_links",
        md,
        Column("digest", String(64), primary_key=True),
        Column("email", String(320), nullable=False, index=True),
        Column("created_at", UTCDateTime, nullable=False),
        Column("expires_at", UTCDateTime, nullable=False),
        Column("used_at", UTCDateTime),
    ).create(conn)
    Table(
        "web_sessions",
        md,
        Column("digest", String(64), primary_key=True),
        Column("email", String(320), nullable=False, index=True),
        Column("lang", String(2), nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
        Column("expires_at", UTCDateTime, nullable=False),
    ).create(conn)
    Table(
        "web_throttle",
        md,
        Column("id", Integer, primary_key=True),
        Column("key", String(64), nullable=False),
        Column("at", UTCDateTime, nullable=False),
        Index("ix_web_throttle_key_at", "key", "at"),
    ).create(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "registry, posts, verdicts, runs and audit log", _v1_initial),
    Migration(2, "weekly trend counts", _v2_trend_counts),
    Migration(3, "weekly e-mail sends", _v3_sends),
    Migration(4, "web app: disputes, sign-in links, sessions", _v4_web),
)


def check_sequence(migrations: Sequence[Migration]) -> int:
    """Versions must run 1, 2, 3, ... without gaps or repeats; returns the latest."""
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migration versions must be 1..n in order, got {versions}")
    return versions[-1]


LATEST_VERSION = check_sequence(MIGRATIONS)


def current_version(conn: Connection) -> int:
    """The version a database is at; 0 for an empty one."""
    if not inspect(conn).has_table(schema_version.name):
        return 0
    return conn.scalar(select(func.max(schema_version.c.version))) or 0


def migrate(
    conn: Connection,
    now: datetime,
    display: str,
    migrations: Sequence[Migration] = MIGRATIONS,
) -> int:
    """Bring the database up to the latest version, inside the caller's transaction."""
    latest = check_sequence(migrations)
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
    version = current_version(conn)
    if version > latest:
        raise StoreError(
            f"database {display} has schema version {version}, but social-audit "
            f"{__version__} only knows up to {latest}: upgrade social-audit, or point "
            "[store] at the database of this version"
        )
    if version == 0:
        schema_version.create(conn)
    for migration in migrations[version:]:
        migration.apply(conn)
        conn.execute(
            insert(schema_version).values(
                version=migration.version, name=migration.name, applied_at=now
            )
        )
    return latest
