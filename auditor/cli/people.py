"""The opt-in registry on the command line: `people ...` and `accounts ...`.

Wiring only: each command reads its options, calls the store and prints the
result; every problem a user can fix ends in one line and exit code 2.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from auditor.cli.options import UserError, cli_actor, config_option, open_store, user_errors
from auditor.errors import AuditError
from auditor.private_files import write_private
from auditor.registry import (
    ACCOUNT_PLATFORMS,
    AccountSpec,
    Person,
    check_platform,
    normalise_email,
    normalise_handle,
)
from auditor.roster import parse_date, read_roster
from auditor.store import ImportPlan


def _email(value: str) -> str:
    try:
        return normalise_email(value)
    except AuditError as exc:
        raise UserError(str(exc)) from None


def _describe(person: Person) -> str:
    details = ", ".join(filter(None, (person.lang, person.role, person.school)))
    return f"{person.email} ({person.name}; {details}; consent {person.consent_version})"


@click.group()
def people() -> None:
    """The people who opted in: import from HR, add, list, opt out, export."""


@people.command(name="import")
@config_option
@click.argument("csv_file", metavar="FILE.csv", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@user_errors
def import_people(config_path, csv_file, dry_run) -> None:
    r"""Make the registry match HR's export of everyone who opted in.

    Columns (';' or ','): name, email, lang, role, school, opted_in_at,
    consent_version. People not in the file are deactivated, not erased.
    A file with any invalid row is refused whole.

    \b
    Example:
      social-audit people import --config examples/org.toml examples/people.csv --dry-run
    """
    roster = read_roster(csv_file, date.today())
    store = open_store(config_path)
    if roster.ignored_columns:
        click.echo(f"Ignored column(s): {', '.join(roster.ignored_columns)}", err=True)
    plan = store.people.sync(roster.people, cli_actor(), apply=not dry_run)
    _print_plan(plan, dry_run)


def _print_plan(plan: ImportPlan, dry_run: bool) -> None:
    groups = (
        ("+", "would add" if dry_run else "added", plan.added),
        ("~", "would update" if dry_run else "updated", plan.updated),
        ("-", "would deactivate" if dry_run else "deactivated", plan.deactivated),
    )
    for sign, verb, group in groups:
        for person in group:
            click.echo(f"{sign} {verb}: {_describe(person)}")
    for person, reason in plan.skipped:
        click.echo(f"! skip: {person.email}: {reason}")
    counts = ", ".join(f"{verb} {len(group)}" for _, verb, group in groups)
    prefix = "Dry run, nothing changed: " if dry_run else ""
    click.echo(f"{prefix}{counts}; {plan.unchanged} unchanged, {len(plan.skipped)} skipped")


@people.command(name="add")
@config_option
@click.option("--email", required=True, help="Work e-mail address; the person's key.")
@click.option("--name", required=True)
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@click.option("--role", default="", help="e.g. leerkracht, directeur.")
@click.option("--school", default="")
@click.option("--opted-in-at", default=None, help="Date of the opt-in (default: today).")
@click.option("--consent-version", required=True, help="Version of the consent text agreed to.")
@user_errors
def add_person(config_path, email, name, lang, role, school, opted_in_at, consent_version) -> None:
    r"""Register one person who opted in.

    \b
    Example:
      social-audit people add --config examples/org.toml --email j.jansen@school.nl \\
          --name "Jan Jansen" --role leerkracht --consent-version 2026-1
    """
    store = open_store(config_path)
    person = Person(
        email=_email(email),
        name=name.strip(),
        lang=lang,
        role=role.strip(),
        school=school.strip(),
        opted_in_at=parse_date(opted_in_at) if opted_in_at else date.today(),
        consent_version=consent_version.strip(),
    )
    store.people.add(person, cli_actor())
    click.echo(f"Added {_describe(person)}")


@people.command(name="list")
@config_option
@click.option("--all", "show_all", is_flag=True, help="Include deactivated and opted-out people.")
@user_errors
def list_people(config_path, show_all) -> None:
    r"""List the registered people (opted in only, unless --all).

    \b
    Example:
      social-audit people list --config examples/org.toml
    """
    store = open_store(config_path)
    for person in store.people.list(include_inactive=show_all):
        if person.opted_out_at:
            state = f"opted out {person.opted_out_at.date()}"
        else:
            state = "active" if person.active else "inactive"
        click.echo(
            f"{person.email}\t{person.name}\t{person.lang}\t{person.role}\t{person.school}\t"
            f"opted in {person.opted_in_at}\tconsent {person.consent_version}\t{state}"
        )


@people.command(name="opt-out")
@config_option
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@user_errors
def opt_out(config_path, email, yes) -> None:
    r"""Erase a person's accounts, posts and findings now, and stop auditing them.

    \b
    Example:
      social-audit people opt-out --config examples/org.toml j.jansen@school.nl
    """
    store = open_store(config_path)
    email = _email(email)
    if store.people.get(email) is None:
        raise UserError(f"{email} is not registered: see people list --all")
    if not yes:
        click.confirm(
            f"Erase all accounts, posts and findings of {email}? This cannot be undone",
            abort=True,
        )
    erased = store.privacy.opt_out(email, cli_actor())
    click.echo(
        f"Erased for {email}: {erased.accounts} account(s), {erased.posts} post(s), "
        f"{erased.verdicts} verdict(s), {erased.findings} finding(s). "
        "They are marked as opted out."
    )


@people.command(name="export")
@config_option
@click.argument("email")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the JSON to this file (created owner-only) instead of stdout.",
)
@user_errors
def export_person(config_path, email, output) -> None:
    r"""Everything held about one person, as JSON (right of access, AVG art. 15).

    \b
    Example:
      social-audit people export --config examples/org.toml j.jansen@school.nl --output jan.json
    """
    store = open_store(config_path)
    data = json.dumps(
        store.privacy.export(_email(email), cli_actor()), ensure_ascii=False, indent=2
    )
    if output is None:
        click.echo(data)
        return
    write_private(output, data + "\n")
    click.echo(f"Wrote the data held about {email} to {output}", err=True)


@click.group()
def accounts() -> None:
    """The accounts of registered people: add, list, remove."""


def _platform(value: str) -> str:
    try:
        return check_platform(value.strip().lower())
    except AuditError as exc:
        raise UserError(str(exc)) from None


@accounts.command(name="add")
@config_option
@click.argument("email")
@click.option("--platform", required=True, help=f"One of {', '.join(ACCOUNT_PLATFORMS)}.")
@click.option("--handle", required=True, help="The handle, e.g. @jansen or jansen@mastodon.nl.")
@click.option("--user-id", default=None, help="The platform's numeric or DID user id, if known.")
@click.option(
    "--kind", type=click.Choice(["personal", "official"]), default="personal", show_default=True
)
@click.option(
    "--token-ref",
    default=None,
    metavar="ENV_NAME",
    help="NAME of the environment variable or secrets-file key holding the token.",
)
@click.option("--bio", default="", help="The account's profile text.")
@user_errors
def add_account(config_path, email, platform, handle, user_id, kind, token_ref, bio) -> None:
    r"""Register an account of an opted-in person.

    \b
    Example:
      social-audit accounts add --config examples/org.toml j.jansen@school.nl \\
          --platform x --handle @jjansen --token-ref X_TOKEN_JANSEN
    """
    platform = _platform(platform)
    store = open_store(config_path)
    spec = AccountSpec(
        platform=platform,
        handle=normalise_handle(handle),
        user_id=user_id,
        kind=kind,
        token_ref=token_ref,
        bio=bio,
    )
    row = store.accounts.add(_email(email), spec, cli_actor())
    click.echo(f"Added {row.platform} account {row.handle} ({row.kind}) for {row.person_email}")


@accounts.command(name="list")
@config_option
@click.option("--person", "email", default=None, help="Only this person's accounts.")
@click.option("--platform", default=None, help="Only this platform's accounts.")
@user_errors
def list_accounts(config_path, email, platform) -> None:
    r"""List registered accounts with their fetch status.

    \b
    Example:
      social-audit accounts list --config examples/org.toml --person j.jansen@school.nl
    """
    platform = _platform(platform) if platform else None
    store = open_store(config_path)
    rows = store.accounts.list(email=_email(email) if email else None, platform=platform)
    for row in rows:
        status = row.status + (f" ({row.status_reason})" if row.status_reason else "")
        fetched = (
            row.last_fetched_at.isoformat(timespec="minutes") if row.last_fetched_at else "never"
        )
        click.echo(
            f"{row.person_email}\t{row.platform}\t{row.handle}\t{row.kind}\t"
            f"token {row.token_ref or '-'}\t{status}\tfetched {fetched}"
        )


@accounts.command(name="remove")
@config_option
@click.argument("email")
@click.option("--platform", required=True)
@click.option("--handle", required=True)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@user_errors
def remove_account(config_path, email, platform, handle, yes) -> None:
    r"""Unregister an account and delete its posts and findings.

    \b
    Example:
      social-audit accounts remove --config examples/org.toml j.jansen@school.nl \\
          --platform x --handle jjansen
    """
    platform = _platform(platform)
    email = _email(email)
    store = open_store(config_path)
    handle = normalise_handle(handle)
    if not yes:
        click.confirm(
            f"Remove {platform} account {handle} of {email} with its posts and findings?",
            abort=True,
        )
    erased = store.accounts.remove(email, platform, handle, cli_actor())
    click.echo(
        f"Removed {platform} account {handle} of {email}: {erased.posts} post(s) and "
        f"{erased.findings} finding(s) deleted"
    )
