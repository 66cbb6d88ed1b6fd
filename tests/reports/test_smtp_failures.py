"""SMTP failures, each against a real aiosmtpd server on 127.0.0.1: per person, others unaffected.

Extends test_weekly.py (a server stopped halfway, a 550 for one address at RCPT)
with: no server at all, a 451 for one address, a 554 for one message after its
data, a server that drops the connection in the middle of one message's DATA, and a
login the server refuses. A temporary failure is retried by the next run, which
then sends exactly the e-mails still missing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from reports.mailer import SmtpTransport
from tests.reports.conftest import POSTS, WEEK
from tests.reports.test_weekly import free_port, send

pytestmark = pytest.mark.slow

EVERYONE = sorted(POSTS)
BEN = "ben@school.nl"


class Server:
    """Delivers every message, except what the test tells it to refuse or break."""

    def __init__(self, *, rcpt: str = "", data: str = "", drop: bool = False):
        self.rcpt_reply = rcpt  # answer to RCPT TO:<ben...>, e.g. "451 try later"
        self.data_reply = data  # answer to DATA of a message to ben
        self.drop = drop  # close the connection in the middle of ben's DATA
        self.received: Counter = Counter()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply and address == BEN:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if BEN in envelope.rcpt_tos and self.drop:
            server.transport.abort()  # the data arrived, the answer never does
            return "250 OK"
        if BEN in envelope.rcpt_tos and self.data_reply:
            return self.data_reply
        self.received.update(envelope.rcpt_tos)
        return "250 OK"


def smtp(config, port: int, **changes):
    mail = replace(
        config.mail,
        transport="smtp",
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_security="none",
        timeout=5,
        **changes,
    )
    return replace(config, mail=mail)


def send_via(store, config, port: int, password: str | None = None):
    transport = SmtpTransport(config.mail, password)
    try:
        return send(store, config, transport)
    finally:
        transport.close()


def serving(handler, port: int, **kw) -> Controller:
    server = Controller(handler, hostname="127.0.0.1", port=port, **kw)
    server.start()
    return server


def test_no_server_at_all_fails_everyone_temporarily_then_sends_everything(week_store, config):
    port = free_port()
    smtp_config = smtp(config, port)
    first = send_via(week_store, smtp_config, port)  # nothing listens on the port
    assert first.sent == []
    assert sorted(e for e, _ in first.failed) == EVERYONE
    assert all("unreachable" in reason for _, reason in first.failed)
    assert all(week_store.sends.get(e, WEEK).status == "failed" for e in EVERYONE)

    handler = Server()
    server = serving(handler, port)
    try:
        second = send_via(week_store, smtp_config, port)
    finally:
        server.stop()
    assert sorted(second.sent) == EVERYONE
    assert handler.received == Counter(dict.fromkeys(EVERYONE, 1))


@pytest.mark.parametrize(
    ("breaks", "temporary", "words"),
    [
        ({"rcpt": "451 4.3.0 mailbox busy, try later"}, True, "451"),
        ({"data": "554 5.6.0 message refused"}, False, "554"),
        ({"drop": True}, True, "unreachable"),
    ],
    ids=["451 for one address", "554 after one message's data", "dropped in DATA"],
)
def test_one_address_failing_leaves_the_others_and_is_retried(
    week_store, config, breaks, temporary, words
):
    server = Server(**breaks)
    port = free_port()
    smtp_config = smtp(config, port)
    controller = serving(server, port)
    try:
        first = send_via(week_store, smtp_config, port)
    finally:
        controller.stop()
    assert sorted(first.sent) == [e for e in EVERYONE if e != BEN]
    [(failed, reason)] = first.failed
    assert failed == BEN
    assert words in reason
    assert ("next run tries again" in reason) == temporary
    assert ("check the address" in reason) == (not temporary)
    record = week_store.sends.get(BEN, WEEK)
    assert (record.status, record.last_error) == ("failed", reason)

    healthy = Server()
    controller = serving(healthy, port)
    try:
        second = send_via(week_store, smtp_config, port)
    finally:
        controller.stop()
    assert second.sent == [BEN]  # the next run sends only what is missing
    assert sorted(second.skipped) == [e for e in EVERYONE if e != BEN]
    assert healthy.received == Counter({BEN: 1})
    assert server.received == Counter({e: 1 for e in EVERYONE if e != BEN})


def refuse_everyone(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=False, handled=False)


def test_a_refused_login_says_to_check_the_login(week_store, config):
    port = free_port()
    smtp_config = smtp(config, port, smtp_user="audit")
    controller = serving(Server(), port, authenticator=refuse_everyone, auth_require_tls=False)
    try:
        summary = send_via(week_store, smtp_config, port, password="wrong")
    finally:
        controller.stop()
    assert summary.sent == []
    assert len(summary.failed) == len(EVERYONE)
    for _, reason in summary.failed:
        assert "refused the login: check smtp_user and the password" in reason
        assert "wrong" not in reason
