"""The reference atproto network (PLC, PDS, Bluesky AppView) for the real-server tests.

`make test` starts it with scripts/ensure-atproto.sh and sets SOCIAL_AUDIT_TEST_ATPROTO
(its URLs as JSON) and SOCIAL_AUDIT_REQUIRE_ATPROTO=1, so there a network that cannot
start fails the run. A bare `pytest` without it skips these tests, visibly.

Accounts are seeded from Python with the `atproto` client, each test its own, with
handles nobody else uses, so tests on one network stay apart under pytest-xdist.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from atproto import Client

ATPROTO_ENV = "SOCIAL_AUDIT_TEST_ATPROTO"
REQUIRE_ATPROTO_ENV = "SOCIAL_AUDIT_REQUIRE_ATPROTO"
POST = "app.bsky.feed.post"
PROFILE = "app.bsky.actor.profile"


@dataclass(frozen=True)
class Network:
    pds: str
    plc: str
    appview: str

    def base_urls(self) -> dict[str, str]:
        """`[fetch.base_urls]` for this network."""
        return {"bluesky": self.appview, "bluesky_plc": self.plc}


def network() -> Network:
    """The running network, or a skip (a failure under REQUIRE) naming how to start it."""
    raw = os.environ.get(ATPROTO_ENV)
    if raw:
        data = json.loads(raw)
        return Network(data["pds"], data["plc"], data["appview"])
    reason = f"atproto network not available: set {ATPROTO_ENV} (make test starts one)"
    if os.environ.get(REQUIRE_ATPROTO_ENV) == "1":
        pytest.fail(f"{REQUIRE_ATPROTO_ENV}=1 but {reason}")
    pytest.skip(reason)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Person:
    """One account on the network's PDS, with its own client to write records."""

    def __init__(self, net: Network, *, bio: str | None = None):
        self.net = net
        self.handle = f"t{uuid.uuid4().hex[:10]}.test"
        self.password = uuid.uuid4().hex
        self.client = Client(base_url=net.pds)
        created = self.client.com.atproto.server.create_account(
            {
                "handle": self.handle,
                "email": f"{self.handle}@example.org",
                "password": self.password,
            }
        )
        self.did = created.did
        self.client.login(self.handle, self.password, fetch_bsky_profile=False)
        self.posts: list[str] = []  # at:// URIs, oldest first
        if bio is not None:
            self.put(PROFILE, "self", {"$type": PROFILE, "description": bio})

    def app_password(self) -> str:
        return self.client.com.atproto.server.create_app_password({"name": "audit"}).password

    def put(self, collection: str, rkey: str, record: dict[str, Any]) -> str:
        response = self.client.com.atproto.repo.put_record(
            {"repo": self.did, "collection": collection, "rkey": rkey, "record": record}
        )
        return response.uri

    def post(self, text: str, created_at: datetime | None = None, **fields: Any) -> str:
        """A post record with an explicit createdAt, as any client may set."""
        record = {"$type": POST, "text": text, "createdAt": iso(created_at or datetime.now(UTC))}
        record.update(fields)
        uri = self.client.com.atproto.repo.create_record(
            {"repo": self.did, "collection": POST, "record": record}
        ).uri
        self.posts.append(uri)
        return uri

    def cid(self, uri: str) -> str:
        """The CID of one of this person's records, as a reply's reference needs it."""
        rkey = uri.rsplit("/", 1)[-1]
        return self.client.com.atproto.repo.get_record(
            {"repo": self.did, "collection": POST, "rkey": rkey}
        ).cid

    def edit(self, uri: str, text: str) -> None:
        """putRecord over an existing post: the same URI, new text."""
        rkey = uri.rsplit("/", 1)[-1]
        old = self.client.com.atproto.repo.get_record(
            {"repo": self.did, "collection": POST, "rkey": rkey}
        ).value
        record = {"$type": POST, "text": text, "createdAt": old.created_at}
        self.put(POST, rkey, record)

    def delete(self, uri: str) -> None:
        rkey = uri.rsplit("/", 1)[-1]
        self.client.com.atproto.repo.delete_record(
            {"repo": self.did, "collection": POST, "rkey": rkey}
        )
        self.posts.remove(uri)

    def rename(self, handle: str) -> None:
        self.client.com.atproto.identity.update_handle({"handle": handle})
        self.handle = handle

    def repo_car(self) -> bytes:
        """The account's repository as `com.atproto.sync.getRepo` exports it."""
        response = httpx.get(
            f"{self.net.pds}/xrpc/com.atproto.sync.getRepo", params={"did": self.did}, timeout=30
        )
        response.raise_for_status()
        return response.content

    def wait_for_feed(self, expect: Callable[[Sequence[dict]], bool], timeout: float = 20) -> None:
        """Poll the AppView's feed until `expect` holds: indexing takes a moment."""
        deadline = time.monotonic() + timeout
        feed: list[dict] = []
        while time.monotonic() < deadline:
            feed = self.feed()
            if expect(feed):
                return
            time.sleep(0.1)
        raise AssertionError(f"the AppView did not show the expected feed in {timeout} s")

    def feed(self) -> list[dict]:
        items: list[dict] = []
        cursor = None
        while True:
            params = {"actor": self.did, "limit": 100, "filter": "posts_with_replies"}
            if cursor:
                params["cursor"] = cursor
            body = httpx.get(
                f"{self.net.appview}/xrpc/app.bsky.feed.getAuthorFeed", params=params, timeout=10
            ).json()
            items += body.get("feed", [])
            cursor = body.get("cursor")
            if not cursor or not body.get("feed"):
                return items

    def indexed(self) -> None:
        """Wait until the feed holds exactly this person's posts, as written now."""
        wanted = set(self.posts)
        self.wait_for_feed(lambda feed: {item["post"]["uri"] for item in feed} == wanted)
