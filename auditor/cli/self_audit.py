"""`social-audit self-audit`: check your own posts now, from your accounts or a data export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from tqdm import tqdm

from auditor.classify import Classifier
from auditor.cli.options import (
    UserError,
    config_option,
    load_config_or_fail,
    open_store,
    user_errors,
)
from auditor.private_files import write_private
from auditor.secrets import Secrets
from reports import texts
from reports.mailer import build_message, message_id, open_transport
from reports.self_audit import audit, render_self_audit


def _progress(posts):
    return tqdm(posts, unit="post", file=sys.stderr, disable=not sys.stderr.isatty())


@click.command("self-audit")
@config_option
@click.option(
    "--person", "person_email", metavar="EMAIL", help="Fetch this person's registered accounts now."
)
@click.option(
    "--archive",
    type=click.Path(exists=True, path_type=Path),
    help="A platform data export (zip, folder or file).",
)
@click.option(
    "--days",
    type=click.IntRange(1, 365),
    default=30,
    show_default=True,
    help="Look-back for --person.",
)
@click.option("--handle", default=None, help="Your handle, when the export does not say it.")
@click.option("--bio", default="", help="Your bio, when the export does not hold it.")
@click.option("--role", default="", help="Your role, e.g. leerkracht or directeur.")
@click.option(
    "--lang", type=click.Choice(["nl", "en"]), default=None, help="Language of the report."
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(path_type=Path),
    help="Also write the report as an HTML file.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(path_type=Path, allow_dash=True),
    help="Also write it as JSON (- for stdout).",
)
@click.option(
    "--email",
    "email_to",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[ADDRESS]",
    help="Also e-mail it (to the person by default).",
)
@user_errors
def self_audit(
    config_path,
    person_email,
    archive,
    days,
    handle,
    bio,
    role,
    lang,
    html_path,
    json_path,
    email_to,
) -> None:
    """Check your own posts now: from your registered accounts or a data export.

    With --archive no database and no API keys are needed: the export you downloaded
    from X, Facebook, Instagram, LinkedIn, Mastodon or Bluesky is read and checked.
    Only you see the result; nothing is stored.

    \b
    Examples:
      social-audit self-audit --config org.toml --archive twitter-2026.zip --html mijn-check.html
      social-audit self-audit --config org.toml --person j.jansen@school.nl --days 30 --email
    """
    if (person_email is None) == (archive is None):
        raise UserError(
            "give either --person EMAIL (your accounts) or --archive FILE (a data export)"
        )
    config = load_config_or_fail(config_path)
    classifier = Classifier(config.organisation)
    if archive is not None:
        from importers import open_archive

        lang = lang or "nl"
        posts = open_archive(archive, handle=handle, bio=bio, role=role)
        source = texts.SELF_AUDIT[lang]["source_archive"].format(name=archive.name)
        report = audit(posts, classifier, lang=lang, source=source, progress=_progress)
        address = email_to or None
    else:
        from auditor.pipeline.nightly import NightlyRun

        store = open_store(config_path)
        person = store.people.get(person_email)
        if person is None or not person.active:
            raise UserError(f"{person_email} is not an opted-in person: see people list")
        lang = lang or person.lang
        fetched, outcomes = NightlyRun(store, classifier, config).fetch_now(person.email, days)
        unread = [f"{o.platform} {o.handle}: {o.reason}" for o in outcomes]
        source = texts.SELF_AUDIT[lang]["source_accounts"].format(days=days)
        report = audit(
            fetched, classifier, lang=lang, source=source, unread=unread, progress=_progress
        )
        store.audit.append(
            "cli", "self_audit", person.email, {"posts": report.total_posts, "days": days}
        )
        address = email_to or (person.email if email_to == "" else None)
    rendered = render_self_audit(report, config)
    if json_path is not None:
        data = json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
        if str(json_path) == "-":
            click.echo(data)
        else:
            write_private(json_path, data + "\n")
    if json_path is None or str(json_path) != "-":
        click.echo(rendered.text.rstrip())
    if html_path is not None:
        write_private(html_path, rendered.html)
        click.echo(f"HTML report: {html_path}", err=True)
    if email_to is not None:
        if not address:
            raise UserError("--email needs an address with --archive: --email you@school.nl")
        transport = open_transport(config.mail, Secrets(config.secrets_file).get)
        try:
            transport.send(
                build_message(
                    rendered,
                    sender=config.mail.sender,
                    to=address,
                    msg_id=message_id(f"self-audit.{address}", "localhost"),
                    lang=lang,
                )
            )
        finally:
            transport.close()
        click.echo(f"e-mailed to {address}", err=True)
