"""X: the recorded X API v2 responses replayed through tweepy over HTTP on 127.0.0.1."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
import requests
import tweepy

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
from connectors.http import bounded_session
from connectors.mapping import x as tweets
from connectors.x import ORIGIN, is_retweet, to_post
from tests.connectors.conftest import LONG_AGO, SECRET, assert_error
from tests.connectors.replay import Exchange, cassette, json_exchange, load_json, replaying

TWEETS = "/2/users/2244994945/tweets"
TARGET = Target("x", "TwitterDev", user_id="2244994945", token=SECRET, bio="Juf groep 7")


def fetch(server, target=TARGET, *, cursor=None, since=LONG_AGO, max_pages=50):
    connector = get("x")(base_url=server.base_url, timeout=5, max_pages=max_pages)
    return list(connector.fetch(target, cursor=cursor, since=since).posts)


def failure(*exchanges, target=TARGET) -> ConnectorError:
    with replaying(*exchanges) as server, pytest.raises(ConnectorError) as caught:
        fetch(server, target)
    return caught.value


# --- pure mapping on recorded bodies ---------------------------------------------


def test_reply_with_media_maps_to_post_with_reply_and_media():
    body = load_json("x-python-twitter/search_tweets_query.json")
    post = to_post(body["data"][0], body["includes"], TARGET)
    assert post.id == "x:1276035977375477760"
    assert post.created_at == datetime(2020, 6, 25, 6, 14, 19, tzinfo=UTC)
    assert post.in_reply_to == "x:1275653067283759104"
    assert post.url == "https://x.com/TwitterDev/status/1276035977375477760"
    assert post.lang == "en"
    assert post.account.handle == "TwitterDev"
    assert post.account.bio == "Juf groep 7"
    # the recorded body asks for no media fields: the media is known, its alt text is not
    assert [(m.type, m.alt_text) for m in post.media] == [("other", "")]


def test_undetermined_language_is_unknown():
    body = load_json("x-python-twitter/search_tweets_query.json")
    assert body["data"][2]["lang"] == "und"
    assert to_post(body["data"][2], body["includes"], TARGET).lang is None


def test_media_alt_text_is_joined_from_includes_by_media_key():
    tweet = {
        "id": "1",
        "text": "Klassenfoto",
        "created_at": "2026-11-20T09:14:00.000Z",
        "attachments": {"media_keys": ["3_1", "16_2"]},
    }
    includes = {
        "media": [
            {"media_key": "16_2", "type": "animated_gif", "url": "https://pbs/2.gif"},
            {"media_key": "3_1", "type": "photo", "alt_text": "groep 5 bij het museum"},
        ]
    }
    media = to_post(tweet, includes, TARGET).media
    assert [(m.type, m.alt_text) for m in media] == [
        ("photo", "groep 5 bij het museum"),
        ("gif", ""),
    ]


def test_html_entities_in_tweet_text_are_decoded():
    body = load_json("x-python-twitter/search_tweets_for_nyc.json")
    tweet = next(t for t in body["data"] if "&amp;" in t["text"])
    text = to_post(tweet, {}, TARGET).text
    assert "&amp;" not in text
    assert " & kids from MD" in text


def test_retweets_are_recognised_by_their_reference_not_their_text():
    body = load_json("x-python-twitter/search_tweets_for_nyc.json")
    flagged = {t["id"] for t in body["data"] if is_retweet(t)}
    prefixed = {t["id"] for t in body["data"] if t["text"].startswith("RT @")}
    assert flagged == prefixed
    assert 0 < len(flagged) < len(body["data"])


# --- the real client over HTTP -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("test_client_get_users_tweets.yaml", lambda c: c.get_users_tweets(783214)),
        ("test_client_get_user.yaml", lambda c: c.get_user(username="Twitter")),
        ("test_client_get_users.yaml", lambda c: c.get_users(usernames=["Twitter", "TwitterDev"])),
    ],
)
def test_recorded_cassettes_replay_through_tweepy_with_rate_limit_headers(name, call):
    with replaying(cassette(f"tweepy/{name}")) as server:
        client = tweepy.Client(bearer_token=SECRET, return_type=requests.Response)
        client.session = bounded_session(ORIGIN, server.base_url, 5)
        response = call(client)
    assert server.unmatched == []
    assert response.headers["x-rate-limit-limit"] in {"300", "1500"}
    assert int(response.headers["x-rate-limit-reset"]) > 1_600_000_000
    assert response.json()["data"]
    assert server.seen[0].headers["authorization"] == f"Bearer {SECRET}"


def test_timeline_pages_are_followed_by_next_token_and_fields_are_asked_for():
    page1 = load_json("x-python-twitter/timeline_tweets.json")
    page2 = load_json("x-python-twitter/search_tweets_query.json")
    with replaying(
        json_exchange("GET", TWEETS, page1), json_exchange("GET", TWEETS, page2)
    ) as server:
        posts = fetch(server)
    assert [p.id for p in posts] == [f"x:{t['id']}" for t in page1["data"] + page2["data"]]
    first, second = server.seen
    assert first.query["since_id"] == "1"  # X's first id, for a floor in 2000
    assert set(first.query["tweet.fields"].split(",")) >= {
        "created_at",
        "lang",
        "entities",
        "attachments",
        "referenced_tweets",
        "in_reply_to_user_id",
        "conversation_id",
    }
    assert first.query["expansions"] == "attachments.media_keys,author_id"
    assert set(first.query["user.fields"].split(",")) == {"username", "description"}
    assert set(first.query["media.fields"].split(",")) >= {"alt_text", "type", "url"}
    assert second.query["pagination_token"] == page1["meta"]["next_token"]


def test_retweets_are_skipped_and_a_cursor_less_the_reread_window_becomes_since_id():
    body = load_json("x-python-twitter/search_tweets_for_nyc.json")
    del body["meta"]["next_token"]
    cursor = datetime(2020, 6, 25, 12, tzinfo=UTC)
    with replaying(json_exchange("GET", TWEETS, body)) as server:
        posts = fetch(server, cursor=cursor.isoformat())
    since_id = int(server.seen[0].query["since_id"])
    assert since_id + 1 == tweets.first_id_at(cursor - DEFAULT_REREAD)
    assert tweets.moment_of(since_id + 1) == cursor - DEFAULT_REREAD
    assert len(posts) == len([t for t in body["data"] if not t["text"].startswith("RT @")])
    assert all(not p.text.startswith("RT @") for p in posts)


def test_handle_is_resolved_to_an_id_when_the_registry_has_none():
    user = load_json("x-python-twitter/user_resp.json")
    tweets = load_json("x-python-twitter/timeline_tweets.json")
    del tweets["meta"]["next_token"]
    target = Target("x", "@TwitterDev", token=SECRET)
    with replaying(
        json_exchange("GET", "/2/users/by/username/TwitterDev", user),
        json_exchange("GET", TWEETS, tweets),
    ) as server:
        posts = fetch(server, target)
    assert server.unmatched == []
    assert len(posts) == 5
    assert posts[0].url.startswith("https://x.com/TwitterDev/status/")


def test_recorded_user_lookup_cassette_resolves_the_handle():
    tweets = load_json("x-python-twitter/timeline_tweets.json")
    del tweets["meta"]["next_token"]
    target = Target("x", "Twitter", token=SECRET)
    with replaying(
        cassette("tweepy/test_client_get_user.yaml"),
        json_exchange("GET", "/2/users/783214/tweets", tweets),
    ) as server:
        assert len(fetch(server, target)) == 5
    assert server.unmatched == []


def test_a_user_x_does_not_know_is_not_found_even_though_x_answers_200():
    body = {
        "errors": [
            {
                "value": "nobody_here",
                "detail": "Could not find user with username: [nobody_here].",
                "title": "Not Found Error",
                "type": "https://api.twitter.com/2/problems/resource-not-found",
            }
        ]
    }
    target = Target("x", "nobody_here", token=SECRET)
    error = failure(json_exchange("GET", "/2/users/by/username/nobody_here", body), target=target)
    assert_error(error, NotFound, "x", "nobody_here")


# --- errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, ConnectorError),
        (401, AuthExpired),
        (403, AuthRevoked),
        (404, NotFound),
        (500, Transient),
        (503, Transient),
    ],
)
def test_recorded_problem_json_error_maps_by_status(status, expected):
    body = load_json("x-python-twitter/delete_error.json")
    tries = 3 if status >= 500 else 1  # a 5xx is asked again, twice, by default
    error = failure(*[json_exchange("GET", TWEETS, body, status=status) for _ in range(tries)])
    assert_error(error, expected, "x", "TwitterDev")
    assert "JSON doesn't match expected schema" in str(error)


def test_too_many_requests_carries_the_reset_time_from_the_header():
    body = {"title": "Too Many Requests", "detail": "Too Many Requests", "status": 429}
    headers = [("x-rate-limit-limit", "1500"), ("x-rate-limit-remaining", "0")]
    headers.append(("x-rate-limit-reset", "1893456000"))
    error = failure(json_exchange("GET", TWEETS, body, status=429, headers=headers))
    assert_error(error, RateLimited, "x", "TwitterDev")
    assert error.reset_at == datetime(2030, 1, 1, tzinfo=UTC)


def test_unauthorized_whose_body_says_revoked_is_revoked():
    body = {"title": "Unauthorized", "detail": "Unauthorized: token revoked", "status": 401}
    assert_error(
        failure(json_exchange("GET", TWEETS, body, status=401)), AuthRevoked, "x", "TwitterDev"
    )


@pytest.mark.parametrize(
    "body", [b'{"data": [{"id": "1", "text": "half', b"<html>oops</html>", b"[1, 2]"]
)
def test_a_malformed_body_is_transient(body):
    error = failure(Exchange("GET", TWEETS, 200, body, [("Content-Type", "application/json")]))
    assert_error(error, Transient, "x", "TwitterDev")


def test_a_refused_connection_is_transient_and_names_no_token(closed_port_url):
    connector = get("x")(base_url=closed_port_url, timeout=2)
    with pytest.raises(Transient) as caught:
        list(connector.fetch(TARGET, cursor=None, since=LONG_AGO).posts)
    assert_error(caught.value, Transient, "x", "TwitterDev")


def test_tweepy_debug_log_does_not_show_the_token(caplog):
    body = load_json("x-python-twitter/timeline_tweets.json")
    del body["meta"]["next_token"]
    with caplog.at_level(logging.DEBUG), replaying(json_exchange("GET", TWEETS, body)) as server:
        fetch(server)
    assert "Authorization" in caplog.text  # tweepy did log its headers ...
    assert SECRET not in caplog.text  # ... but not the token


def test_max_pages_bounds_a_pagination_that_never_ends():
    body = load_json("x-python-twitter/timeline_tweets.json")
    endless = [json_exchange("GET", TWEETS, body) for _ in range(5)]
    with replaying(endless) as server:
        posts = fetch(server, max_pages=3)
    assert len(server.seen) == 3
    assert len(posts) == len(body["data"])  # the repeated page adds nothing twice


def test_a_5xx_on_page_two_asks_for_page_two_again_not_page_one():
    page1 = load_json("x-python-twitter/timeline_tweets.json")
    page2 = load_json("x-python-twitter/search_tweets_query.json")
    failed = load_json("x-python-twitter/delete_error.json")
    with replaying(
        json_exchange("GET", TWEETS, page1),
        json_exchange("GET", TWEETS, failed, status=503),
        json_exchange("GET", TWEETS, page2),
    ) as server:
        posts = fetch(server)
    tokens = [seen.query.get("pagination_token") for seen in server.seen]
    assert tokens == [None, page1["meta"]["next_token"], page1["meta"]["next_token"]]
    assert len(posts) == len(page1["data"]) + len(page2["data"])


def test_an_old_numeric_cursor_still_reads_from_its_tweets_time():
    connector = get("x")()
    assert connector.cursor_moment("1275840000000000000") == tweets.moment_of(1275840000000000000)
    assert connector.cursor_moment("2026-11-20T09:00:00+00:00") == datetime(
        2026, 11, 20, 9, tzinfo=UTC
    )


def test_an_edited_tweet_keeps_the_id_of_its_first_version():
    body = load_json("x-python-twitter/timeline_tweets.json")
    tweet = dict(body["data"][0], edit_history_tweet_ids=["1000", body["data"][0]["id"]])
    post = to_post(tweet, {}, TARGET)
    assert post.id == "x:1000"
    assert post.url.endswith("/status/1000")
