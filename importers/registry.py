"""The export formats social-audit reads, and which one a given export is.

Formats register the way a new one would; detection looks at what the export holds
(its file names inside a zip or folder, the first bytes of a lone file), never at the
name of the zip or folder it came in.
"""

from __future__ import annotations

from auditor.errors import ArchiveError
from importers.base import Importer
from importers.source import FileSource, Source

IMPORTERS: dict[str, type[Importer]] = {}
SNIFF_BYTES = 64 * 1024


def register(cls: type[Importer]) -> type[Importer]:
    """Class decorator adding an export format; a second one of the same name is refused."""
    if not (isinstance(cls, type) and issubclass(cls, Importer)):
        raise TypeError(f"register an Importer subclass, not {cls!r}")
    if cls.name in IMPORTERS:
        raise ValueError(f"duplicate importer for export format {cls.name!r}")
    IMPORTERS[cls.name] = cls
    return cls


def expected_formats() -> str:
    return "; ".join(cls.expected for cls in IMPORTERS.values())


def _sniffed(source: Source, name: str) -> list[type[Importer]]:
    with source.open(name) as stream:
        head = stream.read(SNIFF_BYTES)
    if not head.strip():
        raise ArchiveError(f"{source.where(name)}: is empty; expected {expected_formats()}")
    return [cls for cls in IMPORTERS.values() if cls.sniff(head)]


def choose(source: Source) -> tuple[type[Importer], list[str]]:
    """The format of an export and the files of it to read.

    Raises:
        ArchiveError: no format, or more than one, recognises the export.
    """
    by_name = [(cls, cls.members(source.names)) for cls in IMPORTERS.values()]
    by_name = [(cls, members) for cls, members in by_name if members]
    lone = source.names[0] if len(source.names) == 1 else None
    if lone is not None and (isinstance(source, FileSource) or not by_name):
        sniffed = _sniffed(source, lone)
        if len(sniffed) == 1:
            return sniffed[0], [lone]
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        found = " and ".join(cls.expected for cls, _ in by_name)
        raise ArchiveError(
            f"{source.path}: holds {found}; give the folder or file of one export at a time"
        )
    raise ArchiveError(
        f"{source.path}: not an export social-audit reads; expected {expected_formats()}"
    )
