"""Each platform's API mapping on payloads of any shape: a Post, a skip, or a ConnectorError.

The payloads start from what the simulator serves for a real-looking account (media,
replies, reposts, privacy settings) and have one to three fields, at any depth,
replaced by values of any shape or removed. Two levels are checked:

- the pure mapping (`to_post` and the filters): a Post, or an exception that the
  connector's `fetch` catches and turns into its own error (never, say, an
  OverflowError that would escape `fetch` and stop the nightly run);
- the whole connector over HTTP through its real client library: the posts, or a
  ConnectorError; and the cursor the pipeline stores after them can be computed.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

from atproto import models
from atproto_client.models.utils import get_or_create
from hypothesis import example, given
from hypothesis import strategies as st

import connectors
from auditor.model import Post, Target
from connectors import bluesky, facebook, mastodon, x
from connectors.errors import ConnectorError
from connectors.simulator import Simulator
from tests.connectors.replay import json_exchange, replaying
from tests.strategies import HOSTILE_STRINGS, PROPERTY, json_shaped

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SINCE = datetime(2000, 1, 1, tzinfo=UTC)
HANDLE = "juf_anna"
FEED_QUERIES = {
    "x": "/x/2/users/{id}/tweets?max_results=100&tweet.fields=created_at,lang,entities,"
    "attachments,referenced_tweets,in_reply_to_user_id,conversation_id,note_tweet"
    "&expansions=attachments.media_keys&media.fields=alt_text,type,url,preview_image_url",
    "facebook": f"/facebook/{facebook.GRAPH_VERSION}/{{id}}/posts?fields={facebook.FIELDS}"
    "&access_token=sim-facebook-juf_anna&limit=100",
    "mastodon": "/mastodon/api/v1/accounts/{id}/statuses?limit=40",
    "bluesky": "/bluesky/xrpc/app.bsky.feed.getAuthorFeed?actor={id}&limit=100",
}
FEED_PATHS = {
    "x": "/2/users/{id}/tweets",
    "facebook": f"/{facebook.GRAPH_VERSION}/{{id}}/posts",
    "mastodon": "/api/v1/accounts/{id}/statuses",
    "bluesky": "/xrpc/app.bsky.feed.getAuthorFeed",
}
MODULES = {"x": x, "facebook": facebook, "mastodon": mastodon, "bluesky": bluesky}


def did_exchanges(server, did: str) -> list:
    """The DID document (naming this server as the PDS) and an empty profile record."""
    service = {"id": "#atproto_pds", "type": "AtprotoPersonalDataServer"}
    document = {"id": did, "service": [{**service, "serviceEndpoint": server.base_url}]}
    return [
        json_exchange("GET", f"/plc/{did}", document),
        json_exchange("GET", "/xrpc/com.atproto.repo.getRecord", {"value": {}}),
    ]


def recorded_pages() -> dict[str, tuple[Target, Any]]:
    """One feed page per platform, as the simulator's platform dialects write them."""
    pages = {}
    with Simulator(seed=17, now=NOW, posts_per_account=12, handles={"x": (HANDLE,)}) as sim:
        for platform, query in FEED_QUERIES.items():
            account = sim.account(platform, HANDLE)
            headers = {} if platform == "bluesky" else {"authorization": "Bearer tok"}
            reply, _ = sim.handle("GET", query.replace("{id}", account.user_id), headers, b"")
            assert reply.status == 200, reply.body
            target = Target(platform, HANDLE, user_id=account.user_id, token="tok")
            pages[platform] = (target, reply.body)
    return pages


PAGES = recorded_pages()


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON value: the dict keys and list indices leading to it."""
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += paths(inner, (*prefix, index))
    return found


def keys_and_words(value: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The field names and string values of a payload: what generated shapes are made of."""
    keys, words = set(), set()
    for path in paths(value):
        keys.update(p for p in path if isinstance(p, str))
    for text in json.dumps(value).split('"'):
        if 0 < len(text) < 40:
            words.add(text)
    return tuple(sorted(keys)), tuple(sorted(words)) + HOSTILE_STRINGS


def changed(value: Any, path: tuple, new: Any, *, remove: bool) -> Any:
    """A copy of `value` with the thing at `path` replaced, or removed."""
    if not path:
        return new
    value = copy.deepcopy(value)
    parent = value
    for step in path[:-1]:
        parent = parent[step]
    if remove:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return value


@st.composite
def damaged_pages(draw, platform: str) -> Any:
    """The platform's page with one to three fields replaced by any shape, or removed."""
    _, page = PAGES[platform]
    keys, words = keys_and_words(page)
    shaped = json_shaped(keys, words, largest=2**64, leaves=12)
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(paths(page)))
        page = changed(page, where, draw(shaped), remove=bool(where) and draw(st.booleans()))
    return page


