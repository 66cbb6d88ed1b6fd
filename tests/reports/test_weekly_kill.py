"""SIGKILL the weekly sending at random moments, restart it: no e-mail skipped or sent twice.

A send is marked "sending" (with its Message-ID) before the message leaves and "sent"
after. To the outbox that is exactly once: the message is written under a name
derived from its Message-ID, atomically, so a restart that sends it again replaces
the same file. By SMTP it is at least once: a kill after the server accepted the
message but before "sent" was committed sends it again on restart, with the same
Message-ID so the receiving side can tell. Both are tested as they are.
"""

from __future__ import annotations

import asyncio
import email
import random
import threading
from collections import Counter, defaultdict
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text

from auditor.classify import Classifier
from auditor.config import load_config
from auditor.store import Store
from tests.auditor.store.helpers import FAST_RETRY, Clock
from tests.conftest import ORG_TOML
from tests.processes import cli, sqlite_count
from tests.reports.many import AFTER_THE_WEEK, WEEK, Someone, populate, write_config
from tests.reports.test_weekly import free_port

pytestmark = pytest.mark.slow

SEND = ("report", "weekly", "--week", WEEK, "--send", "--config")


def week_of(tmp_path: Path, people: int) -> tuple[Path, list[Someone]]:
    db = tmp_path / "audit.db"
    with Store.open(db, retry=FAST_RETRY, clock=Clock(AFTER_THE_WEEK)) as store:
        classifier = Classifier(load_config(ORG_TOML).organisation)
        return db, populate(store, classifier, people)


def outbox_recipients(outbox: Path) -> Counter:
    found: Counter = Counter()
    for path in outbox.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        found[str(message["To"])] += 1
    return found


def sends(db: Path, status: str | None = None) -> int:
    where = f" WHERE status = '{status}'" if status else ""
    return sqlite_count(db, f"SELECT COUNT(*) FROM sends{where}")


def mail_sent_entries(db: Path) -> Counter:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT subject FROM audit_log WHERE action = 'mail.sent'").fetchall()
    finally:
        conn.close()
    return Counter(subject for (subject,) in rows)


def test_killed_sending_to_the_outbox_sends_each_email_exactly_once(tmp_path):
    db, everyone = week_of(tmp_path, 30)
    outbox = tmp_path / "outbox"
    config = write_config(tmp_path / "org.toml", store=str(db), mail=f'outbox = "{outbox}"\n')

    def delivered() -> int:
        return len(list(outbox.glob("*.eml"))) if outbox.exists() else 0

    progress = {"files": delivered, "begun": lambda: sends(db), "sent": lambda: sends(db, "sent")}
    rng = random.Random(11)
    seen = []
    for measure in ("begun", "files", "sent", "files", "begun", "files", "sent"):
        count = progress[measure]
        if count() >= len(everyone):
            break
        target = count() + rng.randint(1, 4)
        result = cli([*SEND, config], kill_when=lambda c=count, t=target: c() >= t)
        seen.append((measure, result.code, delivered(), sends(db, "sending")))
    final = cli([*SEND, config])
    assert final.code == 0, final.stderr

    assert outbox_recipients(outbox) == Counter({p.email: 1 for p in everyone})
    assert sends(db, "sent") == len(everyone)
    assert mail_sent_entries(db) == Counter({p.email: 1 for p in everyone})
    assert not list(outbox.glob("*.eml.*"))
    assert sum(code is None for _, code, _, _ in seen) >= 3, seen  # really killed mid-way
    assert any(0 < files < len(everyone) for _, _, files, _ in seen), seen


def test_a_send_left_sending_after_its_file_was_written_is_not_doubled(tmp_path):
    """The outbox's side of the window, made exact: killed after the write, before "sent"."""
    db, everyone = week_of(tmp_path, 3)
    outbox = tmp_path / "outbox"
    config = write_config(tmp_path / "org.toml", store=str(db), mail=f'outbox = "{outbox}"\n')
    assert cli([*SEND, config]).code == 0
    with Store.open(db, retry=FAST_RETRY) as store, store._db.write() as conn:
        # what a kill between the file's rename and the commit of "sent" leaves behind
        conn.execute(text("UPDATE sends SET status = 'sending', sent_at = NULL"))
    again = cli([*SEND, config])
    assert again.code == 0, again.stderr
    assert "3 sent" in again.stdout  # sent again, as it must: the store cannot know
    assert outbox_recipients(outbox) == Counter({p.email: 1 for p in everyone})


class SlowToConfirm:
    """An SMTP server that takes a moment between receiving a message and saying 250.

    A client killed in that moment has had its message accepted without knowing it:
    the window that makes SMTP sending at-least-once.
    """

    def __init__(self):
        self.received: list[tuple[str, str]] = []  # (recipient, Message-ID)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.received.append((rcpt, str(message["Message-ID"])))
        await asyncio.sleep(0.3)
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.received)


def test_killed_smtp_sending_skips_no_one_and_repeats_only_with_the_same_message_id(tmp_path):
    db, everyone = week_of(tmp_path, 10)
    port = free_port()
    handler = SlowToConfirm()
    server = Controller(handler, hostname="127.0.0.1", port=port)
    mail = f'transport = "smtp"\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\nsmtp_security = "none"\ntimeout = 10\n'
    config = write_config(tmp_path / "org.toml", store=str(db), mail=mail)
    server.start()
    try:
        kills = 0
        for _ in range(3):
            target = handler.count() + 2
            if cli([*SEND, config], kill_when=lambda t=target: handler.count() >= t).code is None:
                kills += 1
        final = cli([*SEND, config])
    finally:
        server.stop()
    assert final.code == 0, final.stderr
    assert kills == 3

    copies: dict[str, list[str]] = defaultdict(list)
    for rcpt, message_id in handler.received:
        copies[rcpt].append(message_id)
    assert set(copies) == {p.email for p in everyone}  # nobody skipped
    for rcpt, ids in copies.items():
        assert len(set(ids)) == 1, (rcpt, ids)  # a repeat carries the same Message-ID
    repeated = sum(len(ids) - 1 for ids in copies.values())
    assert repeated <= kills  # only the message in flight at each kill
    assert sends(db, "sent") == len(everyone)
