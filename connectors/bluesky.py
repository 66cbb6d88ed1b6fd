"""Bluesky through atproto's `Client`: the posts and replies an account wrote.

The account is known by its DID (stored after the first fetch; a handle is resolved
once with `com.atproto.identity.resolveHandle` at the AppView). Its DID document (the
PLC directory, or `/.well-known/did.json` for did:web) names its current handle, so a
handle change is followed, and its own PDS, where an app password logs in
(`com.atproto.server.createSession`) and where the profile record with the bio is
read (`com.atproto.repo.getRecord`). Posts come from
`app.bsky.feed.getAuthorFeed?filter=posts_with_replies`, newest first, paged by
`cursor`: without a token from the AppView, with one through the account's PDS.
Replies are kept, since they are the author's own words; reposts are skipped.

The feed orders a post by the earlier of its `createdAt` and the moment it was
indexed (the view's `indexedAt` holds that sort time), so a post dated in the future
sits where it was published and a back-dated one lower down; the re-read window of
connectors.base finds the latter.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar

import httpx
from atproto import Client, models
from atproto_client import exceptions as at
from atproto_client.models.utils import get_model_as_dict
from atproto_client.request import Request
from atproto_core.exceptions import AtProtocolError

from auditor.model import Post, Target
from connectors.base import Connector, Listed, Page, Profile
from connectors.errors import (
    AuthExpired,
    AuthRevoked,
    ConnectorError,
    NotFound,
    RateLimited,
    Transient,
)
from connectors.mapping import account_of, parse_time
from connectors.mapping import bluesky as records
from connectors.redact import protect_library_logs, redact
from connectors.registry import register

PLATFORM = "bluesky"
PUBLIC_APPVIEW = "https://public.api.bsky.app"
PLC_DIRECTORY = "https://plc.directory"
FEED_FILTER = "posts_with_replies"
PAGE_SIZE = 100
REPOST = "app.bsky.feed.defs#reasonRepost"
PDS_SERVICE = "#atproto_pds"
EXPIRED_ERRORS = frozenset({"ExpiredToken"})
REVOKED_ERRORS = frozenset({"InvalidToken", "AuthenticationRequired", "AccountTakedown"})
GONE_ERRORS = frozenset({"NotFound", "ActorNotFound", "AccountNotFound", "AccountDeactivated"})

protect_library_logs()


T = TypeVar("T")


def is_own(item: models.AppBskyFeedDefs.FeedViewPost, did: str) -> bool:
    """Written by the account: not a repost, and the post's author is the account's DID."""
    if item.reason is not None and item.reason.py_type == REPOST:
        return False
    return item.post.author.did == did


def sort_time(item: models.AppBskyFeedDefs.FeedViewPost) -> datetime:
    """Where the feed places an item: a repost by its own time, a post by its sort time."""
    reason = item.reason
    when = getattr(reason, "indexed_at", None) if reason is not None else None
    return parse_time((when or item.post.indexed_at).replace("Z", "+00:00"))


def to_post(item: models.AppBskyFeedDefs.FeedViewPost, target: Target, handle: str) -> Post:
    """One FeedViewPost of `app.bsky.feed.getAuthorFeed` as a Post (connectors.mapping.bluesky)."""
    post = item.post
    did, _, rkey = post.uri.removeprefix("at://").partition(f"/{records.COLLECTION}/")
    record = get_model_as_dict(post.record)
    return records.to_post(
        did=did, rkey=rkey, record=record, account=replace(account_of(target), handle=handle)
    )


class Identity:
    """An account's DID, current handle and PDS, from its DID document."""

    def __init__(self, did: str, document: Mapping[str, Any]):
        self.did = did
        aliases = [a for a in document.get("alsoKnownAs") or () if str(a).startswith("at://")]
        self.handle = str(aliases[0]).removeprefix("at://") if aliases else None
        services = document.get("service") or ()
        self.pds = next(
            (
                str(s["serviceEndpoint"]).rstrip("/")
                for s in services
                if isinstance(s, Mapping) and str(s.get("id", "")).endswith(PDS_SERVICE)
            ),
            None,
        )


def error_for(exc: Exception, target: Target) -> ConnectorError:
    """The connector error for an atproto exception or an httpx failure."""
    where = {"platform": PLATFORM, "handle": target.handle}
    response = getattr(exc, "response", None)
    content = getattr(response, "content", None)
    name = getattr(content, "error", "") or ""
    detail = redact(str(exc) or type(exc).__name__, [target.token])
    message = f"Bluesky: {detail}"
    if isinstance(exc, at.RateLimitExceededError):
        return RateLimited(message, reset_at=exc.reset_at, **where)
    if isinstance(exc, at.LoginRequiredError) or name in EXPIRED_ERRORS:
        return AuthExpired(message, **where)
    if name in REVOKED_ERRORS:
        return AuthRevoked(message, **where)
    if name in GONE_ERRORS or "not found" in str(getattr(content, "message", "")).lower():
        return NotFound(message, **where)
    if isinstance(exc, at.UnauthorizedError):
        return AuthExpired(message, **where)
    if isinstance(exc, at.NetworkError | httpx.HTTPError):
        return Transient(message, **where)
    status = getattr(response, "status_code", 0)
    if isinstance(exc, at.RequestErrorBase) and status < 500:
        return NotFound(message, **where) if status == 404 else ConnectorError(message, **where)
    return Transient(message, **where)


MALFORMED_OR_FAILED = (
    AtProtocolError,
    httpx.HTTPError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
)


