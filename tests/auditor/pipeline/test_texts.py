"""Posts of any content, from every platform, are stored and classified on both databases.

Platforms send what their users type, and JSON can carry what neither database can
hold: a NUL character (PostgreSQL refuses it in text) and a lone surrogate, half an
emoji left by a client that cut a text by UTF-16 units (neither SQLite nor
PostgreSQL can encode it). One such post must not stop the run, nor come back every
night to stop it again.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from auditor.store import Store
from auditor.store.schema import posts, verdicts
from connectors.simulator import Simulator
from tests.auditor.pipeline.test_nightly import nightly
from tests.auditor.store.helpers import FAST_RETRY
from tests.world import PLATFORMS, enrol, sim_config

HOSTILE = {
    "nul": "Daan uit groep 5\x00 was vandaag jarig",
    "lone surrogate": "Half an emoji \ud83d at the end \udc00",
    "right-to-left": "\u202eDaan uit groep 5\u202c שלום עולם مرحبا بالعالم",
    "control characters": "".join(map(chr, range(1, 32))) + "\x7f\x85\x9f groep 5",
    "only emoji": "👩\u200d👩\u200d👧\u200d👦🏳️\u200d🌈🇳🇱" * 500,
    "100,000 characters": ("Wat een dag met groep 5 op het plein. " * 3000)[:100_000],
}
STORABLE = {"nul": "Daan uit groep 5\ufffd was vandaag jarig"}


@pytest.fixture
def store(db_url):
    opened = Store.open(db_url, retry=FAST_RETRY)
    yield opened
    opened.close()


def test_posts_with_any_text_are_stored_and_classified(store, tmp_path):
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    with Simulator(seed=8, now=now, posts_per_account=3, span=timedelta(days=2)) as sim:
        environ = enrol(store, sim, people=len(PLATFORMS), accounts_per_person=1)
        for account in store.accounts.list():
            texts = [
                text
                for name, text in HOSTILE.items()
                # Bluesky records are DAG-CBOR, which holds valid UTF-8 only
                if not (account.platform == "bluesky" and name == "lone surrogate")
            ]
            sim.publish(account.platform, account.handle, texts=texts)
        summary = nightly(store, sim_config(tmp_path, sim), environ).run()

    assert summary.exit_code == 0, summary.lines()
    assert {o.platform for o in summary.outcomes} == set(PLATFORMS)
    with store._db.read() as conn:  # the test inspects rows directly
        rows = conn.execute(select(posts.c.platform, posts.c.text)).all()
        classified = conn.scalar(select(verdicts.c.post_id).limit(1))
    stored = {(platform, text) for platform, text in rows}
    assert classified is not None
    for platform in PLATFORMS:
        texts = [text for p, text in stored if p == platform]
        # every hostile post arrived: each leaves a trace only it can leave
        assert any("\ufffd" in t and "jarig" in t for t in texts), platform
        assert platform == "bluesky" or any("Half an emoji \ufffd" in t for t in texts)
        assert any(len(t) >= 99_000 for t in texts), platform
        assert any("שלום" in t for t in texts), platform
        assert sum("👩" in t for t in texts) == 1, platform
    for _, text in stored:
        assert "\x00" not in text
        text.encode("utf-8")  # no lone surrogate left
    # plain-text platforms keep the text exactly, one replacement character for each
    # character no database can hold, so evidence offsets still point at the right words
    assert ("x", STORABLE["nul"]) in stored
    assert ("bluesky", STORABLE["nul"]) in stored
    assert sum(o.inserted for o in summary.outcomes) == len(rows)
    assert summary.classified == len(rows)
