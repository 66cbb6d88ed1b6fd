"""The social-audit command as a separate process: run it, or SIGKILL it on observed progress.

Killing on what the process has visibly done (rows written, files delivered) rather
than after a time makes the kills land at many different points of the work whatever
the machine's speed, and keeps the tests free of timing assumptions.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Finished:
    code: int | None  # None: killed
    stdout: str
    stderr: str


def start(args: Sequence[str], environ: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "auditor", *map(str, args)],
        env={**os.environ, **(environ or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def cli(
    args: Sequence[str],
    environ: dict[str, str] | None = None,
    *,
    kill_when: Callable[[], bool] | None = None,
) -> Finished:
    """Run to the end, or SIGKILL as soon as `kill_when()` is true (checked every 10 ms)."""
    process = start(args, environ)
    if kill_when is None:
        out, err = process.communicate(timeout=300)
        return Finished(process.returncode, out, err)
    deadline = time.monotonic() + 120
    killed = False
    while process.poll() is None and time.monotonic() < deadline:
        if kill_when():
            process.send_signal(signal.SIGKILL)
            killed = True
            break
        time.sleep(0.01)
    out, err = process.communicate(timeout=60)
    return Finished(None if killed else process.returncode, out, err)


def sqlite_count(db: Path, sql: str) -> int:
    """A count from a SQLite file another process is writing; 0 while that is impossible."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(db, timeout=0.05)
    except sqlite3.Error:
        return 0
    try:
        return conn.execute(sql).fetchone()[0]
    except sqlite3.Error:  # no schema yet, or a writer holds the lock
        return 0
    finally:
        conn.close()
