"""Reading the fields of one export record, which may have any shape at all.

Every importer's mapping goes through these helpers, so that a record of the wrong shape
always ends in a `RecordError` that says which field is wrong, and never in a KeyError
or TypeError from deep inside a mapping.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import SplitResult, urlsplit

from auditor.errors import ArchiveError, InputError
from auditor.model import parse_timestamp


class RecordError(ArchiveError):
    """One record does not have the shape of its format; the importer adds where it is."""


def obj(value: Any, what: str = "the record") -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RecordError(f"{what} is not a JSON object")
    return value


def text(record: Mapping[str, Any], key: str) -> str:
    """A text field; a missing or null one is empty."""
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"field {key!r} is {type(value).__name__}, not text")
    return value


def listed(record: Mapping[str, Any], key: str) -> list[Any]:
    """A list field; a missing or null one is empty."""
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(f"field {key!r} is {type(value).__name__}, not a list")
    return value


def objects(record: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """A list field whose items must all be objects."""
    return [obj(item, f"an item of {key!r}") for item in listed(record, key)]


def native_id(value: Any, key: str) -> str:
    """A platform id, which exports write as a string and sometimes as a number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise RecordError(f"field {key!r} is missing or not an id")
    return value.strip()


def from_unix(value: Any, key: str) -> datetime:
    """A Unix timestamp in seconds, as Meta's exports write them."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(f"field {key!r} is missing or not a Unix timestamp")
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        raise RecordError(f"field {key!r} ({value}) is not a possible moment") from None


def from_iso(value: Any, key: str) -> datetime:
    """An ISO 8601 timestamp; one without a time zone is refused, not guessed."""
    if not isinstance(value, str):
        raise RecordError(f"field {key!r} is missing or not a timestamp")
    try:
        return parse_timestamp(value)
    except InputError as exc:
        raise RecordError(exc.detail) from None


def split_url(value: str) -> SplitResult | None:
    """The parts of a URL, or None for text urlsplit refuses (such as 'https://[')."""
    try:
        return urlsplit(value)
    except ValueError:
        return None


def web_url(value: Any) -> str | None:
    """An absolute http(s) URL, or None for a path inside the export or anything else."""
    parts = split_url(value) if isinstance(value, str) else None
    return value if parts is not None and parts.scheme in ("http", "https") else None


def media_type(mime: str | None = None, uri: str | None = None) -> str:
    """One of model.MEDIA_TYPES, from a MIME type or else from a file name's extension."""
    if not mime and uri:
        mime = mimetypes.guess_type(uri, strict=False)[0]
    if not mime:
        return "other"
    if mime == "image/gif":
        return "gif"
    kind = mime.split("/", 1)[0]
    return {"image": "photo", "video": "video", "audio": "audio"}.get(kind, "other")
