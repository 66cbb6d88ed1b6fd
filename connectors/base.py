"""What a connector is: a thin adapter from one platform's client library to Posts.

Every connector reads the same way (see README "The nightly run", cursors): it walks
the account's listing newest first, page by page, down to a floor, and gives back one
`FetchResult`. The floor is the stored cursor minus a re-read window, so posts that
appear below the newest ones (back-dated, late) are still read, and edits and
deletions of recent posts are seen; the posts read again are de-duplicated by id.
The cursor itself is the moment the last complete read began, never a post's own
date, so a post dated in the future cannot blind the next runs.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import ClassVar

from auditor.model import Post, Target
from connectors.mapping import parse_time

DEFAULT_REREAD = timedelta(days=8)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Listed:
    """One item of a listing page: where the platform orders it, and the Post, if kept.

    `post` is None for what the account did not write publicly (a repost, a post for
    friends only); such an item still tells how far down the listing has come.
    """

    at: datetime
    post: Post | None


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a listing, newest first; `more` when the platform offers a next one."""

    items: Sequence[Listed]
    more: bool


@dataclass(slots=True)
class Profile:
    """What a connector learned about the account while reading (None: not told)."""

    user_id: str | None = None
    handle: str | None = None
    bio: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one fetch of an account gave.

    Attributes:
        posts: the public posts written by the account, newest first, each once.
        cursor: what to store as the account's cursor once `posts` are stored.
        read_from: every post the platform orders at or after this moment was read;
            a stored post from that range missing in `posts` was deleted (or is no
            longer public). None when no range was read completely.
        user_id, handle, bio: the account as the platform names it now (None: not
            told), so a handle change or a new bio is followed.
        truncated: stopped at `max_pages` with more to go; `read_from` then marks the
            oldest post read, and older posts since the last run may not be read.
    """

    posts: tuple[Post, ...]
    cursor: str
    read_from: datetime | None
    user_id: str | None = None
    handle: str | None = None
    bio: str | None = None
    truncated: bool = False


@dataclass(slots=True)
class _Walk:
    floor: datetime
    posts: dict[str, Post] = field(default_factory=dict)
    oldest: datetime | None = None
    pages: int = 0


class Connector(ABC):
    """Fetches the public posts of a Target since its cursor.

    Subclasses set `platform`, list an account's pages (`pages`), and say where a
    stored post sits in that listing (`position`); the client library's exceptions are
    mapped to connectors.errors inside `pages`.
    """

    platform: ClassVar[str]
    needs_token: ClassVar[bool] = True

    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float = 10.0,
        max_pages: int = 50,
        reread: timedelta = DEFAULT_REREAD,
        retries: int = 2,
        services: dict[str, str] | None = None,
    ):
        self.base_url = base_url
        self.timeout = timeout
        self.max_pages = max_pages
        self.reread = reread
        self.retries = retries  # per request, so a fault on page 15 re-reads page 15 only
        self.services = services or {}  # other servers of the platform by name (Bluesky's PLC)

    def fetch(
        self,
        target: Target,
        *,
        cursor: str | None,
        since: datetime,
        now: datetime | None = None,
    ) -> FetchResult:
        """The account's posts from the cursor minus the re-read window (first time: `since`).

        Raises:
            ConnectorError: the platform could not give the posts; nothing of this
                fetch should be stored then, and the cursor stays where it was.
        """
        started = now or datetime.now(UTC)
        floor = since if cursor is None else self.cursor_moment(cursor) - self.reread
        walk = _Walk(floor)
        profile = Profile(user_id=target.user_id)
        truncated = False
        for page in self.pages(target, floor, profile):
            walk.pages += 1
            if self._take(walk, page) or not page.more or not page.items:
                break
            if walk.pages >= self.max_pages:
                truncated = True
                log.warning(
                    "%s %s: stopped after %d pages", self.platform, target.handle, walk.pages
                )
                break
        found = tuple(walk.posts.values())
        if profile.bio is not None:  # the post is read with the bio the platform shows now
            found = tuple(replace(p, account=replace(p.account, bio=profile.bio)) for p in found)
        return FetchResult(
            posts=found,
            cursor=started.astimezone(UTC).isoformat(),
            read_from=walk.oldest if truncated else floor,
            user_id=profile.user_id,
            handle=profile.handle,
            bio=profile.bio,
            truncated=truncated,
        )

    @staticmethod
    def _take(walk: _Walk, page: Page) -> bool:
        """Keep a page's new posts; True once the listing reached below the floor."""
        below = False
        for item in page.items:
            if item.at < walk.floor:
                below = True
                continue
            walk.oldest = item.at if walk.oldest is None else min(walk.oldest, item.at)
            if item.post is not None and item.post.id not in walk.posts:
                walk.posts[item.post.id] = item.post
        return below

    def gone(self, result: FetchResult, stored: Iterable[tuple[str, datetime]]) -> list[str]:
        """Ids of stored posts (id, created_at) that this fetch should have read and did not."""
        if result.read_from is None:
            return []
        read = {post.id for post in result.posts}
        return [
            post_id
            for post_id, created_at in stored
            if post_id not in read and self.position(post_id, created_at) >= result.read_from
        ]

    def cursor_moment(self, cursor: str) -> datetime:
        """The moment a stored cursor stands for (older releases stored other forms)."""
        return parse_time(cursor)

    def position(self, post_id: str, created_at: datetime) -> datetime:
        """The earliest place in the listing a stored post can have; by default its date."""
        return created_at

    @abstractmethod
    def pages(self, target: Target, floor: datetime, profile: Profile) -> Iterator[Page]:
        """The account's listing, newest first, one page at a time, lazily.

        A page is only asked for when the one before did not reach `floor`, so a
        platform filter on it (since_id, since) is an optimisation, not a must. Fill
        in `profile` with what the platform says about the account.
        """
