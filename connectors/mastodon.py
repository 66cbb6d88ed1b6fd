"""Mastodon through Mastodon.py: the public statuses an account wrote.

Endpoints: `GET /api/v1/accounts/lookup?acct=` (only when the registry has no
account id) and `GET /api/v1/accounts/:id/statuses?exclude_reblogs=true`, newest
first, paged by the `Link` header (`max_id`). Only `public` statuses are kept:
unlisted, private and direct ones are not public (issue 5).

Trap: Mastodon.py's `fetch_next` drops `since_id` from the next page's query, so
paging walks on into older history; `fetch` stops at the first status at or
before the cursor (or before `since`) itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import requests
from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)

from auditor.model import Media, Post, Target
from connectors.base import Connector, Listed, Page, Profile
from connectors.errors import (
    AuthExpired,
    AuthRevoked,
    ConnectorError,
    NotFound,
    RateLimited,
    Transient,
)
from connectors.http import bounded_session
from connectors.mapping import account_of, numeric_id, parse_time
from connectors.mapping import mastodon as statuses
from connectors.mapping.html_text import html_to_text
from connectors.redact import protect_library_logs, redact
from connectors.registry import register

PLATFORM = "mastodon"
PAGE_SIZE = 40
PUBLIC = "public"

protect_library_logs()


def is_public(status: Mapping[str, Any]) -> bool:
    """Only `public` is public; a boost is someone else's words."""
    return status.get("visibility") == PUBLIC and not status.get("reblog")


def to_post(status: Mapping[str, Any], target: Target) -> Post:
    """One Status of `GET /api/v1/accounts/:id/statuses` as a Post (connectors.mapping.mastodon)."""
    return statuses.to_post(
        status_id=numeric_id(status["id"]),
        created_at=parse_time(status["created_at"]),
        content=status.get("content") or "",
        warning=status.get("spoiler_text") or "",
        account=account_of(target),
        url=status.get("url") or status.get("uri"),
        lang=status.get("language"),
        media=tuple(
            Media(
                type=statuses.API_MEDIA_TYPES.get(m.get("type") or "", "other"),
                alt_text=m.get("description") or "",
                url=m.get("url") or m.get("remote_url"),
            )
            for m in status.get("media_attachments") or ()
        ),
        parent=status.get("in_reply_to_id"),
    )


def describe(profile: Profile, account: Mapping[str, Any] | None, target: Target) -> None:
    """The account's current handle and bio, as every status carries them."""
    if not account:
        return
    acct = str(account.get("acct") or "")
    _, _, server = target.handle.lstrip("@").partition("@")
    if acct:
        profile.handle = acct if "@" in acct or not server else f"{acct}@{server}"
    if account.get("note") is not None:
        profile.bio = html_to_text(account["note"])


def instance_url(target: Target, base_url: str | None) -> str:
    """The server to ask: `base_url` when given, else the home server in the handle."""
    if base_url:
        return base_url.rstrip("/")
    _, _, domain = target.handle.lstrip("@").partition("@")
    if not domain:
        raise ConnectorError(
            f"Mastodon handle {target.handle!r} names no server: write it as name@server",
            platform=PLATFORM,
            handle=target.handle,
        )
    return f"https://{domain}"


def error_for(
    exc: Exception, target: Target, *, reset_epoch: float | None = None, said: str = ""
) -> ConnectorError:
    """The connector error for a Mastodon.py exception.

    Args:
        exc: What Mastodon.py (or the body) raised.
        target: The account being read.
        reset_epoch: The client's `ratelimit_reset`, read from `X-RateLimit-Reset`
            and corrected for the server's clock.
        said: The `error` text of the last error response. Mastodon.py loses it for
            list endpoints (it casts the error body to the list type).
    """
    where = {"platform": PLATFORM, "handle": target.handle}
    detail = redact(" ".join(str(a) for a in exc.args if a is not None), [target.token])
    if said:
        detail = f"{detail}: {redact(said, [target.token])}"
    message = f"Mastodon: {detail}"
    if isinstance(exc, MastodonRatelimitError):
        reset = datetime.fromtimestamp(reset_epoch, UTC) if reset_epoch else None
        return RateLimited(message, reset_at=reset, **where)
    if isinstance(exc, MastodonUnauthorizedError):
        revoked = "revoked" in detail.lower()
        return (AuthRevoked if revoked else AuthExpired)(message, **where)
    if isinstance(exc, MastodonNotFoundError):
        return NotFound(message, **where)
    if isinstance(exc, MastodonNetworkError | MastodonServerError):
        return Transient(message, **where)
    if isinstance(exc, MastodonAPIError):
        status = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else None
        if status is None:
            return Transient(message, **where)  # a body that is not the JSON asked for
        if status == 403:
            return AuthRevoked(message, **where)
        if status == 410:
            return NotFound(message, **where)
        return ConnectorError(message, **where)
    if isinstance(exc, MastodonError):
        return ConnectorError(message, **where)
    return Transient(f"Mastodon sent a malformed response: {type(exc).__name__}", **where)


def _keep_error(response: requests.Response, said: list[str]) -> None:
    """Remember the `error` text of an error response for `error_for`."""
    if response.ok:
        return
    try:
        body = response.json()
    except ValueError:
        body = None
    said.append(str(body["error"]) if isinstance(body, dict) and "error" in body else "")


MALFORMED_OR_FAILED = (MastodonError, ValueError, KeyError, TypeError, AttributeError)


@register
class MastodonConnector(Connector):
    """Reads from the account's home server; a token is sent when the registry has one.

    Public statuses need no token on most servers, hence `needs_token = False`;
    servers that close their API to anonymous readers answer 401 (AuthExpired).
    """

    platform = PLATFORM
    needs_token = False

    def pages(self, target: Target, floor: datetime, profile: Profile) -> Iterator[Page]:
        """Statuses newest first, from the first id Mastodon can have made at `floor`."""
        base = instance_url(target, self.base_url)
        session = bounded_session(base + "/", self.base_url, self.timeout, self.retries)
        said: list[str] = []
        session.hooks["response"].append(lambda response, **_: _keep_error(response, said))
        api = Mastodon(
            api_base_url=base,
            access_token=target.token,
            ratelimit_method="throw",
            request_timeout=self.timeout,
            session=session,
        )
        try:
            account_id = target.user_id or api.account_lookup(target.handle.lstrip("@"))["id"]
            profile.user_id = str(account_id)
            page = api.account_statuses(
                account_id,
                since_id=max(0, statuses.first_id_at(floor) - 1),
                exclude_reblogs=True,
                limit=PAGE_SIZE,
            )
            while True:
                items = []
                for status in page or ():
                    describe(profile, status.get("account"), target)
                    post = to_post(status, target)
                    items.append(
                        Listed(
                            statuses.moment_of(status["id"]), post if is_public(status) else None
                        )
                    )
                yield Page(items, more=bool(page))  # the list ends with an empty page
                if not page:
                    return
                page = api.fetch_next(page)
        except MALFORMED_OR_FAILED as exc:
            raise error_for(
                exc, target, reset_epoch=api.ratelimit_reset, said="".join(said[-1:])
            ) from None

    def cursor_moment(self, cursor: str) -> datetime:
        """An ISO time; older releases stored the newest status id."""
        return statuses.moment_of(cursor) if cursor.isdigit() else parse_time(cursor)

    def position(self, post_id: str, created_at: datetime) -> datetime:
        """Where the account's statuses list has the status: by its id."""
        return statuses.moment_of(post_id.removeprefix(f"{PLATFORM}:"))
