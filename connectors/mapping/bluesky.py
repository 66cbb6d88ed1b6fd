"""One app.bsky.feed.post record as a Post, for the API connector and the repo.car importer.

The AppView's feed and the repository export hold the same record (the feed as JSON,
the export as DAG-CBOR); both hand it here with the author's DID and the record key,
so the same post gives the same Post: the at:// URI as id (the parent's for a reply),
the text with every link facet's full URL in place of its shortened display text and
a link card's URL added, the first language as the hint, images and video with their
alt text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from atproto_core.cid import CID

from auditor.model import Account, Media, Post
from connectors.mapping import known_lang, parse_time

PLATFORM = "bluesky"
COLLECTION = "app.bsky.feed.post"
PROFILE = "app.bsky.actor.profile"
LINK = "app.bsky.richtext.facet#link"
CDN = "https://cdn.bsky.app/img/feed_fullsize/plain"
_TID_CHARS = "234567abcdefghijklmnopqrstuvwxyz"


def post_uri(did: str, rkey: str) -> str:
    return f"at://{did}/{COLLECTION}/{rkey}"


def tid_moment(rkey: str) -> datetime | None:
    """When a record key that is a TID was made (microseconds in its high bits), else None."""
    if len(rkey) != 13 or any(c not in _TID_CHARS for c in rkey):
        return None
    number = 0
    for char in rkey:
        number = number * 32 + _TID_CHARS.index(char)
    try:
        return datetime.fromtimestamp((number >> 10) / 1_000_000, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def rkey_of(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


def to_post(*, did: str, rkey: str, record: Mapping[str, Any], account: Account) -> Post:
    """The Post of one post record; `account.handle` names the author in the post's URL.

    Raises:
        ValueError, TypeError, KeyError: the record does not have the lexicon's shape.
    """
    langs = record.get("langs") or ()
    if not isinstance(langs, list | tuple):
        raise TypeError("field 'langs' is not a list")
    text = record.get("text") or ""
    if not isinstance(text, str):
        raise TypeError("field 'text' is not text")
    embed = record.get("embed")
    return Post(
        id=f"{PLATFORM}:{post_uri(did, rkey)}",
        platform=PLATFORM,
        created_at=parse_time(str(record["createdAt"]).replace("Z", "+00:00")),
        text=_with_card(_expanded(text, record.get("facets") or ()), embed),
        account=account,
        url=f"https://bsky.app/profile/{account.handle or did}/post/{rkey}",
        lang=known_lang(langs[0] if langs and isinstance(langs[0], str) else None),
        media=tuple(_media(embed, did)),
        in_reply_to=_parent(record.get("reply")),
    )


def bio_of(profile: Mapping[str, Any] | None) -> str:
    """The bio of an app.bsky.actor.profile record (its `description`)."""
    description = (profile or {}).get("description") or ""
    return description if isinstance(description, str) else ""


def _expanded(text: str, facets: Any) -> str:
    """The text with each link facet's display text replaced by its full URL.

    Clients shorten a link in the text ("example.org/rooster/2026-...") and keep the
    URL in a facet over those bytes; the classifier and a reader of the finding need
    the URL. Facets index UTF-8 bytes; one that does not fit the text is left out.
    """
    data = text.encode("utf-8")
    spans = []
    for facet in facets if isinstance(facets, list | tuple) else ():
        index = facet.get("index") if isinstance(facet, Mapping) else None
        features = facet.get("features") if isinstance(facet, Mapping) else None
        if not isinstance(index, Mapping) or not isinstance(features, list | tuple):
            continue
        first, after = index.get("byteStart"), index.get("byteEnd")
        uri = next(
            (
                f.get("uri")
                for f in features
                if isinstance(f, Mapping) and f.get("$type", LINK) == LINK and f.get("uri")
            ),
            None,
        )
        if not (isinstance(first, int) and isinstance(after, int) and isinstance(uri, str)):
            continue
        if 0 <= first < after <= len(data):
            spans.append((first, after, uri))
    out: list[str] = []
    last = len(data)
    for start, end, uri in sorted(spans, reverse=True):
        if end > last:
            continue  # overlaps the facet after it
        shown = data[start:end].decode("utf-8", "replace")
        out.append(data[end:last].decode("utf-8", "replace"))
        out.append(shown if shown == uri else uri)
        last = start
    out.append(data[:last].decode("utf-8", "replace"))
    return "".join(reversed(out))


def _with_card(text: str, embed: Any) -> str:
    """The text, and on a line of its own the URL of a link card the post carries."""
    if isinstance(embed, Mapping) and embed.get("$type") == "app.bsky.embed.recordWithMedia":
        embed = embed.get("media")
    external = embed.get("external") if isinstance(embed, Mapping) else None
    uri = external.get("uri") if isinstance(external, Mapping) else None
    if not isinstance(uri, str) or not uri or uri in text:
        return text
    return f"{text}\n{uri}" if text else uri


def _media(embed: Any, did: str) -> Iterator[Media]:
    """Images and video the author attached; a quoted post's media is not theirs."""
    if not isinstance(embed, Mapping):
        return
    if embed.get("$type") == "app.bsky.embed.recordWithMedia":
        yield from _media(embed.get("media"), did)
        return
    if embed.get("$type") == "app.bsky.embed.video":
        video = embed.get("video")
        yield Media(type="video", alt_text=_text(embed.get("alt")), url=_blob_url(video, did))
        return
    for image in embed.get("images") or ():
        if not isinstance(image, Mapping):
            raise TypeError("an item of 'images' is not an object")
        blob = image.get("image")
        mime = blob.get("mimeType") if isinstance(blob, Mapping) else None
        yield Media(
            type="gif" if mime == "image/gif" else "photo",
            alt_text=_text(image.get("alt")),
            url=_blob_url(blob, did),
        )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _blob_url(blob: Any, did: str) -> str | None:
    """The Bluesky CDN's URL of a blob, from the record alone.

    The blob's `ref` is `{"$link": cid}` in JSON and raw CID bytes in DAG-CBOR.
    """
    ref = blob.get("ref") if isinstance(blob, Mapping) else None
    if isinstance(ref, Mapping):
        ref = ref.get("$link")
    if isinstance(ref, bytes):
        try:
            ref = CID.decode(ref).encode()
        except (ValueError, TypeError):
            ref = None
    return f"{CDN}/{did}/{ref}@jpeg" if isinstance(ref, str) and ref else None


def _parent(reply: Any) -> str | None:
    parent = reply.get("parent") if isinstance(reply, Mapping) else None
    uri = parent.get("uri") if isinstance(parent, Mapping) else None
    return f"{PLATFORM}:{uri}" if isinstance(uri, str) and uri else None
