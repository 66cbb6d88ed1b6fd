from __future__ import annotations

from datetime import timedelta

import pytest

from auditor.errors import StoreError
from auditor.store import Upsert
from tests.auditor.store.helpers import START, post, register, verdict

VERSION = "rules-1"


def test_same_post_twice_is_one_row(store):
    account = register(store, "anna@school.nl", "anna")
    assert store.posts.upsert(account.id, post("x:1", "Hallo")) is Upsert.INSERTED
    assert store.posts.upsert(account.id, post("x:1", "Hallo")) is Upsert.UNCHANGED
    assert [p.post.id for p in store.posts.needing_classification(VERSION)] == ["x:1"]


def test_stored_post_comes_back_as_the_classifier_input(store):
    account = register(store, "anna@school.nl", "anna", bio="Juf groep 5")
    original = post("x:1", "Met foto", media=("Kinderen op het plein",))
    store.posts.upsert(account.id, original)
    stored = store.posts.get("x:1")
    assert stored.post.text == original.text
    assert stored.post.media == original.media
    assert stored.post.created_at == original.created_at
    assert stored.post.account.bio == "Juf groep 5"
    assert stored.post.account.role == "leerkracht"
    assert stored.person_email == "anna@school.nl"
    assert stored.verdict is None


def test_edited_post_is_updated_and_classified_again(store):
    account = register(store, "anna@school.nl", "anna")
    store.posts.upsert(account.id, post("x:1", "Eerste versie"))
    store.posts.store_verdict(verdict("x:1", "work_overlap"), VERSION)
    assert store.posts.needing_classification(VERSION) == []

    assert store.posts.upsert(account.id, post("x:1", "Tweede versie")) is Upsert.UPDATED

    stale = store.posts.needing_classification(VERSION)
    assert [p.post.text for p in stale] == ["Tweede versie"]
    assert stale[0].verdict is None


def test_changed_alt_text_counts_as_an_edit(store):
    account = register(store, "anna@school.nl", "anna")
    store.posts.upsert(account.id, post("x:1", "Foto", media=("Een boom",)))
    assert store.posts.upsert(account.id, post("x:1", "Foto", media=("Daan",))) is Upsert.UPDATED


def test_new_verdict_replaces_the_old_one_with_its_findings(store):
    account = register(store, "anna@school.nl", "anna")
    store.posts.upsert(account.id, post("x:1", "Tekst van een post"))
    store.posts.store_verdict(verdict("x:1", "work_overlap", "pupil_data"), "rules-1")
    store.posts.store_verdict(verdict("x:1", "incivility"), "rules-2")

    stored = store.posts.get("x:1")
    assert stored.classifier_version == "rules-2"
    assert stored.verdict == verdict("x:1", "incivility")


def test_verdict_of_another_classifier_version_needs_classification(store):
    account = register(store, "anna@school.nl", "anna")
    store.posts.upsert(account.id, post("x:1", "Oud"))
    store.posts.upsert(account.id, post("x:2", "Nieuw"))
    store.posts.store_verdicts([verdict("x:1"), verdict("x:2")], "rules-1")
    assert store.posts.needing_classification("rules-1") == []
    assert len(store.posts.needing_classification("rules-2")) == 2
    assert len(store.posts.needing_classification("rules-2", limit=1)) == 1


def test_verdict_for_an_unknown_post_is_refused(store):
    with pytest.raises(StoreError, match="not stored"):
        store.posts.store_verdict(verdict("x:404"), VERSION)


def test_saving_a_batch_moves_the_cursor_with_the_posts(store, clock):
    account = register(store, "anna@school.nl", "anna")
    store.accounts.set_status(account.id, "needs_reauth", "token revoked")
    result = store.posts.save_fetched(account.id, [post("x:1", "a"), post("x:2", "b")], "2")
    assert (result.inserted, result.updated, result.unchanged) == (2, 0, 0)

    again = store.posts.save_fetched(account.id, [post("x:2", "b"), post("x:3", "c")], None)
    assert (again.inserted, again.unchanged) == (1, 1)
    row = store.accounts.get(account.id)
    assert row.cursor == "2"
    assert row.status == "ok"
    assert row.last_fetched_at == clock()


def test_cursor_get_and_set(store):
    account = register(store, "anna@school.nl", "anna")
    assert store.accounts.cursor(account.id) is None
    store.accounts.set_cursor(account.id, "1234")
    assert store.accounts.cursor(account.id) == "1234"
    assert store.accounts.targets()[0].cursor == "1234"


def test_a_persons_flagged_posts_in_a_window(store):
    anna = register(store, "anna@school.nl", "anna")
    ben = register(store, "ben@school.nl", "ben")
    for post_id, account, days in (("x:1", anna, 0), ("x:2", anna, 8), ("x:3", ben, 0)):
        store.posts.upsert(account.id, post(post_id, "Tekst", when=START - timedelta(days=days)))
        store.posts.store_verdict(verdict(post_id, "work_overlap"), VERSION)
    store.posts.upsert(anna.id, post("x:4", "Niets aan de hand"))
    store.posts.store_verdict(verdict("x:4"), VERSION)

    week = store.posts.flagged_for(
        "anna@school.nl", START - timedelta(days=7), START + timedelta(1)
    )

    assert [item.post.id for item in week] == ["x:1"]
    assert week[0].verdict.flags == ("work_overlap",)
