"""`social-audit simulator` as a user runs it: a real process, stopped with Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading

import requests
from click.testing import CliRunner

from auditor.cli import main


def test_the_command_is_registered_with_help():
    result = CliRunner().invoke(main, ["simulator", "--help"])
    assert result.exit_code == 0
    assert "--accounts" in result.output
    assert "social-audit simulator --port 8400" in result.output


def test_it_serves_until_interrupted_and_prints_base_urls():
    process = subprocess.Popen(
        [sys.executable, "-m", "auditor", "simulator", "--port", "0", "--accounts", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    guard = threading.Timer(30, process.kill)  # a broken command must not hang the suite
    guard.start()
    try:
        lines = [process.stdout.readline() for _ in range(16)]  # 4 x (base URL + 3 accounts)
        urls = {line.split()[0]: line.split()[1] for line in lines if line[:1] not in " "}
        assert set(urls) == {"x", "facebook", "mastodon", "bluesky"}
        handle = lines[1].split()[0]
        token = lines[1].split("token=")[1].strip()
        answer = requests.get(
            f"{urls['x']}/2/users/by/username/{handle}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=5,
        )
        assert answer.json()["data"]["username"] == handle
    finally:
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=10)
        guard.cancel()
    assert process.returncode == 0, errors
    assert "Stopped." in errors