@register
class BlueskyConnector(Connector):
    """Reads the public feed from the AppView, or with an app password through the account's PDS."""

    platform = PLATFORM
    needs_token = False

    def pages(self, target: Target, floor: datetime, profile: Profile) -> Iterator[Page]:
        """Own posts and replies newest first, as the feed sorts them."""
        appview = self.base_url or PUBLIC_APPVIEW
        http = httpx.Client(
            timeout=self.timeout,
            transport=httpx.HTTPTransport(retries=self.retries),
            trust_env=False,
            follow_redirects=False,
        )
        client: Client | None = None
        try:
            did = target.user_id or self._resolve(http, appview, target)
            identity = Identity(did, self._document(http, did, target))
            if identity.pds is None:
                raise NotFound(
                    f"Bluesky: {did} names no PDS", platform=PLATFORM, handle=target.handle
                )
            profile.user_id = did
            profile.handle = identity.handle
            profile.bio = records.bio_of(self._profile_record(http, identity.pds, did, target))
            handle = identity.handle or target.handle
            if target.token:
                client = Client(base_url=identity.pds, request=Request(timeout=self.timeout))
                client.login(did, target.token, fetch_bsky_profile=False)
                client.update_base_url(identity.pds)  # the account's own PDS serves the feed
            else:
                client = Client(base_url=appview, request=Request(timeout=self.timeout))
            cursor = None
            while True:
                page = self._retried(
                    partial(
                        client.get_author_feed,
                        did,
                        cursor=cursor,
                        filter=FEED_FILTER,
                        limit=PAGE_SIZE,
                    )
                )
                items = [
                    Listed(
                        sort_time(item),
                        to_post(item, target, handle) if is_own(item, did) else None,
                    )
                    for item in page.feed
                ]
                yield Page(items, more=bool(page.cursor))
                if not page.cursor:
                    return
                cursor = page.cursor
        except ConnectorError:
            raise
        except MALFORMED_OR_FAILED as exc:
            raise error_for(exc, target) from None
        finally:
            http.close()
            if client is not None:
                client.request.close()

    def position(self, post_id: str, created_at: datetime) -> datetime:
        """The earliest the feed can sort a stored post: its date, or when it was made."""
        made = records.tid_moment(records.rkey_of(post_id))
        return min(created_at, made) if made is not None else created_at

    def _retried(self, call: Callable[[], T]) -> T:
        """One feed page, asked again after a fault that may pass (5xx, network)."""
        for attempt in range(self.retries + 1):
            try:
                return call()
            except (at.NetworkError, at.InvokeTimeoutError, at.RequestException) as exc:
                status = getattr(getattr(exc, "response", None), "status_code", 0) or 0
                if attempt == self.retries or not (status >= 500 or status == 0):
                    raise
                time.sleep(min(2.0, 0.25 * 2**attempt))
        raise AssertionError("unreachable")

    def _resolve(self, http: httpx.Client, appview: str, target: Target) -> str:
        """The DID of a handle, asked of the AppView once; then it is stored."""
        body = _get_json(
            http,
            f"{appview}/xrpc/com.atproto.identity.resolveHandle",
            {"handle": target.handle.lstrip("@")},
            target,
        )
        did = body.get("did") if isinstance(body, Mapping) else None
        if not isinstance(did, str) or not did.startswith("did:"):
            raise Transient(
                "Bluesky: resolveHandle gave no DID", platform=PLATFORM, handle=target.handle
            )
        return did

    def _document(self, http: httpx.Client, did: str, target: Target) -> Mapping[str, Any]:
        """The DID document: from the PLC directory, or the did:web host's well-known file."""
        if did.startswith("did:web:"):
            url = f"https://{did.removeprefix('did:web:')}/.well-known/did.json"
        else:
            url = f"{self.services.get('plc', PLC_DIRECTORY).rstrip('/')}/{did}"
        document = _get_json(http, url, {}, target)
        if not isinstance(document, Mapping) or document.get("id") != did:
            raise Transient(
                f"Bluesky: the DID document of {did} is not its own",
                platform=PLATFORM,
                handle=target.handle,
            )
        return document

    @staticmethod
    def _profile_record(
        http: httpx.Client, pds: str, did: str, target: Target
    ) -> Mapping[str, Any] | None:
        """The account's app.bsky.actor.profile record (None: the account has none)."""
        try:
            body = _get_json(
                http,
                f"{pds}/xrpc/com.atproto.repo.getRecord",
                {"repo": did, "collection": records.PROFILE, "rkey": "self"},
                target,
            )
        except NotFound:
            return None
        value = body.get("value") if isinstance(body, Mapping) else None
        return value if isinstance(value, Mapping) else None


def _get_json(http: httpx.Client, url: str, params: Mapping[str, str], target: Target) -> Any:
    """A JSON GET with the connector errors a feed request would give."""
    where = {"platform": PLATFORM, "handle": target.handle}
    response = http.get(url, params=params)
    if response.status_code == 429:
        reset = response.headers.get("ratelimit-reset", "")
        reset_at = datetime.fromtimestamp(int(reset), UTC) if reset.isdigit() else None
        raise RateLimited(f"Bluesky: rate limited at {url}", reset_at=reset_at, **where)
    if response.status_code >= 500:
        raise Transient(f"Bluesky answered {response.status_code} at {url}", **where)
    try:
        body = response.json()
    except ValueError:
        raise Transient(f"Bluesky sent a malformed response at {url}", **where) from None
    if response.status_code in (400, 404, 410):
        error = body.get("error", "") if isinstance(body, Mapping) else ""
        detail = body.get("message", "") if isinstance(body, Mapping) else ""
        raise NotFound(
            redact(f"Bluesky: {error or response.status_code}: {detail}", [target.token]), **where
        )
    if response.status_code >= 300:
        raise ConnectorError(f"Bluesky answered {response.status_code} at {url}", **where)
    return body
