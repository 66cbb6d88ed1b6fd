"""Group-size suppression: the trends report says nothing about a small group.

A count about a school of three people is a count about those three people. So a
group (one school, one role, one platform) is shown on its own only when at least
`threshold` people are in it; smaller groups are pooled into one "other" row.

Pooling alone is not enough: a table with a total lets anyone subtract the shown
rows from it, and an "other" row of one small school is that school. So while the
pool itself has fewer than `threshold` people, the smallest group still shown joins
it too (secondary suppression). A pool that cannot reach the threshold even with
every group in it is left out. Either way every row shown, and every difference
between the shown rows and the total, covers at least `threshold` people.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Grouping:
    """Which groups of one dimension a report may show, and what became of the rest.

    Attributes:
        shown: the groups shown on their own, each of at least `threshold` people.
        people: the number of people in each shown group.
        pooled: the groups counted only in the "other" row (or left out).
        other_people: the number of people in the pooled groups together.
        other_shown: whether the "other" row may be shown; False when the pooled
            groups together are still too few, and then they are left out.
        too_small: how many groups had fewer than `threshold` people.
        added: how many groups large enough on their own were pooled as well, so
            that the "other" row reaches the threshold too.
    """

    shown: tuple[str, ...]
    people: Mapping[str, int]
    pooled: frozenset[str]
    other_people: int
    other_shown: bool
    too_small: int
    added: int

    @property
    def suppressed(self) -> int:
        """Groups not shown on their own, for whatever reason."""
        return self.too_small + self.added


def group_by_size(
    members: Mapping[str, Collection[int]], seen: Iterable[str], threshold: int
) -> Grouping:
    """Decide which groups of one dimension may be shown.

    Args:
        members: for each group, the ids of the people in it now. A person may be
            in several groups (accounts on several platforms): pooled groups are
            counted by their distinct people, not by adding their sizes.
        seen: groups that occur in the counts; a group nobody is in now has no
            people, so it is always pooled.
        threshold: the smallest number of people a shown row may stand for.
    """
    names = set(members) | set(seen)
    size = {name: len(members.get(name, ())) for name in names}
    small = {name for name in names if size[name] < threshold}
    # Smallest first: secondary suppression pools as few people as it can.
    candidates = sorted(names - small, key=lambda name: (size[name], name))
    pooled = set(small)
    pool: set[int] = set().union(*(members.get(name, ()) for name in small))
    added = 0
    while pooled and len(pool) < threshold and candidates:
        name = candidates.pop(0)
        pooled.add(name)
        pool |= set(members[name])
        added += 1
    shown = tuple(sorted(candidates))
    return Grouping(
        shown=shown,
        people={name: size[name] for name in shown},
        pooled=frozenset(pooled),
        other_people=len(pool),
        other_shown=bool(pooled) and len(pool) >= threshold,
        too_small=len(small),
        added=added,
    )
