"""Output folders and files that only their owner can read.

Reports hold counts about staff, so their folder is created with mode 0700 and
each file with 0600, whatever the umask. An existing folder is used only when it
is already private and ours: loosening, or quietly tightening, someone else's
folder is not this tool's call.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from auditor.errors import OutputError


def private_folder(path: Path) -> Path:
    """Create `path` owner-only, or check that the existing folder already is."""
    try:
        path.mkdir(mode=0o700, parents=True)
    except FileExistsError:
        if not path.is_dir():
            raise OutputError(f"{path} exists and is not a folder: choose another --out") from None
        info = path.stat()
        if info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
            raise OutputError(
                f"output folder {path} is not private (mode {stat.S_IMODE(info.st_mode):o}): "
                f"choose a new folder, or run chmod 700 {path} if it is yours"
            ) from None
    except OSError as exc:
        raise OutputError(f"cannot create output folder {path} ({exc.strerror})") from None
    else:
        # The umask may have taken bits off 0700; set exactly what we mean.
        path.chmod(0o700)
    return path


def write_private(path: Path, data: str, *, encoding: str = "utf-8") -> Path:
    """Write text to a file readable by its owner only; never through a symlink."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            # An existing file keeps its mode through O_CREAT: set it again.
            os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
    except OSError as exc:
        raise OutputError(f"cannot write {path} ({exc.strerror})") from None
    return path
