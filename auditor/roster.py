"""The HR export of everyone who opted in (CSV), read into Persons or refused whole.

HR tools write ';' (Dutch Excel) or ',' and often a UTF-8 byte order mark; both
are accepted. A file with any bad row is refused as a whole, with every bad row's
line number, so an import never leaves the registry half-updated.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from auditor.errors import AuditError, RegistryError
from auditor.registry import Person, normalise_email

COLUMNS = ("name", "email", "lang", "role", "school", "opted_in_at", "consent_version")
REQUIRED = ("name", "email", "opted_in_at", "consent_version")
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y")
_SHOWN = 10


@dataclass(frozen=True, slots=True)
class Roster:
    people: tuple[Person, ...]
    ignored_columns: tuple[str, ...] = ()


class RosterError(AuditError):
    """The export cannot be imported; `problems` holds (line, message) for each bad row."""

    def __init__(self, source: str, problems: list[tuple[int, str]]):
        self.problems = tuple(problems)
        shown = "; ".join(f"line {line}: {message}" for line, message in problems[:_SHOWN])
        more = f"; and {len(problems) - _SHOWN} more" if len(problems) > _SHOWN else ""
        super().__init__(
            f"{source}: {len(problems)} invalid row(s), nothing imported: {shown}{more}"
        )


def parse_date(value: str) -> date:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise RegistryError(f"opted_in_at {value!r} is not a date (use 2026-09-01 or 01-09-2026)")


def read_roster(path: Path, today: date) -> Roster:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise AuditError(f"{path} does not exist: give the CSV exported by HR") from None
    except UnicodeDecodeError:
        raise AuditError(f"{path} is not UTF-8 text: export or save it as CSV UTF-8") from None
    except OSError as exc:
        raise AuditError(f"{path} cannot be read ({exc.strerror})") from None
    return parse_roster(text, str(path), today)


def parse_roster(text: str, source: str, today: date) -> Roster:
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise RosterError(source, [(1, "the file is empty; expected a header row")]) from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise RosterError(
            source,
            [(1, f"missing column(s) {', '.join(missing)}; expected {delimiter.join(COLUMNS)}")],
        )
    people: list[Person] = []
    problems: list[tuple[int, str]] = []
    first_line: dict[str, int] = {}
    end_of_previous = reader.line_num
    try:
        for row in reader:
            # A quoted field may span lines: report where the record starts.
            line, end_of_previous = end_of_previous + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problems.append((line, f"{len(row)} fields, the header has {len(header)}"))
                continue
            values = {key: cell.strip() for key, cell in zip(header, row, strict=True)}
            try:
                person = _person(values, today)
            except RegistryError as exc:
                problems.append((line, str(exc)))
                continue
            if person.email in first_line:
                problems.append((line, f"{person.email} also on line {first_line[person.email]}"))
                continue
            first_line[person.email] = line
            people.append(person)
    except csv.Error as exc:
        problems.append((reader.line_num, f"malformed CSV ({exc})"))
    if problems:
        raise RosterError(source, problems)
    return Roster(tuple(people), tuple(h for h in header if h not in COLUMNS))


def _person(values: dict[str, str], today: date) -> Person:
    for key in REQUIRED:
        if not values[key]:
            raise RegistryError(f"{key} is empty")
    opted_in_at = parse_date(values["opted_in_at"])
    if opted_in_at > today:
        raise RegistryError(f"opted_in_at {opted_in_at} is in the future")
    return Person(
        email=normalise_email(values["email"]),
        name=values["name"],
        lang=(values.get("lang") or "nl").lower(),
        role=values.get("role", ""),
        school=values.get("school", ""),
        opted_in_at=opted_in_at,
        consent_version=values["consent_version"],
    )
