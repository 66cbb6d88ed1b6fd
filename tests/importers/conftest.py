from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import libipld
import pytest

from tests.shared import EXPORTS

# The synthetic exports of ../shared/conformance/exports (see its NOTICE).


@pytest.fixture(scope="session")
def exports() -> Path:
    if not EXPORTS.is_dir():
        pytest.fail(f"the conformance exports are missing: expected them at {EXPORTS}")
    return EXPORTS


def zip_folder(folder: Path, dest: Path, prefix: str = "") -> Path:
    """Zip every file under `folder` as a platform would, names relative to it."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + path.relative_to(folder).as_posix())
    return dest


def copy_export(source: Path, dest: Path) -> Path:
    """A writable copy of a read-only conformance export."""
    shutil.copytree(source, dest)
    for path in dest.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return dest


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def cid_of(block: bytes) -> bytes:
    """A CIDv1 (dag-cbor, sha2-256) in the raw form CAR files and links use."""
    return b"\x01\x71\x12\x20" + hashlib.sha256(block).digest()


def car_file(root: bytes, blocks: dict[bytes, bytes]) -> bytes:
    """A CAR v1 file: a header naming the root, then length-prefixed CID + block pairs."""
    header = libipld.encode_dag_cbor({"version": 1, "roots": [root]})
    out = _varint(len(header)) + header
    for cid, block in blocks.items():
        out += _varint(len(cid) + len(block)) + cid + block
    return out


def repo_car(records: dict[str, dict], *, did: str = "did:plc:testrepo") -> bytes:
    """A repository with one MST node holding `records` (key -> record)."""
    blocks: dict[bytes, bytes] = {}
    entries, previous = [], b""
    for key in sorted(records):
        block = libipld.encode_dag_cbor(records[key])
        blocks[cid_of(block)] = block
        raw = key.encode()
        shared = next(
            (i for i, (a, b) in enumerate(zip(previous, raw, strict=False)) if a != b),
            min(len(previous), len(raw)),
        )
        entries.append({"p": shared, "k": raw[shared:], "v": cid_of(block), "t": None})
        previous = raw
    node = libipld.encode_dag_cbor({"l": None, "e": entries})
    commit = libipld.encode_dag_cbor(
        {
            "did": did,
            "version": 3,
            "data": cid_of(node),
            "rev": "3l",
            "prev": None,
            "sig": b"\0" * 64,
        }
    )
    blocks[cid_of(node)] = node
    blocks[cid_of(commit)] = commit
    return car_file(cid_of(commit), blocks)
