"""The X API v2 dialect: user lookup and a user's tweets, as recorded in shared/conformance.

Shapes follow `tweepy/*.yaml` and `x-python-twitter/*.json`: `data`,
`includes.media`, `meta{result_count, newest_id, oldest_id, next_token}`, only
the requested `tweet.fields`, `x-rate-limit-*` headers with a Unix reset, problem
JSON errors, and a 200 carrying only `errors` for a user that does not exist.
"""

from __future__ import annotations

from datetime import datetime

from connectors.simulator.content import SimAccount, SimPost, stable_int
from connectors.simulator.protocol import (
    Call,
    Reply,
    Route,
    iso_millis,
    millis,
    offset_of,
    opaque_token,
    window,
)

PLATFORM = "x"
PAGE_PARAMS = ("pagination_token",)  # a request for a later page carries one
TWITTER_EPOCH_MS = 1288834974657
DEFAULT_RATE_LIMIT = 1500
MEDIA_TYPES = {"photo": "photo", "video": "video", "gif": "animated_gif"}


def tweet_id(post: SimPost) -> int:
    """A snowflake made when X received the post: ids grow with X's clock, not a claimed date."""
    return _snowflake(post.appeared, post.key)


def current_id(post: SimPost) -> int:
    """The id of the tweet's latest version: an edit is a new tweet id on X."""
    return _snowflake(post.edited_at, post.key + 1) if post.edited_at else tweet_id(post)


def _snowflake(moment: datetime, key: int) -> int:
    return ((millis(moment) - TWITTER_EPOCH_MS) << 22) | (key & 0x3FFFFF)


def problem(status: int, title: str, detail: str) -> Reply:
    return Reply(
        status, {"title": title, "detail": detail, "type": "about:blank", "status": status}
    )


def check_auth(call: Call, revoked: frozenset[str], expired: frozenset[str]) -> Reply | None:
    """X needs a bearer token; a revoked one says so in the body, an expired one does not."""
    token = call.bearer()
    if token is None or token in expired:
        return problem(401, "Unauthorized", "Unauthorized")
    if token in revoked:
        return problem(401, "Unauthorized", "Unauthorized: the access token was revoked")
    return None


def rate_key(call: Call) -> str:
    return call.bearer() or "anonymous"


def rate_headers(limit: int, remaining: int, reset: int) -> list[tuple[str, str]]:
    return [
        ("x-rate-limit-limit", str(limit)),
        ("x-rate-limit-remaining", str(remaining)),
        ("x-rate-limit-reset", str(reset)),
    ]


def rate_limited() -> Reply:
    return problem(429, "Too Many Requests", "Too Many Requests")


def server_error(status: int) -> Reply:
    return problem(status, "Service Unavailable", "Service Unavailable")


def _not_found(value: str, parameter: str) -> Reply:
    return Reply(
        200,
        {
            "errors": [
                {
                    "value": value,
                    "detail": f"Could not find user with {parameter}: [{value}].",
                    "title": "Not Found Error",
                    "resource_type": "user",
                    "parameter": parameter,
                    "resource_id": value,
                    "type": "https://api.twitter.com/2/problems/resource-not-found",
                }
            ]
        },
    )


def user_by_username(call: Call) -> Reply:
    """Answers GET /2/users/by/username/:username."""
    username = call.params["username"]
    account = call.world.account(PLATFORM, username)
    if account is None:
        return _not_found(username, "username")
    return Reply(200, {"data": {"id": account.user_id, "name": account.name, "username": username}})


def users_tweets(call: Call) -> Reply:
    """Answers GET /2/users/:id/tweets."""
    account = call.world.account_by_id(PLATFORM, call.params["id"])
    if account is None:
        return _not_found(call.params["id"], "id")
    fields = set(filter(None, call.query.get("tweet.fields", "").split(",")))
    media_fields = set(filter(None, call.query.get("media.fields", "").split(",")))
    expand = "attachments.media_keys" in call.query.get("expansions", "")
    authors = "author_id" in call.query.get("expansions", "")
    user_fields = set(filter(None, call.query.get("user.fields", "").split(",")))
    timeline = _timeline(account, call)
    salt = f"x|{account.user_id}|{call.query.get('since_id')}|{call.query.get('start_time')}"
    offset = offset_of(salt, call.query.get("pagination_token"))
    if offset is None:
        return problem(
            400, "Invalid Request", "The `pagination_token` query parameter value is invalid"
        )
    limit = call.limit("max_results", 10, 100)
    start, end, following = window(len(timeline), offset, limit, call.paging)
    page = timeline[start:end]
    meta: dict = {"result_count": len(page)}
    if page:
        meta.update(newest_id=str(current_id(page[0])), oldest_id=str(current_id(page[-1])))
    if following is not None:
        meta["next_token"] = opaque_token(salt, following)
    body: dict = {}
    if page:
        body["data"] = [_tweet(post, account, fields) for post in page]
        media = [m for post in page for m in _media(post, media_fields)]
        includes: dict = {}
        if expand and media:
            includes["media"] = media
        if authors:
            includes["users"] = [_user(account, user_fields)]
        if includes:
            body["includes"] = includes
    body["meta"] = meta
    return Reply(200, body)


