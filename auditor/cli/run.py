"""`social-audit run`: the nightly job."""

from __future__ import annotations

import sys

import click
from tqdm import tqdm

from auditor.classify import Classifier
from auditor.cli.options import config_option, load_config_or_fail, open_store, user_errors


@click.command()
@config_option
@click.option("--platform", help="Only accounts on this platform (x, facebook, mastodon, bluesky).")
@click.option("--person", "person_email", metavar="EMAIL", help="Only this person's accounts.")
@user_errors
def run(config_path, platform, person_email) -> None:
    """Fetch, classify and store what is new for every opted-in account.

    Posts past the retention period are purged on every run. Exit code 0 when every
    account was fetched, 3 when some failed but the run completed, 2 for bad
    configuration. The summary is printed and stored with the run.

    \b
    Example:
      social-audit run --config /etc/social-audit/org.toml
    """
    from auditor.pipeline.nightly import NightlyRun  # loads every platform's client library

    config = load_config_or_fail(config_path)
    store = open_store(config_path)
    nightly = NightlyRun(store, Classifier(config.organisation), config)
    summary = nightly.run(
        platform=platform,
        person=person_email,
        progress=lambda items: tqdm(
            items, unit="account", file=sys.stderr, disable=not sys.stderr.isatty()
        ),
    )
    for line in summary.lines():
        click.echo(line)
    sys.exit(summary.exit_code)
