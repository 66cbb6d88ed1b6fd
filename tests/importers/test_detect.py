"""Which format an export is, told from what it holds; the registry of formats."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from auditor.errors import ArchiveError
from importers import IMPORTERS, detect, open_archive, register
from importers.facebook import FacebookPosts
from tests.importers.conftest import zip_folder

EXPECTED = "not an export social-audit reads; expected a Bluesky repository export (repo.car); "


def test_every_format_is_registered():
    assert sorted(IMPORTERS) == [
        "bluesky",
        "facebook",
        "instagram",
        "linkedin",
        "mastodon",
        "x-archive",
    ]
    assert {cls.platform for cls in IMPORTERS.values()} == {
        "x",
        "facebook",
        "instagram",
        "linkedin",
        "mastodon",
        "bluesky",
    }


def test_a_second_importer_of_the_same_name_is_refused():
    with pytest.raises(ValueError, match="duplicate importer for export format 'facebook'"):
        register(type("Again", (FacebookPosts,), {}))
    assert IMPORTERS["facebook"] is FacebookPosts


def test_only_importer_classes_can_register():
    with pytest.raises(TypeError, match="register an Importer subclass"):
        register(FacebookPosts())


@pytest.mark.parametrize(
    ("export", "file", "disguise"),
    [
        ("x-archive", "data/tweets.js", "notes.txt"),
        ("facebook", "your_facebook_activity/posts/your_posts_1.json", "download.json"),
        ("instagram", "your_instagram_activity/content/posts_1.json", "download (1).json"),
        ("linkedin", "Shares.csv", "Basic_LinkedInDataExport.txt"),
        ("mastodon", "outbox.json", "archive"),
        ("bluesky", "repo.car", "backup.bin"),
    ],
)
def test_a_renamed_file_is_recognised_by_its_content(exports, tmp_path, export, file, disguise):
    renamed = tmp_path / disguise
    shutil.copyfile(exports / export / file, renamed)
    assert detect(renamed) is detect(exports / export)
    assert list(open_archive(renamed))


def test_a_zip_is_recognised_by_its_bytes_not_its_name(exports, tmp_path):
    path = zip_folder(exports / "x-archive", tmp_path / "Shares.csv")
    assert detect(path).name == "x-archive"


def test_a_zip_of_one_renamed_file_is_recognised(exports, tmp_path):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(exports / "mastodon" / "outbox.json", "mijn-toots.json")
    assert detect(path).name == "mastodon"


@pytest.mark.parametrize("content", [b"hello, world\n", b"\x00\x01\x02binary", b"[1, 2, 3]"])
def test_an_unknown_file_says_what_was_expected(tmp_path, content):
    path = tmp_path / "something.dat"
    path.write_bytes(content)
    with pytest.raises(ArchiveError) as caught:
        detect(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {EXPECTED}")
    for cls in IMPORTERS.values():
        assert cls.expected in message
    assert "\n" not in message


def test_an_unknown_folder_and_zip(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(b"\xff\xd8")
    (folder / "b.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(ArchiveError, match=re.escape(EXPECTED)):
        detect(folder)
    with pytest.raises(ArchiveError, match=re.escape(EXPECTED)):
        detect(zip_folder(folder, tmp_path / "photos.zip"))


def test_two_exports_in_one_folder_are_refused(exports, tmp_path):
    shutil.copyfile(exports / "mastodon" / "outbox.json", tmp_path / "outbox.json")
    shutil.copyfile(exports / "linkedin" / "Shares.csv", tmp_path / "Shares.csv")
    with pytest.raises(ArchiveError, match=r"holds a LinkedIn export .* and a Mastodon archive"):
        detect(tmp_path)


def test_missing_path(tmp_path):
    with pytest.raises(ArchiveError, match="no such file or folder"):
        detect(tmp_path / "nope.zip")


@pytest.mark.parametrize("name", ["your_posts_1.json", "Shares.csv", "repo.car", "empty"])
def test_an_empty_file_is_reported(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(ArchiveError, match="is empty"):
        list(open_archive(path))


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("data/tweets.js", "is empty"),
        ("Shares.csv", "is empty"),
        ("outbox.json", "is empty"),
    ],
)
def test_an_empty_member_of_a_zip_is_reported(tmp_path, member, message):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, b"")
    with pytest.raises(ArchiveError, match=f"export.zip/{member}: {message}"):
        list(open_archive(path))


def test_open_archive_reads_nothing_until_iterated(tmp_path):
    posts = open_archive(Path(tmp_path / "nope"))
    with pytest.raises(ArchiveError):
        next(posts)


def test_a_link_the_person_names_themselves_is_followed(exports, tmp_path):
    link = tmp_path / "latest-export.csv"
    link.symlink_to(exports / "linkedin" / "Shares.csv")
    assert len(list(open_archive(link))) == 1
