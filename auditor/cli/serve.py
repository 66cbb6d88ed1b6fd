"""`social-audit serve`: the staff web app, and `social-audit disputes`: what staff disputed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import click

from auditor.cli.options import (
    config_option,
    load_config_or_fail,
    open_configured_store,
    user_errors,
)


@click.command()
@config_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@user_errors
def serve(config_path, host, port) -> None:
    """The staff web app: own findings, disputes, draft check, self-audit, accounts, consent.

    People sign in with a single-use link sent to their registered address; the
    communications team ([web] comms) sees the trends report. Put it behind a reverse
    proxy with TLS (docs/web.md); [web] base_url is the address people open.

    \b
    Example:
      social-audit serve --config examples/org.toml --host 127.0.0.1 --port 8080
    """
    from auditor.web.serve import serve as run_server

    config = load_config_or_fail(config_path)
    store = open_configured_store(config)
    click.echo(f"social-audit serve: {config.web.base_url} (listening on {host}:{port})", err=True)
    run_server(config, store, host, port)


@click.command()
@config_option
@click.option(
    "--weeks",
    type=click.IntRange(1, 104),
    default=12,
    show_default=True,
    help="Disputes made in the last this many weeks.",
)
@user_errors
def disputes(config_path, weeks) -> None:
    """Disputes per rule: a precision signal from real use, in aggregate only.

    A rule is shown on its own only when at least [trends] min_group_size people
    disputed it; the others are counted together. No post, note or person is shown.

    \b
    Example:
      social-audit disputes --config examples/org.toml --weeks 12
    """
    from reports.disputes import dispute_table

    config = load_config_or_fail(config_path)
    store = open_configured_store(config)
    since = datetime.now(UTC) - timedelta(weeks=weeks)
    table = dispute_table(store.disputes.counts(since), config.min_group_size)
    click.echo(
        f"Disputes of the last {weeks} week(s), per rule (groups of {config.min_group_size}+ people):"
    )
    for line in table.lines():
        click.echo(line)
