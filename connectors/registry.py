"""The one registry of platform connectors: `@register` on a class, `get(platform)` to use one."""

from __future__ import annotations

from auditor.errors import UnknownPlatform
from connectors.base import Connector

CONNECTORS: dict[str, type[Connector]] = {}


def register(cls: type[Connector]) -> type[Connector]:
    if not isinstance(cls, type):
        raise TypeError(f"register a connector class, not {cls!r}")
    if cls.platform in CONNECTORS:
        raise ValueError(f"duplicate connector for platform {cls.platform!r}")
    CONNECTORS[cls.platform] = cls
    return cls


def get(platform: str) -> type[Connector]:
    """The connector class for a platform; an unknown one is a user error with the fix."""
    if platform not in CONNECTORS:
        known = ", ".join(sorted(CONNECTORS)) or "none"
        raise UnknownPlatform(f"unknown platform {platform!r}: use one of {known}")
    return CONNECTORS[platform]