def with_item_field(platform: str, field: str, value: Any) -> Any:
    """The page with `field` of its first item set to `value` (for explicit examples)."""
    _, page = PAGES[platform]
    page = copy.deepcopy(page)
    items = {"x": lambda p: p["data"], "facebook": lambda p: p["data"]}.get(platform, lambda p: p)(
        page
    )
    items[0][field] = value
    return page


def map_items(platform: str, page: Any) -> list[Post]:
    """What `fetch` does with one page, minus the HTTP: filter and map every item."""
    target, _ = PAGES[platform]
    if platform == "x":
        includes = page.get("includes") or {}
        return [x.to_post(t, includes, target) for t in page["data"] if not x.is_retweet(t)]
    if platform == "facebook":
        return [facebook.to_post(i, target) for i in page["data"] if facebook.is_public(i)]
    if platform == "mastodon":
        return [mastodon.to_post(s, target) for s in page if mastodon.is_public(s)]
    feed = get_or_create(page, models.AppBskyFeedGetAuthorFeed.Response)
    return [
        bluesky.to_post(i, target, target.handle)
        for i in feed.feed
        if bluesky.is_own(i, target.user_id or "")
    ]


def assert_maps_or_is_caught(platform: str, page: Any) -> None:
    module = MODULES[platform]
    target, _ = PAGES[platform]
    try:
        posts = map_items(platform, page)
    except module.MALFORMED_OR_FAILED as exc:
        error = module.error_for(exc, target)
        assert isinstance(error, ConnectorError)
        return
    assert all(isinstance(p, Post) and p.platform == platform for p in posts)


def fetch_outcome(platform: str, page: Any) -> list[Post] | ConnectorError:
    """The connector's fetch over HTTP of a server answering `page`, then its cursor."""
    target, _ = PAGES[platform]
    path = FEED_PATHS[platform].format(id=target.user_id)
    body = json.dumps(page, ensure_ascii=True).encode()
    with replaying(json_exchange("GET", path, body)) as server:
        connector = connectors.get(platform)(
            base_url=server.base_url,
            timeout=5,
            max_pages=3,
            retries=0,
            services={"plc": f"{server.base_url}/plc"},
        )
        if platform == "bluesky":
            server.exchanges[:0] = did_exchanges(server, str(target.user_id))
        public = Target(platform, HANDLE, user_id=target.user_id)
        if platform in ("x", "facebook"):
            public = target
        try:
            posts = list(connector.fetch(public, cursor=None, since=SINCE).posts)
        except ConnectorError as exc:
            return exc
    return posts


OVERFLOWING = "0001-01-01T00:00:00+01:00"  # valid ISO 8601, but before year 1 in UTC


@PROPERTY
@given(page=damaged_pages("x"))
@example(page=with_item_field("x", "created_at", OVERFLOWING))
@example(page=with_item_field("x", "id", "1e3"))
def test_x_mapping(page):
    assert_maps_or_is_caught("x", page)


@PROPERTY
@given(page=damaged_pages("facebook"))
@example(page=with_item_field("facebook", "created_time", OVERFLOWING))
def test_facebook_mapping(page):
    assert_maps_or_is_caught("facebook", page)


@PROPERTY
@given(page=damaged_pages("mastodon"))
@example(page=with_item_field("mastodon", "created_at", OVERFLOWING))
@example(page=with_item_field("mastodon", "id", "not-a-number"))
def test_mastodon_mapping(page):
    assert_maps_or_is_caught("mastodon", page)


@PROPERTY
@given(page=damaged_pages("bluesky"))
def test_bluesky_mapping(page):
    assert_maps_or_is_caught("bluesky", page)


FETCHED = PROPERTY.__class__(PROPERTY, max_examples=25)


@FETCHED
@given(data=st.data())
@example(data=None)
def test_every_connector_over_http_gives_posts_or_its_own_error(data):
    for platform in PAGES:
        if data is None:  # the explicit example: the cases that crashed before
            pages = [
                with_item_field(p, f, v)
                for p, f, v in [
                    ("x", "id", "1e3"),
                    ("x", "created_at", OVERFLOWING),
                    ("mastodon", "id", "not-a-number"),
                    ("facebook", "created_time", OVERFLOWING),
                ]
                if p == platform
            ]
        else:
            pages = [data.draw(damaged_pages(platform), label=platform)]
        for page in pages:
            result = fetch_outcome(platform, page)
            if not isinstance(result, ConnectorError):
                assert all(isinstance(p, Post) for p in result)
