"""Trends for the communications team: findings counted by week, flag, rule and group.

The report is built from the store's weekly counts, which hold no person, post or
handle, and reads the registry only to know how many people each group has. A
school, role or platform with fewer people than the configured minimum is never
shown on its own (reports.suppression), and when fewer people than that take part
at all, no table is made.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from auditor.config import MIN_GROUP_SIZE
from auditor.model import FLAGS
from auditor.registry import Person
from auditor.store import AccountRow, Store, TrendCount
from reports.suppression import Grouping, group_by_size
from reports.trends_texts import DEFAULT_WEEKS

TOTAL = "total"
DIMENSIONS = ("platform", "school", "role")
_COUNT_COLUMNS = ("week", "platform", "school", "role", "flag", "rule", "findings")


@dataclass(frozen=True, slots=True)
class Period:
    """Whole ISO weeks, from the Monday `first` on, `weeks` of them."""

    first: date
    weeks: int

    def __post_init__(self) -> None:
        if self.weeks < 1:
            raise ValueError(f"a period needs at least one week, not {self.weeks}")
        if self.first.weekday() != 0:
            raise ValueError(f"a period starts on a Monday, not on {self.first:%A} {self.first}")

    @classmethod
    def ending_before(cls, today: date, weeks: int = DEFAULT_WEEKS) -> Period:
        """The `weeks` weeks up to the last complete ISO week before `today`.

        The current week is left out even on a Sunday: its posts are not all in
        yet, and a half week would look like a drop.
        """
        this_monday = today - timedelta(days=today.weekday())
        return cls(this_monday - timedelta(weeks=weeks), weeks)

    @property
    def last(self) -> date:
        """The Monday of the period's last week."""
        return self.first + timedelta(weeks=self.weeks - 1)

    @property
    def end(self) -> date:
        """The Monday after the period: the first day not in it."""
        return self.first + timedelta(weeks=self.weeks)

    def mondays(self) -> list[date]:
        return [self.first + timedelta(weeks=n) for n in range(self.weeks)]

    def previous(self) -> Period:
        """The period of the same length just before this one, to compare with."""
        return Period(self.first - timedelta(weeks=self.weeks), self.weeks)


