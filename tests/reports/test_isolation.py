"""Each weekly e-mail and each self-audit holds its own person's findings only.

Thirty people, each with an address, handles, post texts and post URLs that carry
a code of their own. Every e-mail (headers, text and HTML) and every self-audit
(JSON and HTML) is searched for every other person's strings: none may appear,
while the person's own must (or the search would prove nothing). The SMTP envelope
must name the person alone; and an address that a mail system would read as two
recipients is refused at registration, so one person's e-mail cannot reach another.
"""

from __future__ import annotations

import email
import json
import re
from collections import Counter
from dataclasses import replace
from email import policy
from email.utils import getaddresses

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import strategies as st

from auditor.classify import Classifier
from auditor.cli import main
from auditor.config import load_config
from auditor.errors import RegistryError
from auditor.registry import normalise_email
from auditor.store import Store
from connectors.simulator import Simulator
from reports.mailer import OutboxTransport, SmtpTransport
from tests.auditor.store.helpers import FAST_RETRY, Clock, person
from tests.conftest import ORG_TOML
from tests.reports.many import AFTER_THE_WEEK, populate, write_config
from tests.reports.test_weekly import free_port, send
from tests.strategies import PROPERTY
from tests.world import enrol

pytestmark = pytest.mark.slow

PEOPLE = 30


def readable(message: email.message.EmailMessage) -> str:
    """Everything a reader of the message can see: headers and every decoded part."""
    parts = [f"{name}: {value}" for name, value in message.items()]
    parts += [part.get_content() for part in message.walk() if not part.is_multipart()]
    return "\n".join(parts)


@pytest.fixture
def many(db_url, tmp_path):
    store = Store.open(db_url, retry=FAST_RETRY, clock=Clock(AFTER_THE_WEEK))
    everyone = populate(store, Classifier(load_config(ORG_TOML).organisation), PEOPLE)
    config = load_config(
        write_config(tmp_path / "org.toml", store="audit.db", mail=f'outbox = "{tmp_path}/out"\n')
    )
    yield store, config, everyone
    store.close()


def test_every_weekly_email_holds_its_own_persons_findings_only(many):
    store, config, everyone = many
    summary = send(store, config, OutboxTransport(config.mail.outbox))
    assert len(summary.sent) == PEOPLE
    messages = {}
    for path in config.mail.outbox.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        messages[str(message["To"])] = readable(message)
    assert set(messages) == {p.email for p in everyone}
    for index, someone in enumerate(everyone):
        mine = messages[someone.email]
        assert someone.marker in mine  # the findings' excerpts are there ...
        assert someone.urls[0] in mine and someone.urls[1] in mine  # ... with their links
        assert (someone.handles[1] in mine) == bool(index % 2)  # re-authorisation
        for other in everyone:
            if other is not someone:
                leaked = [s for s in other.strings if s in mine]
                assert not leaked, f"{other.email}'s {leaked} in the e-mail to {someone.email}"


class Envelopes:
    def __init__(self):
        self.recipients: list[tuple[str, ...]] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.recipients.append((str(message["To"]), *envelope.rcpt_tos))
        return "250 OK"


def test_by_smtp_each_email_goes_to_its_person_alone(many):
    store, config, everyone = many
    port = free_port()
    mail = replace(
        config.mail, transport="smtp", smtp_host="127.0.0.1", smtp_port=port, smtp_security="none"
    )
    handler = Envelopes()
    server = Controller(handler, hostname="127.0.0.1", port=port)
    server.start()
    try:
        transport = SmtpTransport(mail, None)
        send(store, replace(config, mail=mail), transport)
        transport.close()
    finally:
        server.stop()
    assert sorted(handler.recipients) == sorted((p.email, p.email) for p in everyone)


@PROPERTY
@given(address=st.emails() | st.text(max_size=30).map(lambda t: t + "@school.nl"))
@example(address="ann,ben@school.nl")
@example(address="ann;ben@school.nl")
@example(address="<ben@school.nl>@school.nl")
@example(address='"ben@school.nl"@school.nl')
@example(address="ann@school.nl,ben@school.nl")
def test_an_accepted_address_is_one_recipient_itself(address):
    """What the registry accepts, a mail system must read as exactly that one address."""
    try:
        accepted = normalise_email(address)
    except RegistryError:
        return
    assert getaddresses([accepted]) == [("", accepted)]


def test_an_address_naming_two_recipients_cannot_be_registered(db_url):
    with Store.open(db_url, retry=FAST_RETRY) as store:
        with pytest.raises(RegistryError, match="not an e-mail address"):
            store.people.add(person("ann,ben@school.nl"), "test")
        assert store.people.list(include_inactive=True) == []


def word(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.-]){re.escape(text)}(?![\w-])")


def test_every_self_audit_holds_its_own_persons_posts_only(tmp_path):
    """Each person's accounts fetched now, on the simulator: thirty reports, none shared."""
    db = tmp_path / "audit.db"
    with Simulator(seed=13, posts_per_account=8) as sim:
        with Store.open(db, retry=FAST_RETRY) as store:
            environ = enrol(store, sim, people=PEOPLE)
            accounts = store.accounts.list()
            people = [p.email for p in store.people.list()]
        urls = "\n".join(f'{p} = "{url}"' for p, url in sim.base_urls().items())
        config = write_config(
            tmp_path / "org.toml", store=str(db), mail=f"[fetch.base_urls]\n{urls}\n"
        )
        reports: dict[str, str] = {}
        for address in people:
            out = tmp_path / address
            result = CliRunner().invoke(
                main,
                [
                    *("self-audit", "--config", str(config), "--person", address),
                    *("--json", str(out / "r.json"), "--html", str(out / "r.html")),
                ],
                env=environ,
            )
            assert result.exit_code == 0, result.output
            report = json.loads((out / "r.json").read_text(encoding="utf-8"))
            assert report["unread"] == [], report["unread"]
            reports[address] = (out / "r.json").read_text(encoding="utf-8") + (
                out / "r.html"
            ).read_text(encoding="utf-8")
        # the platforms' ids of the accounts: Facebook links name the id, not the handle
        user_ids = {sim.account(a.platform, a.handle).user_id: a.person_email for a in accounts}

    owner = {a.handle: a.person_email for a in accounts}
    assert len(user_ids) == len(owner) == PEOPLE * 2
    seen_own = Counter()
    for address, text in reports.items():
        for handle, whose in owner.items():
            found = bool(word(handle).search(text))
            if whose == address:
                seen_own[address] += found
            else:
                assert not found, f"{whose}'s handle {handle} in {address}'s self-audit"
        for user_id, whose in user_ids.items():
            if whose != address:
                assert not word(user_id).search(text), f"{whose}'s id in {address}'s report"
    assert sum(1 for n in seen_own.values() if n) >= PEOPLE * 2 // 3, seen_own
