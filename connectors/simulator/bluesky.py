"""The Bluesky XRPC dialect: identity, createSession, getRecord, getAuthorFeed (bluesky-bskyr/).

Identity as the network has it: `com.atproto.identity.resolveHandle` gives a DID, the
PLC directory (under `/plc`) its DID document with the current handle and the PDS
(this simulator). `{feed: [FeedViewPost], cursor}` is newest first by the AppView's
sort time, the earlier of a post's `createdAt` and when it appeared (which the view's
`indexedAt` shows), the cursor being that time of the page's last item; replies carry
`record.reply` and a `reply` view; reposts carry a reasonRepost and another
author; images come as `app.bsky.embed.images` in the record and `#view` in the
post; `RateLimit-*` headers with a Unix reset and a `RateLimit-Policy`; errors
are `{"error", "message"}`. createSession answers without a didDoc, so atproto
keeps talking to the simulator.
"""

from __future__ import annotations

import base64
import json
import time
from datetime import datetime, timedelta
from typing import Any

from connectors.simulator.content import SimAccount, SimPost, stable_int
from connectors.simulator.protocol import Call, Reply, Route, iso_millis, window
from connectors.simulator.world import BASE32_SORTABLE, user_id_for

PLATFORM = "bluesky"
PAGE_PARAMS = ("cursor",)
DEFAULT_RATE_LIMIT = 3000
SESSION_HOURS = 2
FILTERS = ("posts_with_replies", "posts_no_replies", "posts_with_media", "posts_and_author_threads")


def xrpc_error(status: int, error: str, message: str) -> Reply:
    return Reply(status, {"error": error, "message": message})


def _jwt(payload: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'typ': 'at+jwt', 'alg': 'ES256K'})}.{part(payload)}.c2ltdWxhdG9y"


def _claims(token: str) -> dict:
    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}


def check_auth(call: Call, revoked: frozenset[str], expired: frozenset[str]) -> Reply | None:
    """The app password is checked at login; the session token on every read."""
    if (
        not call.path.startswith("/xrpc/")
        or "getRecord" in call.path
        or "resolveHandle" in call.path
    ):
        return None  # public everywhere
    if call.path.endswith("createSession"):
        password = (call.body or {}).get("password") if isinstance(call.body, dict) else None
        if not password or password in revoked:
            return xrpc_error(401, "AuthenticationRequired", "Invalid identifier or password")
        return None
    token = call.bearer()
    if token is None:
        return None  # the public AppView needs no session
    claims = _claims(token)
    if not claims:
        return xrpc_error(400, "InvalidToken", "Token could not be verified")
    if claims.get("exp", 0) < time.time() or claims.get("sim_state") == "expired":
        return xrpc_error(400, "ExpiredToken", "Token has expired")
    return None


def rate_key(call: Call) -> str:
    """Bluesky limits by client address; every client of the simulator has the same."""
    return "127.0.0.1"


def rate_headers(limit: int, remaining: int, reset: int) -> list[tuple[str, str]]:
    return [
        ("RateLimit-Limit", str(limit)),
        ("RateLimit-Remaining", str(remaining)),
        ("RateLimit-Reset", str(reset)),
        ("RateLimit-Policy", f"{limit};w=300"),
    ]


def rate_limited() -> Reply:
    return xrpc_error(429, "RateLimitExceeded", "Rate Limit Exceeded")


def server_error(status: int) -> Reply:
    if status == 502:
        return xrpc_error(status, "UpstreamFailure", "Upstream Failure")
    return xrpc_error(status, "InternalServerError", "Internal Server Error")


def _find(call: Call, actor: str) -> SimAccount | None:
    if actor.startswith("did:"):
        return call.world.account_by_id(PLATFORM, actor)
    return call.world.account(PLATFORM, actor)


def sort_at(post: SimPost) -> datetime:
    """Where the AppView's feed places a post: the earlier of its date and its arrival."""
    return min(post.created_at, post.appeared)


def resolve_handle(call: Call) -> Reply:
    """Answers GET /xrpc/com.atproto.identity.resolveHandle."""
    account = call.world.account(PLATFORM, call.query.get("handle", ""))
    if account is None:
        return xrpc_error(400, "InvalidRequest", "Unable to resolve handle")
    return Reply(200, {"did": account.user_id})


