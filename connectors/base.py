"""What a connector is: a thin adapter from one platform's client library to Posts."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from datetime import datetime
from typing import ClassVar

from auditor.model import Post, Target


class Connector(ABC):
    """Fetches the public posts of a Target, newest since a cursor.

    Subclasses set `platform` and implement `fetch` and `next_cursor`; the client
    library's exceptions are mapped to connectors.errors.
    """

    platform: ClassVar[str]
    needs_token: ClassVar[bool] = True

    def __init__(self, *, base_url: str | None = None, timeout: float = 10.0, max_pages: int = 50):
        self.base_url = base_url
        self.timeout = timeout
        self.max_pages = max_pages
        # The platform's id for the handle, once looked up: the caller stores it so the
        # next run saves the lookup.
        self.resolved_user_id: str | None = None
        # Set when a fetch stopped at max_pages with more pages to go: the posts it
        # gave are good, but older ones since the cursor may not have been read.
        self.truncated = False

    @abstractmethod
    def fetch(self, target: Target, *, cursor: str | None, since: datetime) -> Iterator[Post]:
        """Posts written by the account after `cursor` (or, without one, after `since`).

        Posts come newest first, page by page, and a ConnectorError may end the
        iteration after some were yielded: store the cursor only once the
        iterator is exhausted, or the unread older pages are skipped for good.
        At most `max_pages` pages are read; stopping there sets `truncated`.
        """

    @abstractmethod
    def next_cursor(self, cursor: str | None, posts: list[Post]) -> str | None:
        """The cursor to store after these posts were stored."""
