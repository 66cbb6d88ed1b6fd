"""Two weekly sends started at once: one sends, the other stops at once with a clear message.

The first process is held inside its first SMTP transaction (the server does not
answer its DATA until the test says so); the second is started then. Were both to
work, the second would send the held person's e-mail too.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter

import pytest
from aiosmtpd.controller import Controller

from auditor.classify import Classifier
from auditor.config import load_config
from auditor.store import Store
from tests.auditor.store.helpers import FAST_RETRY, Clock
from tests.conftest import ORG_TOML
from tests.processes import cli, start
from tests.reports.many import AFTER_THE_WEEK, WEEK, populate, write_config
from tests.reports.test_weekly import free_port

pytestmark = pytest.mark.slow

SEND = ("report", "weekly", "--week", WEEK, "--send", "--config")
URL_ENV = "SOCIAL_AUDIT_TEST_SEND_DB"


class HoldsTheFirst:
    """Receives every message, but keeps the first sender waiting until released."""

    def __init__(self):
        self.received: Counter = Counter()
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if not self.holding.is_set():
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.01)
        self.received.update(envelope.rcpt_tos)
        return "250 OK"


def test_a_second_weekly_send_stops_while_the_first_is_at_work(tmp_path, db_url):
    with Store.open(db_url, retry=FAST_RETRY, clock=Clock(AFTER_THE_WEEK)) as store:
        everyone = populate(store, Classifier(load_config(ORG_TOML).organisation), 4)
    sqlite = "://" not in db_url
    environ = {} if sqlite else {URL_ENV: db_url}
    port = free_port()
    mail = f'transport = "smtp"\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\nsmtp_security = "none"\ntimeout = 30\n'
    config = write_config(tmp_path / "org.toml", store=db_url if sqlite else URL_ENV, mail=mail)
    handler = HoldsTheFirst()
    server = Controller(handler, hostname="127.0.0.1", port=port)
    server.start()
    try:
        first = start([*SEND, config], environ)
        assert handler.holding.wait(60), first.communicate()
        second = cli([*SEND, config], environ)
        handler.release.set()
        _, err = first.communicate(timeout=120)
    finally:
        handler.release.set()
        server.stop()

    assert second.code == 2, (second.stdout, second.stderr)
    assert "another social-audit weekly send is still running" in second.stderr
    assert second.stderr.strip().count("\n") == 0
    assert first.returncode == 0, err
    assert handler.received == Counter({p.email: 1 for p in everyone})
