"""The simulator on its own: determinism, content mix, and shapes true to the recordings."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
import requests
from atproto import models
from atproto_client.models.utils import get_or_create

from connectors.simulator import Fault, RateLimit, Simulator, SimulatorConfig, content
from tests.connectors.replay import cassette, load_json
from tests.shared import DATA

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def get(sim: Simulator, platform: str, path: str, **kwargs) -> requests.Response:
    return requests.get(sim.base_url(platform) + path, timeout=5, **kwargs)


def x_page(sim: Simulator, handle: str = "juf_anna") -> requests.Response:
    auth = {"Authorization": "Bearer t"}
    user = get(sim, "x", f"/2/users/by/username/{handle}", headers=auth).json()["data"]["id"]
    fields = {"tweet.fields": "created_at,lang,attachments,referenced_tweets", "max_results": 100}
    fields.update({"expansions": "attachments.media_keys", "media.fields": "alt_text,type,url"})
    return get(
        sim, "x", f"/2/users/{user}/tweets", params=fields, headers={"Authorization": "Bearer t"}
    )


def test_the_same_seed_serves_the_same_bytes():
    with Simulator(seed=5, now=NOW) as one, Simulator(seed=5, now=NOW) as two:
        assert x_page(one).content == x_page(two).content
        path = "/xrpc/app.bsky.feed.getAuthorFeed?actor=a.bsky.social"
        assert get(one, "bluesky", path).content == get(two, "bluesky", path).content


def test_another_seed_serves_other_posts():
    with Simulator(seed=5, now=NOW) as one, Simulator(seed=6, now=NOW) as two:
        assert x_page(one).json()["data"] != x_page(two).json()["data"]


def test_an_account_does_not_depend_on_who_was_asked_for_first():
    with Simulator(seed=5, now=NOW) as one, Simulator(seed=5, now=NOW) as two:
        x_page(two, "someone_else")
        assert x_page(one).json() == x_page(two).json()


def test_listed_accounts_have_distinct_handles_and_tokens():
    with Simulator(seed=2, accounts=40, now=NOW) as sim:
        for platform in ("x", "facebook", "mastodon", "bluesky"):
            handles = [a.handle for a in sim.accounts(platform)]
            assert len(set(handles)) == 40
            assert len({sim.token(platform, h) for h in handles}) == 40
        assert all(h.endswith(".bsky.social") for h in (a.handle for a in sim.accounts("bluesky")))


def test_the_mix_has_both_languages_replies_reposts_media_and_non_public_posts():
    with Simulator(seed=3, accounts=30, posts_per_account=40, now=NOW) as sim:
        posts = [p for a in sim.accounts("mastodon") for p in a.posts]
    kinds = {p.kind for p in posts}
    assert kinds == {"own", "reply", "repost"}
    assert {p.lang for p in posts} == {"nl", "en"}
    assert {p.visibility for p in posts} == {"public", "unlisted", "private", "direct"}
    alts = [m.alt_text for p in posts for m in p.media]
    assert any("groep" in alt for alt in alts)
    assert "" in alts  # some photos have no description at all
    texts = " ".join(p.text for p in posts)
    for flagged in ("Nog niet officieel", "idioten", "uit groep", "Namens", "Not official yet"):
        assert flagged in texts
    assert all(p.created_at <= NOW for p in posts)


def test_no_sentence_is_taken_from_the_labelled_data():
    dev = DATA / "dev.jsonl"
    texts = dev.read_text(encoding="utf-8")
    templates = content.PRIVATE + content.SCHOOL + content.FLAGGED + content.REPLIES
    pieces = [piece.strip() for _, t in templates for piece in re.split(r"\{\w+\}", t)]
    assert [piece for piece in pieces if len(piece) >= 30 and piece in texts] == []


# --- shapes true to the recordings ----------------------------------------------


def keys(items) -> set[str]:
    return {key for item in items for key in item}


def test_x_tweets_have_the_recorded_field_names_and_rate_headers():
    recorded = load_json("x-python-twitter/search_tweets_query.json")
    recorded_keys = keys(recorded["data"]) | {"edit_history_tweet_ids"}
    with Simulator(seed=1, now=NOW, page_size=10) as sim:
        response = x_page(sim)
    body = response.json()
    assert keys(body["data"]) <= recorded_keys
    assert set(body["meta"]) <= {"result_count", "newest_id", "oldest_id", "next_token"}
    assert set(body["meta"]) >= {"result_count", "newest_id", "oldest_id", "next_token"}
    for name in ("x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset"):
        assert response.headers[name].isdigit()


def test_mastodon_statuses_have_the_recorded_field_names_and_link_header():
    recorded = cassette("mastodon-py/account_statuses_pages.yaml", match_query=False)[0]
    recorded_keys = keys(json.loads(recorded.body))
    with Simulator(seed=1, now=NOW, page_size=5) as sim:
        account = get(sim, "mastodon", "/api/v1/accounts/lookup", params={"acct": "a"}).json()
        response = get(sim, "mastodon", f"/api/v1/accounts/{account['id']}/statuses")
    statuses = response.json()
    assert keys(statuses) <= recorded_keys
    assert 'rel="next"' in response.headers["Link"]
    assert "max_id=" in response.headers["Link"]
    assert response.headers["X-RateLimit-Reset"].endswith("Z")
    assert all(isinstance(s["id"], str) for s in statuses)


def test_facebook_posts_have_the_recorded_paging_with_a_token_in_next():
    recorded = load_json("facebook-python-facebook/feed_fields_p1.json")
    with Simulator(seed=1, now=NOW, page_size=5) as sim:
        body = get(
            sim,
            "facebook",
            "/v21.0/me/posts",
            params={"access_token": "sim-facebook-juf", "fields": "id,message,created_time"},
        ).json()
    assert keys(body["data"]) <= keys(recorded["data"])
    assert set(body["paging"]) == set(recorded["paging"])
    assert "access_token=" in body["paging"]["next"]
    assert all(item["created_time"].endswith("+0000") for item in body["data"])


def test_bluesky_feed_parses_into_atprotos_models_like_the_recording():
    with Simulator(seed=1, now=NOW, page_size=50, posts_per_account=60) as sim:
        response = get(sim, "bluesky", "/xrpc/app.bsky.feed.getAuthorFeed?actor=a.bsky.social")
    body = response.json()
    feed = get_or_create(body, models.AppBskyFeedGetAuthorFeed.Response).feed
    assert len(feed) == 50
    assert body["cursor"]
    assert {type(item.reason).__name__ for item in feed} >= {"NoneType", "ReasonRepost"}
    assert any(item.reply is not None for item in feed)
    assert set(keys(body["feed"])) <= keys(
        load_json("bluesky-bskyr/getAuthorFeed_chriskenny.bsky.social.json")["feed"]
    )
    for name in ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy"):
        assert name in response.headers


# --- configuration and faults ---------------------------------------------------------


def test_fault_decisions_are_the_same_for_the_same_seed():
    config = SimulatorConfig(seed=9, now=NOW, faults=(Fault("error", rate=0.5),))
    statuses = []
    for _ in range(2):
        with Simulator(config) as sim:
            path = "/xrpc/app.bsky.feed.getAuthorFeed"
            statuses.append(
                [
                    get(sim, "bluesky", f"{path}?actor=u{i}.bsky.social").status_code
                    for i in range(20)
                ]
            )
    assert statuses[0] == statuses[1]
    assert set(statuses[0]) == {200, 503}


def test_a_fault_fires_no_more_than_its_times():
    with Simulator(now=NOW, faults=(Fault("error", times=2),)) as sim:
        codes = [
            get(sim, "mastodon", "/api/v1/accounts/lookup?acct=a").status_code for _ in range(4)
        ]
    assert codes == [503, 503, 200, 200]


def test_the_rate_limit_answers_429_with_headers_after_n_requests():
    with Simulator(now=NOW, rate_limit=RateLimit(requests=2, window=60)) as sim:
        codes = [
            get(sim, "x", "/2/users/by/username/a", headers={"Authorization": "Bearer t"})
            for _ in range(3)
        ]
    assert [c.status_code for c in codes] == [200, 200, 429]
    assert codes[2].headers["x-rate-limit-remaining"] == "0"


@pytest.mark.parametrize(
    "settings",
    [
        {"page_size": 0},
        {"posts_per_account": -1},
        {"now": datetime(2026, 1, 1)},
        {"handles": {"myspace": ("a",)}},
    ],
)
def test_invalid_settings_are_refused(settings):
    with pytest.raises(ValueError, match="must"):
        Simulator(**settings)


@pytest.mark.parametrize(
    "settings",
    [{"kind": "explode"}, {"kind": "error", "rate": 1.5}, {"kind": "slow", "platform": "icq"}],
)
def test_invalid_faults_are_refused(settings):
    with pytest.raises(ValueError, match="must"):
        Fault(**settings)


def test_an_unknown_path_is_a_404_and_counted():
    with Simulator(now=NOW) as sim:
        assert get(sim, "x", "/1.1/statuses/user_timeline.json").status_code == 404
        assert sim.request_count("x", "unknown") == 1
