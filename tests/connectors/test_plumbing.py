"""The shared pieces: registry, HTML to text, redaction, the bounded session."""

from __future__ import annotations

import logging

import pytest
import requests

import connectors
from auditor.errors import UnknownPlatform
from connectors.http import bounded_session
from connectors.mapping import known_lang, parse_time
from connectors.mapping.html_text import html_to_text
from connectors.redact import MASK, RedactingFilter, redact
from tests.connectors.replay import json_exchange, replaying


def test_the_four_platforms_are_registered():
    assert {"x", "facebook", "mastodon", "bluesky"} <= set(connectors.CONNECTORS)
    assert connectors.get("x").platform == "x"


def test_an_unknown_platform_names_the_known_ones():
    with pytest.raises(UnknownPlatform, match="bluesky, facebook, mastodon, x"):
        connectors.get("myspace")


def test_registering_a_platform_twice_is_refused():
    with pytest.raises(ValueError, match="duplicate"):
        connectors.register(connectors.get("x"))


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Hoi &amp; dag</p>", "Hoi & dag"),
        ("<p>regel 1<br>regel 2<br/>regel 3</p>", "regel 1\nregel 2\nregel 3"),
        ("<p>alinea 1</p><p>alinea 2</p>", "alinea 1\n\nalinea 2"),
        (
            '<p><a href="https://x.nl/@a" class="u-url mention">@<span>juf</span></a> fijn!</p>',
            "@juf fijn!",
        ),
        ("zonder opmaak", "zonder opmaak"),
        ("", ""),
    ],
)
def test_html_becomes_the_text_a_reader_sees(html, text):
    assert html_to_text(html) == text


@pytest.mark.parametrize(
    "text",
    [
        "GET /v21.0/me/posts?access_token=EAAB123xyz&fields=id",
        "Authorization: Bearer AAAAtoken.with.dots",
        "{'Authorization': 'Bearer AAAAtoken'}",
        '{"password": "app-pass-word"}',
    ],
)
def test_redaction_masks_token_shaped_values(text):
    cleaned = redact(text)
    assert MASK in cleaned
    assert "EAAB123xyz" not in cleaned
    assert "AAAAtoken" not in cleaned
    assert "app-pass-word" not in cleaned


def test_redaction_masks_a_known_secret_anywhere():
    assert redact("token xyz-123 failed", ["xyz-123", None]) == f"token {MASK} failed"


def test_the_log_filter_rewrites_records_with_arguments():
    record = logging.LogRecord(
        "urllib3.connectionpool",
        logging.DEBUG,
        "f",
        1,
        '"GET %s" %s',
        ("/x?access_token=abc", 200),
        None,
    )
    RedactingFilter().filter(record)
    assert record.getMessage() == f'"GET /x?access_token={MASK}" 200'


@pytest.mark.parametrize(
    ("code", "lang"),
    [("nl", "nl"), ("en-GB", "en"), ("NL", "nl"), ("und", None), ("de", None), (None, None)],
)
def test_only_dutch_and_english_are_language_hints(code, lang):
    assert known_lang(code) == lang


def test_platform_times_become_aware_utc():
    assert parse_time("2021-07-04T19:50:58+0000").isoformat() == "2021-07-04T19:50:58+00:00"
    assert parse_time("2021-07-04T21:50:58+02:00").isoformat() == "2021-07-04T19:50:58+00:00"
    assert parse_time("2021-07-04T19:50:58").tzinfo is not None


def test_a_rebased_session_sends_the_platforms_requests_to_the_base_url():
    with replaying(json_exchange("GET", "/2/users/1/tweets", {"ok": True})) as server:
        session = bounded_session("https://api.twitter.com/", server.base_url, 5)
        response = session.get("https://api.twitter.com/2/users/1/tweets?x=1")
    assert response.json() == {"ok": True}
    assert server.seen[0].query == {"x": "1"}


@pytest.mark.parametrize("url", ["https://example.org/", "http://graph.facebook.com/v1/me"])
def test_a_rebased_session_refuses_every_other_host(url):
    session = bounded_session("https://graph.facebook.com/", "http://127.0.0.1:9", 5)
    with pytest.raises(requests.ConnectionError, match="refused"):
        session.get(url)
