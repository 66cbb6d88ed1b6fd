"""The opt-in registry's data: who takes part, with which accounts.

Values are checked here, once, whatever their source (the HR export, the CLI, a
test), so the store only ever holds people and accounts that make sense.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from auditor.errors import RegistryError
from auditor.model import ACCOUNT_KINDS, LANGS, PLATFORMS
from auditor.secrets import check_reference

# "other" is a classifier input, not a platform anyone can register an account on.
ACCOUNT_PLATFORMS = tuple(p for p in PLATFORMS if p != "other")
ACCOUNT_STATUSES = ("ok", "needs_reauth", "failed")
# An address in dot-atom form (RFC 5322), letters of any script allowed. No character a
# mail header reads as structure (, ; < > ( ) [ ] " : \): "ann,ben@school.nl" would
# send one person's findings to "ann" and to ben@school.nl.
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


def normalise_email(email: str) -> str:
    """E-mail addresses are the registry's key: compared trimmed and lower-case."""
    value = email.strip().lower()
    if not _EMAIL.fullmatch(value):
        raise RegistryError(f"{email!r} is not an e-mail address (expected name@school.nl)")
    return value


def check_platform(platform: str) -> str:
    if platform not in ACCOUNT_PLATFORMS:
        raise RegistryError(
            f"unknown platform {platform!r}: use one of {', '.join(ACCOUNT_PLATFORMS)}"
        )
    return platform


def normalise_handle(handle: str) -> str:
    """Handles are case-insensitive on every supported platform; '@' is decoration."""
    value = handle.strip().lstrip("@").lower()
    if not value or any(c.isspace() for c in value):
        raise RegistryError(f"{handle!r} is not a handle (expected e.g. @jansen or jansen)")
    return value


@dataclass(frozen=True, slots=True)
class Person:
    """One member of staff who opted in, as HR or the CLI registers them.

    `consent_version` records which consent text they agreed to (AVG art. 7(1):
    the employer must be able to show consent). `opted_out_at` is kept after an
    opt-out so a later import of an older opt-in does not re-enrol them.
    """

    email: str
    name: str
    opted_in_at: date
    consent_version: str
    lang: str = "nl"
    role: str = ""
    school: str = ""
    active: bool = True
    opted_out_at: datetime | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        if self.email != normalise_email(self.email):
            raise RegistryError(f"e-mail {self.email!r} must be trimmed and lower-case")
        if self.lang not in LANGS:
            raise RegistryError(f"language {self.lang!r} is not supported: use nl or en")
        if self.active and not self.name.strip():
            raise RegistryError(f"{self.email}: the name is empty")
        if not self.consent_version.strip():
            raise RegistryError(f"{self.email}: the consent version is empty")


@dataclass(frozen=True, slots=True)
class AccountSpec:
    """An account to register for a person.

    `token_ref` is the NAME of the environment variable or secrets-file key that
    holds the token, never the token: the database must not hold secrets.
    """

    platform: str
    handle: str
    user_id: str | None = None
    kind: str = "personal"
    token_ref: str | None = None
    bio: str = ""

    def __post_init__(self) -> None:
        check_platform(self.platform)
        if self.handle != normalise_handle(self.handle):
            raise RegistryError(f"handle {self.handle!r} must be given without @, lower-case")
        if self.kind not in ACCOUNT_KINDS:
            raise RegistryError(
                f"account kind {self.kind!r}: use one of {', '.join(ACCOUNT_KINDS)}"
            )
        if self.token_ref is not None:
            check_reference(self.token_ref)
