"""What a simulator run looks like: content, pace, limits and the faults to inject."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from connectors.simulator.content import DEFAULT_SCHOOLS

PLATFORMS = ("x", "facebook", "mastodon", "bluesky")
FAULT_KINDS = (
    "error",
    "throttle",
    "slow",
    "malformed",
    "truncated",
    "reset",
    "repeat_page",
    "endless",
)


@dataclass(frozen=True)
class Fault:
    """A fault injected into matching requests, decided per request from the seed.

    The decision for a request depends on the seed, the request (method, path,
    query, token) and how often that same request was seen before, so a retry
    gets a fresh draw and a run replays the same faults in any thread order.

    Attributes:
        kind: error (a 5xx with the platform's error body), throttle (the
            platform's 429 without any rate-limit header), slow (answer after
            `seconds`), malformed (JSON cut short, with a matching length),
            truncated (the connection closes mid-body), reset (closed without
            an answer), repeat_page (a page's previous page again), endless
            (the last page keeps pointing at itself).
        rate: Probability that a matching request gets the fault.
        platform: Only this platform's requests (None: all).
        handle: Only requests for this account (None: all).
        times: Fire at most this many times in the simulator's life.
        status: The status of an `error`.
        seconds: The delay of a `slow` answer.
    """

    kind: str
    rate: float = 1.0
    platform: str | None = None
    handle: str | None = None
    times: int | None = None
    status: int = 503
    seconds: float = 2.0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"fault kind must be one of {', '.join(FAULT_KINDS)}")
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError("fault rate must be between 0 and 1")
        if self.platform is not None and self.platform not in PLATFORMS:
            raise ValueError(f"fault platform must be one of {', '.join(PLATFORMS)}")


@dataclass(frozen=True)
class RateLimit:
    """At most `requests` per `window` seconds per platform and token, then 429s."""

    requests: int
    window: float = 900.0

    def __post_init__(self) -> None:
        if self.requests < 1 or self.window <= 0:
            raise ValueError("a rate limit needs at least one request per positive window")


@dataclass(frozen=True)
class SimulatorConfig:
    """Everything that shapes what the simulator serves.

    Attributes:
        seed: Draws every account's posts and every fault decision.
        accounts: Accounts listed per platform in `Simulator.accounts` (any other
            handle or id asked for is created on the fly).
        handles: Extra named accounts per platform.
        posts_per_account: Posts in each account's timeline.
        span: How far back the timelines reach.
        now: The newest moment of the timelines (default: the start time, to the minute).
        page_size: Most items per page, whatever the client asks (None: the
            platform's own maximum).
        latency: Seconds added to every answer.
        rate_limit: Enforced 429s (None: headers only, never a 429).
        faults: Faults to inject, checked in order; the first that fires wins.
        revoked_tokens: Tokens (Bluesky: app passwords) answered as revoked, per platform.
        expired_tokens: Tokens answered as expired, per platform.
        unknown_handles: Handles or ids that do not exist on any platform.
        schools: School names the posts talk about.
    """

    seed: int = 1
    accounts: int = 0
    handles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    posts_per_account: int = 30
    span: timedelta = timedelta(days=14)
    now: datetime | None = None
    page_size: int | None = None
    latency: float = 0.0
    rate_limit: RateLimit | None = None
    faults: tuple[Fault, ...] = ()
    revoked_tokens: Mapping[str, frozenset[str]] = field(default_factory=dict)
    expired_tokens: Mapping[str, frozenset[str]] = field(default_factory=dict)
    unknown_handles: frozenset[str] = frozenset()
    schools: tuple[str, ...] = DEFAULT_SCHOOLS

    def __post_init__(self) -> None:
        if self.posts_per_account < 0 or self.accounts < 0:
            raise ValueError("accounts and posts_per_account must not be negative")
        if self.page_size is not None and self.page_size < 1:
            raise ValueError("page_size must be at least 1")
        if self.now is not None and self.now.tzinfo is None:
            raise ValueError("now must carry a time zone")
        unknown = set(self.handles) | set(self.revoked_tokens) | set(self.expired_tokens)
        if unknown - set(PLATFORMS):
            raise ValueError(f"platforms must be among {', '.join(PLATFORMS)}")
