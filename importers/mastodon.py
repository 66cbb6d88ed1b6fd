"""Mastodon account archive: `outbox.json`, an ActivityPub OrderedCollection.

`orderedItems` holds `Create` activities whose object is a Note (HTML `content`,
`published`, `url`, `inReplyTo`, `attachment[].name` as alt text) and `Announce`
activities, boosts of other people's posts, which are left out. Who could see a post
follows from its addressing: the public collection in `to` is public, in `cc` unlisted,
absent followers-only or direct; only public posts are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any, BinaryIO

from auditor.model import Account, Media, Post
from connectors.mapping import mastodon as statuses
from importers.base import Importer, json_posts
from importers.fields import (
    from_iso,
    media_type,
    native_id,
    obj,
    objects,
    split_url,
    text,
    web_url,
)
from importers.limits import Limits
from importers.registry import register

PUBLIC = frozenset({"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"})
_POST_TYPES = frozenset({"Note", "Question", "Article", "Page"})


def _addresses(value: Any) -> set[str]:
    """An addressing field, which ActivityPub allows as one URI or a list of them."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {item for item in value if isinstance(item, str)}
    return set()


def is_public(note: Mapping[str, Any], activity: Mapping[str, Any]) -> bool:
    """Public, not unlisted (public only in cc), followers-only or direct."""
    return bool(_addresses(note.get("to", activity.get("to"))) & PUBLIC)


def _status_id(uri: str) -> str:
    """A status id from its ActivityPub id: the last segment of the path."""
    parts = split_url(uri)
    path = parts.path if parts is not None else uri
    return path.rstrip("/").rsplit("/", 1)[-1] or uri


def handle_from_actor(actor: Any) -> str:
    """'https://example.social/users/juf' as 'juf@example.social'."""
    parts = split_url(actor) if isinstance(actor, str) else None
    if parts is None:
        return ""
    user = parts.path.rstrip("/").rsplit("/", 1)[-1].lstrip("@")
    return f"{user}@{parts.hostname}" if user and parts.hostname else ""


def _lang(note: Mapping[str, Any]) -> str | None:
    """The language of a Note: the one key of its contentMap (the API's `language`)."""
    languages = note.get("contentMap")
    if isinstance(languages, Mapping) and len(languages) == 1:
        language = next(iter(languages))
        return language if isinstance(language, str) else None
    return None


def _attachment(item: Mapping[str, Any]) -> Media:
    """An attachment; its url is a path inside the archive (no link) or a link."""
    location = item.get("url")
    location = location if isinstance(location, str) else None
    return Media(
        type=media_type(mime=text(item, "mediaType"), uri=location),
        alt_text=text(item, "name"),
        url=web_url(location),
    )


def to_post(activity: Any, account: Account) -> Post | None:
    """One item of orderedItems as a Post (connectors.mapping.mastodon).

    None for a boost or a post that was not public.
    """
    activity = obj(activity)
    if activity.get("type") != "Create":
        return None
    note = obj(activity.get("object"), "the object of a Create activity")
    kind = note.get("type")
    if not isinstance(kind, str) or kind not in _POST_TYPES or not is_public(note, activity):
        return None
    uri = native_id(note.get("id"), "object.id")
    parent = note.get("inReplyTo")
    if not account.handle:
        account = replace(account, handle=handle_from_actor(activity.get("actor")))
    return statuses.to_post(
        status_id=_status_id(uri),
        created_at=from_iso(note.get("published", activity.get("published")), "published"),
        content=text(note, "content"),
        warning=text(note, "summary"),
        account=account,
        url=web_url(note.get("url")) or web_url(uri),
        lang=_lang(note),
        media=tuple(_attachment(item) for item in objects(note, "attachment")),
        parent=_status_id(parent) if isinstance(parent, str) and parent else None,
    )


def parse(stream: BinaryIO, where: str, account: Account, limits: Limits) -> Iterator[Post]:
    """The public posts of one outbox.json."""
    return json_posts(stream, where, account, limits, to_post, path=("orderedItems",))


@register
class MastodonOutbox(Importer):
    name = "mastodon"
    platform = "mastodon"
    expected = "a Mastodon archive (outbox.json)"
    patterns = (re.compile(r"(?:^|/)outbox\.json$"),)
    parse = staticmethod(parse)

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
        return start.startswith(b"{") and (
            b'"orderedItems"' in head or b"OrderedCollection" in head
        )
