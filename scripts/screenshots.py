"""Render the demo's HTML outputs in headless Chromium and save screenshots.

Usage: python scripts/screenshots.py DEMO_DIR [OUT_DIR]
Takes one weekly e-mail (its text/html part), the self-audit and the trends report from
a `social-audit demo` folder, renders each in Debian's Chromium (`apt-get install
chromium`; `make screenshots` installs it) and writes PNG files. Exits non-zero when
Chromium reports a page error or writes no image. No network: the pages stand alone.
"""

from __future__ import annotations

import email
import shutil
import subprocess
import sys
import tempfile
from email import policy
from pathlib import Path

from auditor.private_files import create_folders, write_private

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=900,1400",
]


def render(chromium: str, page: Path, png: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [chromium, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}", page.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
        )
    errors = [
        line for line in result.stderr.splitlines() if "Uncaught" in line or "CONSOLE(" in line
    ]
    if result.returncode != 0 or errors or not png.exists() or png.stat().st_size < 1000:
        sys.exit(
            f"{page}: chromium failed (exit {result.returncode}): {errors or result.stderr[-400:]}"
        )
    png.chmod(0o600)  # Chromium writes with the umask; the pages hold staff data
    print(f"{page.name}: {png} ({png.stat().st_size} bytes)")


def main() -> None:
    demo = Path(sys.argv[1]).resolve()  # chromium needs file:// URIs, so absolute paths
    out = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else demo / "screenshots"
    create_folders(out)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium not found: apt-get install chromium (or run make screenshots)")
    eml = sorted((demo / "outbox").glob("*.eml"))[0]
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    page = out / "weekly-email.html"
    write_private(page, message.get_body(("html",)).get_content())
    render(chromium, page, out / "weekly-email.png")
    render(chromium, demo / "self-audit/self-audit.html", out / "self-audit.png")
    render(chromium, demo / "trends/trends.html", out / "trends.png")


if __name__ == "__main__":
    main()
