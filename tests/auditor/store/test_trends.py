from __future__ import annotations

from datetime import date, timedelta

from auditor.store.schema import trend_counts
from tests.auditor.store.helpers import ACTOR, START, post, register, verdict

MONDAY = date(2026, 11, 23)


def _totals(store) -> dict[tuple[str, str], int]:
    return {(c.flag, c.school): c.findings for c in store.trends.weekly()}


def test_stored_findings_are_counted_per_week_and_group(store):
    account = register(store, "anna@school.nl", "anna")
    store.posts.upsert(account.id, post("x:1", "Tekst"))
    store.posts.store_verdict(verdict("x:1", "work_overlap", "pupil_data"), "rules-1")

    counts = store.trends.weekly()

    assert {(c.week, c.platform, c.role, c.flag, c.findings) for c in counts} == {
        (MONDAY, "x", "leerkracht", "work_overlap", 1),
        (MONDAY, "x", "leerkracht", "pupil_data", 1),
    }


def test_reclassified_and_edited_posts_are_not_counted_twice(store):
    account = register(store, "anna@school.nl", "anna")
    store.posts.upsert(account.id, post("x:1", "Tekst"))
    store.posts.store_verdict(verdict("x:1", "work_overlap"), "rules-1")
    store.posts.store_verdict(verdict("x:1", "work_overlap"), "rules-2")
    assert _totals(store) == {("work_overlap", "OBS Het Anker"): 1}

    store.posts.upsert(account.id, post("x:1", "Bewerkte tekst"))
    assert _totals(store) == {}


def test_counts_outlive_retention_but_not_an_opt_out(store, clock):
    anna = register(store, "anna@school.nl", "anna")
    ben = register(store, "ben@school.nl", "ben")
    store.posts.upsert(anna.id, post("x:a", "Tekst", when=START - timedelta(days=100)))
    store.posts.upsert(ben.id, post("x:b", "Tekst"))
    store.posts.store_verdicts([verdict("x:a", "incivility"), verdict("x:b", "incivility")], "r")

    store.privacy.purge_older_than(90, ACTOR)
    assert sum(c.findings for c in store.trends.weekly()) == 2

    store.privacy.opt_out("ben@school.nl", ACTOR)
    assert [c.week for c in store.trends.weekly()] == [MONDAY - timedelta(days=105)]


def test_counts_hold_no_person_post_or_handle():
    assert set(trend_counts.columns.keys()) == {
        "week",
        "platform",
        "school",
        "role",
        "flag",
        "rule",
        "findings",
    }
