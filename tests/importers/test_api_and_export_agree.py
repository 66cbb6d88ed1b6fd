"""The API connector and the export importer give the same Post for the same post.

For X (API v2 vs tweets.js) and Mastodon (REST API vs outbox.json) the recorded
exports in ../shared/conformance are read by the importer, and the same posts as the
platform's API writes them (tests/fixtures/conformance) by the real connector over HTTP;
the Posts are compared field by field. Bluesky is compared on the real network
(tests/connectors/test_bluesky_network.py).
"""

from __future__ import annotations

import json
from dataclasses import fields, replace
from datetime import UTC, datetime
from pathlib import Path

import connectors
from auditor.model import Post, Target
from importers import open_archive
from tests.connectors.replay import json_exchange, replaying

FIXTURES = Path(__file__).parents[1] / "fixtures" / "conformance"
# The synthetic ids are older than the dates they carry: read all of them.
SINCE = datetime(2020, 1, 1, tzinfo=UTC)


def api_posts(platform: str, path: str, body, target: Target) -> list[Post]:
    with replaying(json_exchange("GET", path, body), json_exchange("GET", path, [])) as server:
        reader = connectors.get(platform)(base_url=server.base_url, timeout=5)
        return list(reader.fetch(target, cursor=None, since=SINCE).posts)


def assert_same(api: list[Post], exported: list[Post], *, except_media_urls: bool = False):
    by_id = {post.id: post for post in exported}
    assert sorted(p.id for p in api) == sorted(by_id)
    for post in api:
        other = by_id[post.id]
        if except_media_urls:
            post = replace(post, media=tuple(replace(m, url=None) for m in post.media))
        for field in fields(Post):
            assert getattr(post, field.name) == getattr(other, field.name), (post.id, field.name)


def test_x_api_and_tweets_js_agree(exports):
    body = json.loads((FIXTURES / "x_tweets_of_archive.json").read_text())["body"]
    target = Target("x", "juf_test", user_id="1400000000000000042", token="token")
    api = api_posts("x", "/2/users/1400000000000000042/tweets", body, target)
    exported = list(open_archive(exports / "x-archive"))
    assert len(api) == 3  # the retweet is not the account's own, in both
    assert_same(api, exported)
    texts = {post.text for post in api}
    assert "@meester_bram Klopt, het rooster staat hier: https://example.org/rooster" in texts
    assert "Zelfgemaakte herfstkransen <3" in texts  # the link to the photo is the photo


def test_mastodon_api_and_outbox_json_agree(exports):
    statuses = json.loads((FIXTURES / "mastodon_statuses_of_outbox.json").read_text())
    target = Target("mastodon", "juf_test@example.social", user_id="110000000000000042")
    api = api_posts(
        "mastodon", "/api/v1/accounts/110000000000000042/statuses", statuses["statuses"], target
    )
    exported = list(open_archive(exports / "mastodon" / "outbox.json"))
    assert len(api) == 1  # followers-only and unlisted are not public, in both
    # The one field that differs by nature: the archive holds the file itself (a path
    # inside the zip), the API the URL where the server keeps it.
    assert_same(api, exported, except_media_urls=True)
    assert api[0].media[0].url.startswith("https://example.social/system/media_attachments/")
    assert exported[0].media[0].url is None
