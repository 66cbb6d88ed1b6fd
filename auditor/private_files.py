"""Folders and files that only their owner can read, whatever the umask.

Everything social-audit writes holds data about staff: the database, the outbox,
reports and exports. Folders it creates are mode 0700, every level of them; files
are 0600, also when they replace an older file of a looser mode. An existing folder
given as a report's output folder is used only when it is already private and ours:
loosening, or quietly tightening, someone else's folder is not this tool's call.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from auditor.errors import OutputError


def create_folders(folder: Path) -> None:
    """Create `folder` and each missing folder above it, owner-only; existing ones stay.

    `Path.mkdir(parents=True)` would give the folders above the umask's mode.
    Raises OSError.
    """
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for level in reversed(missing):
        try:
            level.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made meanwhile by someone else: theirs to keep as it is
        level.chmod(0o700)  # the umask may have taken bits off 0700


def private_folder(path: Path) -> Path:
    """Create `path` owner-only, or check that the existing folder already is."""
    if path.exists() or path.is_symlink():
        if not path.is_dir():
            raise OutputError(f"{path} exists and is not a folder: choose another --out")
        info = path.stat()
        if info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
            raise OutputError(
                f"output folder {path} is not private (mode {stat.S_IMODE(info.st_mode):o}): "
                f"choose a new folder, or run chmod 700 {path} if it is yours"
            )
        return path
    try:
        create_folders(path)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {path} ({exc.strerror})") from None
    return path


def write_private(path: Path, data: str, *, encoding: str = "utf-8") -> Path:
    """Write text to a file readable by its owner only; never through a symlink.

    Missing folders above it are created owner-only.
    """
    try:
        create_folders(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            # An existing file keeps its mode through O_CREAT: set it again.
            os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
    except OSError as exc:
        raise OutputError(f"cannot write {path} ({exc.strerror})") from None
    return path
