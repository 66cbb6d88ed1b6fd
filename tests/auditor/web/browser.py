"""Debian's Chromium driven by Playwright for Python: one browser per test session.

No browser is downloaded: Playwright starts /usr/bin/chromium (which `make test`
installs with apt-get when missing) with the flags this machine's closed network needs,
in a fresh profile folder Playwright makes for each launch. axe-core comes from npm
(scripts/ensure-axe.sh, path in $SOCIAL_AUDIT_AXE).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
REQUIRE_ENV = "SOCIAL_AUDIT_REQUIRE_BROWSER"
AXE_ENV = "SOCIAL_AUDIT_AXE"
SCREENSHOTS_ENV = "SOCIAL_AUDIT_SCREENSHOTS"


def missing(reason: str) -> None:
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{REQUIRE_ENV}=1 but {reason}")
    pytest.skip(reason)


def axe_script() -> Path:
    path = Path(os.environ.get(AXE_ENV, ""))
    if not os.environ.get(AXE_ENV) or not path.is_file():
        missing(f"axe-core not found: set {AXE_ENV} (make test runs scripts/ensure-axe.sh)")
    return path


def serious_violations(page, axe: Path) -> list[str]:
    """axe-core's serious and critical violations on the page, as readable lines."""
    page.add_script_tag(path=str(axe))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
