"""The one registry of rules: `@register` on a rule class, `rules_by_flag()` to run them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditor.model import FLAGS

if TYPE_CHECKING:
    from auditor.classify.base import Rule

RULES: dict[str, type[Rule]] = {}

# Flags in the order they are decided: a flag may read the findings of those before it
# (a pupil in school context makes the post about work; a disclaimer needs work overlap).
RUN_ORDER = ("pupil_data", "work_overlap", "missing_disclaimer", "confidential", "incivility")


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule, refusing instances, unknown flags and duplicate ids."""
    if not isinstance(cls, type):
        raise TypeError(f"register a rule class, not an instance ({cls!r})")
    if cls.FLAG not in FLAGS:
        raise ValueError(f"rule {cls.__name__} has unknown flag {cls.FLAG!r}")
    if cls.RULE_ID in RULES:
        raise ValueError(f"duplicate rule id {cls.RULE_ID!r} ({cls.__name__})")
    RULES[cls.RULE_ID] = cls
    return cls


def rules_by_flag() -> dict[str, list[type[Rule]]]:
    """Rules per flag, flags in the order of spec/LABELS.md, rules in registration order.

    The built-in rules are registered by importing `auditor.classify`, which imports
    `auditor.classify.rules` the way a new rule module would be.
    """
    grouped: dict[str, list[type[Rule]]] = {flag: [] for flag in FLAGS}
    for cls in RULES.values():
        grouped[cls.FLAG].append(cls)
    return grouped
