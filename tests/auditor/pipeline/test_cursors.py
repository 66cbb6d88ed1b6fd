"""Cursors that never lose a post, on every platform of the simulator (issue 11).

Each platform orders a post by its own rule (X and Bluesky by when it arrived, Mastodon
and Facebook by the date it claims, the worst case), and the simulator serves posts
dated days ahead and back, edits and deletions: the same nightly runs must store every
published post once, follow the edit and drop the deleted post with its findings.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from auditor.classify import Classifier
from auditor.pipeline.nightly import NightlyRun
from auditor.store import Store
from auditor.store.schema import findings, posts
from connectors.simulator import Simulator
from tests.auditor.store.helpers import FAST_RETRY
from tests.world import PLATFORMS, enrol, secrets, sim_config

PUPIL = "Trots op Daan uit groep 5, hij las vandaag zijn eerste boek helemaal uit!"


def rows(store: Store, platform: str) -> dict[str, str]:
    with store._db.read() as conn:  # the test inspects rows directly
        query = select(posts.c.id, posts.c.text).where(posts.c.platform == platform)
        return {row.id: row.text for row in conn.execute(query)}


def flagged(store: Store) -> set[str]:
    with store._db.read() as conn:
        return set(conn.scalars(select(findings.c.post_id)))


@pytest.mark.parametrize("platform", PLATFORMS)
def test_dated_posts_edits_and_deletions_over_nightly_runs(platform, tmp_path):
    with (
        Simulator(seed=9, posts_per_account=6, page_size=4) as sim,
        Store.open(tmp_path / "audit.db", retry=FAST_RETRY) as store,
    ):
        environ = enrol(store, sim, people=4)
        config = sim_config(tmp_path, sim)

        def run():
            summary = NightlyRun(
                store,
                Classifier(config.organisation),
                config,
                secrets=secrets(environ),
                sleep=lambda s: None,
            ).run(platform=platform)
            assert summary.exit_code == 0, summary.lines()
            return summary

        run()
        before = rows(store, platform)
        account = store.accounts.list(platform=platform)[0]
        handle = account.handle
        (normal,) = sim.publish(platform, handle, texts=["Gewoon een bericht van vandaag."])
        (ahead,) = sim.publish(platform, handle, texts=["Over twee dagen!"], dated=timedelta(2))
        (back,) = sim.publish(platform, handle, texts=[PUPIL], dated=-timedelta(days=2))

        second = run()
        after = rows(store, platform)
        assert sum(o.inserted for o in second.outcomes) == 3  # each published post once
        assert set(before) < set(after) and len(after) == len(before) + 3
        new = {post_id: text for post_id, text in after.items() if post_id not in before}
        assert sorted(new.values()) == sorted([normal.text, ahead.text, back.text])
        (pupil_post,) = [post_id for post_id, text in new.items() if text == PUPIL]
        assert pupil_post in flagged(store)

        third = run()  # the post dated ahead does not blind the run, nor come twice
        assert sum(o.inserted + o.updated + o.deleted for o in third.outcomes) == 0
        (later,) = sim.publish(platform, handle, texts=["Nog een bericht."])
        fourth = run()
        assert sum(o.inserted for o in fourth.outcomes) == 1
        assert later.text in rows(store, platform).values()

        sim.edit(platform, handle, normal.key, "Gewoon een bericht, aangepast.")
        sim.delete(platform, handle, back.key)
        fifth = run()
        assert sum(o.updated for o in fifth.outcomes) == 1
        assert sum(o.deleted for o in fifth.outcomes) == 1
        now = rows(store, platform)
        assert "Gewoon een bericht, aangepast." in now.values()
        assert normal.text not in now.values()
        assert pupil_post not in now and pupil_post not in flagged(store)
        assert len(now) == len(before) + 3


def test_a_renamed_account_is_followed_by_its_id(tmp_path):
    with (
        Simulator(seed=9, posts_per_account=4, page_size=4) as sim,
        Store.open(tmp_path / "audit.db", retry=FAST_RETRY) as store,
    ):
        environ = enrol(store, sim, people=4)
        config = sim_config(tmp_path, sim)
        reader = NightlyRun(
            store, Classifier(config.organisation), config, secrets=secrets(environ)
        )
        assert reader.run(platform="bluesky").exit_code == 0
        account = store.accounts.list(platform="bluesky")[0]
        sim.rename("bluesky", account.handle, "nieuwe-naam.bsky.social")
        (fresh,) = sim.publish("bluesky", "nieuwe-naam.bsky.social", texts=["Nieuwe naam!"])
        summary = reader.run(platform="bluesky")
        assert summary.exit_code == 0, summary.lines()
        renamed = next(a for a in store.accounts.list(platform="bluesky") if a.id == account.id)
        assert renamed.handle == "nieuwe-naam.bsky.social"
        assert fresh.text in rows(store, "bluesky").values()
        (entry,) = store.audit.list(action="account.rename")
        assert entry.detail["to"] == "nieuwe-naam.bsky.social"


def test_the_cursor_is_the_time_of_the_run_not_of_a_post(tmp_path):
    with (
        Simulator(seed=9, posts_per_account=4, page_size=4) as sim,
        Store.open(tmp_path / "audit.db", retry=FAST_RETRY) as store,
    ):
        environ = enrol(store, sim, people=4)
        config = sim_config(tmp_path, sim)
        moment = datetime.now(UTC).replace(microsecond=0)
        account = store.accounts.list(platform="facebook")[0]
        sim.publish("facebook", account.handle, texts=["Toekomst"], dated=timedelta(days=30))
        NightlyRun(
            store,
            Classifier(config.organisation),
            config,
            secrets=secrets(environ),
            clock=lambda: moment,
        ).run(platform="facebook")
        assert store.accounts.cursor(account.id) == moment.isoformat()
