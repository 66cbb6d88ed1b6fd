"""X (Twitter) through tweepy's API v2 `Client`: the tweets an account wrote.

Endpoints: `GET /2/users/by/username/:username` (only when the registry has no
user id) and `GET /2/users/:id/tweets`, newest first, paged by `next_token`.
The client returns plain dicts (`return_type=dict`), so `to_post` maps exactly the
JSON the API sends and is tested on recorded bodies. Retweets are skipped: the
account did not write them, and their text is truncated anyway.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import requests
import tweepy

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
from connectors.mapping import account_of, known_lang, numeric_id, parse_time
from connectors.redact import protect_library_logs, redact
from connectors.registry import register

PLATFORM = "x"
ORIGIN = "https://api.twitter.com/"
PAGE_SIZE = 100
TWEET_FIELDS = (
    "created_at",
    "lang",
    "entities",
    "attachments",
    "referenced_tweets",
    "in_reply_to_user_id",
    "conversation_id",
    "note_tweet",
)
EXPANSIONS = ("attachments.media_keys",)
MEDIA_FIELDS = ("alt_text", "type", "url", "preview_image_url")
MEDIA_TYPES = {"photo": "photo", "video": "video", "animated_gif": "gif"}
NOT_FOUND_PROBLEMS = ("resource-not-found", "resource-unavailable")
MALFORMED_OR_FAILED = (
    tweepy.TweepyException,
    requests.RequestException,
    ValueError,  # includes a body that is not JSON
    KeyError,
    TypeError,
    AttributeError,  # JSON, but not the shape X documents
)

log = logging.getLogger(__name__)
protect_library_logs()


def is_retweet(tweet: Mapping[str, Any]) -> bool:
    """A retweet repeats someone else's words; the account did not write it."""
    return any(ref.get("type") == "retweeted" for ref in tweet.get("referenced_tweets") or ())


def to_post(tweet: Mapping[str, Any], includes: Mapping[str, Any], target: Target) -> Post:
    """One tweet of `GET /2/users/:id/tweets` as a Post.

    `includes` is the response's `includes` object: media is joined to the tweet
    by media key there, which is where the alt text lives.
    """
    tweet_id = numeric_id(tweet["id"])  # next_cursor reads it as a number
    note = tweet.get("note_tweet") or {}
    replied_to = next(
        (ref["id"] for ref in tweet.get("referenced_tweets") or () if ref["type"] == "replied_to"),
        None,
    )
    return Post(
        id=f"{PLATFORM}:{tweet_id}",
        platform=PLATFORM,
        created_at=parse_time(tweet["created_at"]),
        text=html.unescape(note.get("text") or tweet.get("text") or ""),
        account=account_of(target),
        url=f"https://x.com/{target.handle.lstrip('@')}/status/{tweet_id}",
        lang=known_lang(tweet.get("lang")),
        media=_media(tweet, includes),
        in_reply_to=f"{PLATFORM}:{replied_to}" if replied_to else None,
    )


def _media(tweet: Mapping[str, Any], includes: Mapping[str, Any]) -> tuple[Media, ...]:
    by_key = {m["media_key"]: m for m in includes.get("media") or ()}
    keys = (tweet.get("attachments") or {}).get("media_keys") or ()
    media = []
    for key in keys:
        item = by_key.get(key, {})
        media.append(
            Media(
                type=MEDIA_TYPES.get(item.get("type", ""), "other"),
                alt_text=item.get("alt_text") or "",
                url=item.get("url") or item.get("preview_image_url"),
            )
        )
    return tuple(media)


def error_for(exc: Exception, target: Target) -> ConnectorError:
    """The connector error for what tweepy, requests or the body raised."""
    where = {"platform": PLATFORM, "handle": target.handle}
    if isinstance(exc, tweepy.HTTPException):
        status = exc.response.status_code
        detail = redact("; ".join(map(str, exc.api_messages)) or str(status), [target.token])
        message = f"X answered {status}: {detail}"
        if isinstance(exc, tweepy.TooManyRequests):
            reset = datetime.fromtimestamp(exc.reset_time, UTC) if exc.reset_time else None
            return RateLimited(message, reset_at=reset, **where)
        if isinstance(exc, tweepy.Unauthorized):
            revoked = "revoked" in detail.lower()
            return (AuthRevoked if revoked else AuthExpired)(message, **where)
        if isinstance(exc, tweepy.Forbidden):
            return AuthRevoked(message, **where)
        if isinstance(exc, tweepy.NotFound):
            return NotFound(message, **where)
        if isinstance(exc, tweepy.TwitterServerError):
            return Transient(message, **where)
        return ConnectorError(message, **where)
    if isinstance(exc, requests.RequestException):
        return Transient(f"X unreachable: {type(exc).__name__}", **where)
    return Transient(f"X sent a malformed response: {type(exc).__name__}", **where)


def _problem(body: Mapping[str, Any], target: Target) -> ConnectorError | None:
    """X answers 200 with only `errors` when the user is gone; that is not success."""
    if "data" in body or not body.get("errors"):
        return None
    where = {"platform": PLATFORM, "handle": target.handle}
    first = body["errors"][0]
    message = redact(f"X: {first.get('detail') or first.get('title') or first}", [target.token])
    if str(first.get("type", "")).endswith(NOT_FOUND_PROBLEMS):
        return NotFound(message, **where)
    return ConnectorError(message, **where)


@register
class XConnector(Connector):
    """Reads with an app bearer token (Target.token); any public account is readable."""

    platform = PLATFORM

    def fetch(self, target: Target, *, cursor: str | None, since: datetime) -> Iterator[Post]:
        """Tweets newest first: after tweet id `cursor`, or from `since` on the first run."""
        client = tweepy.Client(bearer_token=target.token, return_type=dict)
        client.session = bounded_session(ORIGIN, self.base_url, self.timeout)
        params: dict[str, Any] = {
            "max_results": PAGE_SIZE,
            "tweet_fields": list(TWEET_FIELDS),
            "expansions": list(EXPANSIONS),
            "media_fields": list(MEDIA_FIELDS),
        }
        if cursor:
            params["since_id"] = cursor
        else:
            params["start_time"] = since
        seen: set[str] = set()
        try:
            user_id = target.user_id or self._user_id(client, target)
            self.resolved_user_id = user_id
            token = None
            for _ in range(self.max_pages):
                page = client.get_users_tweets(user_id, pagination_token=token, **params)
                if (problem := _problem(page, target)) is not None:
                    raise problem
                includes = page.get("includes") or {}
                for tweet in page.get("data") or ():
                    if tweet["id"] in seen or is_retweet(tweet):
                        continue
                    seen.add(tweet["id"])
                    yield to_post(tweet, includes, target)
                token = (page.get("meta") or {}).get("next_token")
                if not token:
                    return
            self.truncated = True
            log.warning("x %s: stopped after %d pages", target.handle, self.max_pages)
        except MALFORMED_OR_FAILED as exc:
            raise error_for(exc, target) from None

    def next_cursor(self, cursor: str | None, posts: list[Post]) -> str | None:
        """The newest tweet id seen: X's `since_id` is exclusive, so nothing repeats."""
        ids = [int(p.id.removeprefix(f"{PLATFORM}:")) for p in posts]
        if cursor:
            ids.append(int(cursor))
        return str(max(ids)) if ids else None

    @staticmethod
    def _user_id(client: tweepy.Client, target: Target) -> str:
        body = client.get_user(username=target.handle.lstrip("@"))
        if (problem := _problem(body, target)) is not None:
            raise problem
        return str(body["data"]["id"])
