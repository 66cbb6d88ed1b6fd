"""The Mastodon dialect: account lookup and an account's statuses, as in mastodon-py/*.yaml.

Statuses are newest first with string snowflake ids; paging is by the `Link`
header (`max_id` next, `min_id` prev) and ends with an empty page; content is
HTML; reblogs wrap someone else's status with an empty outer `content`; rate
limits are `X-RateLimit-*` with an ISO 8601 reset; errors are `{"error": ...}`.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

from connectors.simulator.content import SimAccount, SimPost, stable_int
from connectors.simulator.protocol import Call, Reply, Route, iso_millis, millis, window

PLATFORM = "mastodon"
PAGE_PARAMS = ("max_id",)  # a request for a later page carries one
DEFAULT_RATE_LIMIT = 300
MEDIA_TYPES = {"photo": "image", "video": "video", "gif": "gifv"}


def status_id(post: SimPost) -> int:
    """Mastodon's snowflake: milliseconds in the high bits, 16 low bits of sequence.

    Made from the status's own date, as Mastodon does for statuses that arrive with
    one (imports, federation): a back-dated status sits back in the list.
    """
    return (millis(post.created_at) << 16) | (post.key & 0xFFFF)


def check_auth(call: Call, revoked: frozenset[str], expired: frozenset[str]) -> Reply | None:
    """Public statuses need no token; a token that is sent must be good."""
    token = call.bearer()
    if token in revoked:
        return Reply(401, {"error": "The access token was revoked"})
    if token in expired:
        return Reply(401, {"error": "The access token expired"})
    return None


def rate_key(call: Call) -> str:
    return call.bearer() or "anonymous"


def rate_headers(limit: int, remaining: int, reset: int) -> list[tuple[str, str]]:
    moment = datetime.fromtimestamp(reset, UTC)
    return [
        ("X-RateLimit-Limit", str(limit)),
        ("X-RateLimit-Remaining", str(remaining)),
        ("X-RateLimit-Reset", moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")),
    ]


def rate_limited() -> Reply:
    return Reply(429, {"error": "Too many requests"})


def server_error(status: int) -> Reply:
    """Mastodon's 5xx come from its web server as an HTML page."""
    page = b"<html><body><h1>We're sorry, but something went wrong.</h1></body></html>"
    return Reply(status, page, content_type="text/html; charset=utf-8")


def lookup(call: Call) -> Reply:
    """Answers GET /api/v1/accounts/lookup?acct=."""
    account = call.world.account(PLATFORM, call.query.get("acct", ""))
    if account is None:
        return Reply(404, {"error": "Record not found"})
    return Reply(200, _account(account, call.base_url))


def statuses(call: Call) -> Reply:
    """Answers GET /api/v1/accounts/:id/statuses."""
    account = call.world.account_by_id(PLATFORM, call.params["id"])
    if account is None:
        return Reply(404, {"error": "Record not found"})
    timeline = _timeline(account, call)
    ids = [status_id(p) for p in timeline]
    max_id = int(call.query.get("max_id") or 0)
    offset = sum(1 for i in ids if i >= max_id) if max_id else 0
    start, end, following = window(len(timeline), offset, call.limit("limit", 20, 40), call.paging)
    page = timeline[start:end]
    headers = []
    if page:
        path = f"{call.base_url}/api/v1/accounts/{call.params['id']}/statuses"
        limit = call.query.get("limit", "20")
        if following is None:
            next_max = ids[end - 1]  # Mastodon links on; that page is empty
        elif following == 0:
            next_max = ids[0] + 1  # an endless feed starting over
        else:
            next_max = ids[following - 1]
        links = (
            f'<{path}?limit={limit}&max_id={next_max}>; rel="next"',
            f'<{path}?limit={limit}&min_id={ids[start]}>; rel="prev"',
        )
        headers.append(("Link", ", ".join(links)))
    return Reply(200, [_status(post, account, call.base_url) for post in page], headers)


