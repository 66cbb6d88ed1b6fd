from __future__ import annotations

from datetime import date

import pytest

from auditor.errors import RegistryError
from auditor.registry import AccountSpec
from tests.auditor.store.helpers import ACTOR, person, post, register


def test_person_added_and_found_by_email(store):
    store.people.add(person("anna@school.nl", lang="en"), ACTOR)
    found = store.people.get("anna@school.nl")
    assert found.name == "Anna"
    assert found.lang == "en"
    assert found.opted_in_at == date(2026, 9, 1)
    assert found.id is not None


def test_person_added_twice_is_refused(store):
    store.people.add(person("anna@school.nl"), ACTOR)
    with pytest.raises(RegistryError, match="already registered"):
        store.people.add(person("anna@school.nl"), ACTOR)


def test_person_updated(store):
    store.people.add(person("anna@school.nl"), ACTOR)
    store.people.update(person("anna@school.nl", school="CBS De Zonnebloem", lang="en"), ACTOR)
    found = store.people.get("anna@school.nl")
    assert (found.school, found.lang) == ("CBS De Zonnebloem", "en")
    with pytest.raises(RegistryError, match="not an opted-in person"):
        store.people.update(person("nobody@school.nl"), ACTOR)


def test_import_adds_updates_and_deactivates(store):
    store.people.add(person("anna@school.nl"), ACTOR)
    store.people.add(person("ben@school.nl"), ACTOR)
    store.people.add(person("carla@school.nl"), ACTOR)
    roster = [
        person("anna@school.nl"),
        person("ben@school.nl", role="directeur"),
        person("dirk@school.nl"),
    ]

    plan = store.people.sync(roster, ACTOR, apply=True)

    assert [p.email for p in plan.added] == ["dirk@school.nl"]
    assert [p.email for p in plan.updated] == ["ben@school.nl"]
    assert [p.email for p in plan.deactivated] == ["carla@school.nl"]
    assert plan.unchanged == 1
    active = [p.email for p in store.people.list()]
    assert active == ["anna@school.nl", "ben@school.nl", "dirk@school.nl"]
    assert store.people.get("ben@school.nl").role == "directeur"
    assert len(store.people.list(include_inactive=True)) == 4


def test_dry_run_import_changes_nothing(store):
    store.people.add(person("anna@school.nl"), ACTOR)
    plan = store.people.sync([person("ben@school.nl")], ACTOR, apply=False)
    assert plan.changes == 2
    assert [p.email for p in store.people.list()] == ["anna@school.nl"]
    assert store.audit.list(action="people.import") == []


def test_import_cannot_undo_an_opt_out_with_an_older_opt_in(store, clock):
    store.people.add(person("anna@school.nl"), ACTOR)
    store.privacy.opt_out("anna@school.nl", ACTOR)

    plan = store.people.sync([person("anna@school.nl")], ACTOR, apply=True)
    assert [p.email for p, _ in plan.skipped] == ["anna@school.nl"]
    assert store.people.list() == []

    renewed = person("anna@school.nl", opted_in_at=clock().date().replace(day=30))
    store.people.sync([renewed], ACTOR, apply=True)
    assert [p.email for p in store.people.list()] == ["anna@school.nl"]


def test_account_needs_an_opted_in_person(store):
    with pytest.raises(RegistryError, match="not an opted-in person"):
        store.accounts.add("nobody@school.nl", AccountSpec("x", "nobody"), ACTOR)


def test_account_handle_belongs_to_one_person(store):
    register(store, "anna@school.nl", "anna")
    store.people.add(person("ben@school.nl"), ACTOR)
    with pytest.raises(RegistryError, match="already registered for anna"):
        store.accounts.add("ben@school.nl", AccountSpec("x", "anna"), ACTOR)


def test_accounts_listed_per_person_and_platform(store):
    register(store, "anna@school.nl", "anna")
    register(store, "anna@school.nl", "anna@mastodon.nl", platform="mastodon")
    register(store, "ben@school.nl", "ben")
    assert [a.handle for a in store.accounts.list(email="anna@school.nl")] == [
        "anna@mastodon.nl",
        "anna",
    ]
    assert [a.person_email for a in store.accounts.list(platform="x")] == [
        "anna@school.nl",
        "ben@school.nl",
    ]


def test_account_status_with_reason(store):
    account = register(store, "anna@school.nl", "anna")
    store.accounts.set_status(account.id, "needs_reauth", "token expired")
    row = store.accounts.get(account.id)
    assert (row.status, row.status_reason) == ("needs_reauth", "token expired")
    store.accounts.set_status(account.id, "ok")
    assert store.accounts.get(account.id).status_reason is None
    with pytest.raises(ValueError, match="needs a reason"):
        store.accounts.set_status(account.id, "failed")


def test_targets_are_only_accounts_of_opted_in_people(store):
    register(store, "anna@school.nl", "anna", token_ref="X_TOKEN_ANNA", bio="Juf")
    register(store, "ben@school.nl", "ben")
    register(store, "ben@school.nl", "ben.bsky.social", platform="bluesky")
    register(store, "carla@school.nl", "carla")
    store.people.sync(
        [person("anna@school.nl"), person("ben@school.nl", role="directeur")], ACTOR, apply=True
    )

    targets = store.accounts.targets()

    assert {t.handle for t in targets} == {"anna", "ben", "ben.bsky.social"}
    assert [t.handle for t in store.accounts.targets(platform="bluesky")] == ["ben.bsky.social"]
    (anna,) = store.accounts.targets(email="anna@school.nl")
    assert anna.token_ref == "X_TOKEN_ANNA"
    target = anna.target(token="secret-value")
    assert (target.platform, target.handle, target.bio, target.role) == (
        "x",
        "anna",
        "Juf",
        "leerkracht",
    )
    assert "secret-value" not in repr(target)
    assert {t.role for t in targets if t.person_email == "ben@school.nl"} == {"directeur"}


def test_removing_an_account_deletes_its_posts(store):
    account = register(store, "anna@school.nl", "anna")
    store.posts.upsert(account.id, post("x:1", "Tekst"))
    erased = store.accounts.remove("anna@school.nl", "x", "anna", ACTOR)
    assert (erased.accounts, erased.posts) == (1, 1)
    assert store.accounts.list() == []
    assert store.posts.get("x:1") is None
