"""Bluesky through atproto's `Client`: the posts and replies an account wrote.

Endpoints: `com.atproto.server.createSession` (only with an app password) and
`app.bsky.feed.getAuthorFeed?filter=posts_with_replies`, newest first, paged by
`cursor`. Replies are kept, since they are the author's own words; reposts
(`reason` is a reasonRepost, the post's author is someone else) are skipped.

Without a token the public AppView serves the same public feed, so Bluesky
`needs_token` is False; with an app password (Target.token) the connector logs
in at the entryway and reads through the account's own PDS.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
from atproto import Client, models
from atproto_client import exceptions as at
from atproto_client.request import Request
from atproto_core.exceptions import AtProtocolError

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
from connectors.mapping import account_of, known_lang, parse_time
from connectors.redact import protect_library_logs, redact
from connectors.registry import register

PLATFORM = "bluesky"
PUBLIC_APPVIEW = "https://public.api.bsky.app"
ENTRYWAY = "https://bsky.social"
FEED_FILTER = "posts_with_replies"
PAGE_SIZE = 100
REPOST = "app.bsky.feed.defs#reasonRepost"
IMAGES_VIEW = "app.bsky.embed.images#view"
VIDEO_VIEW = "app.bsky.embed.video#view"
EXPIRED_ERRORS = frozenset({"ExpiredToken"})
REVOKED_ERRORS = frozenset({"InvalidToken", "AuthenticationRequired", "AccountTakedown"})
GONE_ERRORS = frozenset({"NotFound", "ActorNotFound", "AccountNotFound", "AccountDeactivated"})

log = logging.getLogger(__name__)
protect_library_logs()


def is_own(item: models.AppBskyFeedDefs.FeedViewPost, target: Target) -> bool:
    """Written by the account: not a repost, and the post's author is the account."""
    if item.reason is not None and item.reason.py_type == REPOST:
        return False
    author = item.post.author
    return author.did == target.user_id or author.handle.lower() == target.handle.lower()


def to_post(item: models.AppBskyFeedDefs.FeedViewPost, target: Target) -> Post:
    """One FeedViewPost of `app.bsky.feed.getAuthorFeed` as a Post."""
    post = item.post
    record = post.record
    rkey = post.uri.rsplit("/", 1)[-1]
    langs = getattr(record, "langs", None) or ()
    reply = getattr(record, "reply", None)
    return Post(
        id=f"{PLATFORM}:{post.uri}",
        platform=PLATFORM,
        created_at=parse_time(record.created_at),
        text=record.text,
        account=account_of(target),
        url=f"https://bsky.app/profile/{post.author.handle}/post/{rkey}",
        lang=known_lang(langs[0] if langs else None),
        media=tuple(_media(post.embed)),
        in_reply_to=f"{PLATFORM}:{reply.parent.uri}" if reply else None,
    )


def _media(embed: Any) -> Iterator[Media]:
    """Images and video the author attached; a quoted post's media is not theirs."""
    if embed is None:
        return
    embed = getattr(embed, "media", None) or embed  # recordWithMedia#view wraps it
    if embed.py_type == IMAGES_VIEW:
        for image in embed.images:
            yield Media(type="photo", alt_text=image.alt or "", url=image.fullsize)
    elif embed.py_type == VIDEO_VIEW:
        yield Media(type="video", alt_text=embed.alt or "", url=embed.playlist)


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
    """Reads the public AppView, or logs in with an app password when one is given."""

    platform = PLATFORM
    needs_token = False

    def fetch(self, target: Target, *, cursor: str | None, since: datetime) -> Iterator[Post]:
        """Own posts newest first, created after `cursor` (an ISO time) or from `since`."""
        base = self.base_url or (ENTRYWAY if target.token else PUBLIC_APPVIEW)
        client = Client(base_url=base, request=Request(timeout=self.timeout))
        after = parse_time(cursor) if cursor else since

        def new(post: Post) -> bool:
            return post.created_at > after if cursor else post.created_at >= after

        seen: set[str] = set()
        try:
            if target.token:
                client.login(target.handle, target.token, fetch_bsky_profile=False)
                if self.base_url:
                    client.update_base_url(self.base_url)  # a stand-in server stays the only host
            page_cursor = None
            for _ in range(self.max_pages):
                page = client.get_author_feed(
                    target.user_id or target.handle,
                    cursor=page_cursor,
                    filter=FEED_FILTER,
                    limit=PAGE_SIZE,
                )
                reached_old = False
                for item in page.feed:
                    if not is_own(item, target):
                        continue
                    post = to_post(item, target)
                    if not new(post):
                        reached_old = True
                        continue
                    if post.id not in seen:
                        seen.add(post.id)
                        yield post
                if reached_old or not page.cursor or not page.feed:
                    return
                page_cursor = page.cursor
            self.truncated = True
            log.warning("bluesky %s: stopped after %d pages", target.handle, self.max_pages)
        except MALFORMED_OR_FAILED as exc:
            raise error_for(exc, target) from None
        finally:
            client.request.close()

    def next_cursor(self, cursor: str | None, posts: list[Post]) -> str | None:
        """The newest creation time seen, as ISO 8601."""
        times = [p.created_at for p in posts]
        if cursor:
            times.append(parse_time(cursor))
        return max(times).isoformat() if times else None
