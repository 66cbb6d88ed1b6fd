"""What a platform dialect of the simulator receives and returns, and shared paging."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from connectors.simulator.content import stable_int
from connectors.simulator.world import World


@dataclass(frozen=True)
class Paging:
    """Page-level faults: serve the previous page again, or never end."""

    repeat: bool = False
    endless: bool = False


@dataclass
class Call:
    """One request as a platform dialect sees it."""

    method: str
    path: str  # below the platform's prefix
    params: dict[str, str]  # URL parameters of the route
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: Any
    world: World
    base_url: str  # the platform's base URL on this simulator, for links
    page_size: int | None
    paging: Paging = field(default_factory=Paging)

    def limit(self, name: str, default: int, maximum: int) -> int:
        """The page size asked for, capped by the platform and the simulator."""
        try:
            asked = int(self.query.get(name, default))
        except ValueError:
            asked = default
        cap = min(maximum, self.page_size or maximum)
        return max(1, min(asked, cap))

    def bearer(self) -> str | None:
        value = self.headers.get("authorization", "")
        return value[7:] if value.lower().startswith("bearer ") else None


@dataclass
class Reply:
    status: int
    body: Any  # JSON-able, or bytes sent as they are
    headers: list[tuple[str, str]] = field(default_factory=list)
    content_type: str = "application/json; charset=utf-8"

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        text = json.dumps(self.body, ensure_ascii=False, separators=(",", ":"))
        try:
            return text.encode()
        except UnicodeEncodeError:
            # A lone surrogate (half an emoji) has no UTF-8 form; JSON carries it as a
            # \ud83d escape, as the platforms do.
            return json.dumps(self.body, separators=(",", ":")).encode()


Handler = Callable[[Call], Reply]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: str  # a regular expression over the path below the prefix
    endpoint: str  # the name requests are counted under
    handler: Handler


def window(total: int, offset: int, limit: int, paging: Paging) -> tuple[int, int, int | None]:
    """Start and end of the page at `offset` and the offset of the next (None: last page).

    With `paging.repeat` a later page is answered with the page before it, whose
    next offset is the one asked for, so a client asks again. With
    `paging.endless` the last page points at itself.
    """
    start = max(0, offset - limit) if paging.repeat and offset > 0 else offset
    start = min(start, total)
    end = min(start + limit, total)
    following = end if end < total else None
    if following is None and paging.endless:
        following = start
    return start, end, following


def opaque_token(salt: str, offset: int) -> str:
    """An opaque-looking pagination token that encodes an offset."""
    prefix = f"{stable_int(salt, bits=40):010x}"
    return prefix + _base36(offset)


def offset_of(salt: str, token: str | None) -> int | None:
    """The offset a token encodes; None when the token is not one of ours."""
    if not token:
        return 0
    prefix = f"{stable_int(salt, bits=40):010x}"
    if not token.startswith(prefix):
        return None
    try:
        return int(token[len(prefix) :], 36)
    except ValueError:
        return None


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, digit = divmod(number, 36)
        out = digits[digit] + out
        if not number:
            return out


def millis(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def iso_millis(moment: datetime) -> str:
    """2026-11-20T09:14:00.123Z, the form X, Mastodon and Bluesky write."""
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def first(values: Sequence[Any]) -> Any:
    return values[0] if values else None
