"""Facebook through facebook-sdk's `GraphAPI`: a person's own posts, with their user token.

Endpoint: `GET /{user-id|me}/posts?fields=...&since=<unix>`, newest first, paged
by `paging.next`. Only posts whose `privacy.value` is EVERYONE are kept: the
protocol audit reads public posts only (issue 5), and a post for friends stays
private. Graph API errors come as JSON bodies whatever the HTTP status, so the
mapping reads `error.code` and `error.error_subcode`, not the status.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlparse

import facebook
import requests

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
from connectors.mapping import account_of, parse_time
from connectors.redact import protect_library_logs, redact
from connectors.registry import register

PLATFORM = "facebook"
ORIGIN = "https://graph.facebook.com/"
# facebook-sdk 3.1 only accepts versions up to 3.1, which Meta retired long ago;
# the attribute is set after construction to ask for a living version.
GRAPH_VERSION = "v21.0"
FIELDS = (
    "id,message,created_time,permalink_url,privacy,"
    "attachments{description,media_type,type,url,subattachments}"
)
PAGE_SIZE = 100
PUBLIC = "EVERYONE"
MEDIA_TYPES = {"photo": "photo", "video": "video", "animated_image_video": "gif", "audio": "audio"}
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, *range(80001, 80015)})
NOT_FOUND_CODES = frozenset({100, 803})
TOKEN_CODE = 190
REVOKED_SUBCODES = frozenset({458, 459, 460, 464})
PERMISSION_CODES = frozenset({10, *range(200, 300)})

protect_library_logs()


def is_public(item: Mapping[str, Any]) -> bool:
    """Public unless the post's privacy says otherwise (absent means the default, public)."""
    privacy = item.get("privacy") or {}
    return privacy.get("value", PUBLIC) == PUBLIC


def to_post(item: Mapping[str, Any], target: Target) -> Post:
    """One item of `GET /{user-id}/posts` as a Post (Graph gives no language)."""
    message = item.get("message") or ""
    return Post(
        id=f"{PLATFORM}:{item['id']}",
        platform=PLATFORM,
        created_at=parse_time(item["created_time"]),
        text=message,
        account=account_of(target),
        url=item.get("permalink_url"),
        media=tuple(_media(item, message)),
    )


def _media(item: Mapping[str, Any], message: str) -> Iterator[Media]:
    """Photos and videos of the attachments; shared links are not the author's media.

    Graph offers no alt text on an attachment. Its `description` is the photo's
    caption, the nearest thing; when it only repeats the message it is left out,
    so a finding is not reported twice.
    """
    for attachment in (item.get("attachments") or {}).get("data") or ():
        parts = (attachment.get("subattachments") or {}).get("data") or [attachment]
        for part in parts:
            kind = MEDIA_TYPES.get(part.get("media_type") or part.get("type") or "")
            if kind is None:
                continue
            description = part.get("description") or ""
            yield Media(
                type=kind,
                alt_text="" if description == message else description,
                url=part.get("url"),
            )


def error_for(exc: Exception, target: Target) -> ConnectorError:
    """The connector error for a Graph API error body or a network failure."""
    where = {"platform": PLATFORM, "handle": target.handle}
    if isinstance(exc, facebook.GraphAPIError):
        error = exc.result.get("error") if isinstance(exc.result, dict) else None
        error = error if isinstance(error, dict) else {}
        code, subcode = error.get("code"), error.get("error_subcode")
        message = redact(f"Facebook error {code}/{subcode}: {exc.message}", [target.token])
        if code in RATE_LIMIT_CODES:
            return RateLimited(message, reset_at=None, **where)  # Graph sends usage, no reset
        if code == TOKEN_CODE:
            revoked = subcode in REVOKED_SUBCODES
            return (AuthRevoked if revoked else AuthExpired)(message, **where)
        if code == 102:
            return AuthExpired(message, **where)
        if code in PERMISSION_CODES:
            return AuthRevoked(message, **where)
        if code in NOT_FOUND_CODES:
            return NotFound(message, **where)
        return Transient(message, **where)
    if isinstance(exc, requests.RequestException):
        return Transient(f"Facebook unreachable: {type(exc).__name__}", **where)
    return Transient(f"Facebook sent a malformed response: {type(exc).__name__}", **where)


MALFORMED_OR_FAILED = (
    facebook.GraphAPIError,
    requests.RequestException,
    ValueError,  # includes a body that is not JSON
    KeyError,  # facebook-sdk reads the content-type header unguarded
    TypeError,
    AttributeError,
)


@register
class FacebookConnector(Connector):
    """Reads `/me/posts` (or a user id's) with the person's own user access token."""

    platform = PLATFORM

    def pages(self, target: Target, floor: datetime, profile: Profile) -> Iterator[Page]:
        """Posts newest first, created from `floor` on (Graph's `since`, in Unix seconds)."""
        graph = facebook.GraphAPI(
            access_token=target.token,
            timeout=self.timeout,
            session=bounded_session(ORIGIN, self.base_url, self.timeout, self.retries),
        )
        graph.version = GRAPH_VERSION
        args: dict[str, Any] = {
            "fields": FIELDS,
            "limit": PAGE_SIZE,
            "since": int(floor.timestamp()),
        }
        try:
            while True:
                page = graph.get_connections(target.user_id or "me", "posts", **args)
                items = []
                for item in page["data"]:
                    post = to_post(item, target)
                    # not public, or a share without a word of their own: not kept
                    kept = is_public(item) and bool(post.text or post.media)
                    items.append(Listed(post.created_at, post if kept else None))
                following = (page.get("paging") or {}).get("next")
                yield Page(items, more=bool(following))
                if not following:
                    return
                args = _next_args(following, args["since"])
        except MALFORMED_OR_FAILED as exc:
            raise error_for(exc, target) from None


def _next_args(next_url: str, since: int) -> dict[str, Any]:
    """The query of `paging.next` without its token (the client adds its own).

    Graph may drop `since` from the next link; it is put back so paging stops at
    the cursor instead of walking the person's whole history.
    """
    query = parse_qs(urlparse(next_url).query)
    args: dict[str, Any] = {k: v[-1] for k, v in query.items() if k != "access_token"}
    args.setdefault("since", since)
    return args
