"""The classifier's whole output on every labelled set, byte for byte.

`classify --trace` on each set is compared with the file recorded in
tests/fixtures/golden/. An engine change (speed, structure) must leave them untouched;
a rule change moves them on purpose: re-record in a commit of its own with

    SOCIAL_AUDIT_RECORD_GOLDEN=1 .venv/bin/pytest tests/auditor/classify/test_golden.py

and read the diff (`git diff --stat tests/fixtures/golden`) before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from tests.conftest import FIXTURES
from tests.shared import DATA, ROOT

GOLDEN = FIXTURES / "golden"
RECORD = os.environ.get("SOCIAL_AUDIT_RECORD_GOLDEN") == "1"

SETS: dict[str, tuple[Path, Path]] = {
    "dev": (DATA / "org.toml", DATA / "dev.jsonl"),
    "civility-functional": (DATA / "org.toml", DATA / "civility/functional.jsonl"),
    "civility-functional-2": (DATA / "org.toml", DATA / "civility/functional-2.jsonl"),
    **{
        f"heldout-{n}": (
            ROOT / f"benchmarks/data/heldout-{n}/org.toml",
            ROOT / f"benchmarks/data/heldout-{n}/heldout.jsonl",
        )
        for n in range(1, 5)
    },
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_classify_output_is_the_recorded_one(name):
    config, posts = SETS[name]
    result = CliRunner().invoke(
        main, ["classify", "--config", str(config), "--input", str(posts), "--trace"]
    )
    assert result.exit_code == 0, result.output
    recorded = GOLDEN / f"{name}.jsonl"
    if RECORD:
        recorded.write_text(result.stdout, encoding="utf-8")
    expected = recorded.read_text(encoding="utf-8")
    if result.stdout != expected:
        lines = zip(result.stdout.splitlines(), expected.splitlines(), strict=False)
        first = next((i for i, (a, b) in enumerate(lines, 1) if a != b), None)
        pytest.fail(
            f"{name}: output differs from {recorded.name} (first at line {first}); "
            "re-record on purpose if a rule changed (see this module's docstring)"
        )
