"""`social-audit report ...`: what people receive about their own posts."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click
from tqdm import tqdm

from auditor.classify import is_management_role
from auditor.cli.options import UserError, config_option, open_store, user_errors
from auditor.config import load_config
from auditor.secrets import Secrets
from auditor.web.serve import weekly_links
from reports.mailer import open_transport
from reports.weekly import IsoWeek, render_weekly, report_for, send_weekly

EXIT_SOME_FAILED = 3


@click.group()
def report() -> None:
    """Reports for people about their own posts."""


def _week(value: str | None) -> IsoWeek:
    if value is None:
        return IsoWeek.last_complete(datetime.now(UTC).date())
    try:
        return IsoWeek.parse(value)
    except ValueError as exc:
        raise UserError(str(exc)) from None


@report.command()
@config_option
@click.option("--week", metavar="YYYY-Www", help="ISO week, e.g. 2026-W47 (default: last week).")
@click.option("--person", "person_email", metavar="EMAIL", help="Only this person.")
@click.option(
    "--send/--dry-run",
    default=False,
    show_default=True,
    help="Send (to the outbox or by SMTP), or only show what would be sent.",
)
@user_errors
def weekly(config_path, week, person_email, send) -> None:
    """One e-mail per opted-in person about their own posts of one ISO week.

    Sending is idempotent: a person gets one e-mail per week; a re-run sends only
    what was not sent yet, and retries what failed.

    \b
    Example:
      social-audit report weekly --config org.toml --week 2026-W47 --send
    """
    config = load_config(config_path)
    store = open_store(config_path)
    iso = _week(week)
    if person_email and store.people.get(person_email) is None:
        raise UserError(f"{person_email} is not registered: see people list")
    if not send:
        people = [p for p in store.people.list() if person_email in (None, p.email)]
        for person in people:
            record = store.sends.get(person.email, iso.label)
            state = record.status if record else "not sent"
            rendered = render_weekly(report_for(store, person, iso, is_management_role), config)
            click.echo(f"{person.email} [{state}]: {rendered.subject}")
        click.echo(f"dry run, week {iso.label}: {len(people)} e-mail(s), nothing sent")
        return
    transport = open_transport(config.mail, Secrets(config.secrets_file).get)
    try:
        summary = send_weekly(
            store,
            config,
            transport,
            iso,
            is_management=is_management_role,
            person_email=person_email,
            progress=lambda people: tqdm(
                people, unit="e-mail", file=sys.stderr, disable=not sys.stderr.isatty()
            ),
            sign_in_link=weekly_links(config, store),
        )
    finally:
        transport.close()
    click.echo(summary.line())
    for email, reason in summary.failed:
        click.echo(f"  failed: {email}: {reason}", err=True)
    where = config.mail.outbox if config.mail.transport == "outbox" else config.mail.smtp_host
    click.echo(f"delivered to: {where}")
    if summary.failed:
        sys.exit(EXIT_SOME_FAILED)
