"""Charts of the trends report as PNG data URIs, so the HTML file stands alone.

They are drawn from the view's tables, never from the counts, so a chart cannot
show a group that the tables leave out. Figures are made without pyplot: no
global state, no window, the Agg canvas only.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from reports.trends_texts import TEXTS
from reports.trends_view import Table, TrendView

# Okabe-Ito colours: told apart with any common colour vision deficiency.
FLAG_COLOURS = {
    "work_overlap": "#56B4E9",
    "missing_disclaimer": "#E69F00",
    "pupil_data": "#D55E00",
    "confidential": "#0072B2",
    "incivility": "#CC79A7",
}
OTHER_COLOUR = "#999999"
BAR_COLOUR = "#0072B2"


@dataclass(frozen=True, slots=True)
class Chart:
    name: str
    alt: str
    data_uri: str


def _png(figure: Figure) -> str:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _by_week(table: Table, title: str) -> Figure:
    # The flag columns sit between the week's two columns and the total.
    flags = range(2, len(table.columns) - 1)
    figure = Figure(figsize=(9, 3.8), layout="constrained")
    axes = figure.add_subplot()
    weeks = [str(row[0]).split("-")[-1] for row in table.rows]
    bottom = [0] * len(table.rows)
    for column in flags:
        values = [int(row[column] or 0) for row in table.rows]
        axes.bar(
            weeks,
            values,
            bottom=bottom,
            label=table.headers[column],
            color=FLAG_COLOURS.get(table.columns[column], OTHER_COLOUR),
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_title(title)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize="small")
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def _bars(
    table: Table, value_column: str, title: str, xlabel: str, limit: int | None = None
) -> Figure:
    """Horizontal bars of one column against the table's first column, first row on top."""
    rows = table.rows[:limit]
    labels = [str(row[0]) for row in rows]
    values = [int(row[table.columns.index(value_column)] or 0) for row in rows]
    figure = Figure(figsize=(9, 0.8 + 0.4 * max(len(rows), 1)), layout="constrained")
    axes = figure.add_subplot()
    axes.barh(labels[::-1], values[::-1], color=BAR_COLOUR)
    axes.set_title(title)
    axes.set_xlabel(xlabel)
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def build_charts(view: TrendView, *, top_rules: int) -> tuple[Chart, ...]:
    """The charts of a report; none when its tables are withheld."""
    if not view.tables:
        return ()
    text = TEXTS[view.lang]
    drawings = {
        "by_week": lambda title: _by_week(view.table("by_week_flag"), title),
        "by_platform": lambda title: _bars(
            view.table("by_platform"), "total", title, text["findings"]
        ),
        "by_rule": lambda title: _bars(
            view.table("by_rule"), "findings", title, text["findings"], top_rules
        ),
    }
    charts = []
    # Labels are data, not formulas: a "$" in one must not start mathtext.
    with matplotlib.rc_context({"text.parse_math": False}):
        for name, draw in drawings.items():
            title = text[f"chart_{name}"]
            alt = text["chart_alt"].format(title=title, first=view.first_week, last=view.last_week)
            charts.append(Chart(name=name, alt=alt, data_uri=_png(draw(title))))
    return tuple(charts)
