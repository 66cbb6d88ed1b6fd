"""The organisation config (TOML, spec/FORMATS.md).

It is the only source of words that belong to one organisation: its name, schools,
places, handles and hashtags.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from auditor.config_web import WEB_KEYS, WebConfig, parse_web
from auditor.errors import ConfigError

EXAMPLE_HINT = "see examples/org.toml for a complete example"
_ORG_LISTS = ("aliases", "schools", "places", "official_handles", "hashtags")
_ORG_KEYS = ("name", *_ORG_LISTS)
_SECTION_KEYS = {
    "store": ("path", "url", "url_env"),
    "retention": ("days",),
    "secrets": ("file",),
    "fetch": (
        "lookback_days",
        "reread_days",
        "concurrency",
        "max_wait",
        "timeout",
        "max_pages",
        "retries",
        "lock_wait",
        "base_urls",
    ),
    "mail": (
        "from",
        "reply_to",
        "transport",
        "outbox",
        "smtp_host",
        "smtp_port",
        "smtp_security",
        "smtp_user",
        "smtp_password_env",
        "timeout",
        "contact",
        "notice_url",
    ),
    "trends": ("min_group_size",),
    "web": WEB_KEYS,
}
KNOWN_SECTIONS = ("organisation", *_SECTION_KEYS)
DEFAULT_DB_FILE = "social-audit.db"
DEFAULT_RETENTION_DAYS = 90
# A week's posts must survive until the weekly report; a year is the most a
# monitoring purpose can plausibly justify (AVG art. 5(1)(e), storage limitation).
MIN_RETENTION_DAYS = 14
MAX_RETENTION_DAYS = 365
# The trends report shows no group of fewer people than this: below it, counts
# about a school or a role come too close to counts about a person.
MIN_GROUP_SIZE = 5
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str
    aliases: tuple[str, ...] = ()
    schools: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    official_handles: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The organisation's own name and its aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class StoreConfig:
    """Where the database lives: a SQLite file, or a PostgreSQL URL.

    A URL with a password is only accepted through an environment variable
    (`url_env`), so the config file can be shared and shown without leaking it.
    """

    path: Path | None = None
    url: str | None = None
    url_env: str | None = None

    def database(self) -> str | Path:
        """The SQLite path or the PostgreSQL URL to open (the URL may hold a secret)."""
        if self.url_env is not None:
            value = os.environ.get(self.url_env, "").strip()
            if not value:
                raise ConfigError(
                    f"store.url_env names ${self.url_env}, which is not set: "
                    f"export {self.url_env}=postgresql://USER:PASSWORD@HOST/DB"
                )
            return value
        if self.url is not None:
            return self.url
        assert self.path is not None
        return self.path


MAIL_TRANSPORTS = ("outbox", "smtp")
SMTP_SECURITY = ("starttls", "ssl", "none")
DEFAULT_OUTBOX = "outbox"


@dataclass(frozen=True, slots=True)
class MailConfig:
    """How the weekly e-mails leave: an outbox folder of .eml files, or SMTP.

    The SMTP password is never in the file: `smtp_password_env` names the
    environment variable (or secrets-file key) that holds it.
    """

    sender: str = "social-audit <social-audit@localhost>"
    reply_to: str | None = None
    transport: str = "outbox"
    outbox: Path = Path(DEFAULT_OUTBOX)
    smtp_host: str = "localhost"
    smtp_port: int = 587
    smtp_security: str = "starttls"
    smtp_user: str | None = None
    smtp_password_env: str | None = None
    timeout: float = 30.0
    contact: str = ""
    notice_url: str = ""


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """How the nightly run reads the platforms.

    `base_urls` points a platform at another server (the local simulator, a
    self-hosted Mastodon instance); without it each connector uses the platform.
    """

    # The first run reads this far back, and each later one this far behind the last
    # run: late and back-dated posts, edits and deletions of every post the next weekly
    # e-mail shows (up to 8 days old on Monday morning).
    lookback_days: int = 8
    reread_days: int = 8
    concurrency: int = 4
    max_wait: float = 60.0
    timeout: float = 15.0
    max_pages: int = 20
    retries: int = 2
    lock_wait: float = 0.0
    base_urls: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Config:
    path: Path
    organisation: Organisation
    store: StoreConfig = field(default_factory=StoreConfig)
    retention_days: int = DEFAULT_RETENTION_DAYS
    secrets_file: Path | None = None
    mail: MailConfig = field(default_factory=MailConfig)
    fetch: FetchConfig = field(default_factory=FetchConfig)
    min_group_size: int = MIN_GROUP_SIZE
    web: WebConfig = field(default_factory=WebConfig)
    warnings: tuple[str, ...] = ()


def load_config(path: str | Path) -> Config:
    """Read and validate an organisation config; any problem is one ConfigError line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"config file {path} does not exist: pass --config with the path of your "
            f"organisation TOML ({EXAMPLE_HINT})"
        ) from None
    except IsADirectoryError:
        raise ConfigError(f"config {path} is a directory: pass the TOML file itself") from None
    except OSError as exc:
        raise ConfigError(f"config file {path} cannot be read ({exc.strerror})") from None
    try:
        # utf-8-sig: Windows editors save UTF-8 with a byte order mark
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not UTF-8 text: save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    except RecursionError:
        # tomllib recurses once per level of nested arrays or tables
        raise ConfigError(
            f"config file {path} is not valid TOML: arrays or tables nested too deeply"
        ) from None
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path) -> Config:
    warnings = [
        f"{path}: unknown section [{key}] ignored" for key in data if key not in KNOWN_SECTIONS
    ]
    section = data.get("organisation")
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: the [organisation] section is missing ({EXAMPLE_HINT})")
    warnings += [
        f"{path}: unknown key organisation.{key} ignored" for key in section if key not in _ORG_KEYS
    ]
    name = section.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{path}: organisation.name must be a non-empty string")
    lists = {key: _string_list(section, key, path) for key in _ORG_LISTS}
    lists["official_handles"] = tuple(
        dict.fromkeys(h.lstrip("@").lower() for h in lists["official_handles"])
    )
    lists["hashtags"] = tuple(dict.fromkeys("#" + h.lstrip("#").lower() for h in lists["hashtags"]))
    organisation = Organisation(name=name.strip(), **lists)
    sections = {key: _section(data, key, path, warnings) for key in _SECTION_KEYS}
    return Config(
        path=path,
        organisation=organisation,
        store=_store(sections["store"], path),
        retention_days=_retention_days(sections["retention"], path),
        secrets_file=_relative_path(sections["secrets"], "secrets", "file", path),
        mail=_mail(sections["mail"], path),
        fetch=_fetch(sections["fetch"], path),
        min_group_size=_min_group_size(sections["trends"], path),
        web=parse_web(sections["web"], path),
        warnings=tuple(warnings),
    )


