"""Where the files of an export come from: a folder, one file, or (safezip.py) a zip.

Importers see every kind the same way: a list of relative POSIX names and a stream per
name, metered against the export's limits. Nothing is ever extracted or written.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from auditor.errors import ArchiveError
from importers.limits import Budget, Limits, metered


class Source(ABC):
    """The files of one export, opened for reading one at a time."""

    def __init__(self, path: Path, limits: Limits):
        self.path = path
        self.limits = limits
        self.budget = Budget(limits.max_total_bytes)

    @property
    @abstractmethod
    def names(self) -> tuple[str, ...]:
        """Relative POSIX names of the regular files, sorted."""

    @abstractmethod
    def open(self, name: str) -> BinaryIO:
        """A metered binary stream of one file; the caller closes it."""

    def where(self, name: str) -> str:
        """How an error message names one file of the export."""
        return f"{self.path}/{name}"

    @abstractmethod
    def close(self) -> None:
        """Release what the source holds open."""

    def __enter__(self) -> Source:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_file(path: Path, *, follow_link: bool = False) -> BinaryIO:
    """Open a file for reading; inside an export, a symbolic link put in its place is refused.

    The path a person names themselves may be a link (follow_link=True); a file found
    inside their export folder may not, even if it was swapped for one after the walk.
    """
    flags = os.O_RDONLY if follow_link else os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot be read ({exc.strerror})") from None
    return os.fdopen(fd, "rb")


class FileSource(Source):
    """A single export file given on its own, such as a bare `your_posts_1.json`."""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.path.name,)

    def where(self, name: str) -> str:
        return str(self.path)

    def open(self, name: str) -> BinaryIO:
        return metered(open_file(self.path, follow_link=True), self.budget, str(self.path))

    def close(self) -> None:
        """Nothing stays open between reads."""


class FolderSource(Source):
    """An export someone unpacked: walked without following links, within the entry limit."""

    def __init__(self, path: Path, limits: Limits):
        super().__init__(path, limits)
        self._names = tuple(sorted(self._walk()))

    @property
    def names(self) -> tuple[str, ...]:
        return self._names

    def _walk(self) -> list[str]:
        found: list[str] = []
        entries = 0
        pending = [self.path]
        while pending:
            folder = pending.pop()
            try:
                with os.scandir(folder) as listing:
                    children = list(listing)
            except OSError as exc:
                raise ArchiveError(f"{folder}: cannot be read ({exc.strerror})") from None
            for entry in children:
                entries += 1
                if entries > self.limits.max_entries:
                    raise ArchiveError(
                        f"{self.path}: holds more than {self.limits.max_entries:,} files and "
                        f"folders, more than a platform export: give the export's own folder"
                    )
                if entry.is_symlink():
                    raise ArchiveError(
                        f"{entry.path}: is a symbolic link; an export never holds one: "
                        f"unpack the export again from its zip"
                    )
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    found.append(Path(entry.path).relative_to(self.path).as_posix())
        return found

    def open(self, name: str) -> BinaryIO:
        return metered(open_file(self.path / name), self.budget, self.where(name))

    def close(self) -> None:
        """Nothing stays open between reads."""
