from __future__ import annotations

import sqlite3
import stat
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from sqlalchemy import create_engine, insert, inspect, text
from sqlalchemy.engine import make_url

from auditor.errors import StoreBusy, StoreError
from auditor.store import LATEST_VERSION, RetryPolicy, Store
from auditor.store.migrations import MIGRATIONS, migrate
from auditor.store.schema import metadata, schema_version
from tests.auditor.store.helpers import ACTOR, START, Clock, person


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_sqlite_file_and_folder_are_created_owner_only(tmp_path):
    path = tmp_path / "new" / "audit.db"
    with Store.open(path) as store:
        store.people.add(person("anna@school.nl"), ACTOR)
        assert store.dialect == "sqlite"
        assert _mode(path.with_name("audit.db-wal")) == 0o600
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700


def test_url_in_messages_has_no_password(pg_url):
    with Store.open(pg_url) as store:
        assert store.dialect == "postgresql"
        password = make_url(pg_url).password
        assert password
        assert password not in store.display
        assert password not in repr(store)


def test_unsupported_url_is_refused():
    with pytest.raises(StoreError, match="not supported"):
        Store.open("mysql://audit@localhost/audit")


def _engine(db_url):
    return create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")


def test_migrations_build_exactly_the_tables_the_code_uses(store, db_url):
    engine = _engine(db_url)
    schema = inspect(engine)
    assert set(schema.get_table_names()) == set(metadata.tables)
    for name, table in metadata.tables.items():
        assert [c["name"] for c in schema.get_columns(name)] == [c.name for c in table.columns]
        expected = {tuple(i.columns.keys()) for i in table.indexes}
        indexes = [i for i in schema.get_indexes(name) if "duplicates_constraint" not in i]
        assert {tuple(i["column_names"]) for i in indexes} == expected
    engine.dispose()
    assert store.schema_version == LATEST_VERSION


def test_database_of_version_1_is_migrated_and_keeps_its_data(db_url):
    engine = _engine(db_url)
    with engine.begin() as conn:
        assert migrate(conn, START, "test", MIGRATIONS[:1]) == 1
        tables = metadata.tables
        conn.execute(
            insert(tables["people"]).values(
                id=1,
                email="anna@school.nl",
                name="Anna",
                lang="nl",
                role="leerkracht",
                school="OBS Het Anker",
                opted_in_at=START.date(),
                consent_version="2026-1",
                active=True,
            )
        )
        conn.execute(
            insert(tables["accounts"]).values(
                id=1,
                person_id=1,
                platform="x",
                handle="anna",
                kind="personal",
                bio="",
                status="ok",
                added_at=START,
            )
        )
        conn.execute(
            insert(tables["posts"]).values(
                id="x:1",
                account_id=1,
                platform="x",
                created_at=START,
                text="Tekst",
                media=[],
                content_hash="0" * 64,
                fetched_at=START,
                updated_at=START,
            )
        )
        conn.execute(
            insert(tables["verdicts"]).values(
                post_id="x:1",
                classifier_version="rules-1",
                flags=["incivility"],
                classified_at=START,
            )
        )
        conn.execute(
            insert(tables["findings"]).values(
                post_id="x:1",
                position=0,
                flag="incivility",
                rule="civility.insult",
                protocol="overwegingen vooraf",
                severity="medium",
                evidence=[],
                explanation_nl="Uitleg.",
                explanation_en="Explanation.",
            )
        )
    engine.dispose()

    with Store.open(db_url) as store:
        assert store.schema_version == LATEST_VERSION
        assert store.people.get("anna@school.nl").name == "Anna"
        assert store.posts.get("x:1").verdict.flags == ("incivility",)
        (count,) = store.trends.weekly()
        assert (count.flag, count.school, count.findings) == ("incivility", "OBS Het Anker", 1)


def test_database_of_a_newer_version_is_refused(db_url):
    Store.open(db_url).close()
    engine = _engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            insert(schema_version).values(
                version=LATEST_VERSION + 1, name="future", applied_at=START
            )
        )
    engine.dispose()
    with pytest.raises(
        StoreError, match=f"schema version {LATEST_VERSION + 1}.*upgrade social-audit"
    ):
        Store.open(db_url)


class _Locker:
    """Another client holding the write lock, as a second process or a DB shell would."""

    def __init__(self, db_url):
        if "://" in db_url:
            url = make_url(db_url)
            self.conn = psycopg.connect(
                host=url.host,
                port=url.port,
                user=url.username,
                password=url.password,
                dbname=url.database,
                options=url.query["options"],
            )
            self.conn.execute("LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE")
        else:
            self.conn = sqlite3.connect(db_url, isolation_level=None)
            self.conn.execute("BEGIN IMMEDIATE")

    def release(self, *_args):
        self.conn.rollback()
        self.conn.close()


def test_locked_database_is_retried_then_a_clear_error(db_url):
    Store.open(db_url).close()
    pauses = []
    retry = RetryPolicy(attempts=3, first_pause=0.01, busy_timeout=0.1, sleep=pauses.append)
    store = Store.open(db_url, retry=retry, clock=Clock())
    locker = _Locker(db_url)
    try:
        with pytest.raises(StoreBusy, match="busy or unreachable through 3 tries"):
            store.audit.append(ACTOR, "test.write", "subject")
        assert pauses == [0.01, 0.02]
    finally:
        locker.release()
    store.audit.append(ACTOR, "test.write", "subject")
    assert len(store.audit.list(action="test.write")) == 1
    store.close()


def test_write_succeeds_when_the_lock_is_released_between_tries(db_url):
    Store.open(db_url).close()
    locker = _Locker(db_url)
    retry = RetryPolicy(attempts=3, first_pause=0.01, busy_timeout=0.1, sleep=locker.release)
    with Store.open(db_url, retry=retry, clock=Clock()) as store:
        store.audit.append(ACTOR, "test.write", "subject")
        assert len(store.audit.list(action="test.write")) == 1


def test_connections_killed_by_the_server_are_replaced(pg_url):
    """A PostgreSQL restart drops every connection; the next write must still land."""
    with Store.open(pg_url) as store:
        store.audit.append(ACTOR, "before", "subject")
        admin = create_engine(pg_url)
        with admin.connect() as conn:
            killed = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
        admin.dispose()
        assert killed >= 1
        store.audit.append(ACTOR, "after", "subject")
        assert [e.action for e in store.audit.list(subject="subject")] == ["before", "after"]


def test_writers_in_threads_lose_nothing(store):
    def write(worker: int) -> None:
        for n in range(20):
            store.audit.append(ACTOR, "test.write", f"worker-{worker}", {"n": n})

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, range(4)))

    assert len(store.audit.list(action="test.write")) == 80
