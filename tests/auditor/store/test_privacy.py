from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, inspect, text

from auditor.errors import RegistryError
from tests.auditor.store.helpers import ACTOR, START, person, post, register, verdict

VERSION = "rules-1"


def _fill(store):
    """Anna (to be erased) and Ben (to be kept), each with posts and findings."""
    anna = register(store, "anna@school.nl", "anna_marker", token_ref="X_TOKEN_ANNA")
    anna_m = register(store, "anna@school.nl", "anna_marker@m.nl", platform="mastodon")
    ben = register(store, "ben@school.nl", "ben")
    store.posts.upsert(anna.id, post("x:anna-1", "ANNA-POST-MARKER over groep 5"))
    store.posts.upsert(
        anna_m.id, post("mastodon:anna-2", "ANNA-POST-MARKER twee", platform="mastodon")
    )
    store.posts.upsert(ben.id, post("x:ben-1", "Ben zijn post"))
    store.posts.store_verdicts(
        [
            verdict("x:anna-1", "pupil_data"),
            verdict("mastodon:anna-2", "work_overlap"),
            verdict("x:ben-1", "work_overlap"),
        ],
        VERSION,
    )


def _every_row(url_or_path) -> dict[str, list[str]]:
    """Every row of every table in the database, as text: what a DBA would see."""
    url = url_or_path if "://" in url_or_path else f"sqlite:///{url_or_path}"
    engine = create_engine(url)
    with engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        rows = {
            table: [
                json.dumps(list(row), default=str)
                for row in conn.execute(text(f"SELECT * FROM {table}"))
            ]
            for table in tables
        }
    engine.dispose()
    return rows


def test_opt_out_leaves_no_post_finding_or_account_of_that_person(store, db_url):
    _fill(store)

    erased = store.privacy.opt_out("anna@school.nl", ACTOR)

    assert (erased.accounts, erased.posts, erased.verdicts, erased.findings) == (2, 2, 2, 2)
    rows = _every_row(db_url)
    assert {"people", "accounts", "posts", "verdicts", "findings", "audit_log"} <= set(rows)
    for table, lines in rows.items():
        for line in lines:
            for marker in ("ANNA-POST-MARKER", "anna-1", "anna-2", "anna_marker", "X_TOKEN_ANNA"):
                assert marker not in line, (table, line)
    assert any("ben-1" in line for line in rows["findings"])
    assert store.people.get("anna@school.nl").active is False
    assert store.people.get("anna@school.nl").name == ""
    assert store.accounts.targets(email="anna@school.nl") == []
    assert [t.handle for t in store.accounts.targets()] == ["ben"]


def test_opt_out_is_in_the_audit_log_without_content(store):
    _fill(store)
    store.privacy.opt_out("anna@school.nl", "cli:admin")
    (entry,) = store.audit.list(action="person.opt_out")
    assert (entry.actor, entry.subject) == ("cli:admin", "anna@school.nl")
    assert entry.detail == {"accounts": 2, "posts": 2, "verdicts": 2, "findings": 2}


def test_opt_out_of_an_unknown_person_is_an_error(store):
    with pytest.raises(RegistryError, match="not registered"):
        store.privacy.opt_out("nobody@school.nl", ACTOR)


def test_export_holds_everything_about_the_person_and_no_token(store, monkeypatch):
    monkeypatch.setenv("X_TOKEN_ANNA", "tok-SECRET-VALUE")
    _fill(store)

    data = store.privacy.export("anna@school.nl", "cli:admin")

    assert data["person"]["email"] == "anna@school.nl"
    assert data["person"]["consent_version"] == "2026-1"
    assert {a["handle"] for a in data["accounts"]} == {"anna_marker", "anna_marker@m.nl"}
    assert {p["post"]["id"] for p in data["posts"]} == {"x:anna-1", "mastodon:anna-2"}
    flags = {p["post"]["id"]: p["verdict"]["flags"] for p in data["posts"]}
    assert flags == {"x:anna-1": ["pupil_data"], "mastodon:anna-2": ["work_overlap"]}
    actions = [entry["action"] for entry in data["audit_log"]]
    assert actions == ["person.add", "account.add", "account.add", "person.export"]
    dumped = json.dumps(data)
    assert "tok-SECRET-VALUE" not in dumped
    assert "ben" not in dumped


def test_export_is_in_the_audit_log(store):
    store.people.add(person("anna@school.nl"), ACTOR)
    store.privacy.export("anna@school.nl", "cli:admin")
    (entry,) = store.audit.list(action="person.export")
    assert (entry.actor, entry.subject) == ("cli:admin", "anna@school.nl")


def test_retention_purges_old_posts_with_their_findings(store, clock):
    account = register(store, "anna@school.nl", "anna")
    for post_id, age in (("x:old", 100), ("x:edge", 90), ("x:new", 10)):
        store.posts.upsert(account.id, post(post_id, "Tekst", when=START - timedelta(days=age)))
        store.posts.store_verdict(verdict(post_id, "work_overlap"), VERSION)

    clock.advance(hours=1)
    erased = store.privacy.purge_older_than(90, "run:1")

    assert (erased.posts, erased.verdicts, erased.findings) == (2, 2, 2)
    assert store.posts.get("x:new") is not None
    assert store.posts.get("x:old") is None

    clock.advance(days=81)
    assert store.privacy.purge_older_than(90, "run:2").posts == 1
    assert [e.detail["posts"] for e in store.audit.list(action="retention.purge")] == [2, 1]