def _section(data: dict[str, Any], key: str, path: Path, warnings: list[str]) -> dict[str, Any]:
    section = data.get(key, {})
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [{key}] must be a table of keys ({EXAMPLE_HINT})")
    warnings += [
        f"{path}: unknown key {key}.{name} ignored"
        for name in section
        if name not in _SECTION_KEYS[key]
    ]
    return section


def _relative_path(section: dict[str, Any], name: str, key: str, path: Path) -> Path | None:
    """A path from the config, relative to the config file's folder, not the cwd."""
    value = section.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or _has_control(value):
        raise ConfigError(f'{path}: {name}.{key} must be a file path, e.g. {key} = "..."')
    try:
        return path.parent / Path(value.strip()).expanduser()
    except RuntimeError:  # "~someone" of a user this machine does not know
        raise ConfigError(
            f"{path}: {name}.{key} starts with a home folder of an unknown user: "
            "write the path out in full"
        ) from None


def _has_control(value: str) -> bool:
    """Control characters (NUL, line breaks) break paths and mail headers alike."""
    return any(unicodedata.category(c) == "Cc" for c in value)


def _store(section: dict[str, Any], path: Path) -> StoreConfig:
    given = [key for key in _SECTION_KEYS["store"] if key in section]
    if len(given) > 1:
        raise ConfigError(
            f"{path}: [store] has {' and '.join(given)}: keep one "
            "(path for SQLite, url or url_env for PostgreSQL)"
        )
    if "url_env" in section:
        name = section["url_env"]
        if not isinstance(name, str) or not _ENV_NAME.fullmatch(name):
            raise ConfigError(
                f'{path}: store.url_env must name an environment variable, e.g. url_env = "SOCIAL_AUDIT_DB_URL"'
            )
        return StoreConfig(url_env=name)
    if "url" in section:
        url = section["url"]
        if not isinstance(url, str) or "://" not in url:
            raise ConfigError(
                f'{path}: store.url must be a database URL, e.g. url = "postgresql://audit@db.example/audit"'
            )
        try:
            password = urlsplit(url).password
        except ValueError:  # e.g. an unclosed [ of an IPv6 address
            raise ConfigError(
                f'{path}: store.url is malformed, e.g. url = "postgresql://audit@db.example/audit"'
            ) from None
        if password is not None:
            raise ConfigError(
                f"{path}: store.url contains a password: keep secrets out of the config, "
                'set url_env = "SOCIAL_AUDIT_DB_URL" and export the URL in that variable'
            )
        return StoreConfig(url=url)
    db_path = _relative_path(section, "store", "path", path)
    return StoreConfig(path=db_path or path.parent / DEFAULT_DB_FILE)


