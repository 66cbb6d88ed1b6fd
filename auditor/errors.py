"""Errors a user can cause, each phrased as the problem plus the fix.

The CLI turns every `AuditError` into one line on stderr and exit code 2; anything
else is a bug and may crash loudly.
"""


class AuditError(Exception):
    """A problem the user can fix: bad config, bad input, unknown platform."""


class ConfigError(AuditError):
    """The organisation config is missing, unreadable or invalid."""


class InputError(AuditError):
    """A post, a gold file or another input file is malformed."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.source = source
        self.line = line
        self.detail = message
        where = source or "input"
        if line is not None:
            where = f"{where}, line {line}"
        super().__init__(f"{where}: {message}")


class UnknownPlatform(AuditError):
    """A platform name that no connector handles."""


class ArchiveError(AuditError):
    """A platform data export that cannot be read safely."""


class RegistryError(AuditError):
    """A person or account that cannot be registered as given."""


class SecretError(AuditError):
    """A token reference that cannot be resolved, or a secrets file that is not private.

    Messages name the reference or the file, never a secret's value.
    """


class StoreError(AuditError):
    """The database cannot be opened, migrated or written."""


class StoreBusy(StoreError):
    """The database stayed locked or unreachable through every retry."""


class OutputError(AuditError):
    """A report's output folder or file cannot be written safely."""
