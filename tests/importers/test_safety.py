"""Untrusted exports: hostile zips, folders and files end in one clear ArchiveError."""

from __future__ import annotations

import io
import stat
import struct
import zipfile
from pathlib import Path

import libipld
import pytest

from auditor.errors import ArchiveError
from importers import Limits, open_archive
from importers.limits import Budget, metered
from tests.importers.conftest import car_file, cid_of, copy_export, zip_folder

TWEETS = "data/tweets.js"


def read(path: Path, **kwargs) -> list:
    return list(open_archive(path, **kwargs))


def make_zip(
    path: Path, entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED
) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def tweets_js(padding: int = 0) -> bytes:
    return b"window.YTD.tweets.part0 = [" + b" " * padding + b"]"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../evil.js", "'..' path"),
        ("data/../../evil.js", "'..' path"),
        ("..\\evil.js", "'..' path"),
        ("/etc/evil.js", "absolute path"),
        ("C:/evil.js", "absolute path"),
    ],
)
def test_zip_entry_leaving_the_archive_is_refused(tmp_path, name, reason):
    path = make_zip(tmp_path / "x.zip", {TWEETS: tweets_js(), name: b"x"})
    with pytest.raises(ArchiveError, match=reason) as caught:
        read(path)
    assert str(path) in str(caught.value)
    assert "refused" in str(caught.value)


def test_zip_symlink_entry_is_refused(tmp_path):
    link = zipfile.ZipInfo("data/tweets-part1.js")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(TWEETS, tweets_js())
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(ArchiveError, match="symbolic link entry"):
        read(path)


def test_zip_with_too_many_entries_is_refused(tmp_path):
    path = make_zip(tmp_path / "x.zip", {f"data/f{i}.txt": b"" for i in range(11)})
    with pytest.raises(ArchiveError, match="11 entries, more than the limit of 10"):
        read(path, limits=Limits(max_entries=10))


def test_zip_bomb_is_refused_from_its_central_directory(tmp_path):
    path = make_zip(tmp_path / "bomb.zip", {TWEETS: tweets_js(padding=1_000_000)})
    assert path.stat().st_size < 10_000
    with pytest.raises(
        ArchiveError, match="unpacks to more than 100,000 bytes, the limit for one export"
    ):
        read(path, limits=Limits(max_total_bytes=100_000))


def _patch_sizes(path: Path, size: int) -> None:
    """Make the local and central headers of the only member declare `size` bytes."""
    data = bytearray(path.read_bytes())
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, size)
    struct.pack_into("<I", data, central + 24, size)
    path.write_bytes(bytes(data))


def test_member_whose_header_understates_its_size_is_refused(tmp_path):
    path = make_zip(tmp_path / "liar.zip", {TWEETS: tweets_js(padding=500_000)})
    _patch_sizes(path, 100)
    with pytest.raises(ArchiveError, match=r"data/tweets\.js: cannot be read .*damaged"):
        read(path, limits=Limits(max_total_bytes=10_000))


def test_meter_stops_a_stream_longer_than_declared():
    stream = metered(io.BytesIO(b"x" * 5000), Budget(10**6), "t.zip/a.json", declared=100)
    with pytest.raises(ArchiveError, match="holds more than the 100 bytes its zip header declares"):
        stream.read()


def test_meter_stops_at_the_budget_shared_by_all_files():
    budget = Budget(6000)
    metered(io.BytesIO(b"x" * 4000), budget, "a").read()
    with pytest.raises(ArchiveError, match="b: reading stopped after 6,000 bytes"):
        metered(io.BytesIO(b"x" * 4000), budget, "b").read()


def test_folder_read_beyond_the_byte_limit_stops(exports, tmp_path):
    with pytest.raises(
        ArchiveError, match=r"your_posts_1\.json: reading stopped after 1,000 bytes"
    ):
        read(exports / "facebook", limits=Limits(max_total_bytes=1000))


def test_duplicate_zip_entries_are_refused(tmp_path):
    path = tmp_path / "dup.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(TWEETS, tweets_js())
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr(TWEETS, tweets_js())
    with pytest.raises(ArchiveError, match="a second entry with this name"):
        read(path)


def test_encrypted_member_is_reported(tmp_path):
    path = make_zip(tmp_path / "locked.zip", {TWEETS: tweets_js()}, zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    for offset in (data.index(b"PK\x03\x04") + 6, data.index(b"PK\x01\x02") + 8):
        data[offset] |= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match=r"cannot be unpacked .*encrypted"):
        read(path)


@pytest.mark.parametrize("keep", [0.3, 0.7, 0.95])
def test_truncated_zip_is_reported(exports, tmp_path, keep):
    whole = zip_folder(exports / "x-archive", tmp_path / "whole.zip").read_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(whole[: int(len(whole) * keep)])
    with pytest.raises(ArchiveError, match=r"not a readable zip file .*download the export again"):
        read(path)


def test_folder_with_a_symlink_is_refused(exports, tmp_path):
    folder = copy_export(exports / "x-archive", tmp_path / "x")
    (folder / "data" / "tweets-part1.js").symlink_to("/etc/passwd")
    with pytest.raises(ArchiveError, match=r"tweets-part1\.js: is a symbolic link"):
        read(folder)


def test_folder_with_too_many_files_is_refused(tmp_path):
    for i in range(12):
        (tmp_path / f"f{i}.txt").write_text("x")
    with pytest.raises(ArchiveError, match="more than 10 files and folders"):
        read(tmp_path, limits=Limits(max_entries=10))


def test_car_larger_than_the_whole_file_limit_is_refused(exports):
    with pytest.raises(ArchiveError, match=r"repo\.car: larger than 1,000 bytes"):
        read(exports / "bluesky" / "repo.car", limits=Limits(max_whole_file_bytes=1000))


def test_deeply_nested_json_stops_at_the_depth_limit(tmp_path):
    path = tmp_path / "your_posts_1.json"
    path.write_bytes(b"[" * 200_000 + b"]" * 200_000)
    with pytest.raises(ArchiveError, match="nested deeper than 64 levels"):
        read(path)


def test_mst_cycle_ends(tmp_path):
    node_cid = b"\x01\x71\x12\x20" + b"\x11" * 32
    node = libipld.encode_dag_cbor({"l": node_cid, "e": []})
    commit = libipld.encode_dag_cbor({"did": "did:plc:cycle", "data": node_cid})
    path = tmp_path / "repo.car"
    path.write_bytes(car_file(cid_of(commit), {node_cid: node, cid_of(commit): commit}))
    assert read(path) == []


def test_mst_link_to_a_missing_block_is_reported(tmp_path):
    commit = libipld.encode_dag_cbor(
        {"did": "did:plc:gone", "data": b"\x01\x71\x12\x20" + b"\x22" * 32}
    )
    path = tmp_path / "repo.car"
    path.write_bytes(car_file(cid_of(commit), {cid_of(commit): commit}))
    with pytest.raises(
        ArchiveError, match=r"repo\.car: a tree node points to a block the file does not hold"
    ):
        read(path)
