"""Options shared by several commands, as decorators."""

from __future__ import annotations

import functools
import getpass

import click

from auditor.config import Config, load_config
from auditor.errors import AuditError
from auditor.store import Store


class UserError(click.ClickException):
    """A problem the user can fix: one line on stderr, exit code 2, no traceback."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True, file=file)


def load_config_or_fail(path: str) -> Config:
    try:
        config = load_config(path)
    except AuditError as exc:
        raise UserError(str(exc)) from None
    for warning in config.warnings:
        click.echo(f"Warning: {warning}", err=True)
    return config


def cli_actor() -> str:
    """Who did it, for the audit log: the login name, not a claim typed on the CLI."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def open_store(config_path: str) -> Store:
    """The store of the config at this path, closed when the command ends."""
    return open_configured_store(load_config_or_fail(config_path))


def open_configured_store(config: Config) -> Store:
    """The store of an already loaded config, closed when the command ends."""
    try:
        store = Store.from_config(config)
    except AuditError as exc:
        raise UserError(str(exc)) from None
    click.get_current_context().call_on_close(store.close)
    return store


def user_errors(command):
    """Turn the library's AuditErrors into one line and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except AuditError as exc:
            raise UserError(str(exc)) from None

    return wrapper


def config_option(fn):
    return click.option(
        "--config",
        "config_path",
        required=True,
        envvar="SOCIAL_AUDIT_CONFIG",
        metavar="ORG.toml",
        help="Organisation config (TOML); also read from $SOCIAL_AUDIT_CONFIG.",
    )(fn)


def lang_option(fn):
    return click.option(
        "--lang",
        type=click.Choice(["nl", "en"]),
        default="nl",
        show_default=True,
        help="Language of the explanations.",
    )(fn)
