"""How much of an untrusted export we are willing to read, and the meter that enforces it.

An export is a file someone downloaded, perhaps from somewhere else than the platform:
its zip headers and sizes may lie. The limits are therefore checked twice: once from
what the container declares, and again by counting every byte actually read.
"""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, BinaryIO

from auditor.errors import ArchiveError

GIB = 1024**3
MIB = 1024**2


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one export.

    Attributes:
        max_entries: files (and folders) in a zip or folder; a platform export of a
            person's own posts has a few thousand at most.
        max_total_bytes: uncompressed bytes of a zip as its central directory declares
            them, and bytes actually read from any export.
        max_whole_file_bytes: a file that has to be held in memory whole to be decoded
            (the Bluesky repository CAR); the others are streamed record by record.
        max_depth: nesting of JSON arrays and objects; real exports nest about ten deep.
    """

    max_entries: int = 20_000
    max_total_bytes: int = 2 * GIB
    max_whole_file_bytes: int = 512 * MIB
    max_depth: int = 64

    def __post_init__(self) -> None:
        for name in ("max_entries", "max_total_bytes", "max_whole_file_bytes", "max_depth"):
            if getattr(self, name) < 1:
                raise ValueError(f"Limits.{name} must be at least 1")


def size_text(n: int) -> str:
    """A byte count as people read it in an error message."""
    if n >= GIB:
        return f"{n / GIB:.1f} GB"
    if n >= MIB:
        return f"{n / MIB:.1f} MB"
    return f"{n:,} bytes"


class Budget:
    """The bytes still allowed to be read from one export, shared by all its files."""

    def __init__(self, total: int):
        self.total = total
        self.left = total

    def charge(self, n: int, where: str) -> None:
        self.left -= n
        if self.left < 0:
            raise ArchiveError(
                f"{where}: reading stopped after {size_text(self.total)}, the limit for one "
                f"export: request an export of your posts only (without photos and videos)"
            )


# What a damaged zip member raises while it is being decompressed.
_DAMAGED = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError)


class _Meter(io.RawIOBase):
    """Counts what is read from a file against the export's budget and its declared size."""

    def __init__(self, raw: IO[bytes], budget: Budget, where: str, declared: int | None):
        super().__init__()
        self._raw = raw
        self._budget = budget
        self._where = where
        self._declared = declared
        self._read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._raw.read(len(buffer))
        except _DAMAGED as exc:
            raise ArchiveError(
                f"{self._where}: cannot be read ({exc}): the file is damaged, "
                f"download the export again"
            ) from None
        self._read += len(data)
        if self._declared is not None and self._read > self._declared:
            raise ArchiveError(
                f"{self._where}: holds more than the {size_text(self._declared)} its zip header "
                f"declares: the zip is damaged or forged, download the export again"
            )
        self._budget.charge(len(data), self._where)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


def metered(raw: IO[bytes], budget: Budget, where: str, declared: int | None = None) -> BinaryIO:
    """A buffered stream over `raw` that refuses to read past the budget or `declared`."""
    return io.BufferedReader(_Meter(raw, budget, where, declared))
