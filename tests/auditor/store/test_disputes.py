"""Disputes and the web app's sign-in state in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from auditor.store.schema import disputes, sign_in_links, web_sessions
from tests.auditor.store.helpers import ACTOR, START, post, register, verdict


def _setup(store):
    anna = register(store, "anna@school.nl", "anna")
    ben = register(store, "ben@school.nl", "ben")
    store.posts.save_fetched(anna.id, [post("x:1", "Daan is ziek"), post("x:2", "Mooi weer")], None)
    store.posts.save_fetched(ben.id, [post("x:3", "Sukkels")], None)
    store.posts.store_verdicts(
        [
            verdict("x:1", "pupil_data", "work_overlap"),
            verdict("x:2"),
            verdict("x:3", "incivility"),
        ],
        "v1",
    )
    return anna, ben


def _rows(store, table):
    with store._db.read() as conn:
        return conn.execute(select(table)).all()


def test_only_the_author_disputes_a_flag_that_is_there(store):
    anna, _ben = _setup(store)
    made = store.disputes.add("anna@school.nl", "x:1", "pupil_data", "wrong", "geen kind", ACTOR)
    assert made.rules == ("pupil_data.test",)
    assert made.account_id == anna.id
    assert store.disputes.add("ben@school.nl", "x:1", "pupil_data", "wrong", "", ACTOR) is None
    assert store.disputes.add("anna@school.nl", "x:1", "incivility", "wrong", "", ACTOR) is None
    assert store.disputes.add("anna@school.nl", "x:3", "incivility", "wrong", "", ACTOR) is None
    again = store.disputes.add("anna@school.nl", "x:1", "pupil_data", "removed", "", ACTOR)
    assert again.reason == "removed"
    assert list(store.disputes.of("anna@school.nl")) == [("x:1", "pupil_data")]
    assert store.disputes.of("ben@school.nl") == {}
    entries = store.audit.list(action="finding.dispute")
    assert [e.detail for e in entries][-1] == {
        "flag": "pupil_data",
        "rules": ["pupil_data.test"],
        "reason": "removed",
        "note": False,
    }
    assert all("geen kind" not in str(e.detail) for e in entries)
    assert not store.disputes.withdraw("ben@school.nl", "x:1", "pupil_data", ACTOR)
    assert store.disputes.withdraw("anna@school.nl", "x:1", "pupil_data", ACTOR)
    assert store.disputes.of("anna@school.nl") == {}


def test_a_dispute_survives_reclassification_and_goes_with_its_post(store, clock):
    anna, _ = _setup(store)
    store.disputes.add("anna@school.nl", "x:1", "pupil_data", "wrong", "", ACTOR)
    store.posts.store_verdicts([verdict("x:1", "pupil_data")], "v2")
    assert ("x:1", "pupil_data") in store.disputes.of("anna@school.nl")
    store.posts.save_fetched(anna.id, [], None, deleted=["x:1"])
    assert _rows(store, disputes) == []


def test_opt_out_erases_disputes_sessions_and_links_and_export_shows_them(store):
    _setup(store)
    store.disputes.add("anna@school.nl", "x:1", "pupil_data", "not_me", "gehackt", ACTOR)
    store.disputes.add("ben@school.nl", "x:3", "incivility", "wrong", "", ACTOR)
    store.sign_ins.issue_link("d1", "anna@school.nl", timedelta(minutes=15))
    store.sign_ins.start_session("s1", "anna@school.nl", "nl", timedelta(hours=1))
    store.sign_ins.start_session("s2", "ben@school.nl", "nl", timedelta(hours=1))
    exported = store.privacy.export("anna@school.nl", ACTOR)
    assert [(d["flag"], d["reason"], d["note"]) for d in exported["disputes"]] == [
        ("pupil_data", "not_me", "gehackt")
    ]
    store.privacy.opt_out("anna@school.nl", ACTOR)
    assert [row.post_id for row in _rows(store, disputes)] == ["x:3"]
    assert [row.email for row in _rows(store, web_sessions)] == ["ben@school.nl"]
    assert _rows(store, sign_in_links) == []
    assert store.disputes.of("anna@school.nl") == {}


def test_a_link_signs_in_once_until_it_expires(store, clock):
    store.sign_ins.issue_link("d1", "anna@school.nl", timedelta(minutes=15))
    assert store.sign_ins.link_state("d1") == "unused"
    assert store.sign_ins.use_link("d1") == "anna@school.nl"
    assert store.sign_ins.use_link("d1") is None
    assert store.sign_ins.link_state("d1") == "used"
    store.sign_ins.issue_link("d2", "anna@school.nl", timedelta(minutes=15))
    clock.advance(minutes=16)
    assert store.sign_ins.use_link("d2") is None
    assert store.sign_ins.link_state("d2") == "expired"
    assert store.sign_ins.link_state("nope") == "unknown"


def test_sessions_expire_and_end_everywhere(store, clock):
    store.sign_ins.start_session("s1", "anna@school.nl", "nl", timedelta(hours=12))
    store.sign_ins.start_session("s2", "anna@school.nl", "en", timedelta(hours=12))
    assert store.sign_ins.session("s2").lang == "en"
    store.sign_ins.set_lang("s1", "en")
    assert store.sign_ins.session("s1").lang == "en"
    assert store.sign_ins.end_all("anna@school.nl") == 2
    assert store.sign_ins.session("s1") is None
    store.sign_ins.start_session("s3", "anna@school.nl", "nl", timedelta(hours=12))
    clock.advance(hours=13)
    assert store.sign_ins.session("s3") is None


def test_throttle_counts_only_what_it_lets_through(store, clock):
    window = timedelta(minutes=15)
    limits = [("address", 2), ("client", 3)]
    assert store.sign_ins.throttle(limits, window)
    assert store.sign_ins.throttle(limits, window)
    assert not store.sign_ins.throttle(limits, window)
    assert store.sign_ins.throttle([("other", 2), ("client", 3)], window)
    assert not store.sign_ins.throttle([("third", 2), ("client", 3)], window)
    clock.advance(minutes=16)
    assert store.sign_ins.throttle(limits, window)


def test_counts_per_rule_and_reason_name_nobody(store):
    _setup(store)
    store.disputes.add("anna@school.nl", "x:1", "pupil_data", "wrong_pupil_data", "", ACTOR)
    store.disputes.add("ben@school.nl", "x:3", "incivility", "removed", "", ACTOR)
    counts = store.disputes.counts(START - timedelta(days=1))
    assert sorted((c.rule, c.reason, c.disputes, len(c.people)) for c in counts) == [
        ("incivility.test", "removed", 1, 1),
        ("pupil_data.test", "wrong_pupil_data", 1, 1),
    ]
    assert store.disputes.counts(START + timedelta(days=1)) == []
