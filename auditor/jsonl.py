"""JSON Lines in, read line by line so memory does not grow with the input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from auditor.errors import InputError


def read_jsonl(
    source: IO[bytes], *, name: str = "input", skipped: list[int] | None = None
) -> Iterator[tuple[int, Any]]:
    """Yield (line number, parsed object) for each non-blank line.

    A malformed line raises InputError naming the line, unless `skipped` is given:
    then its number is appended there and reading goes on.
    """
    for number, raw in enumerate(source, 1):
        if not raw.strip():
            continue
        try:
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"not UTF-8 text (byte {exc.start + 1})") from None
            data = _parse(text)
        except InputError as exc:
            if skipped is None:
                raise InputError(exc.detail, source=name, line=number) from None
            skipped.append(number)
            continue
        yield number, data


def _parse(text: str) -> Any:
    """One line's JSON; what the decoder refuses or cannot hold is an InputError."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg}, column {exc.colno})") from None
    except ValueError:
        # json reads numbers with int(), which refuses more than 4300 digits
        raise InputError("not valid JSON (a number has too many digits)") from None
    except RecursionError:
        raise InputError("not valid JSON (arrays or objects nested too deeply)") from None