def _timeline(account: SimAccount, call: Call) -> list[SimPost]:
    since = int(call.query.get("since_id") or call.query.get("min_id") or 0)
    no_reblogs = call.query.get("exclude_reblogs") in ("1", "true", "True")
    no_replies = call.query.get("exclude_replies") in ("1", "true", "True")
    return [
        post
        for post in sorted(account.posts, key=status_id, reverse=True)
        if status_id(post) > since
        and not (no_reblogs and post.kind == "repost")
        and not (no_replies and post.kind == "reply")
    ]


def _account(account: SimAccount, base_url: str) -> dict:
    url = f"{base_url}/@{account.handle}"
    return {
        "id": account.user_id,
        "username": account.handle,
        "acct": account.handle,
        "display_name": account.name,
        "locked": False,
        "bot": False,
        "group": False,
        "created_at": "2023-01-01T00:00:00.000Z",
        "note": f"<p>{html.escape(account.bio)}</p>",
        "url": url,
        "uri": f"{base_url}/users/{account.handle}",
        "avatar": f"{base_url}/avatars/original/missing.png",
        "followers_count": 12,
        "following_count": 34,
        "statuses_count": len(account.posts),
        "emojis": [],
        "fields": [],
    }


def _content(text: str) -> str:
    paragraphs = text.split("\n\n")
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br />')}</p>" for p in paragraphs)


def _status(post: SimPost, account: SimAccount, base_url: str) -> dict:
    identifier = str(status_id(post))
    status = {
        "id": identifier,
        "created_at": iso_millis(post.created_at),
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": post.visibility,
        "language": post.lang,
        "uri": f"{base_url}/users/{account.handle}/statuses/{identifier}",
        "url": f"{base_url}/@{account.handle}/{identifier}",
        "replies_count": 0,
        "reblogs_count": 0,
        "favourites_count": 0,
        "edited_at": iso_millis(post.edited_at) if post.edited_at else None,
        "content": _content(post.text),
        "reblog": None,
        "account": _account(account, base_url),
        "media_attachments": [
            {
                "id": str(stable_int(post.key, index, bits=56)),
                "type": MEDIA_TYPES.get(medium.kind, "unknown"),
                "url": f"{base_url}/media/{post.key}-{index}.jpg",
                "preview_url": f"{base_url}/media/{post.key}-{index}-small.jpg",
                "remote_url": None,
                "description": medium.alt_text or None,
                "blurhash": "UEHLh[WB2yk8pyoJadR*.7kCMdnjS#M|%1%2",
            }
            for index, medium in enumerate(post.media)
        ],
        "mentions": [],
        "tags": [],
        "emojis": [],
        "card": None,
        "poll": None,
    }
    if post.kind == "reply":
        status["in_reply_to_id"] = str(stable_int(post.key, "parent", bits=56))
        status["in_reply_to_account_id"] = str(stable_int(post.other, bits=56))
        mention = (
            f'<span class="h-card"><a href="{base_url}/@{post.other}" class="u-url mention">'
            f"@<span>{post.other}</span></a></span>"
        )
        status["content"] = f"<p>{mention} {html.escape(post.text)}</p>"
    if post.kind == "repost":
        original = SimPost(
            key=stable_int(post.key, "original", bits=60),
            created_at=post.created_at - timedelta(hours=3),
            text=post.text,
            lang=post.lang,
            kind="own",
            visibility="public",
        )
        other = SimAccount(
            PLATFORM, post.other, str(stable_int(post.other, bits=56)), post.other, ""
        )
        status.update(content="", language=None, media_attachments=[])
        status["reblog"] = _status(original, other, base_url)
    return status


ROUTES = (
    Route("GET", r"/api/v1/accounts/lookup", "accounts/lookup", lookup),
    Route("GET", r"/api/v1/accounts/(?P<id>[^/]+)/statuses", "accounts/:id/statuses", statuses),
)
