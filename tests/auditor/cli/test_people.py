from __future__ import annotations

import json
import stat

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.store import Store

ORG = '[organisation]\nname = "Stichting Testscholen"\n[store]\nurl_env = "TEST_AUDIT_DB"\n'
HEADER = "name;email;lang;role;school;opted_in_at;consent_version\n"
ROWS = [
    "Anna de Wit;anna@school.example;nl;leerkracht;OBS Het Anker;2026-09-01;2026-1\n",
    "Ben Bos;ben@school.example;en;directeur;OBS Het Anker;01-09-2026;2026-1\n",
    "Carla Kooi;carla@school.example;;docent;Meerwijk Lyceum;2026-09-02;2026-1\n",
]


@pytest.fixture
def cli(tmp_path, db_url, monkeypatch):
    """Runs social-audit with a config whose store is this test's database."""
    config = tmp_path / "org.toml"
    config.write_text(ORG, encoding="utf-8")
    monkeypatch.setenv("TEST_AUDIT_DB", db_url)

    def run(*args: str, input: str | None = None):
        return CliRunner().invoke(main, [*args, "--config", str(config)], input=input)

    return run


@pytest.fixture
def csv_file(tmp_path):
    def write(text: str, name: str = "people.csv", encoding: str = "utf-8"):
        path = tmp_path / name
        path.write_text(text, encoding=encoding)
        return str(path)

    return write


def _emails(db_url) -> list[str]:
    with Store.open(db_url) as store:
        return [p.email for p in store.people.list()]


def test_dry_run_import_shows_changes_and_changes_nothing(cli, csv_file, db_url):
    result = cli("people", "import", csv_file(HEADER + "".join(ROWS)), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would add: anna@school.example" in result.output
    assert "nothing changed" in result.output
    assert _emails(db_url) == []


def test_import_then_reimport_deactivates_who_left(cli, csv_file, db_url):
    first = csv_file(
        "\ufeff" + HEADER.replace(";", ",") + "".join(r.replace(";", ",") for r in ROWS)
    )
    assert cli("people", "import", first).exit_code == 0
    assert _emails(db_url) == ["anna@school.example", "ben@school.example", "carla@school.example"]

    result = cli("people", "import", csv_file(HEADER + ROWS[0] + ROWS[1], "again.csv"), "--dry-run")
    assert "would deactivate: carla@school.example" in result.output
    assert cli("people", "import", csv_file(HEADER + ROWS[0] + ROWS[1], "again.csv")).exit_code == 0
    assert _emails(db_url) == ["anna@school.example", "ben@school.example"]


def test_bad_rows_exit_2_with_their_line_numbers_and_import_nothing(cli, csv_file, db_url):
    bad = (
        HEADER
        + ROWS[0]
        + "Bert;not-an-email;nl;leerkracht;X;2026-09-01;2026-1\n"
        + "Cor;cor@school.example;fr;leerkracht;X;2026-09-01;2026-1\n"
        + "Dirk;dirk@school.example;nl;leerkracht;X;gisteren;2026-1\n"
        + ROWS[0]
    )
    result = cli("people", "import", csv_file(bad))
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert "\n" not in message
    for line in ("line 3:", "line 4:", "line 5:", "line 6: anna@school.example also on line 2"):
        assert line in message
    assert _emails(db_url) == []


def test_missing_column_is_named(cli, csv_file):
    result = cli("people", "import", csv_file("name;email\nAnna;anna@school.example\n"))
    assert result.exit_code == 2
    assert "missing column(s) opted_in_at, consent_version" in result.stderr


def test_non_utf8_file_gets_the_fix(cli, csv_file):
    result = cli(
        "people",
        "import",
        csv_file(HEADER + "Zoë;zoe@school.example;nl;;;2026-09-01;1\n", encoding="latin-1"),
    )
    assert result.exit_code == 2
    assert "save it as CSV UTF-8" in result.stderr


def _register(cli):
    assert (
        cli(
            "people",
            "add",
            "--email",
            "Anna@School.example",
            "--name",
            "Anna de Wit",
            "--consent-version",
            "2026-1",
            "--opted-in-at",
            "2026-09-01",
        ).exit_code
        == 0
    )
    result = cli(
        "accounts",
        "add",
        "anna@school.example",
        "--platform",
        "x",
        "--handle",
        "@AnnaWit",
        "--token-ref",
        "X_TOKEN_ANNA",
    )
    assert result.exit_code == 0, result.output


def test_accounts_add_list_remove(cli):
    _register(cli)
    listed = cli("accounts", "list", "--person", "anna@school.example")
    assert "anna@school.example\tx\tannawit\tpersonal\ttoken X_TOKEN_ANNA\tok" in listed.output
    removed = cli(
        "accounts",
        "remove",
        "anna@school.example",
        "--platform",
        "x",
        "--handle",
        "annawit",
        "--yes",
    )
    assert removed.exit_code == 0
    assert cli("accounts", "list").output == ""


def test_unknown_platform_is_one_line_naming_the_known_ones(cli):
    _register(cli)
    result = cli(
        "accounts", "add", "anna@school.example", "--platform", "myspace", "--handle", "anna"
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: unknown platform 'myspace': use one of "
        "x, facebook, mastodon, bluesky, instagram, linkedin"
    )


def test_a_token_given_as_reference_is_refused_and_not_echoed(cli):
    _register(cli)
    token = "AAAAAAAAAAAAAAAAAAAAA%2Fzq7Kp%3Dvalue"
    result = cli(
        "accounts",
        "add",
        "anna@school.example",
        "--platform",
        "mastodon",
        "--handle",
        "a@m.nl",
        "--token-ref",
        token,
    )
    assert result.exit_code == 2
    assert token not in result.output
    assert "zq7Kp" not in result.output


def test_adding_someone_twice_is_an_error(cli):
    _register(cli)
    result = cli(
        "people", "add", "--email", "anna@school.example", "--name", "A", "--consent-version", "1"
    )
    assert result.exit_code == 2
    assert "already registered" in result.stderr


def test_opt_out_asks_first_then_erases_and_reports(cli, db_url):
    _register(cli)
    declined = cli("people", "opt-out", "anna@school.example", input="n\n")
    assert declined.exit_code == 1
    assert _emails(db_url) == ["anna@school.example"]

    result = cli("people", "opt-out", "anna@school.example", "--yes")
    assert result.exit_code == 0
    assert "1 account(s), 0 post(s)" in result.output
    assert _emails(db_url) == []
    assert "opted out" in cli("people", "list", "--all").output


def test_opt_out_of_unknown_person_exits_2(cli):
    result = cli("people", "opt-out", "nobody@school.example", "--yes")
    assert result.exit_code == 2
    assert "not registered" in result.stderr


def test_export_writes_a_private_json_file(cli, tmp_path):
    _register(cli)
    output = tmp_path / "anna.json"
    result = cli("people", "export", "anna@school.example", "--output", str(output))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["person"]["name"] == "Anna de Wit"
    assert data["accounts"][0]["token_ref"] == "X_TOKEN_ANNA"
    assert data["audit_log"][-1]["action"] == "person.export"
