"""`social-audit demo`: the whole flow on embedded defaults, nothing to configure."""

from __future__ import annotations

from pathlib import Path

import click

from auditor.cli.options import user_errors


@click.command()
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("social-audit-demo"),
    show_default=True,
    help="Folder for everything the demo makes (created owner-only).",
)
@user_errors
def demo(folder: Path) -> None:
    """Run the whole flow on the example organisation, with a local platform simulator.

    Creates a SQLite database, enrols the example people, runs the nightly job against
    the simulator on 127.0.0.1, writes the weekly e-mails to an outbox folder, runs a
    self-audit on an example data export, writes the trends report, and prints where
    everything is.

    \b
    Example:
      social-audit demo --dir demo-output
    """
    from auditor.demo.flow import run_demo  # the simulator and every platform library

    result = run_demo(folder, echo=lambda line: click.echo(line, err=True))
    click.echo("")
    for line in result.lines():
        click.echo(line)
