"""Keeps tokens out of error messages and out of the client libraries' logs.

The libraries are not careful: tweepy logs the `Authorization` header at DEBUG,
urllib3 logs every URL (facebook-sdk puts `access_token=` in the query string),
and requests' ConnectionError repeats the URL. Connector errors therefore carry
only redacted text, and a logging filter redacts what those libraries log.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

MASK = "[REDACTED]"

_PATTERNS = (
    re.compile(r"(?i)(access_token=)[^&\s'\"]+"),
    re.compile(r"(?i)(bearer\s+)[^\s'\",}]+"),
    re.compile(
        r"(?i)(['\"]?(?:authorization|password|accessjwt|refreshjwt)['\"]?\s*[:=]\s*['\"]?)[^'\"&,}\s]+"
    ),
)

LIBRARY_LOGGERS = ("tweepy.client", "urllib3.connectionpool", "httpx", "mastodon")


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """The text with every given secret and every token-looking value masked."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + MASK, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites a log record's message with `redact` before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_FILTER = RedactingFilter()


def protect_library_logs() -> None:
    """Attach the redacting filter to the loggers of the client libraries (idempotent)."""
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