def _number(section: dict[str, Any], name: str, key: str, default, low, high, path: Path):
    value = section.get(key, default)
    whole = isinstance(default, int)
    kinds = int if whole else int | float
    if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
        kind = "a whole number" if whole else "a number"
        raise ConfigError(
            f"{path}: {name}.{key} must be {kind} from {low:g} to {high:g}, e.g. {key} = {default}"
        )
    return value


def _fetch(section: dict[str, Any], path: Path) -> FetchConfig:
    defaults = FetchConfig()
    base_urls = section.get("base_urls", {})
    if not isinstance(base_urls, dict) or not all(
        isinstance(v, str) and v.startswith(("http://", "https://")) for v in base_urls.values()
    ):
        raise ConfigError(
            f'{path}: [fetch.base_urls] must map platforms to URLs, e.g. mastodon = "https://mastodon.nl"'
        )

    def num(key, low, high):
        return _number(section, "fetch", key, getattr(defaults, key), low, high, path)

    return FetchConfig(
        lookback_days=num("lookback_days", 1, 365),
        reread_days=num("reread_days", 1, 90),
        concurrency=num("concurrency", 1, 64),
        max_wait=float(num("max_wait", 0, 3600)),
        timeout=float(num("timeout", 1, 600)),
        max_pages=num("max_pages", 1, 1000),
        retries=num("retries", 0, 10),
        lock_wait=float(num("lock_wait", 0, 86400)),
        base_urls={str(k): v.rstrip("/") for k, v in base_urls.items()},
    )


def _mail(section: dict[str, Any], path: Path) -> MailConfig:
    def text(key: str, default: str | None) -> str | None:
        value = section.get(key, default)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ConfigError(f'{path}: mail.{key} must be a non-empty string, e.g. {key} = "..."')
        if value is not None and _has_control(value):
            # a line break in a header value would also let it add headers of its own
            raise ConfigError(f"{path}: mail.{key} must be one line without control characters")
        return value.strip() if value is not None else None

    def choice(key: str, allowed: tuple[str, ...], default: str) -> str:
        value = section.get(key, default)
        if value not in allowed:
            raise ConfigError(f"{path}: mail.{key} is {value!r}: use one of {', '.join(allowed)}")
        return value

    def number(key: str, default: float, low: float, high: float) -> float:
        value = section.get(key, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise ConfigError(f"{path}: mail.{key} must be a number from {low:g} to {high:g}")
        return value

    password_env = text("smtp_password_env", None)
    if password_env is not None and not _ENV_NAME.fullmatch(password_env):
        raise ConfigError(
            f'{path}: mail.smtp_password_env must name an environment variable, e.g. "SOCIAL_AUDIT_SMTP_PASSWORD"'
        )
    defaults = MailConfig()
    return MailConfig(
        sender=text("from", defaults.sender) or defaults.sender,
        reply_to=text("reply_to", None),
        transport=choice("transport", MAIL_TRANSPORTS, defaults.transport),
        outbox=_relative_path(section, "mail", "outbox", path) or path.parent / DEFAULT_OUTBOX,
        smtp_host=text("smtp_host", defaults.smtp_host) or defaults.smtp_host,
        smtp_port=int(number("smtp_port", defaults.smtp_port, 1, 65535)),
        smtp_security=choice("smtp_security", SMTP_SECURITY, defaults.smtp_security),
        smtp_user=text("smtp_user", None),
        smtp_password_env=password_env,
        timeout=float(number("timeout", defaults.timeout, 1, 600)),
        contact=text("contact", None) or "",
        notice_url=text("notice_url", None) or "",
    )


def _retention_days(section: dict[str, Any], path: Path) -> int:
    days = section.get("days", DEFAULT_RETENTION_DAYS)
    if isinstance(days, bool) or not isinstance(days, int):
        raise ConfigError(f"{path}: retention.days must be a whole number, e.g. days = 90")
    if not MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS:
        raise ConfigError(
            f"{path}: retention.days is {days}: use {MIN_RETENTION_DAYS} to "
            f"{MAX_RETENTION_DAYS} (a weekly report needs two weeks; 90 is the default)"
        )
    return days


def _min_group_size(section: dict[str, Any], path: Path) -> int:
    size = section.get("min_group_size", MIN_GROUP_SIZE)
    if isinstance(size, bool) or not isinstance(size, int):
        raise ConfigError(
            f"{path}: trends.min_group_size must be a whole number, e.g. min_group_size = 5"
        )
    if size < MIN_GROUP_SIZE:
        raise ConfigError(
            f"{path}: trends.min_group_size is {size}: use {MIN_GROUP_SIZE} or more "
            "(smaller groups could point to one person)"
        )
    return size


def _string_list(section: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = section.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(
            f'{path}: organisation.{key} must be a list of strings, e.g. {key} = ["..."]'
        )
    items = tuple(v.strip() for v in value)
    if any(not v for v in items):
        raise ConfigError(f"{path}: organisation.{key} contains an empty string; remove it")
    return items
