"""The nightly run against the platform simulator, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from auditor.classify import Classifier
from auditor.pipeline.nightly import NightlyRun
from auditor.store import Store
from auditor.store.schema import posts, verdicts
from connectors.simulator import Fault, RateLimit, Simulator
from tests.auditor.store.helpers import FAST_RETRY
from tests.world import enrol, secrets, sim_config


def count(store: Store, table) -> int:
    with store._db.read() as conn:  # the test inspects rows directly
        return conn.scalar(select(func.count()).select_from(table))


def nightly(store, config, environ, **kw) -> NightlyRun:
    return NightlyRun(
        store,
        Classifier(config.organisation),
        config,
        secrets=secrets(environ),
        sleep=lambda s: None,
        **kw,
    )


@pytest.fixture
def store(db_url):
    opened = Store.open(db_url, retry=FAST_RETRY)
    yield opened
    opened.close()


def test_first_run_fetches_everything_and_a_second_run_nothing_twice(store, tmp_path):
    with Simulator(seed=3, posts_per_account=12, page_size=5) as sim:
        environ = enrol(store, sim, people=6)
        config = sim_config(tmp_path, sim)
        first = nightly(store, config, environ).run()
        stored = count(store, posts)
        assert first.exit_code == 0, first.lines()
        assert stored == sum(o.inserted for o in first.outcomes) > 0
        assert count(store, verdicts) == stored
        assert first.classified == stored

        first_requests = sim.request_count()
        sim.reset_counts()
        second = nightly(store, config, environ).run()
        assert second.exit_code == 0
        assert count(store, posts) == stored
        assert sum(o.inserted + o.updated for o in second.outcomes) == 0
        assert second.classified == 0
        # the second run reads the re-read window again, not the accounts' histories
        assert sim.request_count() < first_requests

        account = store.accounts.list(platform="x")[0]  # every X post is public
        sim.publish(account.platform, account.handle, count=3)
        third = nightly(store, config, environ).run(person=account.person_email)
        assert sum(o.inserted for o in third.outcomes) == 3
        assert count(store, posts) == stored + 3


def test_faults_are_survived_and_the_next_run_catches_up(store, tmp_path):
    faults = (
        Fault("error", rate=0.1, status=503),
        Fault("malformed", platform="facebook", times=1),
    )
    with Simulator(
        seed=5,
        posts_per_account=10,
        page_size=4,
        faults=faults,
        rate_limit=RateLimit(requests=40, window=3600),
    ) as sim:
        environ = enrol(store, sim, people=8)
        revoked_account = store.accounts.list(platform="mastodon")[0]
        revoked = frozenset({environ[revoked_account.token_ref]})
        sim.config = replace(sim.config, revoked_tokens={"mastodon": revoked})
        config = sim_config(tmp_path, sim, retries=0)
        first = nightly(store, config, environ).run()
        reasons = {(o.platform, o.handle): (o.status, o.reason) for o in first.failed}
        assert first.exit_code == 3
        assert reasons[("mastodon", revoked_account.handle)][0] == "needs_reauth"
        assert all(reason for _, reason in reasons.values())
        assert store.accounts.get(revoked_account.id).status == "needs_reauth"
        stored_after_first = count(store, posts)

    with Simulator(seed=5, posts_per_account=10, page_size=4) as healthy:
        config = sim_config(tmp_path, healthy)
        second = nightly(store, config, environ).run()
        assert second.exit_code == 0, second.lines()
        total = count(store, posts)
        assert total >= stored_after_first
        with store._db.read() as conn:
            dupes = conn.execute(
                text("SELECT id, COUNT(*) FROM posts GROUP BY id HAVING COUNT(*) > 1")
            ).all()
        assert dupes == []


def test_summary_is_stored_without_tokens(store, tmp_path):
    with Simulator(seed=7, posts_per_account=5) as sim:
        environ = enrol(store, sim, people=2)
        summary = nightly(store, sim_config(tmp_path, sim), environ).run()
    run = store.runs.recent(1)[0]
    assert run.status == "ok"
    assert run.summary["accounts"] == 4
    assert run.summary["posts_new"] == summary.to_dict()["posts_new"]
    dump = str(store.privacy.export("person0@school.example", "test")) + str(run.summary)
    assert not any(token in dump for token in environ.values())


def test_only_opted_in_people_are_fetched(store, tmp_path):
    with Simulator(seed=9, posts_per_account=5) as sim:
        environ = enrol(store, sim, people=3)
        store.privacy.opt_out("person1@school.example", "test")
        summary = nightly(store, sim_config(tmp_path, sim), environ).run()
        assert {o.handle for o in summary.outcomes} == {a.handle for a in store.accounts.list()}
        assert not any(o.handle.startswith("user1") for o in summary.outcomes)


def test_retention_purges_old_posts(db_url, tmp_path):
    def later():
        return datetime.now(UTC) + timedelta(days=200)

    with Simulator(seed=11, posts_per_account=8, span=timedelta(days=5)) as sim:
        with Store.open(db_url, retry=FAST_RETRY) as store:
            environ = enrol(store, sim, people=2)
            nightly(store, sim_config(tmp_path, sim), environ).run()
            before = count(store, posts)
        assert before > 0
        with Store.open(db_url, retry=FAST_RETRY, clock=later) as store:
            summary = nightly(store, sim_config(tmp_path, sim), environ, clock=later).run()
            assert summary.purged_posts == before
            assert count(store, posts) == 0


def test_a_second_run_at_the_same_time_is_refused(store, tmp_path):
    from auditor.errors import StoreBusy
    from auditor.pipeline.nightly import RUN_LOCK

    with Simulator(seed=2, posts_per_account=3) as sim:
        environ = enrol(store, sim, people=1)
        with store.exclusive(RUN_LOCK), pytest.raises(StoreBusy, match="still running"):
            nightly(store, sim_config(tmp_path, sim), environ).run()


def test_missing_token_is_reported_per_account(store, tmp_path):
    with Simulator(seed=4, posts_per_account=3) as sim:
        environ = enrol(store, sim, people=2)
        environ.pop("TOKEN_0_0")
        summary = nightly(store, sim_config(tmp_path, sim), environ).run()
    failed = {o.handle: o.reason for o in summary.failed}
    assert len(failed) == 1
    assert "TOKEN_0_0 is not set" in next(iter(failed.values()))
    assert summary.exit_code == 3
