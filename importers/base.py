"""What an importer is: the files of one export format, mapped record by record to Posts."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, BinaryIO, ClassVar

from auditor.errors import ArchiveError
from auditor.model import Account, Post
from importers.fields import RecordError
from importers.jsonstream import records
from importers.limits import Limits
from importers.source import Source

ToPost = Callable[[Any, Account], Post | None]


def _natural(name: str) -> list[Any]:
    """Sort key that puts tweets-part2.js before tweets-part10.js."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


class Importer(ABC):
    """One export format.

    Subclasses set the class constants, say whether the first bytes of a lone file are
    theirs (`sniff`), and read their members into Posts (`read`). The mapping of one
    record stays a pure function in the format's module, so it can be tested alone.
    """

    name: ClassVar[str]
    platform: ClassVar[str]
    expected: ClassVar[str]
    patterns: ClassVar[tuple[re.Pattern[str], ...]]

    @classmethod
    def members(cls, names: Iterable[str]) -> list[str]:
        """The files of an export that hold this format's posts, in reading order."""
        return sorted((n for n in names if any(p.search(n) for p in cls.patterns)), key=_natural)

    @classmethod
    @abstractmethod
    def sniff(cls, head: bytes) -> bool:
        """Whether a lone file whose first bytes are `head` is in this format."""

    def export_handle(self, source: Source) -> str | None:
        """The account's handle as the export itself names it, if it does."""
        return None

    def read(self, source: Source, members: Sequence[str], account: Account) -> Iterator[Post]:
        """The posts of these members, one file open at a time."""
        for name in members:
            with source.open(name) as stream:
                yield from self.parse(stream, source.where(name), account, source.limits)

    @staticmethod
    @abstractmethod
    def parse(stream: BinaryIO, where: str, account: Account, limits: Limits) -> Iterator[Post]:
        """The posts of one file; skipped records (retweets, non-public) are left out."""


def mapped(
    records: Iterable[tuple[str, Any]], to_post: ToPost, account: Account, where: str
) -> Iterator[Post]:
    """Map (place, record) pairs to posts, naming file and place when a record is wrong."""
    for place, record in records:
        try:
            post = to_post(record, account)
        except RecordError as exc:
            raise ArchiveError(
                f"{where}, {place}: {exc}: the file does not have the shape of its "
                f"format; download the export again and use its files unchanged"
            ) from None
        if post is not None:
            yield post


def json_posts(
    stream: BinaryIO,
    where: str,
    account: Account,
    limits: Limits,
    to_post: ToPost,
    *,
    path: tuple[str, ...] = (),
    js_assignment: bool = False,
) -> Iterator[Post]:
    """The posts of a JSON export file; one loop, so every format names file and item alike."""
    items = records(
        stream, where, path=path, max_depth=limits.max_depth, js_assignment=js_assignment
    )
    return mapped(((f"item {i}", item) for i, item in enumerate(items, 1)), to_post, account, where)
