"""Platform data exports, for a self-audit without any API key.

A staff member downloads their own data from a platform and hands the zip, the unpacked
folder or the one file that matters to `open_archive`, which recognises the format from
what the export holds and yields its public posts, written by the account's owner, as
`auditor.model.Post`. Every problem with an export is an `ArchiveError` naming the file,
the place and the fix. Exports are untrusted files: see limits.py and safezip.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from auditor.errors import ArchiveError
from auditor.model import Account, Post
from importers import bluesky, facebook, instagram, linkedin, mastodon, x
from importers.base import Importer
from importers.limits import Limits
from importers.registry import IMPORTERS, choose, register
from importers.safezip import SafeZip, is_zip
from importers.source import FileSource, FolderSource, Source, open_file

__all__ = [
    "IMPORTERS",
    "Importer",
    "Limits",
    "bluesky",
    "detect",
    "facebook",
    "instagram",
    "linkedin",
    "mastodon",
    "open_archive",
    "open_source",
    "register",
    "x",
]


def open_source(path: str | os.PathLike[str], limits: Limits) -> Source:
    """The export at `path` as a folder, a zip (told by its first bytes) or one file."""
    path = Path(path)
    if path.is_dir():
        return FolderSource(path, limits)
    if not path.exists():
        raise ArchiveError(f"{path}: no such file or folder; give the export's zip, folder or file")
    with open_file(path, follow_link=True) as stream:
        head = stream.read(4)
    return SafeZip(path, limits) if is_zip(head) else FileSource(path, limits)


def detect(path: str | os.PathLike[str], *, limits: Limits | None = None) -> type[Importer]:
    """The format of the export at `path`.

    Raises:
        ArchiveError: the path cannot be read, or holds no export of a known format.
    """
    with open_source(path, limits or Limits()) as source:
        return choose(source)[0]


def open_archive(
    path: str | os.PathLike[str],
    *,
    handle: str | None = None,
    kind: str = "personal",
    bio: str = "",
    role: str = "",
    limits: Limits | None = None,
) -> Iterator[Post]:
    """Yield the posts of the export at `path`, reading one file of it at a time.

    Args:
        path: a zip, a folder or a single export file.
        handle: the account's handle; without one it is taken from the export where the
            export names it (X, Mastodon, Bluesky), and left empty otherwise.
        kind: "personal" or "official", as in `auditor.model.Account`.
        bio: the account's bio, which the classifier reads with every post.
        role: the author's role (leerkracht, directeur, ...).
        limits: bounds on what is read; `Limits()` when not given.

    Raises:
        ArchiveError: (while iterating) an unknown format, an unreadable or unsafe file,
            or a record that does not have its format's shape.
    """
    with open_source(path, limits or Limits()) as source:
        importer_class, members = choose(source)
        importer = importer_class()
        account = Account(
            handle=handle or importer.export_handle(source) or "", kind=kind, bio=bio, role=role
        )
        seen: dict[str, int] = {}
        for post in importer.read(source, members, account):
            count = seen[post.id] = seen.get(post.id, 0) + 1
            yield post if count == 1 else replace(post, id=f"{post.id}-{count}")
