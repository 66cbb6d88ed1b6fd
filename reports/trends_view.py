"""The trends report as tables in one language: what both the HTML and the CSV files show.

Building the rows once, here, keeps the HTML and the CSV files from ever showing
different things: the suppression decided in reports.trends is the only one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from auditor.texts import FLAG_TITLES
from reports.rule_texts import rule_text
from reports.suppression import Grouping
from reports.trends import TOTAL, GroupTable, Tables, TrendReport, iso_week
from reports.trends_texts import TEXTS

TOP_RULES = 10
Cell = str | int | float | None


@dataclass(frozen=True, slots=True)
class Table:
    """One table: `columns` are the CSV header (stable ids), `headers` the HTML's.

    `kinds` says per column how a value reads: "text", "count", "signed" (a
    difference) or "percent" (None where there is nothing to compare with).
    When `pooled` is true the last row is the "other" row of suppressed groups;
    when `totalled` is true the last row is a total.
    """

    name: str
    title: str
    columns: tuple[str, ...]
    headers: tuple[str, ...]
    kinds: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    pooled: bool = False
    totalled: bool = False


@dataclass(frozen=True, slots=True)
class TrendView:
    """Everything the report says, in one language, ready to render or write."""

    lang: str
    title: str
    period: str
    first_week: str
    last_week: str
    generated: str
    privacy: str
    change_intro: str
    rules_intro: str
    withheld: str | None
    notes: tuple[str, ...]
    summary: Table
    tables: tuple[Table, ...]

    def table(self, name: str) -> Table:
        return next(table for table in self.tables if table.name == name)


def flag_title(flag: str, lang: str) -> str:
    return FLAG_TITLES.get(flag, {}).get(lang, flag)


def _table(name: str, title: str, spec: list[tuple[str, str]], rows, lang: str, **kw) -> Table:
    text = TEXTS[lang]
    headers = tuple(
        flag_title(column, lang) if column in FLAG_TITLES else text[f"col_{column}"]
        for column, _ in spec
    )
    return Table(
        name=name,
        title=title,
        columns=tuple(column for column, _ in spec),
        headers=headers,
        kinds=tuple(kind for _, kind in spec),
        rows=tuple(tuple(_plain(value) for value in row) for row in rows),
        **kw,
    )


def _plain(value: object) -> Cell:
    """Turn numpy and pandas scalars into Python values, NaN as None, for CSV and templates."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        number = value
    else:
        number = value.item()  # type: ignore[attr-defined]
    if isinstance(number, float) and math.isnan(number):
        return None
    return number


def _flag_spec(tables: Tables) -> list[tuple[str, str]]:
    return [(flag, "count") for flag in tables.flags] + [(TOTAL, "count")]


def _by_week(tables: Tables, lang: str) -> Table:
    frame = tables.by_week
    rows = [(iso_week(monday), monday.isoformat(), *frame.loc[monday]) for monday in frame.index]
    spec = [("week", "text"), ("week_start", "text"), *_flag_spec(tables)]
    return _table("by_week_flag", TEXTS[lang]["by_week"], spec, rows, lang)


def _change(tables: Tables, lang: str) -> Table:
    text = TEXTS[lang]
    rows = [
        (
            row.Index,
            text["total"] if row.Index == TOTAL else flag_title(row.Index, lang),
            row.previous,
            row.current,
            row.change,
            row.change_pct,
        )
        for row in tables.change.itertuples()
    ]
    spec = [
        ("flag", "text"),
        ("title", "text"),
        ("previous_period", "count"),
        ("current_period", "count"),
        ("change", "signed"),
        ("change_pct", "percent"),
    ]
    return _table("change", text["change"], spec, rows, lang, totalled=True)


def _by_rule(tables: Tables, lang: str) -> Table:
    rows = []
    for row in tables.by_rule.itertuples(index=False):
        described = rule_text(row.rule, lang)
        rows.append(
            (
                row.rule,
                flag_title(row.flag, lang),
                described.protocol,
                described.description,
                row.findings,
                row.previous,
            )
        )
    spec = [
        ("rule", "text"),
        ("title", "text"),
        ("protocol", "text"),
        ("description", "text"),
        ("findings", "count"),
        ("previous_period", "count"),
    ]
    return _table("by_rule", TEXTS[lang]["by_rule"], spec, rows, lang)


