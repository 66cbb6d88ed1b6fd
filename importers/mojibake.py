r"""Repairing the mojibake in Meta's exports (Facebook, Instagram).

Meta writes each UTF-8 byte of a non-ASCII character as its own \u00XX escape, so
"😊" arrives as "ð\x9f\x98\x8a". Reading those characters back as Latin-1 bytes and
decoding them as UTF-8 restores the text. The repair is applied run by run (a run being
consecutive characters in U+0080..U+00FF) and only where the run decodes, so a string that
mixes repaired and already correct text, or a genuine "é", is left as it is.
"""

from __future__ import annotations

import re

_HIGH_RUN = re.compile("[\x80-\xff]+")


def _repair_run(match: re.Match[str]) -> str:
    run = match.group()
    try:
        return run.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return run


def repair(value: str) -> str:
    """The text as the author wrote it."""
    if value.isascii():
        return value
    return _HIGH_RUN.sub(_repair_run, value)
