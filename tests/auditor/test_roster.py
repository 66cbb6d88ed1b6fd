from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.errors import AuditError
from auditor.roster import Roster, RosterError, parse_roster

TODAY = date(2026, 11, 23)
HEADER = "name;email;lang;role;school;opted_in_at;consent_version\n"


def test_extra_columns_are_ignored_and_named():
    text = "Personeelsnummer;" + HEADER + "123;Anna;anna@school.nl;nl;;;2026-09-01;1\n"
    roster = parse_roster(text, "hr.csv", TODAY)
    assert roster.ignored_columns == ("personeelsnummer",)
    assert [p.email for p in roster.people] == ["anna@school.nl"]


def test_line_numbers_count_newlines_inside_quoted_fields():
    text = HEADER + '"Anna\nde Wit";anna;nl;;;2026-09-01;1\nBen;ben;nl;;;2026-09-01;1\n'
    with pytest.raises(RosterError) as caught:
        parse_roster(text, "hr.csv", TODAY)
    assert [line for line, _ in caught.value.problems] == [2, 4]


def test_future_opt_in_is_refused():
    with pytest.raises(RosterError, match="in the future"):
        parse_roster(HEADER + "Anna;anna@school.nl;nl;;;2027-01-01;1\n", "hr.csv", TODAY)


def _parses_or_fails_cleanly(text: str) -> None:
    """The property: a Roster, or the project's own error naming the file, on one line."""
    try:
        result = parse_roster(text, "hr.csv", TODAY)
    except AuditError as exc:
        result = str(exc)
    if isinstance(result, str):
        assert result.startswith("hr.csv: ")
    else:
        assert isinstance(result, Roster)


cells = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cells, max_size=9), max_size=6), st.sampled_from([";", ","]))
def test_any_table_parses_or_is_a_roster_error(rows, sep):
    _parses_or_fails_cleanly(HEADER.replace(";", sep) + "".join(sep.join(r) + "\n" for r in rows))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300))
def test_any_text_parses_or_is_an_audit_error(text):
    _parses_or_fails_cleanly(text)
