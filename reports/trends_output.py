"""Writing the trends report: one self-contained HTML file and one CSV file per table.

The HTML is rendered with jinja2, autoescaped and strict: a school or role name
is data from the registry and is shown as text, whatever characters it holds.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from auditor.private_files import private_folder, write_private
from reports.trends import TrendReport
from reports.trends_charts import build_charts
from reports.trends_texts import TEXTS
from reports.trends_view import TOP_RULES, Cell, Table, TrendView, build_view

HTML_NAME = "trends.html"
# With a byte order mark, spreadsheet programs read the file as UTF-8 too.
CSV_ENCODING = "utf-8-sig"


@dataclass(frozen=True, slots=True)
class TrendFiles:
    """Where a report was written."""

    folder: Path
    html: Path
    csv: tuple[Path, ...]


def format_cell(value: Cell, kind: str, lang: str) -> str:
    """A value as the HTML shows it: Dutch or English number style, signs on changes."""
    if value is None:
        return TEXTS[lang]["no_base"]
    if kind == "text" or isinstance(value, str):
        return str(value)
    if kind == "percent":
        text = f"{value:+.1f}"
        return (text.replace(".", ",") + " %") if lang == "nl" else text + "%"
    text = f"{value:+,}" if kind == "signed" else f"{value:,}"
    return text.replace(",", ".") if lang == "nl" else text


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = format_cell
    return env


def render_html(view: TrendView) -> str:
    """The report as one HTML page with its charts embedded as data URIs."""
    return (
        environment()
        .get_template("trends/report.html")
        .render(
            view=view,
            text=TEXTS[view.lang],
            charts={chart.name: chart for chart in build_charts(view, top_rules=TOP_RULES)},
            top_rules=TOP_RULES,
        )
    )


def csv_text(table: Table) -> str:
    """One table as CSV: the stable column ids as header, plain values, empty for none."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.columns)
    writer.writerows(["" if value is None else value for value in row] for row in table.rows)
    return buffer.getvalue()


def write_report(
    report: TrendReport, folder: Path, *, lang: str = "nl", generated: date
) -> TrendFiles:
    """Write the HTML report and its CSV files into an owner-only folder.

    Args:
        report: the aggregated report.
        folder: created with mode 0700 if missing; an existing one must be private.
        lang: "nl" or "en".
        generated: the date the report says it was made.
    """
    view = build_view(report, lang=lang, generated=generated)
    html = render_html(view)
    folder = private_folder(folder)
    written = [
        write_private(folder / f"{table.name}.csv", csv_text(table), encoding=CSV_ENCODING)
        for table in (view.summary, *view.tables)
    ]
    return TrendFiles(
        folder=folder, html=write_private(folder / HTML_NAME, html), csv=tuple(written)
    )
