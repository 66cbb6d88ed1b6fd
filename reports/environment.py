"""One jinja2 environment for every rendered text.

HTML is escaped automatically (a post may contain HTML or script; it is shown as
text), every variable must exist (StrictUndefined: a typo fails loudly instead of
sending an e-mail with a hole in it), and an organisation may override any template
by putting one with the same name in its own folder; `default:` reaches the
built-in one from an override.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    select_autoescape,
)


def environment(override_dir: Path | None = None) -> Environment:
    builtin = PackageLoader("reports", "templates")
    loaders = [FileSystemLoader(str(override_dir))] if override_dir else []
    env = Environment(
        loader=ChoiceLoader([*loaders, builtin, PrefixLoader({"default": builtin})]),
        autoescape=select_autoescape(["html", "htm"], default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env