def did_document(call: Call) -> Reply:
    """Answers GET /plc/:did, as a PLC directory: the current handle and the PDS."""
    account = call.world.account_by_id(PLATFORM, call.params["did"])
    if account is None:
        return Reply(404, {"message": f"DID not registered: {call.params['did']}"})
    return Reply(
        200,
        {
            "@context": ["https://www.w3.org/ns/did/v1"],
            "id": account.user_id,
            "alsoKnownAs": [f"at://{account.handle}"],
            "verificationMethod": [],
            "service": [
                {
                    "id": "#atproto_pds",
                    "type": "AtprotoPersonalDataServer",
                    "serviceEndpoint": call.base_url,
                }
            ],
        },
    )


def get_record(call: Call) -> Reply:
    """Answers GET /xrpc/com.atproto.repo.getRecord for the profile record (the bio)."""
    account = _find(call, call.query.get("repo", ""))
    wanted = (call.query.get("collection"), call.query.get("rkey"))
    if account is None:
        return xrpc_error(400, "InvalidRequest", "Could not find repo")
    if wanted != ("app.bsky.actor.profile", "self"):
        return xrpc_error(400, "RecordNotFound", "Could not locate record")
    uri = f"at://{account.user_id}/app.bsky.actor.profile/self"
    value = {
        "$type": "app.bsky.actor.profile",
        "displayName": account.name,
        "description": account.bio,
    }
    return Reply(200, {"uri": uri, "cid": _cid(uri, account.bio), "value": value})


def create_session(call: Call) -> Reply:
    """Answers POST /xrpc/com.atproto.server.createSession."""
    body = call.body if isinstance(call.body, dict) else {}
    account = _find(call, str(body.get("identifier", "")))
    if account is None:
        return xrpc_error(401, "AuthenticationRequired", "Invalid identifier or password")
    expired = body.get("password") in call.world.config.expired_tokens.get(PLATFORM, ())
    claims = {
        "scope": "com.atproto.appPass",
        "sub": account.user_id,
        "iat": int(time.time()),
        "exp": int(time.time()) + SESSION_HOURS * 3600,
        "aud": "did:web:simulator.local",
    }
    if expired:
        claims["sim_state"] = "expired"
    return Reply(
        200,
        {
            "did": account.user_id,
            "handle": account.handle,
            "accessJwt": _jwt(claims),
            "refreshJwt": _jwt({**claims, "scope": "com.atproto.refresh"}),
            "active": True,
        },
    )


def author_feed(call: Call) -> Reply:
    """Answers GET /xrpc/app.bsky.feed.getAuthorFeed."""
    account = _find(call, call.query.get("actor", ""))
    if account is None:
        return xrpc_error(400, "InvalidRequest", "Profile not found")
    feed_filter = call.query.get("filter", "posts_with_replies")
    if feed_filter not in FILTERS:
        return xrpc_error(400, "InvalidRequest", f"Invalid filter: {feed_filter}")
    ordered = sorted(account.posts, key=sort_at, reverse=True)
    timeline = [p for p in ordered if _in_filter(p, feed_filter)]
    cursor = call.query.get("cursor")
    offset = sum(1 for p in timeline if iso_millis(sort_at(p)) >= cursor) if cursor else 0
    start, end, following = window(len(timeline), offset, call.limit("limit", 50, 100), call.paging)
    body: dict = {"feed": [_feed_item(p, account) for p in timeline[start:end]]}
    if following is not None:
        if following == 0:
            body["cursor"] = iso_millis(sort_at(timeline[0]) + timedelta(milliseconds=1))
        else:
            body["cursor"] = iso_millis(sort_at(timeline[following - 1]))
    return Reply(200, body)


def _in_filter(post: SimPost, feed_filter: str) -> bool:
    if feed_filter == "posts_no_replies":
        return post.kind != "reply"
    if feed_filter == "posts_with_media":
        return post.kind == "own" and bool(post.media)
    if feed_filter == "posts_and_author_threads":
        return post.kind != "reply"
    return True


def _rkey(moment: datetime, key: int) -> str:
    """A TID: microseconds and a clock id in sortable base32, 13 characters."""
    number = (int(moment.timestamp() * 1_000_000) << 10) | (key & 0x3FF)
    chars = []
    for _ in range(13):
        number, digit = divmod(number, 32)
        chars.append(BASE32_SORTABLE[digit])
    return "".join(reversed(chars))


