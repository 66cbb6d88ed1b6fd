"""Every connector under every fault the simulator injects, through the nightly run.

For each platform and fault: a run against a simulator that injects the fault into
one account's requests (rate limits hit every account of the platform) completes,
gives each failed account its reason and leaves the other account alone; a second
run against a healthy simulator then holds exactly the posts of a clean reference
run: none lost, none twice. Small accounts, no latency, the run's sleep recorded
instead of slept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from auditor.classify import Classifier
from auditor.demo.flow import generated_handles
from auditor.pipeline.nightly import NightlyRun, RunSummary
from auditor.store import Store
from connectors.simulator import Fault, RateLimit, Simulator
from tests.auditor.store.helpers import FAST_RETRY
from tests.world import PLATFORMS, enrol, secrets, sim_config, stored

pytestmark = pytest.mark.slow

NOW = datetime.now(UTC).replace(second=0, microsecond=0)
PEOPLE = 8  # two accounts per platform: the first gets the fault, the second must not care
SIMULATOR = {
    "seed": 31,
    "now": NOW,
    "span": timedelta(days=3),  # all within the first run's look-back
    "posts_per_account": 6,
    "page_size": 2,
    "handles": generated_handles(PEOPLE, 1),  # the same ids in every simulator
}
FETCH = {"retries": 1, "max_wait": 2.0, "timeout": 0.3, "max_pages": 8}
TEMPORARY = r"temporary failure after 2 tries"
RATE_LIMITED = r"rate limited( until [-0-9: ]+ UTC)?: left for the next run"


@dataclass(frozen=True)
class Case:
    """A fault: how to make the simulator inject it, and what the run must report."""

    name: str
    simulator: Callable[[str, str, str], dict]  # (platform, handle, token) -> overrides
    status: str  # of the faulted account after the faulty run
    reason: str = ""  # a regular expression the reason must match
    everyone: bool = False  # the fault hits every account of the platform


def fault(kind: str, **kw) -> Callable[[str, str, str], dict]:
    return lambda platform, handle, token: {"faults": (Fault(kind, handle=handle, **kw),)}


CASES = [
    Case(
        "429 with reset",
        lambda p, h, t: {"rate_limit": RateLimit(requests=2, window=3600)},
        "failed",
        RATE_LIMITED,
        everyone=True,
    ),
    Case("429 without reset", fault("throttle"), "failed", RATE_LIMITED),
    Case("429 once, waited out", fault("throttle", times=1), "ok"),
    Case("503", fault("error", status=503), "failed", TEMPORARY),
    Case("502 once, retried", fault("error", status=502, times=1), "ok"),
    Case("timeout", fault("slow", seconds=1.0), "failed", TEMPORARY),
    Case("connection reset", fault("reset"), "failed", TEMPORARY),
    Case("malformed body", fault("malformed"), "failed", TEMPORARY),
    Case("truncated body", fault("truncated"), "failed", TEMPORARY),
    Case("repeated page", fault("repeat_page", times=2), "ok"),
    Case("endless pages", fault("endless"), "incomplete", r"stopped after 8 pages"),
    Case(
        "expired token",
        lambda p, h, t: {"expired_tokens": {p: frozenset({t})}},
        "needs_reauth",
        r"token expired: re-authorise",
    ),
    Case(
        "revoked token",
        lambda p, h, t: {"revoked_tokens": {p: frozenset({t})}},
        "needs_reauth",
        r"token revoked: re-authorise",
    ),
]


def nightly(store, config, environ, sleeps: list[float]) -> NightlyRun:
    return NightlyRun(
        store,
        Classifier(config.organisation),
        config,
        secrets=secrets(environ),
        sleep=sleeps.append,
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, list]:
    """What a clean run stores, per platform."""
    path = tmp_path_factory.mktemp("reference")
    with Simulator(**SIMULATOR) as sim, Store.open(path / "ref.db", retry=FAST_RETRY) as store:
        environ = enrol(store, sim, people=PEOPLE, accounts_per_person=1)
        summary = nightly(store, sim_config(path, sim, **FETCH), environ, []).run()
        assert summary.exit_code == 0, summary.lines()
        return {platform: stored(store, platform) for platform in PLATFORMS}


def outcome_of(summary: RunSummary, handle: str):
    (outcome,) = [o for o in summary.outcomes if o.handle == handle]
    return outcome


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_fault_is_reported_per_account_and_the_next_run_catches_up(
    tmp_path, reference, platform, case
):
    store = Store.open(tmp_path / "audit.db", retry=FAST_RETRY)
    try:
        with Simulator(**SIMULATOR) as healthy:
            environ = enrol(store, healthy, people=PEOPLE, accounts_per_person=1)
        own = store.accounts.list(platform=platform)
        faulted, other = own[0], own[1]
        token = environ[faulted.token_ref]
        sleeps: list[float] = []
        overrides = case.simulator(platform, faulted.handle, token)
        with Simulator(**SIMULATOR, **overrides) as sim:
            config = sim_config(tmp_path, sim, **FETCH)
            first = nightly(store, config, environ, sleeps).run(platform=platform)

        hit = outcome_of(first, faulted.handle)
        assert hit.status == case.status, first.lines()
        assert re.search(case.reason, hit.reason), hit.reason
        spared = outcome_of(first, other.handle)
        assert spared.status == (case.status if case.everyone else "ok"), first.lines()
        assert first.exit_code == (0 if case.status == "ok" else 3)
        assert all(0 < s <= FETCH["max_wait"] for s in sleeps), sleeps
        if case.status in ("failed", "needs_reauth"):
            assert store.accounts.get(faulted.id).status == case.status
            assert store.accounts.get(faulted.id).status_reason == hit.reason
        if case.status == "ok":
            assert stored(store, platform) == reference[platform]

        with Simulator(**SIMULATOR) as sim:
            config = sim_config(tmp_path, sim, **FETCH)
            second = nightly(store, config, environ, []).run(platform=platform)
        assert second.exit_code == 0, second.lines()
        assert store.accounts.get(faulted.id).status == "ok"
        assert stored(store, platform) == reference[platform]
    finally:
        store.close()


@pytest.mark.parametrize("platform", PLATFORMS)
def test_more_pages_than_max_pages_is_reported_not_silently_cut(tmp_path, platform):
    """The pages not read are lost for good: the run must say so, not report ok."""
    with (
        Simulator(**{**SIMULATOR, "posts_per_account": 16}) as sim,
        Store.open(tmp_path / "audit.db", retry=FAST_RETRY) as store,
    ):
        environ = enrol(store, sim, people=PEOPLE, accounts_per_person=1)
        config = sim_config(tmp_path, sim, **{**FETCH, "max_pages": 2})
        summary = nightly(store, config, environ, []).run(platform=platform)
    assert summary.exit_code == 3
    for outcome in summary.outcomes:
        assert outcome.status == "incomplete", summary.lines()
        assert "stopped after 2 pages" in outcome.reason
        assert "max_pages" in outcome.reason
        assert outcome.inserted > 0  # what was read is kept
    assert summary.to_dict()["accounts_failed"][0]["status"] == "incomplete"
