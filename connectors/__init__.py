"""Platform connectors: one registry, built-ins registered the way a new platform would be.

Importing the package loads every built-in platform module, each of which registers
itself in `connectors.registry`.
"""

from __future__ import annotations

from connectors import bluesky, facebook, mastodon, x
from connectors.registry import CONNECTORS, get, register

__all__ = ["CONNECTORS", "bluesky", "facebook", "get", "mastodon", "register", "x"]
