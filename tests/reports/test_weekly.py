"""The weekly e-mail: valid MIME, redacted, own findings only, sent exactly once."""

from __future__ import annotations

import email
import socket
from dataclasses import replace
from email import policy
from html.parser import HTMLParser

import pytest
from aiosmtpd.controller import Controller

from auditor.classify import is_management_role
from auditor.store import Store
from reports.mailer import OutboxTransport, SmtpTransport
from reports.weekly import IsoWeek, send_weekly
from tests.reports.conftest import POSTS, SECRETS, WEEK


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])


def send(store, config, transport, **kw):
    return send_weekly(
        store, config, transport, IsoWeek.parse(WEEK), is_management=is_management_role, **kw
    )


def read_outbox(config):
    messages = {}
    for path in sorted(config.mail.outbox.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        messages[str(message["To"])] = message
    return messages


def parts(message):
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return plain, html


def test_every_email_is_valid_mime_with_plain_and_html_and_links_to_posts(week_store, config):
    summary = send(week_store, config, OutboxTransport(config.mail.outbox))
    assert sorted(summary.sent) == sorted(POSTS)
    messages = read_outbox(config)
    assert set(messages) == set(POSTS)
    for address, message in messages.items():
        assert message.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
        assert message["Message-ID"]
        plain, html = parts(message)
        links = Links()
        links.feed(html)
        post_links = [h for h in links.hrefs if h.startswith("https://x.com/")]
        own = {i for i, e in enumerate(POSTS) if e == address}
        assert all(f"/handle{next(iter(own))}/" in h for h in post_links)
        assert "https://meerwijk.example/privacy" in links.hrefs
        for href in post_links:
            assert href in plain


def test_no_detected_pupil_data_appears_in_any_email(week_store, config):
    send(week_store, config, OutboxTransport(config.mail.outbox))
    raw = b"".join(p.read_bytes() for p in config.mail.outbox.glob("*.eml"))
    for message in read_outbox(config).values():
        plain, html = parts(message)
        for secret in SECRETS:
            assert secret not in plain
            assert secret not in html
            assert secret.encode() not in raw
    anna_plain, _ = parts(read_outbox(config)["anna@school.nl"])
    assert "[LEERLING-1]" in anna_plain
    assert "[TELEFOONNUMMER]" in anna_plain


def test_hostile_post_is_shown_as_text(week_store, config):
    send(week_store, config, OutboxTransport(config.mail.outbox))
    _, html = parts(read_outbox(config)["anna@school.nl"])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_nothing_found_variant_and_reauthorisation(week_store, config):
    send(week_store, config, OutboxTransport(config.mail.outbox))
    carla = read_outbox(config)["carla@school.nl"]
    assert "niets gevonden" in carla["Subject"]
    plain, _ = parts(carla)
    assert "handle2" in plain
    assert "niet kunnen lezen" in plain or "niet konden lezen" in plain


def test_english_and_management_note(week_store, config):
    send(week_store, config, OutboxTransport(config.mail.outbox))
    ben = read_outbox(config)["ben@school.nl"]
    plain, _ = parts(ben)
    assert ben["Subject"].startswith("Your social media in week 47")
    assert "rule 5" in plain
    assert "[E-MAIL ADDRESS]" in plain


def test_a_rerun_sends_nothing_twice(week_store, config):
    outbox = OutboxTransport(config.mail.outbox)
    first = send(week_store, config, outbox)
    second = send(week_store, config, outbox)
    assert len(first.sent) == 3
    assert second.sent == []
    assert sorted(second.skipped) == sorted(POSTS)
    assert len(list(config.mail.outbox.glob("*.eml"))) == 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.extend(envelope.rcpt_tos)
        return "250 OK"


def test_against_a_real_smtp_server_stopped_halfway(week_store, config):
    inbox = Inbox()
    port = free_port()
    mail = replace(
        config.mail,
        transport="smtp",
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_security="none",
        timeout=5,
    )
    smtp_config = replace(config, mail=mail)
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()

    def stop_after_first(people):
        for index, person in enumerate(people):
            if index == 1:
                server.stop()
            yield person

    transport = SmtpTransport(mail, None)
    first = send(week_store, smtp_config, transport, progress=stop_after_first)
    transport.close()
    assert len(first.sent) == 1
    assert len(first.failed) == 2
    assert all("unreachable" in reason or "SMTP" in reason for _, reason in first.failed)

    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        transport = SmtpTransport(mail, None)
        second = send(week_store, smtp_config, transport)
        transport.close()
    finally:
        server.stop()
    assert sorted(second.sent) == sorted(email for email, _ in first.failed)
    assert sorted(inbox.received) == sorted(POSTS)
    assert week_store.sends.get("anna@school.nl", WEEK).status == "sent"


class Refuses:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("ben"):
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        return "250 OK"


def test_a_permanent_failure_for_one_address_leaves_the_others(week_store, config):
    port = free_port()
    mail = replace(
        config.mail,
        transport="smtp",
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_security="none",
        timeout=5,
    )
    server = Controller(Refuses(), hostname="127.0.0.1", port=port)
    server.start()
    try:
        transport = SmtpTransport(mail, None)
        summary = send(week_store, replace(config, mail=mail), transport)
        transport.close()
    finally:
        server.stop()
    assert sorted(summary.sent) == ["anna@school.nl", "carla@school.nl"]
    assert [e for e, _ in summary.failed] == ["ben@school.nl"]
    assert "550" in summary.failed[0][1]
    assert week_store.sends.get("ben@school.nl", WEEK).status == "failed"


@pytest.mark.parametrize("text", ["2026-W47", "2026W47", "2026-w47"])
def test_iso_week_parsing(text):
    week = IsoWeek.parse(text)
    assert week.label == "2026-W47"
    assert str(week.start) == "2026-11-16"


def test_bad_iso_week():
    with pytest.raises(ValueError, match="2026-W47"):
        IsoWeek.parse("2026-W60")


def test_the_cli_sends_once_and_refuses_a_second_sender_at_the_same_time(
    week_store, config, tmp_path
):
    from click.testing import CliRunner

    from auditor.cli import main
    from reports.weekly import SEND_LOCK

    if week_store.dialect != "sqlite":
        pytest.skip("the CLI reads its store from the config file: SQLite here")
    runner = CliRunner()
    args = ["report", "weekly", "--config", str(config.path), "--week", WEEK, "--send"]
    with Store.from_config(config) as other, other.exclusive(SEND_LOCK):
        busy = runner.invoke(main, args)
    assert busy.exit_code == 2
    assert "still running" in busy.stderr
    first = runner.invoke(main, args)
    second = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "3 sent" in first.output
    assert "0 sent, 3 already sent" in second.output
