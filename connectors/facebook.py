"""Facebook through facebook-sdk's `GraphAPI`: a person's own posts, with their user token.

Endpoint: `GET /{user-id|me}/posts?fields=...&since=<unix>`, newest first, paged
by `paging.next`. Only posts whose `privacy.value` is EVERYONE are kept: the
protocol audit reads public posts only (issue 5), and a post for friends stays
private. Graph API errors come as JSON bodies whatever the HTTP status, so the
mapping reads `error.code` and `error.error_subcode`, not the status.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlparse

import facebook
import requests

from auditor.model import Media, Post, Target
from connectors.base import Connector
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

log = logging.getLogger(__name__)
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

    def fetch(self, target: Target, *, cursor: str | None, since: datetime) -> Iterator[Post]:
        """Public posts newest first, created after `cursor` (an ISO time) or from `since`."""
        graph = facebook.GraphAPI(
            access_token=target.token,
            timeout=self.timeout,
            session=bounded_session(ORIGIN, self.base_url, self.timeout),
        )
        graph.version = GRAPH_VERSION
        after = parse_time(cursor) if cursor else since

        def new(post: Post) -> bool:
            return post.created_at > after if cursor else post.created_at >= after

        args: dict[str, Any] = {
            "fields": FIELDS,
            "limit": PAGE_SIZE,
            "since": int(after.timestamp()),
        }
        seen: set[str] = set()
        try:
            for _ in range(self.max_pages):
                page = graph.get_connections(target.user_id or "me", "posts", **args)
                reached_old = False
                for item in page["data"]:
                    post = to_post(item, target)
                    reached_old = reached_old or not new(post)
                    if post.id in seen or not new(post) or not is_public(item):
                        continue
                    if not post.text and not post.media:
                        continue  # a share without a word of the author's own
                    seen.add(post.id)
                    yield post
                following = (page.get("paging") or {}).get("next")
                if not following or reached_old or not page["data"]:
                    return
                args = _next_args(following, args["since"])
            self.truncated = True
            log.warning("facebook %s: stopped after %d pages", target.handle, self.max_pages)
        except MALFORMED_OR_FAILED as exc:
            raise error_for(exc, target) from None

    def next_cursor(self, cursor: str | None, posts: list[Post]) -> str | None:
        """The newest creation time seen, as ISO 8601 (Graph's `since` takes its Unix form)."""
        times = [p.created_at for p in posts]
        if cursor:
            times.append(parse_time(cursor))
        return max(times).isoformat() if times else None


def _next_args(next_url: str, since: int) -> dict[str, Any]:
    """The query of `paging.next` without its token (the client adds its own).

    Graph may drop `since` from the next link; it is put back so paging stops at
    the cursor instead of walking the person's whole history.
    """
    query = parse_qs(urlparse(next_url).query)
    args: dict[str, Any] = {k: v[-1] for k, v in query.items() if k != "access_token"}
    args.setdefault("since", since)
    return args
