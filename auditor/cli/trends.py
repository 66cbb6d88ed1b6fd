"""The trends report for the communications team on the command line: `trends`.

Wiring only: read the config and the store, aggregate (reports.trends), write the
files (reports.trends_output), say where they are.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from auditor.cli.options import (
    cli_actor,
    config_option,
    load_config_or_fail,
    open_configured_store,
    user_errors,
)
from reports.trends_texts import DEFAULT_WEEKS

# reports.trends (pandas, matplotlib) is imported when the command runs, not at start-up.
MAX_WEEKS = 104


@click.command()
@config_option
@click.option(
    "--weeks",
    type=click.IntRange(1, MAX_WEEKS),
    default=DEFAULT_WEEKS,
    show_default=True,
    help="Complete ISO weeks to report on, ending with last week.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the report, created owner-only [default: trends-YEAR-Wnn].",
)
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default="nl",
    show_default=True,
    help="Language of the report.",
)
@user_errors
def trends(config_path, weeks, out, lang) -> None:
    r"""Aggregated trends for the communications team: HTML with charts, and CSV.

    Counts findings by week, flag, rule, platform, school and role, against the
    period before. Shows no post, name or account; a group of fewer people than
    [trends] min_group_size (at least 5) is not shown on its own.

    \b
    Example:
      social-audit trends --config examples/org.toml --weeks 12 --out trends-report
    """
    from reports.trends import iso_week, report_from_store
    from reports.trends_output import write_report

    config = load_config_or_fail(config_path)
    store = open_configured_store(config)
    today = date.today()
    report = report_from_store(
        store, today=today, weeks=weeks, min_group_size=config.min_group_size
    )
    period = f"{iso_week(report.period.first)} to {iso_week(report.period.last)}"
    folder = out or Path(f"trends-{iso_week(report.period.last)}")
    files = write_report(report, folder, lang=lang, generated=today)
    detail = {
        "weeks": weeks,
        "last_week": iso_week(report.period.last),
        "lang": lang,
        "folder": str(files.folder.resolve()),
    }
    store.audit.append(cli_actor(), "trends.export", "trends", detail)
    click.echo(f"Trends report for {period}: {files.html}")
    click.echo(f"CSV files in {files.folder}: {', '.join(path.name for path in files.csv)}")
    if report.tables is None:
        click.echo(
            f"Note: {report.posting_people} people with an account take part, fewer than "
            f"{report.min_group_size}: the report shows no counts.",
            err=True,
        )
