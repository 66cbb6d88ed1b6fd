"""The README, spec/LABELS.md and the code agree with each other."""

import re
from pathlib import Path

import click

from auditor.classify.registry import rules_by_flag
from auditor.cli import main
from tests.shared import SPEC

ROOT = Path(__file__).resolve().parents[1]
LABELS = SPEC / "LABELS.md"


def _commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        yield full, command
        if isinstance(command, click.Group):
            yield from _commands(command, full + " ")


def test_every_command_is_in_the_readme_and_has_help():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in _commands(main):
        assert f"social-audit {name}" in readme, f"README does not show `social-audit {name}`"
        assert command.help, f"`{name}` has no help text"


def test_every_flag_of_labels_md_has_a_rule():
    flags = re.findall(r"^## (\w+)", LABELS.read_text(encoding="utf-8"), flags=re.M)
    flags = [f for f in flags if f.islower()]
    assert flags
    grouped = rules_by_flag()
    assert sorted(flags) == sorted(grouped)
    assert all(grouped[flag] for flag in flags)


def test_readme_names_the_two_fresh_machine_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "make demo" in readme
    assert "make test" in readme
    assert "make test" in ci
