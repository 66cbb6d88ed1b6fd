"""The flock wrapper the schedule calls: one job at a time, a log, the exit code."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

WRAPPER = Path(__file__).resolve().parents[2] / "cron/social-audit-job"


def run(tmp_path, *command, name="nightly", wait=None, background=False):
    env = {"PATH": "/usr/bin:/bin", "SOCIAL_AUDIT_LOCK_DIR": str(tmp_path)}
    if wait is not None:
        env["SOCIAL_AUDIT_LOCK_WAIT"] = str(wait)
    args = [str(WRAPPER), name, str(tmp_path / "logs/job.log"), *command]
    if background:
        return subprocess.Popen(args, env=env)
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)


def test_passes_on_the_exit_code_and_logs_output(tmp_path):
    result = run(tmp_path, sys.executable, "-c", "print('hello'); raise SystemExit(3)")
    assert result.returncode == 3
    log = (tmp_path / "logs/job.log").read_text()
    assert "hello" in log
    assert "exit code 3" in log
    assert (tmp_path / "logs/job.log").stat().st_mode & 0o077 == 0


def test_a_second_job_does_not_start_while_the_first_runs(tmp_path):
    marker = tmp_path / "started"
    first = run(
        tmp_path,
        sys.executable,
        "-c",
        f"open({str(marker)!r}, 'w'); import time; time.sleep(3)",
        background=True,
    )
    try:
        for _ in range(100):
            if marker.exists():
                break
            time.sleep(0.05)
        second = run(tmp_path, "true")
        assert second.returncode == 75
        assert "still holds" in (tmp_path / "logs/job.log").read_text()
        other_kind = run(tmp_path, "true", name="weekly")
        assert other_kind.returncode == 0
    finally:
        first.wait(timeout=30)
    assert first.returncode == 0


def test_waiting_for_the_lock_when_asked(tmp_path):
    first = run(tmp_path, "sleep", "1", background=True)
    time.sleep(0.3)
    second = run(tmp_path, "true", wait=20)
    first.wait(timeout=30)
    assert second.returncode == 0


@pytest.mark.parametrize("args", [(), ("nightly",), ("nightly", "log")])
def test_usage_error(tmp_path, args):
    result = subprocess.run([str(WRAPPER), *args], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "usage" in result.stderr
