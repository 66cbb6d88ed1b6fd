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
from auditor.model import Account, Post
from connectors.mapping import bluesky as records
from importers.base import Importer, mapped
from importers.fields import RecordError, obj, objects
from importers.limits import Limits, size_text
from importers.registry import register

COLLECTION = records.COLLECTION
_AGAIN = "export your data from Bluesky again"


@dataclass(frozen=True, slots=True)
class RepoRecord:
    """A record of the repository with its key, which the record itself does not hold."""

    rkey: str
    value: Any


def to_post(entry: RepoRecord, account: Account, did: str) -> Post:
    """One app.bsky.feed.post record as a Post (connectors.mapping.bluesky)."""
    try:
        return records.to_post(did=did, rkey=entry.rkey, record=obj(entry.value), account=account)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise RecordError(f"not a post record ({exc})") from None


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


def _records(blocks: Mapping[CID, Any], root: Any) -> Iterator[tuple[str, str, Any]]:
    """(collection, rkey, record) of every record in the tree under `root`."""
    for key, link in walk(blocks, root):
        collection, _, rkey = key.partition("/")
        if collection in (COLLECTION, records.PROFILE) and rkey:
            yield collection, rkey, _block(blocks, link, f"record {key}")


def parse(stream: BinaryIO, where: str, account: Account, limits: Limits) -> Iterator[Post]:
    """The posts of one repository CAR file, with the bio of its profile record.

    A bio given by the caller (`--bio`) wins over the export's own.
    """
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
        if not isinstance(did, str) or not did.startswith("did:"):
            raise RecordError("the commit names no DID")
        found = list(_records(car.blocks, commit.get("data")))
        profile = next((r for c, _, r in found if c == records.PROFILE), None)
        account = replace(
            account,
            handle=account.handle or did,
            bio=account.bio or records.bio_of(profile if isinstance(profile, Mapping) else None),
        )
        posts = (
            (f"record {COLLECTION}/{rkey}", RepoRecord(rkey, value))
            for collection, rkey, value in found
            if collection == COLLECTION
        )
        yield from mapped(posts, lambda entry, who: to_post(entry, who, did), account, where)
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
