"""Bluesky: the recorded getAuthorFeed body replayed through atproto over HTTP on 127.0.0.1."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest
import yaml
from atproto import models
from atproto_client.models.utils import get_or_create

from auditor.model import Target
from connectors import get
from connectors.base import DEFAULT_REREAD
from connectors.bluesky import is_own, to_post
from connectors.errors import (
    AuthExpired,
    AuthRevoked,
    ConnectorError,
    NotFound,
    RateLimited,
    Transient,
)
from tests.connectors.conftest import LONG_AGO, SECRET, assert_error
from tests.connectors.replay import Exchange, conformance, json_exchange, load_json, replaying

FEED = "/xrpc/app.bsky.feed.getAuthorFeed"
SESSION = "/xrpc/com.atproto.server.createSession"
RESOLVE = "/xrpc/com.atproto.identity.resolveHandle"
RECORD = "/xrpc/com.atproto.repo.getRecord"
BIO = "Leerkracht. Berichten op persoonlijke titel."
HANDLE = "chriskenny.bsky.social"
DID = "did:plc:wpe35pganb6d4pg4ekmfy6u5"
PUBLIC = Target("bluesky", HANDLE)
BODY = "bluesky-bskyr/getAuthorFeed_chriskenny.bsky.social.json"


def recorded_headers() -> list[tuple[str, str]]:
    """The response headers of the R vcr cassette (not loadable by vcrpy, but YAML)."""
    data = yaml.safe_load(conformance("bluesky-bskyr/f_autfeed.yml").read_text(encoding="utf-8"))
    headers = data["http_interactions"][0]["response"]["headers"]
    keep = {"content-type", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"}
    return [(k, str(v)) for k, v in headers.items() if k.lower() in keep | {"ratelimit-policy"}]


def feed_page(body=None) -> Exchange:
    raw = json.dumps(body if body is not None else load_json(BODY)).encode()
    return Exchange("GET", FEED, 200, raw, recorded_headers())


def items():
    response = get_or_create(load_json(BODY), models.AppBskyFeedGetAuthorFeed.Response)
    return response.feed


def identity(server, handle: str = HANDLE) -> list[Exchange]:
    """What the connector asks before the feed: the DID, its document, the profile record."""
    document = {
        "id": DID,
        "alsoKnownAs": [f"at://{handle}"],
        "service": [
            {
                "id": "#atproto_pds",
                "type": "AtprotoPersonalDataServer",
                "serviceEndpoint": server.base_url,
            }
        ],
    }
    profile = {"uri": f"at://{DID}/app.bsky.actor.profile/self", "value": {"description": BIO}}
    return [
        json_exchange("GET", RESOLVE, {"did": DID}),
        json_exchange("GET", f"/plc/{DID}", document),
        json_exchange("GET", RECORD, profile),
    ]


def connector(server, **options):
    return get("bluesky")(
        base_url=server.base_url, timeout=5, services={"plc": f"{server.base_url}/plc"}, **options
    )


def fetch_result(server, target=PUBLIC, *, cursor=None, since=LONG_AGO, max_pages=50):
    server.exchanges[:0] = identity(server)
    return connector(server, max_pages=max_pages).fetch(target, cursor=cursor, since=since)


def fetch(server, target=PUBLIC, **options):
    return list(fetch_result(server, target, **options).posts)


def feeds(server):
    return [seen for seen in server.seen if seen.path == FEED]


def failure(*exchanges, target=PUBLIC) -> ConnectorError:
    with replaying(*exchanges) as server, pytest.raises(ConnectorError) as caught:
        fetch(server, target)
    return caught.value


def xrpc_error(status: int, error: str, message: str, headers=()) -> Exchange:
    return json_exchange(
        "GET", FEED, {"error": error, "message": message}, status=status, headers=headers
    )


def jwt(exp: int) -> str:
    part = base64.urlsafe_b64encode(json.dumps({"exp": exp, "sub": DID}).encode()).decode()
    return f"eyJhbGciOiJub25lIn0.{part.rstrip('=')}.c2ln"


# --- pure mapping on the recorded feed ----------------------------------------------


def test_reposts_are_not_the_accounts_own_posts():
    feed = items()
    own = [item for item in feed if is_own(item, DID)]
    reposts = [item for item in feed if item.reason is not None]
    assert (len(feed), len(own), len(reposts)) == (50, 43, 7)
    assert all(item.post.author.handle != HANDLE for item in reposts)


def test_a_reply_keeps_its_parent_and_the_post_url_uses_the_rkey():
    item = items()[0]
    post = to_post(item, PUBLIC, HANDLE)
    assert post.id == f"bluesky:at://{DID}/app.bsky.feed.post/3lof7sovfok2h"
    assert post.url == f"https://bsky.app/profile/{HANDLE}/post/3lof7sovfok2h"
    assert post.in_reply_to == (
        "bluesky:at://did:plc:z4cp3uwgxiioi7uaxn2boq47/app.bsky.feed.post/3lobj4swhjo2x"
    )
    assert post.created_at == datetime(2025, 5, 5, 1, 30, 17, 912000, tzinfo=UTC)
    assert post.lang == "en"


def test_image_alt_texts_become_media_and_quoted_posts_do_not():
    raw = load_json(BODY)["feed"]
    posts = [to_post(item, PUBLIC, HANDLE) for item in items()]
    for post, data in zip(posts, raw, strict=True):
        embed = data["post"].get("embed") or {}
        media = embed.get("media", embed)
        expected = [image["alt"] for image in media.get("images", [])]
        assert [m.alt_text for m in post.media] == expected
    assert sum(len(p.media) for p in posts) > 5


def test_the_account_is_recognised_by_its_did_whatever_its_handle():
    item = items()[1]
    assert is_own(item, DID)
    assert not is_own(item, "did:plc:someoneelse00000000000000")


# --- the real client over HTTP -----------------------------------------------------


def test_recorded_feed_replays_without_login_and_pages_by_cursor():
    with replaying(feed_page(), feed_page({"feed": []})) as server:
        result = fetch_result(server)
    assert len(result.posts) == 43
    assert (result.user_id, result.handle, result.bio) == (DID, HANDLE, BIO)
    first, second = feeds(server)
    assert first.query["actor"] == DID
    assert first.query["filter"] == "posts_with_replies"  # replies are the author's words
    assert "authorization" not in first.headers
    assert second.query["cursor"] == load_json(BODY)["cursor"]


def test_a_cursor_less_the_reread_window_is_the_floor_and_paging_stops_there():
    floor = datetime(2025, 3, 23, 17, 36, 18, 31000, tzinfo=UTC)
    with replaying(feed_page()) as server:
        posts = fetch(server, cursor=(floor + DEFAULT_REREAD).isoformat())
    assert len(feeds(server)) == 1
    newer = [
        item
        for item in load_json(BODY)["feed"]
        if "reason" not in item and item["post"]["indexedAt"] >= "2025-03-23T17:36:18.031Z"
    ]
    assert len(posts) == len(newer) > 0


def test_with_an_app_password_the_client_logs_in_and_sends_the_session_token():
    session = {
        "did": DID,
        "handle": HANDLE,
        "accessJwt": jwt(4_102_444_800),
        "refreshJwt": jwt(4_102_444_800),
    }
    target = Target("bluesky", HANDLE, token=SECRET)
    with replaying(
        json_exchange("POST", SESSION, session), feed_page(), feed_page({"feed": []})
    ) as server:
        posts = fetch(server, target)
    assert len(posts) == 43
    assert [s.path for s in server.seen] == [RESOLVE, f"/plc/{DID}", RECORD, SESSION, FEED, FEED]
    assert server.seen[3].headers.get("authorization") is None
    assert feeds(server)[0].headers["authorization"] == f"Bearer {session['accessJwt']}"


# --- errors ----------------------------------------------------------------------------


def test_rate_limit_carries_the_reset_from_ratelimit_reset():
    headers = [(k, v) for k, v in recorded_headers() if k.lower() != "ratelimit-remaining"]
    headers.append(("RateLimit-Remaining", "0"))
    error = failure(xrpc_error(429, "RateLimitExceeded", "Rate Limit Exceeded", headers))
    assert_error(error, RateLimited, "bluesky", HANDLE)
    assert error.reset_at == datetime.fromtimestamp(1747676784, UTC)


@pytest.mark.parametrize(
    ("status", "error", "message", "expected"),
    [
        (400, "ExpiredToken", "Token has expired", AuthExpired),
        (400, "InvalidToken", "Token could not be verified", AuthRevoked),
        (401, "AuthenticationRequired", "Invalid identifier or password", AuthRevoked),
        (400, "InvalidRequest", "Profile not found", NotFound),
        (400, "AccountDeactivated", "Account is deactivated", NotFound),
        (400, "InvalidRequest", "Error: limit must be <= 100", ConnectorError),
        (500, "InternalServerError", "Internal Server Error", Transient),
        (502, "UpstreamFailure", "Upstream Failure", Transient),
    ],
)
def test_xrpc_errors_map_to_connector_errors(status, error, message, expected):
    assert_error(failure(xrpc_error(status, error, message)), expected, "bluesky", HANDLE)


def test_a_revoked_app_password_fails_the_login():
    body = {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}
    login = json_exchange("POST", SESSION, body, status=401)
    error = failure(login, target=Target("bluesky", HANDLE, token=SECRET))
    assert_error(error, AuthRevoked, "bluesky", HANDLE)


@pytest.mark.parametrize(
    "body", [b'{"feed": [{"post": {"uri": "at://', b'{"feed": [{"nonsense": 1}]}', b"[]"]
)
def test_a_malformed_body_is_transient(body):
    exchange = Exchange("GET", FEED, 200, body, [("Content-Type", "application/json")])
    assert_error(failure(exchange), Transient, "bluesky", HANDLE)


def test_a_refused_connection_is_transient(closed_port_url):
    reader = get("bluesky")(base_url=closed_port_url, timeout=2, retries=0)
    with pytest.raises(Transient) as caught:
        reader.fetch(PUBLIC, cursor=None, since=LONG_AGO)
    assert_error(caught.value, Transient, "bluesky", HANDLE)


def test_max_pages_bounds_a_feed_whose_cursor_never_ends():
    with replaying([feed_page() for _ in range(5)]) as server:
        posts = fetch(server, max_pages=3)
    assert len(feeds(server)) == 3
    assert len(posts) == 43  # the repeated page adds nothing twice


def test_a_5xx_on_page_two_asks_for_page_two_again_not_page_one():
    first = load_json(BODY)
    with replaying(
        feed_page(first),
        xrpc_error(502, "UpstreamFailure", "Upstream Failure"),
        feed_page({"feed": []}),
    ) as server:
        posts = fetch(server)
    cursors = [seen.query.get("cursor") for seen in feeds(server)]
    assert cursors == [None, first["cursor"], first["cursor"]]
    assert len(posts) == 43
