"""Small pieces every platform mapping needs, so each `to_post` reads the same."""

from __future__ import annotations

from datetime import UTC, datetime

from auditor.model import LANGS, Account, Target


def account_of(target: Target) -> Account:
    """The post's account as the registry knows it: platforms do not know the role."""
    return Account(handle=target.handle, kind=target.kind, bio=target.bio, role=target.role)


def known_lang(code: str | None) -> str | None:
    """A language hint the classifier understands ("nl"/"en"), else unknown.

    Platforms send BCP 47 tags ("nl-NL"), "und", or a language we do not
    classify; all but nl and en mean unknown (spec/FORMATS.md).
    """
    if not code:
        return None
    primary = code.split("-")[0].lower()
    return primary if primary in LANGS else None


def parse_time(value: str | datetime) -> datetime:
    """A platform timestamp as an aware UTC datetime.

    Platforms write "2021-07-04T19:50:58+0000", "...07.000Z" or microseconds;
    Mastodon.py has already parsed its own. A value without a zone is UTC, since
    every one of these APIs documents its times as UTC.
    """
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        # "0001-01-01T00:00:00+01:00" is valid ISO 8601 but before year 1 in UTC; a
        # ValueError is what the connectors treat as a malformed response
        raise ValueError(f"time {value!r} is out of range") from None


def numeric_id(value: object) -> str:
    """A platform id that must be a decimal number (its cursor is compared as one)."""
    text = str(value)
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"id {text[:40]!r} is not a number")
    return text


def snowflake_moment(value: str | int, epoch_ms: int, shift: int) -> datetime:
    """When a snowflake id was made: X (`shift` 22 from 2010) and Mastodon (16 from 1970).

    Both put milliseconds in the high bits, so ids order posts by the platform's own
    clock, whatever date a post claims.
    """
    return datetime.fromtimestamp((epoch_ms + (int(value) >> shift)) / 1000, UTC)


def snowflake_at(moment: datetime, epoch_ms: int, shift: int) -> int:
    """The smallest snowflake id made at `moment` or later (0 before the epoch)."""
    millis = int(moment.timestamp() * 1000) - epoch_ms
    return max(0, millis) << shift
