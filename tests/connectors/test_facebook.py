"""Facebook: recorded Graph API bodies replayed through facebook-sdk over HTTP on 127.0.0.1."""

from __future__ import annotations

import copy
import logging
from datetime import UTC, datetime

import pytest

from auditor.model import Target
from connectors import get
from connectors.base import DEFAULT_REREAD
from connectors.errors import (
    AuthExpired,
    AuthRevoked,
    ConnectorError,
    NotFound,
    RateLimited,
    Transient,
)
from connectors.facebook import GRAPH_VERSION, is_public, to_post
from tests.connectors.conftest import LONG_AGO, SECRET, assert_error
from tests.connectors.replay import Exchange, json_exchange, load_json, replaying

POSTS = f"/{GRAPH_VERSION}/4/posts"
TARGET = Target("facebook", "juf.anouk", user_id="4", token=SECRET)


def fetch(server, target=TARGET, *, cursor=None, since=LONG_AGO, max_pages=50):
    connector = get("facebook")(base_url=server.base_url, timeout=5, max_pages=max_pages)
    return list(connector.fetch(target, cursor=cursor, since=since).posts)


def failure(*exchanges) -> ConnectorError:
    with replaying(*exchanges) as server, pytest.raises(ConnectorError) as caught:
        fetch(server)
    return caught.value


def graph_error(code: int, subcode: int | None = None, message: str = "(#0) error") -> dict:
    """The recorded OAuthException body with another code, as Graph sends for each case."""
    body = copy.deepcopy(load_json("facebook-python-facebook/error.json"))
    body["error"].update(code=code, message=message)
    if subcode is not None:
        body["error"]["error_subcode"] = subcode
    return body


# --- pure mapping on recorded bodies ---------------------------------------------


def test_user_post_maps_to_post():
    item = load_json("facebook-python-facebook/feed_fields_p1.json")["data"][0]
    post = to_post(item, TARGET)
    assert post.id == "facebook:4_10113477241177441"
    assert post.created_at == datetime(2021, 7, 4, 19, 50, 58, tzinfo=UTC)
    assert post.text.startswith("Happy July 4th!")
    assert post.lang is None
    assert post.media == ()
    assert is_public(item)  # no privacy field: the default, public


def test_attachments_give_photos_and_videos_but_not_shared_links():
    body = load_json("facebook-python-facebook/feeds_default_fields_p1.json")
    posts = [to_post(item, TARGET) for item in body["data"]]
    assert [[m.type for m in p.media] for p in posts] == [
        ["photo"],
        [],  # a shared link is not the author's media
        ["photo"],
        ["photo"],
        ["video"],
    ]
    # a caption that repeats the message is not counted twice as alt text
    assert posts[0].media[0].alt_text == ""
    assert posts[0].url == body["data"][0]["permalink_url"]


def test_subattachments_of_an_album_are_each_a_medium_with_their_description():
    item = {
        "id": "1_2",
        "created_time": "2026-11-20T08:00:00+0000",
        "message": "Schoolreisje!",
        "attachments": {
            "data": [
                {
                    "media_type": "album",
                    "subattachments": {
                        "data": [
                            {"media_type": "photo", "description": "groep 6 in de bus"},
                            {"media_type": "video", "url": "https://fb/v/1"},
                        ]
                    },
                }
            ]
        },
    }
    media = to_post(item, TARGET).media
    assert [(m.type, m.alt_text) for m in media] == [("photo", "groep 6 in de bus"), ("video", "")]


@pytest.mark.parametrize(
    ("privacy", "public"),
    [({"value": "EVERYONE"}, True), ({"value": "ALL_FRIENDS"}, False), ({"value": "SELF"}, False)],
)
def test_only_posts_for_everyone_are_public(privacy, public):
    assert is_public({"privacy": privacy}) is public


# --- the real client over HTTP -----------------------------------------------------


def test_recorded_pages_are_followed_and_a_repeated_page_adds_nothing():
    page1 = load_json("facebook-python-facebook/feed_fields_p1.json")
    page2 = load_json("facebook-python-facebook/feed_fields_p2.json")  # repeats page 1's data
    with replaying(json_exchange("GET", POSTS, page1), json_exchange("GET", POSTS, page2)) as s:
        posts = fetch(s)
    assert [p.id for p in posts] == [f"facebook:{i['id']}" for i in page1["data"]]
    first, second = s.seen
    assert first.query["access_token"] == SECRET
    assert first.query["since"] == "946684800"
    assert first.query["fields"].startswith("id,message,created_time,permalink_url,privacy,")
    # the next link's paging keys are followed, its placeholder token replaced by ours
    assert second.query["until"] == "1624385168"
    assert second.query["__paging_token"] == "__paging_token"
    assert second.query["access_token"] == SECRET


