"""The records of a large JSON export, built one at a time from a byte stream.

An archive can hold tens of thousands of posts in one file, so the file is parsed as a
stream and only one record is in memory at a time: `ijson.items` builds the records of
the list under the wanted prefix. Between the parser and `ijson.items` sits a depth
filter: the parser's dotted prefixes grow with the nesting depth, so a hostile file
nested a million levels deep would exhaust memory; the filter stops it at
`Limits.max_depth` before that.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, BinaryIO

import ijson

from auditor.errors import ArchiveError

_UTF8_BOM = b"\xef\xbb\xbf"
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_STARTS = ("start_map", "start_array")
_ENDS = ("end_map", "end_array")
_PREFIX_LIMIT = 1024
_AGAIN = "download the export again and use its files unchanged"


class _Reader:
    """The bytes as the parser sees them, minus a BOM, with the lines they came from."""

    def __init__(self, stream: BinaryIO, where: str, js_assignment: bool):
        self.where = where
        self._stream = stream
        self.line = 1
        self.chunk_line = 1
        head = stream.read(_PREFIX_LIMIT)
        if head.startswith(_UTF8_BOM):
            head = head[len(_UTF8_BOM) :]
        if not head.strip() and len(head) < _PREFIX_LIMIT:
            raise ArchiveError(f"{where}: is empty: {_AGAIN}")
        if head.startswith(_WIDE_BOMS) or b"\x00" in head[:4]:
            raise ArchiveError(
                f"{where}: is encoded as UTF-16 or UTF-32, not UTF-8 as platforms write "
                f"exports: {_AGAIN}"
            )
        if js_assignment:
            start = head.find(b"[")
            if start < 0:
                raise ArchiveError(
                    f"{where}: does not start with 'window.YTD.<name>.part0 = [' "
                    f"like the files of an X archive: {_AGAIN}"
                )
            self.line += head.count(b"\n", 0, start)
            head = head[start:]
        self._pending = head

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""
        if self._pending:
            data, self._pending = self._pending, b""
        else:
            data = self._stream.read(size)
        self.chunk_line = self.line
        self.line += data.count(b"\n")
        return data

    def error(self, exc: Exception) -> ArchiveError:
        """The parser's complaint as one line naming the file, the lines and the fix."""
        detail = exc.args[0] if exc.args else exc
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        first = str(detail).strip().splitlines()[0] if str(detail).strip() else type(exc).__name__
        lines = (
            f"line {self.line}"
            if self.chunk_line == self.line
            else f"lines {self.chunk_line}-{self.line}"
        )
        if "premature EOF" in first:
            return ArchiveError(
                f"{self.where}: ends before its JSON is complete (cut off while downloading "
                f"or unpacking?): {_AGAIN}"
            )
        if "UTF8" in first or isinstance(exc, UnicodeError):
            return ArchiveError(
                f"{self.where}, {lines}: text that is not UTF-8 (the file was saved in another "
                f"encoding): {_AGAIN}"
            )
        return ArchiveError(f"{self.where}, {lines}: not valid JSON ({first}): {_AGAIN}")


def records(
    stream: BinaryIO,
    where: str,
    *,
    path: tuple[str, ...] = (),
    max_depth: int = 64,
    js_assignment: bool = False,
) -> Iterator[Any]:
    """Yield the items of the JSON list found under the object keys `path`.

    Args:
        stream: the file's bytes.
        where: how error messages name the file.
        path: keys leading from the top-level object to the list; () for a top-level list.
        max_depth: deepest nesting of arrays and objects accepted.
        js_assignment: the file is JavaScript `window.YTD.x.part0 = [...]` (X archives).

    Raises:
        ArchiveError: the file is not JSON, is cut off, nests too deep, or has no such list.
    """
    reader = _Reader(stream, where, js_assignment)
    wanted = ".".join(path)
    found: list[bool] = []
    events = _bounded(ijson.parse(reader, use_float=True), max_depth, reader, wanted, found)
    try:
        yield from ijson.items(events, f"{wanted}.item" if wanted else "item")
    except (ijson.JSONError, UnicodeError) as exc:
        raise reader.error(exc) from None
    if not found:
        place = " > ".join(("top level", *path))
        raise ArchiveError(f"{reader.where}: no JSON list at {place}: {_AGAIN}")


def _bounded(
    events: Iterator[tuple[str, str, Any]],
    max_depth: int,
    reader: _Reader,
    wanted: str,
    found: list[bool],
) -> Iterator[tuple[str, str, Any]]:
    """The parser's events, stopped at `max_depth`; notes when the wanted list starts."""
    depth = 0
    for prefix, event, value in events:
        if event in _STARTS:
            depth += 1
            if depth > max_depth:
                raise ArchiveError(
                    f"{reader.where}, line {reader.line}: nested deeper than {max_depth} "
                    f"levels, which no export does: {_AGAIN}"
                )
            if event == "start_array" and prefix == wanted:
                found.append(True)
        elif event in _ENDS:
            depth -= 1
        yield prefix, event, value


def first_record(head: bytes, *, path: tuple[str, ...] = (), js_assignment: bool = False) -> Any:
    """The first item of the list in the first bytes of a file, or None when none shows."""
    try:
        return next(records(io.BytesIO(head), "head", path=path, js_assignment=js_assignment), None)
    except ArchiveError:
        return None
