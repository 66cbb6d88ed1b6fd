"""The database busy or gone in the middle of a nightly run, and two runs started at once.

- SQLite locked by another process for a moment: the run's writes wait and retry,
  and the run completes with everything.
- SQLite locked by another process for good: the run ends in one clear StoreBusy
  (never a silent loss), and the next run, once the lock is gone, catches up.
- PostgreSQL dropping every connection of the run (what a server restart does): the
  run reconnects and completes, and gives its lock back.
- Two `social-audit run` processes at once: one works, the other exits 2 at once.

The lock is taken, and the connections killed, at a point of the run's own progress:
after it has stored the first account's posts.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from auditor.classify import Classifier
from auditor.demo.flow import generated_handles
from auditor.errors import StoreBusy
from auditor.pipeline.nightly import NightlyRun
from auditor.store import RetryPolicy, Store
from connectors.simulator import Simulator
from tests.auditor.store.helpers import FAST_RETRY
from tests.processes import cli, start
from tests.reports.many import write_config
from tests.world import enrol, secrets, sim_config, stored

NOW = datetime.now(UTC).replace(second=0, microsecond=0)
PEOPLE = 4
SIMULATOR = {
    "seed": 41,
    "now": NOW,
    "span": timedelta(days=3),
    "posts_per_account": 6,
    "page_size": 3,
    "handles": generated_handles(PEOPLE),
}
HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
for line in sys.stdin:
    if line.strip() == "hold":
        conn.execute("BEGIN IMMEDIATE")
    else:
        conn.execute("ROLLBACK")
    print("done", flush=True)
"""


class OtherWriter:
    """Another process that holds SQLite's write lock (BEGIN IMMEDIATE) until told."""

    def __init__(self, db: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.holding = False

    def _say(self, word: str) -> None:
        self.process.stdin.write(word + "\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == "done"

    def hold(self) -> None:
        self._say("hold")
        self.holding = True

    def release(self, *_pause) -> None:
        if self.holding:
            self._say("release")
            self.holding = False

    def close(self) -> None:
        self.release()
        self.process.stdin.close()
        self.process.wait(timeout=30)


def after_first_account(act: Callable[[], None]):
    """A `progress` wrapper that acts once the run has stored its first account's posts."""

    def progress(items: Iterable) -> Iterator:
        for index, item in enumerate(items):
            if index == 1:  # the run saved item 0 before asking for this one
                act()
            yield item

    return progress


def nightly(store: Store, config, environ) -> NightlyRun:
    return NightlyRun(
        store,
        Classifier(config.organisation),
        config,
        secrets=secrets(environ),
        sleep=lambda s: None,
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> list:
    """What a run on an idle database stores."""
    path = tmp_path_factory.mktemp("reference")
    with Simulator(**SIMULATOR) as sim, Store.open(path / "ref.db", retry=FAST_RETRY) as store:
        environ = enrol(store, sim, people=PEOPLE)
        assert nightly(store, sim_config(path, sim), environ).run().exit_code == 0
        return stored(store)


def test_sqlite_locked_by_another_process_for_a_moment_is_waited_out(tmp_path, reference):
    db = tmp_path / "audit.db"
    Store.open(db).close()
    other = OtherWriter(db)
    pauses: list[float] = []

    def pause(seconds: float) -> None:
        pauses.append(seconds)
        other.release()  # the other process finishes its transaction meanwhile

    retry = RetryPolicy(attempts=3, first_pause=0.01, busy_timeout=0.2, sleep=pause)
    try:
        with Simulator(**SIMULATOR) as sim, Store.open(db, retry=retry) as store:
            environ = enrol(store, sim, people=PEOPLE)
            summary = nightly(store, sim_config(tmp_path, sim), environ).run(
                progress=after_first_account(other.hold)
            )
            assert summary.exit_code == 0, summary.lines()
            assert pauses, "the run never met the lock"
            assert stored(store) == reference
    finally:
        other.close()


def test_sqlite_locked_for_good_is_a_clear_failure_and_the_next_run_catches_up(tmp_path, reference):
    db = tmp_path / "audit.db"
    Store.open(db).close()
    other = OtherWriter(db)
    retry = RetryPolicy(attempts=2, first_pause=0.01, busy_timeout=0.2)
    try:
        with Simulator(**SIMULATOR) as sim, Store.open(db, retry=retry) as store:
            environ = enrol(store, sim, people=PEOPLE)
            config = sim_config(tmp_path, sim)
            with pytest.raises(StoreBusy, match=r"busy or unreachable through 2 tries") as busy:
                nightly(store, config, environ).run(progress=after_first_account(other.hold))
            assert "\n" not in str(busy.value)
            other.release()
            assert 0 < len(stored(store)) < len(reference)  # the first account's posts

            summary = nightly(store, config, environ).run()
            assert summary.exit_code == 0, summary.lines()
            assert stored(store) == reference
            interrupted, finished = sorted(store.runs.recent(2), key=lambda r: r.id)
            assert (interrupted.status, finished.status) == ("failed", "ok")
    finally:
        other.close()


def kill_connections(url: str) -> Callable[[], None]:
    """Terminate every connection to the database but our own: a server restart's effect."""

    def kill() -> None:
        admin = create_engine(url)
        with admin.connect() as conn:
            killed = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
        admin.dispose()
        assert killed >= 2  # the run's own connection and the one holding its lock

    return kill


def test_postgresql_connections_dropped_mid_run_are_replaced(tmp_path, pg_url, reference):
    with Simulator(**SIMULATOR) as sim, Store.open(pg_url, retry=FAST_RETRY) as store:
        environ = enrol(store, sim, people=PEOPLE)
        config = sim_config(tmp_path, sim)
        summary = nightly(store, config, environ).run(
            progress=after_first_account(kill_connections(pg_url))
        )
        assert summary.exit_code == 0, summary.lines()
        assert stored(store) == reference
        # the lock went with its connection; the next run can take it
        assert nightly(store, config, environ).run().exit_code == 0


def test_two_runs_started_at_once_one_works_the_other_exits_2(tmp_path, db_url):
    sqlite = "://" not in db_url
    environ_db = {} if sqlite else {"SOCIAL_AUDIT_TEST_RUN_DB": db_url}
    with Simulator(**SIMULATOR) as sim:
        with Store.open(db_url, retry=FAST_RETRY) as store:
            environ = enrol(store, sim, people=PEOPLE) | environ_db
        urls = "\n".join(f'{p} = "{url}"' for p, url in sim.base_urls().items())
        config = write_config(
            tmp_path / "org.toml",
            store=db_url if sqlite else "SOCIAL_AUDIT_TEST_RUN_DB",
            mail=f"[fetch]\ntimeout = 120\n[fetch.base_urls]\n{urls}\n",
        )
        sim.hold()  # the first run waits for its first answer, holding the run lock
        first = start(["run", "--config", config], environ)
        deadline = time.monotonic() + 60
        while not sim.request_count() and time.monotonic() < deadline:
            time.sleep(0.02)
        second = cli(["run", "--config", config], environ)
        sim.release()
        _, err = first.communicate(timeout=120)
    with Store.open(db_url, retry=FAST_RETRY) as store:
        runs = store.runs.recent(5)

    assert second.code == 2, (second.stdout, second.stderr)
    assert "another social-audit nightly run is still running" in second.stderr
    assert second.stderr.strip().count("\n") == 0
    assert first.returncode == 0, err
    assert [r.status for r in runs] == ["ok"]  # the second never started a run