def _cid(*parts: object) -> str:
    number = stable_int(*parts, bits=60)
    chars = []
    for _ in range(52):
        number, digit = divmod(number * 31 + 17, 32)
        chars.append(BASE32_SORTABLE[digit])
    return "bafyrei" + "".join(chars)


def _author(did: str, handle: str, name: str) -> dict:
    return {
        "did": did,
        "handle": handle,
        "displayName": name,
        "labels": [],
        "createdAt": "2023-09-19T15:47:01.417Z",
    }


def _post_view(
    post: SimPost, did: str, handle: str, name: str, *, reply: dict | None = None
) -> dict:
    uri = f"at://{did}/app.bsky.feed.post/{_rkey(post.appeared, post.key)}"
    record: dict = {
        "$type": "app.bsky.feed.post",
        "createdAt": iso_millis(post.created_at),
        "langs": [post.lang],
        "text": post.text,
    }
    view: dict = {
        "uri": uri,
        "cid": _cid(uri, post.edited_at),
        "author": _author(did, handle, name),
        "record": record,
        "replyCount": 0,
        "repostCount": 0,
        "likeCount": 0,
        "quoteCount": 0,
        "indexedAt": iso_millis(sort_at(post)),
        "labels": [],
    }
    if reply:
        record["reply"] = reply
    if post.media:
        images: list[dict[str, Any]] = [
            {
                "alt": medium.alt_text,
                "image": {
                    "$type": "blob",
                    "ref": {"$link": _cid(uri, index)},
                    "mimeType": "image/jpeg",
                    "size": 100_000 + index,
                },
                "aspectRatio": {"height": 1000, "width": 1500},
            }
            for index, medium in enumerate(post.media)
        ]
        record["embed"] = {"$type": "app.bsky.embed.images", "images": images}
        cdn = f"https://cdn.bsky.app/img/feed_fullsize/plain/{did}"
        view["embed"] = {
            "$type": "app.bsky.embed.images#view",
            "images": [
                {
                    "thumb": f"{cdn}/{image['image']['ref']['$link']}@jpeg",
                    "fullsize": f"{cdn}/{image['image']['ref']['$link']}@jpeg",
                    "alt": image["alt"],
                    "aspectRatio": image["aspectRatio"],
                }
                for image in images
            ],
        }
    return view


def _feed_item(post: SimPost, account: SimAccount) -> dict:
    if post.kind == "repost":
        other = f"{post.other}.bsky.social"
        original = SimPost(
            key=stable_int(post.key, "original", bits=60),
            created_at=post.created_at - timedelta(hours=5),
            text=post.text,
            lang=post.lang,
            kind="own",
            visibility="public",
        )
        view = _post_view(original, user_id_for(0, PLATFORM, other), other, post.other)
        reason = {
            "$type": "app.bsky.feed.defs#reasonRepost",
            "by": _author(account.user_id, account.handle, account.name),
            "indexedAt": iso_millis(post.created_at),
        }
        return {"post": view, "reason": reason}
    if post.kind == "reply":
        other = f"{post.other}.bsky.social"
        parent_post = SimPost(
            key=stable_int(post.key, "parent", bits=60),
            created_at=post.created_at - timedelta(minutes=40),
            text="Wie gaat er mee naar de markt zaterdag?",
            lang="nl",
            kind="own",
            visibility="public",
        )
        parent = _post_view(parent_post, user_id_for(0, PLATFORM, other), other, post.other)
        ref = {"cid": parent["cid"], "uri": parent["uri"]}
        view = _post_view(
            post, account.user_id, account.handle, account.name, reply={"root": ref, "parent": ref}
        )
        parent_view = {"$type": "app.bsky.feed.defs#postView", **parent}
        return {"post": view, "reply": {"root": parent_view, "parent": parent_view}}
    return {"post": _post_view(post, account.user_id, account.handle, account.name)}


ROUTES = (
    Route("GET", r"/plc/(?P<did>did:[a-z]+:[A-Za-z0-9._:%-]+)", "plc", did_document),
    Route("GET", r"/xrpc/com\.atproto\.identity\.resolveHandle", "resolveHandle", resolve_handle),
    Route("GET", r"/xrpc/com\.atproto\.repo\.getRecord", "getRecord", get_record),
    Route("POST", r"/xrpc/com\.atproto\.server\.createSession", "createSession", create_session),
    Route("GET", r"/xrpc/app\.bsky\.feed\.getAuthorFeed", "getAuthorFeed", author_feed),
)
