"""The errors every connector raises, whatever its client library throws.

The nightly run decides what each means for the night: a rate limit is waited out up
to a bound, then the account is left for the next night; an expired or revoked token
marks the account for re-authorisation; a transient fault is retried next run.
Messages never contain a token.
"""

from __future__ import annotations

from datetime import datetime


class ConnectorError(Exception):
    """A platform could not give an account's posts."""

    reason = "error"

    def __init__(self, message: str, *, platform: str = "", handle: str = ""):
        self.platform = platform
        self.handle = handle
        super().__init__(message)


class RateLimited(ConnectorError):
    reason = "rate limited"

    def __init__(self, message: str, *, reset_at: datetime | None = None, **kw):
        self.reset_at = reset_at
        super().__init__(message, **kw)


class AuthExpired(ConnectorError):
    reason = "token expired"


class AuthRevoked(ConnectorError):
    reason = "token revoked"


class NotFound(ConnectorError):
    reason = "account not found"


class Transient(ConnectorError):
    """A fault that may pass: 5xx, timeout, connection reset, a malformed body."""

    reason = "temporary failure"
