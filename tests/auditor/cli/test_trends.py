from __future__ import annotations

import stat
from datetime import UTC, date, datetime, time, timedelta

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.model import Account, Evidence, Finding, Post, Verdict
from auditor.registry import AccountSpec, Person
from auditor.store import Store

ORG = '[organisation]\nname = "Stichting Testscholen"\n[store]\nurl_env = "TEST_AUDIT_DB"\n'


@pytest.fixture
def config(tmp_path, db_url, monkeypatch):
    """A config whose store is this test's database, holding six people and a finding."""
    path = tmp_path / "org.toml"
    path.write_text(ORG, encoding="utf-8")
    monkeypatch.setenv("TEST_AUDIT_DB", db_url)
    with Store.open(db_url) as store:
        for n in range(6):
            email = f"p{n}@school.example"
            person = Person(
                email=email,
                name=f"Naam {n}",
                opted_in_at=date(2026, 1, 5),
                consent_version="1",
                school="De School",
            )
            store.people.add(person, "test")
            account = store.accounts.add(email, AccountSpec(platform="x", handle=f"h{n}"), "test")
        # Last week, whatever day the test runs.
        when = datetime.combine(date.today() - timedelta(days=7), time(12), UTC)
        post = Post(id="x:1", platform="x", created_at=when, text="Tekst", account=Account("h5"))
        store.posts.upsert(account.id, post)
        finding = Finding(
            flag="incivility",
            rule="incivility-insult",
            protocol="overwegingen vooraf",
            severity="medium",
            evidence=(Evidence(0, 5, "word"),),
            explanation_nl="Uitleg.",
            explanation_en="Explanation.",
        )
        store.posts.store_verdict(Verdict("x:1", (finding,)), "v1")
    return path


def _run(*args: str):
    return CliRunner().invoke(main, ["trends", *args])


def test_trends_writes_the_report_and_says_where(config, tmp_path, db_url):
    out = tmp_path / "report"
    result = _run("--config", str(config), "--out", str(out), "--weeks", "4", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"{out / 'trends.html'}" in result.output
    assert "by_school.csv" in result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    html = (out / "trends.html").read_text(encoding="utf-8")
    assert "Social media trends" in html
    assert "De School" in html
    rows = (out / "by_school.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[1].startswith("De School,6,")
    assert rows[1].endswith(",1")
    with Store.open(db_url) as store:
        [entry] = store.audit.list(action="trends.export")
    assert entry.subject == "trends"
    assert entry.detail["weeks"] == 4


def test_without_out_the_folder_is_named_after_the_last_week(config, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _run("--config", str(config))
    assert result.exit_code == 0, result.output
    [folder] = tmp_path.glob("trends-*-W*")
    assert (folder / "trends.html").exists()
    assert "Trends sociale media" in (folder / "trends.html").read_text(encoding="utf-8")


def test_a_minimum_group_size_below_5_is_refused_in_one_line(tmp_path):
    path = tmp_path / "org.toml"
    path.write_text(ORG + "[trends]\nmin_group_size = 3\n", encoding="utf-8")
    result = _run("--config", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "min_group_size is 3: use 5 or more" in result.output
    assert not (tmp_path / "out").exists()


def test_an_output_folder_others_can_read_is_refused(config, tmp_path):
    out = tmp_path / "open"
    out.mkdir()
    out.chmod(0o755)
    result = _run("--config", str(config), "--out", str(out))
    assert result.exit_code == 2
    assert "chmod 700" in result.output
    assert list(out.iterdir()) == []


def test_weeks_must_be_a_sensible_number(config):
    assert _run("--config", str(config), "--weeks", "0").exit_code == 2
