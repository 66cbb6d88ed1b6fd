"""Each real connector against the simulator: paging, cursors, limits, tokens and faults."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import connectors
from auditor.model import Target
from connectors.base import DEFAULT_REREAD
from connectors.errors import AuthExpired, AuthRevoked, NotFound, RateLimited, Transient
from connectors.simulator import Fault, RateLimit, Simulator
from tests.connectors.conftest import assert_error

PLATFORMS = ("x", "facebook", "mastodon", "bluesky")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SINCE = NOW - timedelta(days=30)
HANDLES = {
    "x": "juf_anna",
    "facebook": "juf.anouk",
    "mastodon": "fietsjuf@mastodon.example",
    "bluesky": "docent-erik.bsky.social",
}
VISIBLE = {"x": False, "facebook": True, "mastodon": True, "bluesky": False}
FEEDS = {
    "x": "users/:id/tweets",
    "facebook": "{node}/posts",
    "mastodon": "accounts/:id/statuses",
    "bluesky": "getAuthorFeed",
}


def simulator(**overrides) -> Simulator:
    settings = {
        "seed": 11,
        "now": NOW,
        "posts_per_account": 23,
        "page_size": 5,
        "handles": {p: (h,) for p, h in HANDLES.items()},
    }
    settings.update(overrides)
    return Simulator(**settings)


def target(sim: Simulator, platform: str, **changes) -> Target:
    handle = HANDLES[platform]
    fields = {"token": sim.token(platform, handle), **changes}
    return Target(platform, handle, **fields)


def reader(sim: Simulator, platform: str, **options) -> connectors.base.Connector:
    """A platform's connector pointed at the simulator (Bluesky's PLC directory too)."""
    services = {"plc": sim.plc_url()} if platform == "bluesky" else {}
    return connectors.get(platform)(base_url=sim.base_url(platform), services=services, **options)


def fetch(sim, platform, *, cursor=None, timeout=5.0, max_pages=50, **changes):
    connector = reader(sim, platform, timeout=timeout, max_pages=max_pages)
    return list(connector.fetch(target(sim, platform, **changes), cursor=cursor, since=SINCE).posts)


def kept(sim: Simulator, platform: str) -> list:
    """What the connector must return: own posts, and for FB/Mastodon public ones only."""
    account = sim.account(platform, HANDLES[platform])
    return [
        post
        for post in account.posts
        if post.kind != "repost" and (not VISIBLE[platform] or post.visibility == "public")
    ]


def failure(sim, platform, **kwargs):
    with pytest.raises(connectors.errors.ConnectorError) as caught:
        fetch(sim, platform, **kwargs)
    return caught.value


@pytest.fixture(params=PLATFORMS)
def platform(request) -> str:
    return request.param


def test_all_pages_are_read_and_only_own_public_posts_kept(platform):
    with simulator() as sim:
        posts = fetch(sim, platform)
        expected = kept(sim, platform)
        mentions = platform in ("x", "mastodon")  # a reply starts with the @name there
        assert [p.text for p in posts] == [
            f"@{p.other} {p.text}" if mentions and p.kind == "reply" else p.text for p in expected
        ]
        assert len(posts) == len(expected) > 0
        assert len({p.id for p in posts}) == len(posts)
        assert sim.request_count(platform) >= 23 // 5
        assert all(p.platform == platform for p in posts)
        assert [p.created_at for p in posts] == sorted((p.created_at for p in posts), reverse=True)


def test_a_cursor_reads_again_the_reread_window_and_brings_what_is_new(platform):
    with simulator() as sim:
        connector = reader(sim, platform, timeout=5)
        first = connector.fetch(target(sim, platform), cursor=None, since=SINCE)
        again = connector.fetch(target(sim, platform), cursor=first.cursor, since=SINCE)
        assert again.read_from == datetime.fromisoformat(first.cursor) - DEFAULT_REREAD
        assert {p.id for p in again.posts} <= {p.id for p in first.posts}
        fresh = sim.publish(platform, HANDLES[platform], count=6)
        third = connector.fetch(target(sim, platform), cursor=again.cursor, since=SINCE)
        new = {p.id for p in third.posts} - {p.id for p in first.posts}
        wanted = [
            p
            for p in fresh
            if p.kind != "repost" and (not VISIBLE[platform] or p.visibility == "public")
        ]
        assert len(new) == len(wanted)


@pytest.mark.parametrize("platform", ["x", "mastodon", "bluesky"])
def test_unknown_handles_are_not_found(platform):
    with simulator(unknown_handles=frozenset({HANDLES[platform]})) as sim:
        # (with an app password Bluesky already refuses the login: AuthRevoked)
        error = failure(sim, platform, **({"token": None} if platform == "bluesky" else {}))
    assert_error(error, NotFound, platform, HANDLES[platform])


def test_an_unknown_facebook_id_is_not_found():
    with simulator(unknown_handles=frozenset({"1234"})) as sim:
        error = failure(sim, "facebook", user_id="1234")
    assert_error(error, NotFound, "facebook", HANDLES["facebook"])


def test_rate_limit_raises_with_the_platforms_reset(platform):
    with simulator(rate_limit=RateLimit(requests=2, window=60)) as sim:
        error = failure(sim, platform)
        assert sim.request_count(platform) == 3
    assert_error(error, RateLimited, platform, HANDLES[platform])
    if platform == "facebook":
        assert error.reset_at is None  # Graph reports usage, never a reset time
    else:
        now = datetime.now(UTC)
        assert now - timedelta(seconds=5) < error.reset_at <= now + timedelta(seconds=62)


def test_a_revoked_token_is_revoked(platform):
    token = f"sim-{platform}-{HANDLES[platform]}"
    with simulator(revoked_tokens={platform: frozenset({token})}) as sim:
        error = failure(sim, platform)
    assert_error(error, AuthRevoked, platform, HANDLES[platform], secret=token)


def test_an_expired_token_is_expired(platform):
    token = f"sim-{platform}-{HANDLES[platform]}"
    with simulator(expired_tokens={platform: frozenset({token})}) as sim:
        error = failure(sim, platform)
    assert_error(error, AuthExpired, platform, HANDLES[platform], secret=token)


@pytest.mark.parametrize(
    "fault",
    [
        Fault("error", status=503),
        Fault("error", status=500),
        Fault("malformed"),
        Fault("truncated"),
        Fault("reset"),
        Fault("slow", seconds=1.0),
    ],
    ids=lambda f: f"{f.kind}-{f.status}",
)
def test_server_faults_are_transient(platform, fault):
    with simulator(faults=(fault,)) as sim:
        error = failure(sim, platform, timeout=0.3)
    assert_error(error, Transient, platform, HANDLES[platform])


def test_a_failure_after_some_pages_gives_no_partial_result(platform):
    """The fetch is one FetchResult or an error: a cursor never moves past unread pages."""
    with simulator(rate_limit=RateLimit(requests=4, window=60)) as sim:
        connector = reader(sim, platform, timeout=5)
        with pytest.raises(RateLimited):
            connector.fetch(target(sim, platform), cursor=None, since=SINCE)
        assert sim.request_count(platform, FEEDS[platform]) >= 1


def test_a_repeated_page_does_not_duplicate_posts(platform):
    with simulator() as clean:
        expected = [p.id for p in fetch(clean, platform)]
        plain_requests = clean.request_count(platform)
    with simulator(faults=(Fault("repeat_page", platform=platform, times=2),)) as sim:
        posts = fetch(sim, platform)
        assert sim.request_count(platform) == plain_requests + 2  # two pages came twice
    assert [p.id for p in posts] == expected


def test_max_pages_bounds_an_endless_pagination(platform):
    with simulator(faults=(Fault("endless"),), posts_per_account=7) as sim:
        posts = fetch(sim, platform, max_pages=4)
        assert sim.request_count(platform, FEEDS[platform]) == 4
    assert len({p.id for p in posts}) == len(posts)


def test_faults_can_target_one_account():
    fault = Fault("error", handle=HANDLES["mastodon"])
    with simulator(faults=(fault,)) as sim:
        with pytest.raises(Transient):
            fetch(sim, "mastodon")
        other = Target("mastodon", "other@x.example")
        connector = reader(sim, "mastodon", timeout=5)
        assert list(connector.fetch(other, cursor=None, since=SINCE).posts)


def test_bluesky_reads_the_public_appview_without_a_token():
    with simulator() as sim:
        posts = fetch(sim, "bluesky", token=None)
        assert len(posts) == len(kept(sim, "bluesky"))
        assert sim.request_count("bluesky", "createSession") == 0
        assert sim.request_count("bluesky", "getAuthorFeed") >= 4


def test_request_counts_are_per_endpoint():
    with simulator() as sim:
        fetch(sim, "x")
        fetch(sim, "mastodon")
        assert sim.request_count("x", "users/by/username") == 1
        assert sim.request_count("x", "users/:id/tweets") == sim.request_count("x") - 1
        assert sim.request_count("mastodon", "accounts/lookup") == 1
        assert sim.request_count() == sim.request_count("x") + sim.request_count("mastodon")
        sim.reset_counts()
        assert sim.request_count() == 0
