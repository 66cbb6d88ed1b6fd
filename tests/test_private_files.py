"""Everything social-audit writes about staff is readable by its owner only.

Each output is made under an umask of 000, so the modes come from the code and not
from a kind default: the SQLite database with its -wal, -shm and lock files, the
outbox folder and its .eml files, the trends report, the self-audit's HTML and JSON,
and the people export. Files are 0600, folders the tool creates (every level) 0700,
and a file that already existed with a looser mode is tightened when overwritten.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.classify import Classifier, is_management_role
from auditor.cli import main
from auditor.config import load_config
from auditor.pipeline.nightly import RUN_LOCK
from auditor.store import Store
from reports.mailer import OutboxTransport
from reports.weekly import SEND_LOCK, IsoWeek, send_weekly
from tests.auditor.store.helpers import Clock
from tests.conftest import ORG_TOML
from tests.reports.many import AFTER_THE_WEEK, WEEK, populate, write_config
from tests.reports.test_self_audit import outbox_export

PEOPLE = 6  # enough for the trends report to show counts


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """An umask that hides nothing: any private mode must be the code's doing."""
    old = os.umask(0)
    yield
    os.umask(old)


@pytest.fixture
def config(tmp_path):
    """A config with a SQLite store holding a week of PEOPLE people, and an outbox."""
    db = tmp_path / "data" / "audit.db"
    with Store.open(db, clock=Clock(AFTER_THE_WEEK)) as store:
        populate(store, Classifier(load_config(ORG_TOML).organisation), PEOPLE)
    outbox = tmp_path / "mail" / "outbox"
    return write_config(tmp_path / "org.toml", store=str(db), mail=f'outbox = "{outbox}"\n')


def test_the_database_its_journal_and_its_locks(tmp_path, open_umask):
    db = tmp_path / "new" / "deeper" / "audit.db"
    with Store.open(db) as store:
        store.audit.append("test", "test.write", "subject")
        with store.exclusive(RUN_LOCK), store.exclusive(SEND_LOCK):
            files = [db, *db.parent.glob("audit.db-*"), *db.parent.glob("audit.db.*.lock")]
            assert {f.name for f in files} >= {
                "audit.db",
                "audit.db-wal",
                "audit.db-shm",
                "audit.db.nightly-run.lock",
                "audit.db.weekly-send.lock",
            }
            for path in files:
                assert mode(path) == 0o600, path
    assert mode(tmp_path / "new") == mode(tmp_path / "new" / "deeper") == 0o700


def test_the_outbox_and_its_emails(config, open_umask):
    loaded = load_config(config)
    with Store.open(loaded.store.database()) as store:
        summary = send_weekly(
            store,
            loaded,
            OutboxTransport(loaded.mail.outbox),
            IsoWeek.parse(WEEK),
            is_management=is_management_role,
        )
    assert len(summary.sent) == PEOPLE
    outbox = loaded.mail.outbox
    assert mode(outbox) == mode(outbox.parent) == 0o700
    emails = list(outbox.iterdir())
    assert len(emails) == PEOPLE
    for path in emails:
        assert mode(path) == 0o600, path


def test_the_trends_report(config, tmp_path, open_umask):
    out = tmp_path / "reports" / "trends"
    result = CliRunner().invoke(main, ["trends", "--config", str(config), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert mode(out) == mode(out.parent) == 0o700
    files = list(out.iterdir())
    assert len(files) == 8
    for path in files:
        assert mode(path) == 0o600, path


def test_the_self_audit_html_and_json(tmp_path, open_umask):
    archive = outbox_export(tmp_path, ["Daan uit groep 5 was jarig, bel 06-12345678"])
    html, data = tmp_path / "mine" / "check" / "report.html", tmp_path / "report.json"
    data.write_text("an older report, readable by all\n", encoding="utf-8")
    data.chmod(0o644)
    args = ["self-audit", "--config", str(ORG_TOML), "--archive", str(archive)]
    result = CliRunner().invoke(main, [*args, "--html", str(html), "--json", str(data)])
    assert result.exit_code == 0, result.output
    assert mode(html) == mode(data) == 0o600
    assert mode(html.parent) == mode(html.parent.parent) == 0o700
    assert "older report" not in data.read_text(encoding="utf-8")


def test_the_people_export(config, tmp_path, open_umask):
    store = load_config(config).store.database()
    with Store.open(store) as opened:
        email = opened.people.list()[0].email
    old = tmp_path / "old.json"
    old.write_text("an older export, readable by all\n", encoding="utf-8")
    old.chmod(0o644)
    new = tmp_path / "exports" / "2026" / "export.json"
    for output in (old, new):
        result = CliRunner().invoke(
            main, ["people", "export", "--config", str(config), email, "--output", str(output)]
        )
        assert result.exit_code == 0, result.output
        assert mode(output) == 0o600, output
    assert mode(new.parent) == mode(new.parent.parent) == 0o700
