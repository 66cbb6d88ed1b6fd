"""The `[web]` section of the organisation config: the staff web app (`social-audit serve`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from auditor.errors import AuditError, ConfigError
from auditor.registry import normalise_email

WEB_KEYS = (
    "base_url",
    "secret_env",
    "session_hours",
    "email_link_days",
    "upload_max_mb",
    "links_per_address",
    "links_per_client",
    "comms",
    "consent_file",
    "trusted_proxies",
)
DEFAULT_SECRET_ENV = "SOCIAL_AUDIT_WEB_SECRET"
DEFAULT_BASE_URL = "http://127.0.0.1:8080"
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# (key, lowest, highest) of each whole-number setting
_NUMBERS = (
    ("session_hours", 1, 24 * 14),
    ("email_link_days", 1, 14),
    ("upload_max_mb", 1, 2048),
    ("links_per_address", 1, 100),
    ("links_per_client", 1, 10_000),
)


@dataclass(frozen=True, slots=True)
class WebConfig:
    """How the staff web app runs.

    `base_url` is the address people open (the reverse proxy's): links in e-mails point
    there, and cookies are marked Secure unless it is on localhost. `secret_env` names
    the environment variable or secrets-file key with the key that signs links and
    forms; the key itself never goes in the config. `comms` are the addresses of the
    communications team, who sign in to see the trends report and nothing about anyone.
    A sign-in link is asked for at most `links_per_address` times per address and
    `links_per_client` times per client in 15 minutes (the time a link stays valid).
    `trusted_proxies` are the addresses whose X-Forwarded-For is believed.
    """

    base_url: str = DEFAULT_BASE_URL
    secret_env: str = DEFAULT_SECRET_ENV
    session_hours: int = 12
    email_link_days: int = 7
    upload_max_mb: int = 100
    links_per_address: int = 3
    links_per_client: int = 20
    comms: tuple[str, ...] = ()
    consent_file: Path | None = None
    trusted_proxies: tuple[str, ...] = ()

    @property
    def on_localhost(self) -> bool:
        return urlsplit(self.base_url).hostname in ("localhost", "127.0.0.1", "::1")


_DEFAULTS = WebConfig()


def _text_list(section: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = section.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f'{path}: web.{key} must be a list of strings, e.g. {key} = ["..."]')
    return tuple(v.strip() for v in value)


def _whole(section: dict[str, Any], key: str, low: int, high: int, path: Path) -> int:
    default = getattr(_DEFAULTS, key)
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(
            f"{path}: web.{key} must be a whole number from {low} to {high}, e.g. {key} = {default}"
        )
    return value


def _base_url(section: dict[str, Any], path: Path) -> str:
    value = section.get("base_url", DEFAULT_BASE_URL)
    parts = urlsplit(value) if isinstance(value, str) else None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or any(unicodedata.category(c) == "Cc" or c.isspace() for c in value)
    ):
        raise ConfigError(
            f"{path}: web.base_url must be the http(s) address people open, "
            'e.g. base_url = "https://audit.school.example"'
        )
    return value.rstrip("/")


def parse_web(section: dict[str, Any], path: Path) -> WebConfig:
    secret_env = section.get("secret_env", DEFAULT_SECRET_ENV)
    if not isinstance(secret_env, str) or not _ENV_NAME.fullmatch(secret_env):
        raise ConfigError(
            f"{path}: web.secret_env must name an environment variable, "
            f'e.g. secret_env = "{DEFAULT_SECRET_ENV}"'
        )
    try:
        comms = tuple(normalise_email(a) for a in _text_list(section, "comms", path))
    except AuditError as exc:
        raise ConfigError(f"{path}: web.comms: {exc}") from None
    consent = section.get("consent_file")
    if consent is not None and (not isinstance(consent, str) or not consent.strip()):
        raise ConfigError(
            f'{path}: web.consent_file must be a file path, e.g. consent_file = "..."'
        )
    return WebConfig(
        base_url=_base_url(section, path),
        secret_env=secret_env,
        comms=comms,
        consent_file=path.parent / Path(consent.strip()) if consent else None,
        trusted_proxies=_text_list(section, "trusted_proxies", path),
        **{key: _whole(section, key, low, high, path) for key, low, high in _NUMBERS},
    )
