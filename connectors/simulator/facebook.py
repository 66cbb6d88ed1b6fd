"""The Graph API dialect: a user's posts, as in facebook-python-facebook/*.json.

`data[]` with only the requested fields (`created_time` as `+0000`), `paging`
with `previous`/`next` URLs that carry `access_token=`, `until` and
`__paging_token` (facebook-sdk's `get_all_connections` needs the token there),
`privacy.value` per post, `attachments{...}` with `subattachments` for albums,
`X-App-Usage` headers, and OAuthException error bodies with code and subcode,
whatever the HTTP status.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from connectors.simulator.content import SimAccount, SimPost, stable_int
from connectors.simulator.protocol import Call, Reply, Route, offset_of, opaque_token, window

PLATFORM = "facebook"
PAGE_PARAMS = ("__paging_token",)  # a request for a later page carries one
DEFAULT_RATE_LIMIT = 200
TOKEN_PREFIX = "sim-facebook-"
PRIVACY = {
    "public": ("EVERYONE", "Public"),
    "unlisted": ("FRIENDS_OF_FRIENDS", "Friends of friends"),
    "private": ("ALL_FRIENDS", "Your friends"),
    "direct": ("SELF", "Only me"),
}


def error(status: int, code: int, message: str, subcode: int | None = None, **extra) -> Reply:
    body = {"message": message, "type": "OAuthException", "code": code, **extra}
    if subcode is not None:
        body["error_subcode"] = subcode
    body["fbtrace_id"] = f"Sim{stable_int(code, subcode, message, bits=40):x}"
    return Reply(status, {"error": body})


def check_auth(call: Call, revoked: frozenset[str], expired: frozenset[str]) -> Reply | None:
    token = call.query.get("access_token")
    if not token:
        message = "An active access token must be used to query information about the current user."
        return error(400, 2500, message)
    if token in revoked:
        message = (
            "Error validating access token: The session has been invalidated because the user "
            "changed their password or Facebook has changed the session for security reasons."
        )
        return error(400, 190, message, 460)
    if token in expired:
        return error(400, 190, "Error validating access token: Session has expired.", 463)
    return None


def rate_key(call: Call) -> str:
    return call.query.get("access_token") or "anonymous"


def rate_headers(limit: int, remaining: int, reset: int) -> list[tuple[str, str]]:
    used = round(100 * (limit - remaining) / limit)
    usage = {"call_count": used, "total_cputime": used // 2, "total_time": used // 2}
    return [("X-App-Usage", json.dumps(usage))]


def rate_limited() -> Reply:
    return error(400, 17, "(#17) User request limit reached", 2446079, is_transient=True)


def server_error(status: int) -> Reply:
    if status == 503:
        return error(status, 2, "Service temporarily unavailable", is_transient=True)
    return error(status, 1, "An unknown error has occurred.", is_transient=True)


def posts(call: Call) -> Reply:
    """Answers GET /{version}/{user-id|me}/posts."""
    node = call.params["node"]
    if node == "me":
        token = call.query.get("access_token", "")
        handle = token.removeprefix(TOKEN_PREFIX) if token.startswith(TOKEN_PREFIX) else None
        handle = handle or f"user{stable_int(token, bits=32)}"
        account = call.world.account(PLATFORM, handle)
    else:
        account = call.world.account_by_id(PLATFORM, node)
    if account is None:
        message = (
            f"Unsupported get request. Object with ID '{node}' does not exist, cannot be loaded "
            "due to missing permissions, or does not support this operation."
        )
        return error(400, 100, message, 33)
    fields = _top_level(call.query.get("fields", "id,message,created_time"))
    since = int(call.query.get("since") or 0)
    until = int(call.query.get("until") or 0) if "__paging_token" not in call.query else 0
    timeline = [
        p
        for p in sorted(account.posts, key=lambda post: post.created_at, reverse=True)
        if p.created_at.timestamp() >= since and (not until or p.created_at.timestamp() <= until)
    ]
    salt = f"facebook|{account.user_id}|{since}"
    offset = offset_of(salt, call.query.get("__paging_token"))
    if offset is None:
        return error(400, 100, "Invalid paging token")
    limit = call.limit("limit", 25, 100)
    start, end, following = window(len(timeline), offset, limit, call.paging)
    page = timeline[start:end]
    body: dict = {"data": [_item(post, account, fields) for post in page]}
    base = f"{call.base_url}/{call.params['version']}/{node}/posts"
    common = {"access_token": call.query.get("access_token", ""), "pretty": "0"}
    common.update({k: call.query[k] for k in ("fields", "limit") if k in call.query})
    paging = {}
    if page:
        newest = int(page[0].created_at.timestamp())
        previous = {
            **common,
            "since": newest,
            "__paging_token": opaque_token(salt, 0),
            "__previous": "1",
        }
        paging["previous"] = f"{base}?{urlencode(previous)}"
    if following is not None:
        oldest = int(timeline[following - 1].created_at.timestamp()) if following else since
        nxt = {**common, "until": oldest, "__paging_token": opaque_token(salt, following)}
        if since:
            nxt["since"] = since
        paging["next"] = f"{base}?{urlencode(nxt)}"
    if paging:
        body["paging"] = paging
    return Reply(200, body)


def _top_level(fields: str) -> set[str]:
    """`id,attachments{description,url},message` -> {"id", "attachments", "message"}."""
    names, depth, current = set(), 0, ""
    for char in fields:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            names.add(current.strip())
            current = ""
            continue
        if depth == 0 and char not in "{}":
            current += char
    names.add(current.strip())
    return {n.split(".")[0] for n in names if n}


def _item(post: SimPost, account: SimAccount, fields: set[str]) -> dict:
    post_id = f"{account.user_id}_{stable_int(post.key, bits=50)}"
    value, description = PRIVACY[post.visibility]
    optional: dict[str, Any] = {
        "created_time": post.created_at.strftime("%Y-%m-%dT%H:%M:%S+0000"),
        "updated_time": (post.edited_at or post.created_at).strftime("%Y-%m-%dT%H:%M:%S+0000"),
        "permalink_url": f"https://www.facebook.com/{account.user_id}/posts/{post_id.split('_')[1]}",
        "privacy": {
            "allow": "",
            "deny": "",
            "description": description,
            "friends": "",
            "value": value,
        },
    }
    if post.kind != "repost":
        optional["message"] = post.text
    attachments = _attachments(post)
    if attachments:
        optional["attachments"] = {"data": attachments}
    item = {"id": post_id}
    item.update({k: v for k, v in optional.items() if k in fields})
    return item


def _attachments(post: SimPost) -> list[dict]:
    if post.kind == "repost":
        return [
            {
                "description": post.text,
                "media_type": "link",
                "type": "share",
                "title": f"Bericht van {post.other}",
                "url": f"https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.org%2F{post.key}",
            }
        ]
    photos = [
        {
            "description": medium.alt_text,
            "media_type": "photo",
            "type": "photo",
            "url": f"https://www.facebook.com/photo.php?fbid={stable_int(post.key, i, bits=50)}",
        }
        for i, medium in enumerate(post.media)
    ]
    for photo in photos:
        if not photo["description"]:
            del photo["description"]
    if len(photos) > 1:
        return [{"media_type": "album", "type": "album", "subattachments": {"data": photos}}]
    return photos


ROUTES = (Route("GET", r"/(?P<version>v\d+\.\d+)/(?P<node>[^/]+)/posts", "{node}/posts", posts),)