def test_page_feed_with_attachments_replays_and_stops_without_next():
    body = load_json("facebook-python-facebook/feeds_default_fields_p1.json")
    body["paging"].pop("next")
    with replaying(json_exchange("GET", POSTS, body)) as server:
        posts = fetch(server)
    assert len(posts) == 5
    assert len(server.seen) == 1


def test_posts_not_for_everyone_are_dropped():
    body = load_json("facebook-python-facebook/feed_fields_p2.json")
    values = ["EVERYONE", "ALL_FRIENDS", "SELF", None, "CUSTOM"]
    for item, value in zip(body["data"], values, strict=True):
        if value:
            item["privacy"] = {"value": value}
    with replaying(json_exchange("GET", POSTS, body)) as server:
        posts = fetch(server)
    assert [p.id for p in posts] == [f"facebook:{body['data'][i]['id']}" for i in (0, 3)]


def test_a_cursor_less_the_reread_window_is_the_floor_and_paging_stops_there():
    body = load_json("facebook-python-facebook/feed_fields_p1.json")
    third = datetime(2021, 6, 29, 1, 34, 6, tzinfo=UTC)  # the third post's time
    with replaying(json_exchange("GET", POSTS, body)) as server:
        result = get("facebook")(base_url=server.base_url, timeout=5).fetch(
            TARGET, cursor=(third + DEFAULT_REREAD).isoformat(), since=LONG_AGO
        )
    assert len(result.posts) == 3  # the third is read again: it may have been edited
    assert len(server.seen) == 1  # older posts were reached: no next page
    assert server.seen[0].query["since"] == str(int(third.timestamp()))
    assert result.read_from == third


def test_without_a_user_id_the_token_owner_is_read():
    body = load_json("facebook-python-facebook/feed_fields_p2.json")
    target = Target("facebook", "juf.anouk", token=SECRET)
    with replaying(json_exchange("GET", f"/{GRAPH_VERSION}/me/posts", body)) as server:
        assert len(fetch(server, target)) == 5


def test_the_token_does_not_reach_urllib3s_debug_log(caplog):
    body = load_json("facebook-python-facebook/feed_fields_p2.json")
    with caplog.at_level(logging.DEBUG), replaying(json_exchange("GET", POSTS, body)) as server:
        fetch(server)
    assert "access_token=" in caplog.text
    assert SECRET not in caplog.text


# --- errors ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["error.json", "error_data.json"])
def test_recorded_oauth_exceptions_with_code_100_are_not_found(name):
    body = load_json(f"facebook-python-facebook/{name}")
    error = failure(json_exchange("GET", POSTS, body, status=400))
    assert_error(error, NotFound, "facebook", "juf.anouk")
    assert body["error"]["message"][:40] in str(error)


@pytest.mark.parametrize(
    ("code", "subcode", "expected"),
    [
        (190, 463, AuthExpired),
        (190, 467, AuthExpired),
        (190, None, AuthExpired),
        (190, 458, AuthRevoked),
        (190, 460, AuthRevoked),
        (10, None, AuthRevoked),
        (4, None, RateLimited),
        (17, None, RateLimited),
        (32, None, RateLimited),
        (613, None, RateLimited),
        (803, None, NotFound),
        (1, None, Transient),
        (2, None, Transient),
    ],
)
def test_graph_error_codes_map_to_connector_errors(code, subcode, expected):
    error = failure(json_exchange("GET", POSTS, graph_error(code, subcode), status=400))
    assert_error(error, expected, "facebook", "juf.anouk")


def test_an_error_message_quoting_the_token_is_redacted():
    body = graph_error(190, 460, f"Error validating access token {SECRET}: user logged out")
    assert_error(
        failure(json_exchange("GET", POSTS, body, status=400)), AuthRevoked, "facebook", "juf.anouk"
    )


@pytest.mark.parametrize(
    ("status", "content_type", "body"),
    [
        (500, "text/html", b"<html>Internal Server Error</html>"),
        (200, "application/json", b'{"data": [{"id": "4_1", "mess'),
        (200, "application/json", b'{"paging": {}}'),
    ],
)
def test_server_errors_and_malformed_bodies_are_transient(status, content_type, body):
    error = failure(Exchange("GET", POSTS, status, body, [("Content-Type", content_type)]))
    assert_error(error, Transient, "facebook", "juf.anouk")


def test_a_refused_connection_is_transient(closed_port_url):
    connector = get("facebook")(base_url=closed_port_url, timeout=2)
    with pytest.raises(Transient) as caught:
        list(connector.fetch(TARGET, cursor=None, since=LONG_AGO).posts)
    assert_error(caught.value, Transient, "facebook", "juf.anouk")