def _timeline(account: SimAccount, call: Call) -> list[SimPost]:
    since_id = int(call.query.get("since_id") or 0)
    until_id = int(call.query.get("until_id") or 0)
    start = _time(call.query.get("start_time"))
    end = _time(call.query.get("end_time"))
    newest_first = sorted(account.posts, key=current_id, reverse=True)
    return [
        post
        for post in newest_first
        if current_id(post) > since_id
        and (not until_id or current_id(post) < until_id)
        and (start is None or post.created_at >= start)
        and (end is None or post.created_at < end)
    ]


def _user(account: SimAccount, fields: set[str]) -> dict:
    user = {"id": account.user_id, "name": account.name, "username": account.handle}
    if "description" in fields:
        user["description"] = account.bio
    return user


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _tweet(post: SimPost, account: SimAccount, fields: set[str]) -> dict:
    identifier = str(current_id(post))
    history = [str(tweet_id(post))] + ([identifier] if post.edited_at else [])
    text = post.text
    references = []
    if post.kind == "repost":
        original = stable_int(post.key, "original", bits=60)
        text = f"RT @{post.other}: {post.text}"[:140].rstrip() + "…"
        references.append({"type": "retweeted", "id": str(original)})
    elif post.kind == "reply":
        text = f"@{post.other} {post.text}"
        references.append(
            {"type": "replied_to", "id": str(stable_int(post.key, "parent", bits=60))}
        )
    tweet: dict = {"id": identifier, "text": text, "edit_history_tweet_ids": history}
    optional = {
        "created_at": iso_millis(post.created_at),
        "lang": post.lang,
        "author_id": account.user_id,
        "conversation_id": references[0]["id"] if post.kind == "reply" else identifier,
        "possibly_sensitive": False,
    }
    if references:
        optional["referenced_tweets"] = references
    if post.kind == "reply":
        optional["in_reply_to_user_id"] = str(stable_int(post.other, bits=40))
    if post.media:
        optional["attachments"] = {"media_keys": [key for key, _ in _keys(post)]}
    entities = _entities(text)
    if entities:
        optional["entities"] = entities
    tweet.update({k: v for k, v in optional.items() if k in fields})
    return tweet


def _keys(post: SimPost):
    for index, medium in enumerate(post.media):
        yield f"3_{stable_int(post.key, index, bits=60)}", medium


def _media(post: SimPost, media_fields: set[str]) -> list[dict]:
    media = []
    for key, medium in _keys(post):
        item = {"media_key": key, "type": MEDIA_TYPES.get(medium.kind, "photo")}
        optional = {"url": f"https://pbs.twimg.com/media/{key}.jpg", "alt_text": medium.alt_text}
        item.update({k: v for k, v in optional.items() if k in media_fields and v})
        media.append(item)
    return media


def _entities(text: str) -> dict:
    mentions = []
    hashtags = []
    position = 0
    for word in text.split(" "):
        clean = word.rstrip(":,.!?…")
        if clean.startswith("@") and len(clean) > 1:
            mentions.append(
                {"start": position, "end": position + len(clean), "username": clean[1:]}
            )
        elif clean.startswith("#") and len(clean) > 1:
            hashtags.append({"start": position, "end": position + len(clean), "tag": clean[1:]})
        position += len(word) + 1
    entities = {}
    if mentions:
        entities["mentions"] = mentions
    if hashtags:
        entities["hashtags"] = hashtags
    return entities


ROUTES = (
    Route(
        "GET", r"/2/users/by/username/(?P<username>[^/]+)", "users/by/username", user_by_username
    ),
    Route("GET", r"/2/users/(?P<id>[^/]+)/tweets", "users/:id/tweets", users_tweets),
)
