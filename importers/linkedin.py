"""LinkedIn data export: `Shares.csv`, the posts a member wrote or reshared.

Columns `Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility`. Commentary can run
over several lines inside quotes, with "" for a quote and CRLF line ends, so the csv
module reads it. An empty commentary is a bare reshare of someone else's post, and only
`PUBLIC` shares are kept (MEMBER_NETWORK is visible to connections only). Dates carry no
zone; LinkedIn writes them in UTC.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, BinaryIO
from urllib.parse import unquote

from auditor.errors import ArchiveError
from auditor.model import Account, Media, Post
from importers.base import Importer, mapped
from importers.fields import RecordError, media_type, web_url
from importers.limits import Limits
from importers.registry import register

HEADER = b"Date,ShareLink,ShareCommentary"
REQUIRED = ("Date", "ShareLink", "ShareCommentary", "Visibility")
MAX_LINE_BYTES = 1024 * 1024
_URN = re.compile(r"urn:li:[A-Za-z]+:\d+")


def _cell(row: Mapping[Any, Any], key: str) -> str:
    value = row.get(key)
    return value.strip() if isinstance(value, str) else ""


def _created_at(value: str) -> datetime:
    try:
        moment = datetime.strptime(value.removesuffix(" UTC"), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise RecordError(f"Date {value!r} is not like 2026-11-20 09:14:00") from None
    return moment.replace(tzinfo=UTC)


def to_post(row: Mapping[Any, Any], account: Account) -> Post | None:
    """One row of Shares.csv as a Post; None for a bare reshare or a non-public share."""
    body = _cell(row, "ShareCommentary")
    if _cell(row, "Visibility").upper() != "PUBLIC" or not body:
        return None
    date = _cell(row, "Date")
    link = _cell(row, "ShareLink")
    urn = _URN.search(unquote(link))
    media_url = _cell(row, "MediaUrl")
    return Post(
        id=f"linkedin:{urn.group() if urn else date}",
        platform="linkedin",
        created_at=_created_at(date),
        text=body,
        account=account,
        url=web_url(link),
        media=(Media(type=media_type(uri=media_url), url=web_url(media_url)),) if media_url else (),
    )


def _rows(reader: csv.DictReader[str], where: str) -> Iterator[tuple[str, Mapping[Any, Any]]]:
    if reader.fieldnames is None:
        raise ArchiveError(f"{where}: is empty: download the export again")
    missing = [column for column in REQUIRED if column not in reader.fieldnames]
    if missing:
        raise ArchiveError(
            f"{where}, line 1: no column {', '.join(missing)}; expected the header "
            f"Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility of LinkedIn's Shares.csv"
        )
    start = reader.line_num + 1
    for row in reader:
        yield f"line {start}", row
        start = reader.line_num + 1


def _lines(stream: BinaryIO, where: str) -> Iterator[str]:
    """Decoded lines, so that an encoding error can name its own line."""
    number = 0
    while line := stream.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(line) > MAX_LINE_BYTES:
            raise ArchiveError(
                f"{where}, line {number}: longer than {MAX_LINE_BYTES:,} bytes, which no "
                f"Shares.csv has: download the export again"
            )
        try:
            yield line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise ArchiveError(
                f"{where}, line {number}: text that is not UTF-8; if the file was opened and "
                f"saved in a spreadsheet, use the one from the export instead (or save it as "
                f"CSV UTF-8)"
            ) from None


def parse(stream: BinaryIO, where: str, account: Account, limits: Limits) -> Iterator[Post]:
    """The public posts in Shares.csv.

    The csv reader is strict: a quote left open (a file cut off in the middle of a post)
    is an error rather than a post that silently lost its end.
    """
    reader = csv.DictReader(_lines(stream, where), strict=True)
    try:
        yield from mapped(_rows(reader, where), to_post, account, where)
    except csv.Error as exc:
        raise ArchiveError(
            f"{where}, line {reader.line_num}: not valid CSV ({exc}): download the export again"
        ) from None


@register
class LinkedInShares(Importer):
    name = "linkedin"
    platform = "linkedin"
    expected = "a LinkedIn export (Shares.csv)"
    patterns = (re.compile(r"(?:^|/)Shares\.csv$", re.IGNORECASE),)
    parse = staticmethod(parse)

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return head.removeprefix(b"\xef\xbb\xbf").startswith(HEADER)
