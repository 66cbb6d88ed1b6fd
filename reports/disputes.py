"""Disputes per rule for maintainers: how often staff said a rule was wrong, in aggregate.

A rule is shown on its own only when at least `min_group_size` different people
disputed it; rules below that are counted together as "other", and when that pool is
itself too small the smallest shown rule joins it (as the trends report does), so no
count can be about fewer people. Below the minimum in all, nothing is shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from auditor.store import DisputeCount

OTHER = "other"
CATEGORIES = ("wrong", "removed", "not_me")


def category(reason: str) -> str:
    """'wrong' for every flag's own "this is wrong" reason too."""
    return "wrong" if reason.startswith("wrong") else reason


@dataclass(frozen=True, slots=True)
class RuleRow:
    rule: str
    flag: str
    disputes: int
    people: int
    by_category: tuple[int, ...]  # in CATEGORIES order


@dataclass(frozen=True, slots=True)
class DisputeTable:
    min_group_size: int
    rows: tuple[RuleRow, ...]
    pooled_rules: int
    people: int

    def lines(self) -> list[str]:
        if not self.rows:
            return [f"  no counts: fewer than {self.min_group_size} people disputed anything"]
        head = f"  {'rule':<34} {'flag':<20} {'disputes':>8} {'people':>6}  " + " ".join(
            f"{c:>7}" for c in CATEGORIES
        )
        body = [
            f"  {r.rule:<34} {r.flag:<20} {r.disputes:>8} {r.people:>6}  "
            + " ".join(f"{n:>7}" for n in r.by_category)
            for r in self.rows
        ]
        note = (
            [f"  ({self.pooled_rules} rule(s) with fewer people are counted together as '{OTHER}')"]
            if self.pooled_rules
            else []
        )
        return [head, *body, *note]


def _row(rule: str, flag: str, counts: list[DisputeCount]) -> RuleRow:
    people: set[int] = set()
    by = dict.fromkeys(CATEGORIES, 0)
    for c in counts:
        people |= c.people
        by[category(c.reason)] += c.disputes
    return RuleRow(rule, flag, sum(by.values()), len(people), tuple(by.values()))


def dispute_table(counts: Iterable[DisputeCount], min_group_size: int) -> DisputeTable:
    per_rule: dict[tuple[str, str], list[DisputeCount]] = defaultdict(list)
    for count in counts:
        per_rule[(count.rule, count.flag)].append(count)
    everyone = {p for group in per_rule.values() for c in group for p in c.people}
    if len(everyone) < min_group_size:
        return DisputeTable(min_group_size, (), 0, len(everyone))
    rows = {key: _row(*key, group) for key, group in per_rule.items()}
    shown = sorted(
        (k for k, r in rows.items() if r.people >= min_group_size),
        key=lambda k: (rows[k].people, rows[k].disputes),
    )
    pooled = [k for k in rows if k not in shown]

    def pool_people() -> int:
        return len({p for k in pooled for c in per_rule[k] for p in c.people})

    while pooled and pool_people() < min_group_size and shown:
        pooled.append(shown.pop(0))
    result = sorted((rows[k] for k in shown), key=lambda r: (-r.disputes, r.rule))
    if pooled and pool_people() >= min_group_size:
        result.append(_row(OTHER, "", [c for k in pooled for c in per_rule[k]]))
    return DisputeTable(min_group_size, tuple(result), len(pooled), len(everyone))
