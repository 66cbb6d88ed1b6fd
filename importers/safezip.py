"""Reading an untrusted zip: checked from its central directory, metered while read.

A platform's export zip holds plain files with relative names. Anything else (a path
that leaves the archive, a symbolic link, more entries or more bytes than an export of
one person's posts can need) means the file is damaged or was made to harm, and the
whole zip is refused. Members are only ever read as streams, never extracted.
"""

from __future__ import annotations

import re
import stat
import struct
import zipfile
from pathlib import Path
from typing import BinaryIO

from auditor.errors import ArchiveError
from importers.limits import Limits, metered, size_text
from importers.source import Source

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_DRIVE = re.compile(r"^[A-Za-z]:")
_REFUSED = ": a platform export never holds one, so this zip is refused"


def is_zip(head: bytes) -> bool:
    """Whether a file starts like a zip (its name is not trusted to say so)."""
    return head.startswith(ZIP_MAGIC)


def unsafe_name(name: str) -> str | None:
    """Why a member name could point outside the archive, or None when it cannot."""
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return "an absolute path"
    if ".." in re.split(r"[/\\]", name):
        return "a '..' path"
    return None


def is_symlink(info: zipfile.ZipInfo) -> bool:
    """Whether the Unix mode stored in the entry marks a symbolic link."""
    return stat.S_ISLNK(info.external_attr >> 16)


class SafeZip(Source):
    """A zip export whose members are read as metered streams."""

    def __init__(self, path: Path, limits: Limits):
        super().__init__(path, limits)
        try:
            self._zip = zipfile.ZipFile(path)
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            NotImplementedError,
            OSError,
            ValueError,
            struct.error,
        ) as exc:
            raise ArchiveError(
                f"{path}: not a readable zip file ({exc}); a download that was cut off looks "
                f"like this: download the export again"
            ) from None
        try:
            self._files = self._check(self._zip.infolist())
        except ArchiveError:
            self._zip.close()
            raise

    def _check(self, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
        if len(infos) > self.limits.max_entries:
            raise ArchiveError(
                f"{self.path}: holds {len(infos):,} entries, more than the limit of "
                f"{self.limits.max_entries:,} for one export"
            )
        files: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            where = self.where(info.filename)
            reason = unsafe_name(info.filename)
            if reason:
                raise ArchiveError(f"{where}: entry with {reason}{_REFUSED}")
            if is_symlink(info):
                raise ArchiveError(f"{where}: symbolic link entry{_REFUSED}")
            if info.is_dir():
                continue
            if info.filename in files:
                raise ArchiveError(f"{where}: a second entry with this name{_REFUSED}")
            total += info.file_size
            if total > self.limits.max_total_bytes:
                raise ArchiveError(
                    f"{self.path}: unpacks to more than {size_text(self.limits.max_total_bytes)}, "
                    f"the limit for one export: request an export of your posts only "
                    f"(without photos and videos)"
                )
            files[info.filename] = info
        return files

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self._files))

    def open(self, name: str) -> BinaryIO:
        info = self._files[name]
        try:
            raw = self._zip.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
            raise ArchiveError(
                f"{self.where(name)}: cannot be unpacked ({exc}): download the export again"
            ) from None
        return metered(raw, self.budget, self.where(name), declared=info.file_size)

    def close(self) -> None:
        self._zip.close()
