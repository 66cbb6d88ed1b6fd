"""Database fixtures: every store test runs on a SQLite file and on a real PostgreSQL.

`make test` starts a private PostgreSQL (scripts/ensure-postgres.sh) and sets
SOCIAL_AUDIT_TEST_PG_URL and SOCIAL_AUDIT_REQUIRE_PG=1, so there a missing server
fails the run. A bare `pytest` without the URL skips the PostgreSQL half, visibly.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_URL_ENV = "SOCIAL_AUDIT_TEST_PG_URL"
REQUIRE_PG_ENV = "SOCIAL_AUDIT_REQUIRE_PG"


def _postgres_url() -> str:
    url = os.environ.get(PG_URL_ENV)
    if url:
        return url
    reason = f"PostgreSQL not available: set {PG_URL_ENV} (make test starts a server)"
    if os.environ.get(REQUIRE_PG_ENV) == "1":
        pytest.fail(f"{REQUIRE_PG_ENV}=1 but {reason}")
    pytest.skip(reason)


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL whose connections see only a fresh, empty schema, dropped afterwards."""
    base = make_url(_postgres_url())
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, pool_pre_ping=True)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def pg_url():
    with postgres_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """The database of one test: a SQLite file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "audit.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_db_url(request, tmp_path_factory):
    """A database shared by the tests of one module, for data that is slow to build."""
    if request.param == "sqlite":
        yield str(tmp_path_factory.mktemp("db") / "audit.db")
        return
    with postgres_schema() as url:
        yield url
