"""The `social-audit` command group; the commands are added in `auditor.cli`."""

from __future__ import annotations

import click

from auditor import __version__

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="social-audit")
def main() -> None:
    """Check staff posts against the school group's social media protocol.

    Every finding names the protocol article and what to do about it.
    """
