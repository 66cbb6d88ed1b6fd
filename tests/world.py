"""A store of opted-in people whose accounts live on the platform simulator."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from auditor.config import Config, FetchConfig, load_config
from auditor.demo.flow import enrol_generated
from auditor.secrets import Secrets
from auditor.store import Store
from auditor.store.schema import accounts, posts
from tests.conftest import ORG_TOML

PLATFORMS = ("x", "facebook", "mastodon", "bluesky")  # the four with an API


def enrol(store: Store, sim, people: int, accounts_per_person: int = 2) -> dict[str, str]:
    """People with accounts spread over the four platforms; returns the token environment."""
    return enrol_generated(
        store, sim, people, accounts_per_person=accounts_per_person, actor="test"
    )


def sim_config(tmp_path: Path, sim, **fetch) -> Config:
    config = load_config(ORG_TOML)
    base_urls = sim.base_urls()
    defaults = {"max_wait": 2.0, "timeout": 5.0, "retries": 1, "concurrency": 4}
    return replace(config, fetch=FetchConfig(base_urls=base_urls, **(defaults | fetch)))


def secrets(environ: dict[str, str]) -> Secrets:
    return Secrets(None, environ)


def stored(store: Store, platform: str | None = None) -> list[tuple[str, str, str]]:
    """(handle, post id, text) of the stored posts, sorted: what two runs must agree on.

    Not the content hash: media URLs name the simulator's port, which changes.
    """
    query = (
        select(accounts.c.handle, posts.c.id, posts.c.text)
        .join(accounts, accounts.c.id == posts.c.account_id)
        .order_by(posts.c.id)
    )
    if platform is not None:
        query = query.where(posts.c.platform == platform)
    with store._db.read() as conn:  # the tests compare rows directly
        return [tuple(row) for row in conn.execute(query)]
