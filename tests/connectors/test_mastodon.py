"""Mastodon: the recorded Mastodon.py cassettes replayed through Mastodon.py over HTTP."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

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
from connectors.mapping import mastodon as statuses_map
from connectors.mastodon import instance_url, is_public, to_post
from tests.connectors.conftest import LONG_AGO, SECRET, assert_error
from tests.connectors.replay import Exchange, cassette, json_exchange, replaying

ACCOUNT_ID = "117020565966271181"
STATUSES = f"/api/v1/accounts/{ACCOUNT_ID}/statuses"
TARGET = Target("mastodon", "mastodonpy_test@localhost:3000", user_id=ACCOUNT_ID, token=SECRET)


def recorded(name: str, index: int = 0) -> Exchange:
    return cassette(f"mastodon-py/{name}", match_query=False)[index]


def statuses(name: str, index: int = 0) -> list[dict]:
    body = json.loads(recorded(name, index).body)
    return body if isinstance(body, list) else [body]


def at_statuses(exchange: Exchange) -> Exchange:
    """A recorded response served where the connector asks: the statuses endpoint."""
    exchange.path = STATUSES
    return exchange


def fetch(server, target=TARGET, *, cursor=None, since=LONG_AGO, max_pages=50):
    connector = get("mastodon")(base_url=server.base_url, timeout=5, max_pages=max_pages)
    return list(connector.fetch(target, cursor=cursor, since=since).posts)


def failure(*exchanges, target=TARGET) -> ConnectorError:
    with replaying(*exchanges) as server, pytest.raises(ConnectorError) as caught:
        fetch(server, target)
    return caught.value


def end() -> Exchange:
    """An empty page: where a timeline ends."""
    return json_exchange("GET", STATUSES, [])


# --- pure mapping on recorded statuses ----------------------------------------------


def test_public_status_with_content_warning_and_gifv_description():
    status = statuses("test_entity_status.yaml")[0]
    post = to_post(status, TARGET)
    assert is_public(status)
    assert post.id == "mastodon:110446223051565765"
    assert post.created_at == datetime(2023, 5, 28, 12, 6, 50, tzinfo=UTC)
    assert post.text.startswith("test post for mastodon.py stuff\n\n")
    assert "<" not in post.text
    # a gifv is an MP4, and the archive says video/mp4: a video from the API too
    assert [(m.type, bool(m.alt_text)) for m in post.media] == [("video", True)]
    assert post.url == status["url"]
    assert post.lang is None  # "de" is not a language the classifier reads


def test_private_reply_with_image_description_is_not_public():
    status = statuses("test_entity_mediaattachment.yaml")[0]
    post = to_post(status, TARGET)
    assert not is_public(status)
    assert post.in_reply_to == "mastodon:110447003454258227"
    assert status["media_attachments"][0]["description"] is None
    assert [(m.type, m.alt_text) for m in post.media] == [("audio", "")]
    image = statuses("test_entity_mediaattachment.yaml", 1)[0]
    assert [(m.type, m.alt_text) for m in to_post(image, TARGET).media] == [
        ("photo", image["media_attachments"][0]["description"])
    ]


def test_unlisted_statuses_are_not_public_and_html_becomes_text():
    page = statuses("account_statuses_pages.yaml")
    assert {s["visibility"] for s in page} == {"unlisted"}
    assert not any(is_public(s) for s in page)
    assert to_post(page[0], TARGET).text == "Toot number 9!"


def test_a_reblog_is_not_the_authors_words():
    for index in (2, 3):  # the two reblog responses of the cassette
        status = statuses("test_status_reblog_visibility.yaml", index)[0]
        assert status["reblog"] is not None
        assert status["content"] == ""
        assert not is_public(status)


def test_the_server_is_the_one_in_the_handle_unless_a_base_url_is_given():
    target = Target("mastodon", "@fietsjuf@mastodon.nl")
    assert instance_url(target, None) == "https://mastodon.nl"
    assert instance_url(target, "http://127.0.0.1:9/") == "http://127.0.0.1:9"
    with pytest.raises(ConnectorError):
        instance_url(Target("mastodon", "fietsjuf"), None)


# --- the real client over HTTP -----------------------------------------------------


def test_recorded_pages_are_followed_by_the_link_header_and_unlisted_dropped():
    page1, page2, _ = cassette("mastodon-py/account_statuses_pages.yaml", match_query=False)
    with replaying(page1, page2, end()) as server:
        posts = fetch(server)
    assert posts == []  # every recorded status is unlisted
    first, second, third = server.seen
    since_id = str(statuses_map.first_id_at(LONG_AGO) - 1)
    assert first.query == {"exclude_reblogs": "1", "limit": "40", "since_id": since_id}
    assert second.query["max_id"] == "117020580489281910"  # from page 1's Link header
    assert third.query["max_id"] == "117020580452511285"
    assert first.headers["authorization"] == f"Bearer {SECRET}"


def test_public_status_served_on_the_timeline_becomes_a_post():
    status = statuses("test_entity_status.yaml")[0]
    with replaying(json_exchange("GET", STATUSES, [status]), end()) as server:
        (post,) = fetch(server)
    assert post.id == "mastodon:110446223051565765"
    assert post.media[0].alt_text


def test_a_cursor_less_the_reread_window_is_sent_as_since_id_and_paging_stops_there():
    page1, page2, _ = cassette("mastodon-py/account_statuses_pages.yaml", match_query=False)
    for exchange in (page1, page2):
        body = json.loads(exchange.body)
        for status in body:
            status["visibility"] = "public"
        exchange.body = json.dumps(body).encode()
    third = statuses_map.moment_of("117020580503743669")  # the third status of page 1
    cursor = (third + DEFAULT_REREAD).isoformat()
    with replaying(page1, page2, end()) as server:
        posts = fetch(server, cursor=cursor)
    assert [p.id for p in posts] == [
        "mastodon:117020580518794573",
        "mastodon:117020580511453871",
        "mastodon:117020580503743669",
    ]
    assert len(server.seen) == 1  # fetch_next would drop since_id: the connector stops itself
    assert server.seen[0].query["since_id"] == str(statuses_map.first_id_at(third) - 1)


def test_first_run_stops_at_since():
    status = statuses("test_entity_status.yaml")[0]
    since = datetime(2023, 5, 28, 12, 0, tzinfo=UTC)
    older = dict(status, id="110446183735368325", created_at="2023-05-28T11:57:00.378Z")
    with replaying(json_exchange("GET", STATUSES, [status, older])) as server:
        posts = fetch(server, since=since)
    assert [p.id for p in posts] == ["mastodon:110446223051565765"]
    assert len(server.seen) == 1


def test_recorded_account_lookup_resolves_the_handle():
    lookup = cassette("mastodon-py/test_account_lookup.yaml")[
        3
    ]  # acct=mastodonpy_test@localhost:3000
    target = Target("mastodon", "@mastodonpy_test@localhost:3000", token=SECRET)
    with replaying(lookup, end()) as server:
        assert fetch(server, target) == []
    assert server.unmatched == []
    assert server.seen[1].path == STATUSES


def test_recorded_lookup_404_is_not_found():
    lookup = cassette("mastodon-py/test_account_lookup.yaml")[1]
    target = Target("mastodon", "kljadklajsdkljlkjlkjlkjasdasd", token=SECRET)
    error = failure(lookup, target=target)
    assert_error(error, NotFound, "mastodon", "kljadklajsdkljlkjlkjlkjasdasd")
    assert "Record not found" in str(error)


def test_recorded_status_404_is_not_found():
    error = failure(at_statuses(recorded("test_status_missing.yaml")))
    assert_error(error, NotFound, "mastodon", TARGET.handle)


def test_recorded_invalid_token_401_is_expired():
    error = failure(at_statuses(recorded("test_unauthed_home_tl_throws.yaml", 1)))
    assert_error(error, AuthExpired, "mastodon", TARGET.handle)
    assert "The access token is invalid" in str(error)


def test_a_revoked_token_is_revoked():
    body = {"error": "The access token was revoked"}
    error = failure(json_exchange("GET", STATUSES, body, status=401))
    assert_error(error, AuthRevoked, "mastodon", TARGET.handle)


def test_rate_limit_carries_the_reset_time_from_the_iso_header():
    reset = (datetime.now(UTC) + timedelta(minutes=5)).replace(microsecond=212100)
    headers = [
        ("X-RateLimit-Limit", "300"),
        ("X-RateLimit-Remaining", "0"),
        ("X-RateLimit-Reset", reset.isoformat().replace("+00:00", "Z")),
    ]
    body = {"error": "Too many requests"}
    error = failure(json_exchange("GET", STATUSES, body, status=429, headers=headers))
    assert_error(error, RateLimited, "mastodon", TARGET.handle)
    # Mastodon.py corrects the reset for the server's clock (Date has whole seconds)
    assert abs(error.reset_at - reset) < timedelta(seconds=2)


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (500, b'{"error": "boom"}', Transient),
        (502, b"<html>Bad Gateway</html>", Transient),
        (503, b"", Transient),
        (200, b'[{"id": "1", "created_at": "2026-', Transient),
        (403, b'{"error": "Your login is currently disabled"}', AuthRevoked),
        (410, b'{"error": "Gone"}', NotFound),
        (422, b'{"error": "Validation failed"}', ConnectorError),
    ],
)
def test_http_failures_map_to_connector_errors(status, body, expected):
    tries = 3 if status >= 500 else 1  # a 5xx is asked again, twice, by default
    exchanges = [
        Exchange("GET", STATUSES, status, body, [("Content-Type", "application/json")])
        for _ in range(tries)
    ]
    assert_error(failure(*exchanges), expected, "mastodon", TARGET.handle)


def test_a_refused_connection_is_transient(closed_port_url):
    connector = get("mastodon")(base_url=closed_port_url, timeout=2)
    with pytest.raises(Transient) as caught:
        list(connector.fetch(TARGET, cursor=None, since=LONG_AGO).posts)
    assert_error(caught.value, Transient, "mastodon", TARGET.handle)


def test_max_pages_bounds_a_pagination_that_never_ends():
    page1 = cassette("mastodon-py/account_statuses_pages.yaml", match_query=False)[0]
    endless = []
    for _ in range(6):
        exchange = Exchange(page1.method, page1.path, page1.status, page1.body, page1.headers)
        endless.append(exchange)
    with replaying(endless) as server:
        fetch(server, max_pages=4)
    assert len(server.seen) == 4