def _group(group: GroupTable, tables: Tables, lang: str) -> Table:
    text = TEXTS[lang]
    rows: list[tuple] = [
        (name or text["unspecified"], *values)
        for name, values in zip(group.rows.index, group.rows.itertuples(index=False), strict=True)
    ]
    if group.other is not None:
        rows.append((text["other"], *group.other))
    spec = [(group.dimension, "text"), ("people", "count"), *_flag_spec(tables)]
    return _table(
        f"by_{group.dimension}",
        text[f"by_{group.dimension}"],
        spec,
        rows,
        lang,
        pooled=group.other is not None,
    )


def suppression_note(dimension: str, grouping: Grouping, k: int, lang: str) -> str:
    """What became of one dimension's small groups, without naming any of them."""
    text = TEXTS[lang]
    name = text[f"dimension_{dimension}"]
    if not grouping.suppressed:
        return text["none_suppressed"].format(dimension=name, k=k)

    def groups(n: int) -> str:
        return text["group"] if n == 1 else text["groups"]

    note = text["too_small"].format(
        dimension=name, n=grouping.too_small, groups=groups(grouping.too_small), k=k
    )
    if grouping.added:
        note += text["added"].format(
            n=grouping.added, groups=groups(grouping.added), other=text["other"], k=k
        )
    if grouping.other_shown:
        return note + text["pooled"].format(other=text["other"], people=grouping.other_people)
    return note + text["left_out"].format(k=k)


def _summary(report: TrendReport, lang: str) -> Table:
    text = TEXTS[lang]
    period = report.period
    items: list[tuple[str, str, Cell]] = [
        ("first_week", text["first_week"], iso_week(period.first)),
        ("last_week", text["last_week"], iso_week(period.last)),
        ("weeks", text["weeks"], period.weeks),
        ("previous_first_week", text["previous_first_week"], iso_week(period.previous().first)),
        ("people", text["people"], report.people),
        ("people_with_account", text["posting_people"], report.posting_people),
        ("accounts", text["accounts"], report.accounts),
        ("min_group_size", text["min_group_size"], report.min_group_size),
    ]
    if report.tables is not None:
        items += [
            (f"suppressed_{g.dimension}", text[f"suppressed_{g.dimension}"], g.grouping.suppressed)
            for g in report.tables.groups()
        ]
    return Table(
        name="summary",
        title=text["summary"],
        columns=("item", "label", "value"),
        headers=(text["col_flag"], text["col_item"], text["col_value"]),
        kinds=("text", "text", "text"),
        rows=tuple(items),
    )


def build_view(report: TrendReport, *, lang: str, generated: date) -> TrendView:
    """The report's tables and notes in `lang` ("nl" or "en")."""
    text = TEXTS[lang]
    period = report.period
    k = report.min_group_size
    tables = report.tables
    withheld = None
    notes: tuple[str, ...] = ()
    shown: tuple[Table, ...] = ()
    if tables is None:
        withheld = text["withheld"].format(n=report.posting_people, k=k)
    else:
        notes = tuple(suppression_note(g.dimension, g.grouping, k, lang) for g in tables.groups())
        shown = (
            _change(tables, lang),
            _by_week(tables, lang),
            _by_rule(tables, lang),
            *(_group(g, tables, lang) for g in tables.groups()),
        )
    return TrendView(
        lang=lang,
        title=text["title"],
        period=text["period"].format(
            first=iso_week(period.first),
            last=iso_week(period.last),
            start=period.first.isoformat(),
            end=(period.end - timedelta(days=1)).isoformat(),
            previous_first=iso_week(period.previous().first),
            previous_last=iso_week(period.previous().last),
        ),
        first_week=iso_week(period.first),
        last_week=iso_week(period.last),
        generated=text["generated"].format(date=generated.isoformat()),
        privacy=text["privacy"].format(k=k),
        change_intro=text["change_intro"].format(n=period.weeks),
        rules_intro=text["by_rule_intro"].format(n=TOP_RULES),
        withheld=withheld,
        notes=notes,
        summary=_summary(report, lang),
        tables=shown,
    )
