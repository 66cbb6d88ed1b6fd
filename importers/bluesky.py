"""Bluesky repository export: the CAR file of "Export my data" (`repo.car`).

The file is a content-addressed archive: a commit block points to the root of a Merkle
search tree (MST) whose entries map keys like `app.bsky.feed.post/<rkey>` to record
blocks. atproto's CAR decoder gives the blocks; links inside them are raw CID bytes,
decoded with `CID.decode`, which checks them, so a forged link is an error, not a crash.
The tree is walked iteratively with a set of visited nodes, so a forged file with a cycle
or a very deep tree cannot hang or overflow the stack. The whole file is decoded at once
(the format allows nothing else), within `Limits.max_whole_file_bytes`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

from atproto import CAR
from atproto_core.cid import CID
from atproto_core.exceptions import AtProtocolError

from auditor.errors import ArchiveError
from auditor.model import Account, Media, Post
from importers.base import Importer, mapped
from importers.fields import (
    RecordError,
    from_iso,
    lang_hint,
    listed,
    media_type,
    obj,
    objects,
    text,
)
from importers.limits import Limits, size_text
from importers.registry import register

COLLECTION = "app.bsky.feed.post"
_AGAIN = "export your data from Bluesky again"


@dataclass(frozen=True, slots=True)
class RepoRecord:
    """A record of the repository with its key, which the record itself does not hold."""

    rkey: str
    value: Any


def _rkey(uri: str) -> str:
    """The record key: the last segment of an at:// URI."""
    return uri.rstrip("/").rsplit("/", 1)[-1]


def _images(embed: Mapping[str, Any]) -> Iterator[Media]:
    for image in objects(embed, "images"):
        blob = image.get("image")
        mime = blob.get("mimeType") if isinstance(blob, Mapping) else None
        yield Media(
            type=media_type(mime=mime if isinstance(mime, str) else "image/jpeg"),
            alt_text=text(image, "alt"),
        )


def _media(embed: Any) -> tuple[Media, ...]:
    """Images and video of an embed, also inside a quote post with media."""
    if embed is None:
        return ()
    embed = obj(embed, "field 'embed'")
    kind = embed.get("$type")
    if kind == "app.bsky.embed.recordWithMedia":
        return _media(embed.get("media"))
    if kind == "app.bsky.embed.video":
        return (Media(type="video", alt_text=text(embed, "alt")),)
    return tuple(_images(embed))


def _parent(record: Mapping[str, Any]) -> str | None:
    reply = record.get("reply")
    if reply is None:
        return None
    parent = obj(obj(reply, "field 'reply'").get("parent"), "field 'reply.parent'")
    uri = text(parent, "uri")
    return f"bluesky:{_rkey(uri)}" if uri else None


def to_post(entry: RepoRecord, account: Account) -> Post:
    """One app.bsky.feed.post record as a Post."""
    record = obj(entry.value)
    langs = listed(record, "langs")
    return Post(
        id=f"bluesky:{entry.rkey}",
        platform="bluesky",
        created_at=from_iso(record.get("createdAt"), "createdAt"),
        text=text(record, "text"),
        account=account,
        url=f"https://bsky.app/profile/{account.handle}/post/{entry.rkey}",
        lang=lang_hint(langs[0]) if len(langs) == 1 else None,
        media=_media(record.get("embed")),
        in_reply_to=_parent(record),
    )


def _block(blocks: Mapping[CID, Any], link: Any, what: str) -> Any:
    """The block a link points to; the link is decoded (and so checked) first."""
    if not isinstance(link, bytes | str):
        raise RecordError(f"{what} is not a link")
    try:
        block = blocks.get(CID.decode(link))
    except (ValueError, TypeError):
        raise RecordError(f"{what} is not a valid CID") from None
    if block is None:
        raise RecordError(f"{what} points to a block the file does not hold")
    return block


def walk(blocks: Mapping[CID, Any], root: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, record link) of the tree under `root`."""
    pending = [root]
    seen: set[bytes | str] = set()
    while pending:
        link = pending.pop()
        if not isinstance(link, bytes | str):
            raise RecordError("a tree node's link is not a link")
        if link in seen:
            continue
        seen.add(link)
        node = obj(_block(blocks, link, "a tree node"), "a tree node")
        if node.get("l") is not None:
            pending.append(node["l"])
        key = b""
        for entry in objects(node, "e"):
            prefix, suffix = entry.get("p"), entry.get("k")
            if (
                type(prefix) is not int
                or not 0 <= prefix <= len(key)
                or not isinstance(suffix, bytes)
            ):
                raise RecordError("a tree entry has no valid key")
            key = key[:prefix] + suffix
            try:
                yield key.decode("ascii"), entry.get("v")
            except UnicodeDecodeError:
                raise RecordError("a tree entry's key is not ASCII") from None
            if entry.get("t") is not None:
                pending.append(entry["t"])


def _posts(blocks: Mapping[CID, Any], root: Any) -> Iterator[tuple[str, RepoRecord]]:
    for key, link in walk(blocks, root):
        collection, _, rkey = key.partition("/")
        if collection == COLLECTION and rkey:
            yield f"record {key}", RepoRecord(rkey, _block(blocks, link, f"record {key}"))


def parse(stream: BinaryIO, where: str, account: Account, limits: Limits) -> Iterator[Post]:
    """The posts of one repository CAR file."""
    cap = limits.max_whole_file_bytes
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise ArchiveError(f"{where}: larger than {size_text(cap)}, the limit for a CAR file")
    try:
        car = CAR.from_bytes(data)
        root = car.root.encode()
    except (ValueError, TypeError, AtProtocolError) as exc:
        raise ArchiveError(
            f"{where}: not a readable repository CAR file ({exc}): {_AGAIN}"
        ) from None
    try:
        commit = obj(_block(car.blocks, root, "the root"), "the commit block")
        did = commit.get("did")
        if not account.handle and isinstance(did, str):
            account = replace(account, handle=did)
        yield from mapped(_posts(car.blocks, commit.get("data")), to_post, account, where)
    except RecordError as exc:
        raise ArchiveError(f"{where}: {exc}: the repository is damaged; {_AGAIN}") from None


def _car_header(head: bytes) -> bytes:
    """The CAR header: a varint length, then that many bytes of DAG-CBOR."""
    length, shift = 0, 0
    for index, byte in enumerate(head[:9]):
        length |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return head[index + 1 : index + 1 + length]
    return b""


@register
class BlueskyRepo(Importer):
    name = "bluesky"
    platform = "bluesky"
    expected = "a Bluesky repository export (repo.car)"
    patterns = (re.compile(r"\.car$"),)
    parse = staticmethod(parse)

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        header = _car_header(head)
        return b"roots" in header and b"version" in header
