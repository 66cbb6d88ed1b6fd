"""Platform tokens and passwords, looked up by the name the registry stores.

The database, the config and the logs only ever hold a token's reference (the name
of an environment variable or of a key in the secrets file). The secrets file uses
the KEY=VALUE lines of a systemd `EnvironmentFile`, so one file can feed both the
service unit and a manual run; it must be private to its owner (mode 0600).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path

from auditor.errors import SecretError

TOKEN_REF = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


def check_reference(ref: str) -> str:
    """Refuse anything but a variable name, so a pasted token never reaches the database.

    The message does not repeat the refused value: it may be the token itself.
    """
    if not TOKEN_REF.fullmatch(ref):
        raise SecretError(
            "a token reference must be the NAME of an environment variable or "
            "secrets-file key (letters, digits, _; at most 64), e.g. X_TOKEN_JANSEN, "
            "never the token itself"
        )
    return ref


class Secrets:
    """Resolves token references: the environment first, then the secrets file."""

    def __init__(self, file: Path | None = None, environ: Mapping[str, str] | None = None):
        self._file = file
        self._environ = os.environ if environ is None else environ
        self._values: dict[str, str] | None = None

    def __repr__(self) -> str:
        return f"Secrets(file={self._file!s})"

    def get(self, ref: str) -> str:
        """The secret a reference names; a missing one is an error that names the fix."""
        check_reference(ref)
        value = self._environ.get(ref) or self._from_file().get(ref)
        if not value:
            where = f" or add it to {self._file}" if self._file else ""
            raise SecretError(f"token reference {ref} is not set: export {ref}=...{where}")
        return value

    def _from_file(self) -> dict[str, str]:
        if self._file is None:
            return {}
        if self._values is None:
            self._values = read_secrets_file(self._file)
        return self._values


def read_secrets_file(path: Path) -> dict[str, str]:
    """Parse KEY=VALUE lines of a file that only its owner may read.

    Errors name the line, never its content.
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        raise SecretError(
            f"secrets file {path} does not exist: create it with mode 0600 or fix [secrets] file"
        ) from None
    if mode & 0o077:
        raise SecretError(
            f"secrets file {path} has mode {mode:04o}, so others can read it: run chmod 600 {path}"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        raise SecretError(f"secrets file {path} cannot be read ({reason})") from None
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.removeprefix("export ").partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not TOKEN_REF.fullmatch(key):
            raise SecretError(
                f"secrets file {path}, line {number}: expected NAME=value (comments start with #)"
            )
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key] = value
    return values
