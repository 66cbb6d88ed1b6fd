"""Only public posts are stored: the platform's own visibility decides, before storage.

The simulator gives Mastodon statuses a visibility (public, unlisted, private,
direct) and Facebook posts a privacy setting (EVERYONE, friends of friends, friends,
only me), as the platforms do. Counted from the simulator's side, none of the
non-public ones may reach the posts table, and every public one must (or the check
proves nothing). X and Bluesky have no such setting: everything there is public.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from auditor.store import Store
from auditor.store.schema import posts
from connectors.simulator import Simulator
from connectors.simulator.content import stable_int
from connectors.simulator.mastodon import status_id
from tests.auditor.pipeline.test_nightly import nightly
from tests.auditor.store.helpers import FAST_RETRY
from tests.world import enrol, sim_config


def platform_id(platform: str, account, post) -> str:
    """The id the connector gives a simulator post (see each dialect's renderer)."""
    if platform == "mastodon":
        return f"mastodon:{status_id(post)}"
    return f"facebook:{account.user_id}_{stable_int(post.key, bits=50)}"


def test_posts_the_platform_marks_as_not_public_never_reach_the_store(tmp_path):
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    with (
        Simulator(seed=19, now=now, posts_per_account=25, span=timedelta(days=5)) as sim,
        Store.open(tmp_path / "audit.db", retry=FAST_RETRY) as store,
    ):
        environ = enrol(store, sim, people=8)
        summary = nightly(store, sim_config(tmp_path, sim), environ).run()
        assert summary.exit_code == 0, summary.lines()
        with store._db.read() as conn:  # the test inspects rows directly
            stored = set(conn.scalars(select(posts.c.id)))
        public, hidden = set(), set()
        for account in store.accounts.list():
            if account.platform not in ("mastodon", "facebook"):
                continue
            sim_account = sim.account(account.platform, account.handle)
            for post in sim_account.posts:
                if post.kind == "repost":
                    continue  # someone else's words: skipped whatever their visibility
                key = platform_id(account.platform, sim_account, post)
                (public if post.visibility == "public" else hidden).add(key)

    assert len(hidden) >= 10, "the simulator made too few non-public posts to prove anything"
    assert not hidden & stored, f"{len(hidden & stored)} non-public posts were stored"
    assert public <= stored
    platforms = {i.split(":")[0] for i in hidden}
    assert platforms == {"mastodon", "facebook"}