def iso_week(monday: date) -> str:
    """A week as people write it: 2026-W47."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class GroupTable:
    """Findings per flag for the groups of one dimension that may be shown.

    Attributes:
        dimension: "platform", "school" or "role".
        grouping: which groups are shown, pooled or left out, and why.
        rows: one row per shown group: "people", then one column per flag, then
            "total".
        other: the pooled groups together, with the same columns, or None when
            nothing was pooled or the pool itself is too small to show.
    """

    dimension: str
    grouping: Grouping
    rows: pd.DataFrame
    other: pd.Series | None


@dataclass(frozen=True)
class Tables:
    """The aggregated tables of a report; the frames are not to be changed.

    Attributes:
        flags: the flags in the order of the columns.
        by_week: one row per week of the period (its Monday), findings per flag
            and "total".
        change: one row per flag and one "total": findings in the "current"
            and the "previous" period, their difference "change" and
            "change_pct" (NaN where the previous period had none).
        by_rule: "rule", "flag", "findings" (this period), "previous"; most
            frequent first.
    """

    flags: tuple[str, ...]
    by_week: pd.DataFrame
    change: pd.DataFrame
    by_rule: pd.DataFrame
    by_platform: GroupTable
    by_school: GroupTable
    by_role: GroupTable

    def groups(self) -> tuple[GroupTable, ...]:
        return (self.by_platform, self.by_school, self.by_role)


@dataclass(frozen=True)
class TrendReport:
    """What the trends report shows for one period.

    Attributes:
        people: people opted in now.
        posting_people: of those, the people with at least one registered
            account: the people whose posts the counts can come from, and so
            the population the minimum group size is checked against.
        accounts: the registered accounts of people opted in now.
        tables: None when fewer than `min_group_size` people have an account:
            then even the totals would be about too few people.
    """

    period: Period
    min_group_size: int
    people: int
    posting_people: int
    accounts: int
    tables: Tables | None


def _frame(counts: Iterable[TrendCount]) -> pd.DataFrame:
    rows = [tuple(getattr(count, column) for column in _COUNT_COLUMNS) for count in counts]
    frame = pd.DataFrame(rows, columns=list(_COUNT_COLUMNS))
    return frame.astype({"findings": "int64"})


def _in(frame: pd.DataFrame, period: Period) -> pd.DataFrame:
    return frame[frame["week"].map(lambda week: period.first <= week < period.end).astype(bool)]


def _per_flag(frame: pd.DataFrame, by: str, index: list, flags: list[str]) -> pd.DataFrame:
    """Findings per `by` value (rows, in the order of `index`) and flag, with a total."""
    summed = frame.groupby([by, "flag"])["findings"].sum()
    table = summed.unstack("flag", fill_value=0) if len(summed) else pd.DataFrame()
    table = table.reindex(index=index, columns=flags, fill_value=0).astype("int64")
    table.index.name = by
    table.columns.name = None
    table[TOTAL] = table.sum(axis=1)
    return table


def _flag_totals(frame: pd.DataFrame, flags: list[str]) -> pd.Series:
    return frame.groupby("flag")["findings"].sum().reindex(flags, fill_value=0).astype("int64")


def _change(current: pd.DataFrame, previous: pd.DataFrame, flags: list[str]) -> pd.DataFrame:
    table = pd.DataFrame(
        {"current": _flag_totals(current, flags), "previous": _flag_totals(previous, flags)}
    )
    table.loc[TOTAL] = table.sum()
    table["change"] = table["current"] - table["previous"]
    base = table["previous"].where(table["previous"] > 0)
    table["change_pct"] = (table["change"] / base * 100).round(1)
    table.index.name = "flag"
    return table


def _by_rule(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    keys = ["rule", "flag"]
    table = pd.concat(
        {
            "findings": current.groupby(keys)["findings"].sum(),
            "previous": previous.groupby(keys)["findings"].sum(),
        },
        axis=1,
    )
    table = table.fillna(0).astype("int64").reset_index()
    table = table.reindex(columns=[*keys, "findings", "previous"])
    return table.sort_values(
        ["findings", "previous", "rule"], ascending=[False, False, True], ignore_index=True
    )


def _group_table(
    dimension: str,
    current: pd.DataFrame,
    members: dict[str, set[int]],
    flags: list[str],
    min_group_size: int,
) -> GroupTable:
    grouping = group_by_size(members, current[dimension].unique(), min_group_size)
    rows = _per_flag(current, dimension, list(grouping.shown), flags)
    rows.insert(0, "people", [grouping.people[name] for name in grouping.shown])
    other = None
    if grouping.other_shown:
        pooled = current[current[dimension].isin(grouping.pooled)]
        totals = _flag_totals(pooled, flags)
        other = pd.concat(
            [
                pd.Series({"people": grouping.other_people}),
                totals,
                pd.Series({TOTAL: int(totals.sum())}),
            ]
        ).astype("int64")
    return GroupTable(dimension=dimension, grouping=grouping, rows=rows, other=other)


def _members(
    people: list[Person], accounts: list[AccountRow]
) -> tuple[set[int], dict[str, dict[str, set[int]]]]:
    """The people with an account, and who of them is in each group of each dimension."""
    by_id = {person.id: person for person in people}
    members: dict[str, dict[str, set[int]]] = {d: defaultdict(set) for d in DIMENSIONS}
    posting: set[int] = set()
    for account in accounts:
        person = by_id[account.person_id]
        posting.add(account.person_id)
        members["platform"][account.platform].add(account.person_id)
        members["school"][person.school].add(account.person_id)
        members["role"][person.role].add(account.person_id)
    return posting, members


def build_report(
    counts: Iterable[TrendCount],
    people: Iterable[Person],
    accounts: Iterable[AccountRow],
    *,
    period: Period,
    min_group_size: int = MIN_GROUP_SIZE,
) -> TrendReport:
    """Aggregate weekly counts into the report of `period`, compared with the one before.

    Only people who are opted in now count towards a group's size, and only if
    they have an account: someone without one adds nothing to the counts, so
    counting them would let a group of one person who posts pass the minimum.

    Args:
        counts: the stored weekly counts; weeks outside this period and the
            previous one are ignored.
        people: the registry; people no longer active are ignored.
        accounts: the registered accounts; those of inactive people are ignored.
        period: the weeks to report on.
        min_group_size: the fewest people a shown group may have; never below
            auditor.config.MIN_GROUP_SIZE.
    """
    if min_group_size < MIN_GROUP_SIZE:
        raise ValueError(f"min_group_size must be at least {MIN_GROUP_SIZE}, not {min_group_size}")
    active = [person for person in people if person.active]
    active_ids = {person.id for person in active}
    active_accounts = [account for account in accounts if account.person_id in active_ids]
    posting, members = _members(active, active_accounts)
    if len(posting) < min_group_size:
        tables = None
    else:
        frame = _frame(counts)
        current, previous = _in(frame, period), _in(frame, period.previous())
        flags = [*FLAGS, *sorted(set(frame["flag"]) - set(FLAGS))]
        groups = {
            dimension: _group_table(dimension, current, members[dimension], flags, min_group_size)
            for dimension in DIMENSIONS
        }
        tables = Tables(
            flags=tuple(flags),
            by_week=_per_flag(current, "week", period.mondays(), flags),
            change=_change(current, previous, flags),
            by_rule=_by_rule(current, previous),
            by_platform=groups["platform"],
            by_school=groups["school"],
            by_role=groups["role"],
        )
    return TrendReport(
        period=period,
        min_group_size=min_group_size,
        people=len(active),
        posting_people=len(posting),
        accounts=len(active_accounts),
        tables=tables,
    )


def report_from_store(
    store: Store,
    *,
    today: date,
    weeks: int = DEFAULT_WEEKS,
    min_group_size: int = MIN_GROUP_SIZE,
) -> TrendReport:
    """The report of the `weeks` complete weeks before `today`, from an open store."""
    period = Period.ending_before(today, weeks)
    return build_report(
        store.trends.weekly(since=period.previous().first),
        store.people.list(),
        store.accounts.list(),
        period=period,
        min_group_size=min_group_size,
    )
