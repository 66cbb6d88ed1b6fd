"""X (Twitter) through tweepy's API v2 `Client`: the tweets an account wrote.

Endpoints: `GET /2/users/by/username/:username` (only when the registry has no
user id) and `GET /2/users/:id/tweets`, newest first, paged by `next_token`.
The client returns plain dicts (`return_type=dict`), so `to_post` maps exactly the
JSON the API sends and is tested on recorded bodies. Retweets are skipped: the
account did not write them, and their text is truncated anyway.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import requests
import tweepy

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
from connectors.mapping import x as tweets
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
    "entities",
    "edit_history_tweet_ids",
)
EXPANSIONS = ("attachments.media_keys", "author_id")
USER_FIELDS = ("username", "description")
MEDIA_FIELDS = ("alt_text", "type", "url", "preview_image_url")
MEDIA_HOSTS = ("pic.x.com/", "pic.twitter.com/")
NOT_FOUND_PROBLEMS = ("resource-not-found", "resource-unavailable")
MALFORMED_OR_FAILED = (
    tweepy.TweepyException,
    requests.RequestException,
    ValueError,  # includes a body that is not JSON
    KeyError,
    TypeError,
    AttributeError,  # JSON, but not the shape X documents
)

protect_library_logs()


def is_retweet(tweet: Mapping[str, Any]) -> bool:
    """A retweet repeats someone else's words; the account did not write it."""
    return any(ref.get("type") == "retweeted" for ref in tweet.get("referenced_tweets") or ())


def to_post(tweet: Mapping[str, Any], includes: Mapping[str, Any], target: Target) -> Post:
    """One tweet of `GET /2/users/:id/tweets` as a Post (connectors.mapping.x).

    `includes` is the response's `includes` object: media is joined to the tweet
    by media key there, which is where the alt text lives.
    """
    history = tweet.get("edit_history_tweet_ids") or [tweet["id"]]
    note = tweet.get("note_tweet") or {}
    entities = note.get("entities") or tweet.get("entities") or {}
    urls = entities.get("urls") or ()
    replied_to = next(
        (ref["id"] for ref in tweet.get("referenced_tweets") or () if ref["type"] == "replied_to"),
        None,
    )
    return tweets.to_post(
        tweet_id=numeric_id(history[0]),
        created_at=parse_time(tweet["created_at"]),
        text=tweets.readable(
            note.get("text") or tweet.get("text") or "",
            [(u.get("url", ""), u.get("expanded_url", "")) for u in urls if not _is_media(u)],
            [u.get("url", "") for u in urls if _is_media(u)],
        ),
        account=account_of(target),
        lang=tweet.get("lang"),
        media=_media(tweet, includes),
        parent=replied_to,
    )


def _is_media(link: Mapping[str, Any]) -> bool:
    """A t.co link to the tweet's own photo or video, which X shows as the media itself."""
    return "media_key" in link or str(link.get("display_url", "")).startswith(MEDIA_HOSTS)


def _media(tweet: Mapping[str, Any], includes: Mapping[str, Any]) -> tuple[Media, ...]:
    by_key = {m["media_key"]: m for m in includes.get("media") or ()}
    keys = (tweet.get("attachments") or {}).get("media_keys") or ()
    media = []
    for key in keys:
        item = by_key.get(key, {})
        media.append(
            Media(
                type=tweets.MEDIA_TYPES.get(item.get("type", ""), "other"),
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

    def pages(self, target: Target, floor: datetime, profile: Profile) -> Iterator[Page]:
        """Tweets newest first from the first id X can have made at `floor` (`since_id`)."""
        client = tweepy.Client(bearer_token=target.token, return_type=dict)
        client.session = bounded_session(ORIGIN, self.base_url, self.timeout, self.retries)
        params: dict[str, Any] = {
            "max_results": PAGE_SIZE,
            "tweet_fields": list(TWEET_FIELDS),
            "expansions": list(EXPANSIONS),
            "media_fields": list(MEDIA_FIELDS),
            "user_fields": list(USER_FIELDS),
            "since_id": max(1, tweets.first_id_at(floor) - 1),  # since_id is exclusive
        }
        try:
            user_id = target.user_id or self._user_id(client, target)
            profile.user_id = user_id
            token = None
            while True:
                page = client.get_users_tweets(user_id, pagination_token=token, **params)
                if (problem := _problem(page, target)) is not None:
                    raise problem
                includes = page.get("includes") or {}
                _describe(profile, includes, user_id)
                items = [
                    Listed(
                        tweets.moment_of(numeric_id(tweet["id"])),
                        None if is_retweet(tweet) else to_post(tweet, includes, target),
                    )
                    for tweet in page.get("data") or ()
                ]
                token = (page.get("meta") or {}).get("next_token")
                yield Page(items, more=bool(token))
                if not token:
                    return
        except MALFORMED_OR_FAILED as exc:
            raise error_for(exc, target) from None

    def cursor_moment(self, cursor: str) -> datetime:
        """An ISO time; older releases stored the newest tweet id."""
        return tweets.moment_of(cursor) if cursor.isdigit() else parse_time(cursor)

    def position(self, post_id: str, created_at: datetime) -> datetime:
        """Where X's timeline has the tweet: by its id, whatever date it claims."""
        return tweets.moment_of(post_id.removeprefix(f"{PLATFORM}:"))

    @staticmethod
    def _user_id(client: tweepy.Client, target: Target) -> str:
        body = client.get_user(username=target.handle.lstrip("@"))
        if (problem := _problem(body, target)) is not None:
            raise problem
        return str(body["data"]["id"])


def _describe(profile: Profile, includes: Mapping[str, Any], user_id: str) -> None:
    """The account's current username and bio, from the `author_id` expansion."""
    for user in includes.get("users") or ():
        if str(user.get("id")) == str(user_id):
            profile.handle = user.get("username") or profile.handle
            if user.get("description") is not None:
                profile.bio = user["description"]
