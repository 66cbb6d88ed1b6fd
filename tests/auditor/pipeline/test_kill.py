"""SIGKILL the nightly run at random moments, restart it: nothing lost, nothing twice."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from auditor.store import Store
from connectors.simulator import Simulator
from tests.auditor.store.helpers import FAST_RETRY
from tests.conftest import ORG_TOML
from tests.world import enrol

pytestmark = pytest.mark.slow


def write_config(path, db, sim) -> None:
    urls = "\n".join(f'{p} = "{url}"' for p, url in sim.base_urls().items())
    path.write_text(
        ORG_TOML.read_text(encoding="utf-8")
        + f'\n[store]\npath = "{db}"\n[fetch]\nconcurrency = 2\nmax_wait = 1\ntimeout = 5\n[fetch.base_urls]\n{urls}\n',
        encoding="utf-8",
    )


def run(config, environ, *, kill_when=None) -> int | None:
    """Run to the end, or SIGKILL as soon as `kill_when()` is true (checked every 10 ms)."""
    env = {**os.environ, **environ}
    process = subprocess.Popen(
        [sys.executable, "-m", "auditor", "run", "--config", str(config)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if kill_when is None:
        return process.wait(timeout=300)
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if kill_when():
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    process.wait(timeout=60)
    return None


def rows(db, table: str) -> int:
    if not db.exists():
        return 0
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            return conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar()
    except OperationalError:  # the schema is not there yet, or a write holds the lock
        return 0
    finally:
        engine.dispose()


def state(db) -> tuple[list, list]:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        post_rows = conn.execute(
            text("SELECT id, account_id, content_hash FROM posts ORDER BY id")
        ).all()
        cursors = conn.execute(
            text("SELECT handle, cursor IS NOT NULL FROM accounts ORDER BY handle")
        ).all()
        unclassified = conn.execute(
            text(
                "SELECT COUNT(*) FROM posts LEFT JOIN verdicts ON verdicts.post_id = posts.id WHERE verdicts.post_id IS NULL"
            )
        ).scalar()
        running = conn.execute(text("SELECT COUNT(*) FROM runs WHERE status = 'running'")).scalar()
    engine.dispose()
    assert unclassified == 0
    assert running == 0
    return [tuple(r) for r in post_rows], [tuple(c) for c in cursors]


def test_killed_runs_lose_nothing_and_double_nothing(tmp_path):
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    with Simulator(seed=21, posts_per_account=20, page_size=3, latency=0.03, now=now) as sim:
        reference_db, killed_db = tmp_path / "reference.db", tmp_path / "killed.db"
        environ = {}
        for db in (reference_db, killed_db):
            with Store.open(db, retry=FAST_RETRY) as store:
                environ = enrol(store, sim, people=6)
        reference_cfg, killed_cfg = tmp_path / "reference.toml", tmp_path / "killed.toml"
        write_config(reference_cfg, reference_db, sim)
        write_config(killed_cfg, killed_db, sim)

        assert run(reference_cfg, environ) == 0
        total = rows(reference_db, "posts")

        rng = random.Random(4)
        seen = []
        for table in ("posts", "posts", "verdicts", "posts", "verdicts"):
            before = rows(killed_db, table)
            target = before + rng.randint(1, max(1, (total - before) // 2))
            run(killed_cfg, environ, kill_when=lambda t=table, n=target: rows(killed_db, t) >= n)
            seen.append((table, rows(killed_db, table)))
        assert run(killed_cfg, environ) == 0

    expected = state(reference_db)
    assert state(killed_db) == expected
    assert any(0 < n < total for _, n in seen), seen
