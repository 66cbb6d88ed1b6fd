"""The organisation config (TOML, spec/FORMATS.md).

It is the only source of words that belong to one organisation: its name, schools,
places, handles and hashtags.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.errors import ConfigError

EXAMPLE_HINT = "see examples/org.toml for a complete example"
_ORG_LISTS = ("aliases", "schools", "places", "official_handles", "hashtags")
_ORG_KEYS = ("name", *_ORG_LISTS)


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
class Config:
    path: Path
    organisation: Organisation
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
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not UTF-8 text: save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path) -> Config:
    warnings = [
        f"{path}: unknown section [{key}] ignored" for key in data if key not in ("organisation",)
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
    return Config(path=path, organisation=organisation, warnings=tuple(warnings))


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
