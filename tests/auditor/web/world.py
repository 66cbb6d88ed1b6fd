"""A running web app over a real store, a real SMTP server (aiosmtpd) and real HTTP.

`WebWorld` starts uvicorn on a free port of 127.0.0.1 in a thread, with the mail
transport pointed at an aiosmtpd server whose messages it keeps, so a test reads
the sign-in link from the e-mail as a person would.
"""

from __future__ import annotations

import email
import re
import socket
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from pathlib import Path

import requests
import uvicorn
from aiosmtpd.controller import Controller

from auditor.classify import Classifier
from auditor.config import load_config
from auditor.model import Account, Post
from auditor.secrets import Secrets
from auditor.store import Store
from auditor.web.serve import running_site
from tests.auditor.store.helpers import ACTOR, FAST_RETRY, person, register
from tests.conftest import ORG_TOML

SECRET = "test-secret-" + "k" * 40
SECRETS = Secrets(None, {"SOCIAL_AUDIT_WEB_SECRET": SECRET})
COMMS = "comms@school.nl"
NOW = datetime.now(UTC)
MONDAY = (NOW - timedelta(days=NOW.weekday() + 7)).replace(
    hour=9, minute=0, second=0, microsecond=0
)
HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"

# Our own sentences: the first two of each person raise findings, the third none.
POSTS = {
    "anna@school.nl": [
        "Fenna uit groep 6 las vandaag voor, wat was ze trots! Bel haar moeder: 06-12345678",
        f"{HOSTILE} Wat een idioten, die ouders van groep 6.",
        "Lekker gefietst dit weekend.",
    ],
    "ben@school.nl": [
        "Milan (groep 6) heeft BSN 111222333 op zijn formulier gezet, klopt dat?",
        "Wat een sukkels, die collega's van het Anker.",
        "Pannenkoeken gebakken met de buren.",
    ],
}
CONSENT = "Aanmelding social-audit\n\nVersie: 2026-11-v2\n\nIk doe vrijwillig mee.\n"


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """The aiosmtpd handler: every message received, parsed."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if str(m["To"]) == address]


@dataclass
class WebWorld:
    url: str
    store: Store
    inbox: Inbox
    config: object
    outlet: object
    log: list[str] = field(default_factory=list)
    accounts: dict[str, int] = field(default_factory=dict)

    def link_for(self, address: str, *, timeout: float = 10.0) -> str:
        """The newest sign-in link e-mailed to `address` (waits for the mail thread)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.outlet.drain()  # type: ignore[attr-defined]
            found = self.inbox.to(address)
            if found:
                text = found[-1].get_body(("plain",)).get_content()
                return re.search(r"http://\S+/sign-in/\S+", text).group(0)
            time.sleep(0.05)
        raise AssertionError(f"no sign-in e-mail for {address}")

    def signed_in(self, address: str) -> requests.Session:
        """A requests session signed in the way a browser is: form, e-mail, link, button."""
        session = requests.Session()
        page = session.get(self.url + "/")
        before = len(self.inbox.to(address))
        session.post(self.url + "/sign-in", data={"email": address, "csrf": token(page.text)})
        deadline = time.monotonic() + 10
        while len(self.inbox.to(address)) == before and time.monotonic() < deadline:
            self.outlet.drain()  # type: ignore[attr-defined]
            time.sleep(0.05)
        link = self.link_for(address)
        opened = session.get(link)
        done = session.post(link, data={"csrf": token(opened.text)})
        assert done.status_code == 200, done.status_code
        return session


def token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no form token on the page"
    return found.group(1)


def populate(store: Store, classifier: Classifier) -> dict[str, int]:
    """Two people with one X account each and classified posts; returns account ids."""
    ids = {}
    for index, (address, texts) in enumerate(POSTS.items()):
        store.people.add(
            replace(person(address), name=address.split("@")[0].title() + " Jansen"), ACTOR
        )
        handle = f"{HOSTILE[:8]}handle{index}" if index == 0 else f"handle{index}"
        account = register(
            store, address, handle.replace(" ", "").lower().lstrip("@"), bio="Juf groep 6"
        )
        ids[address] = account.id
        posts = [
            Post(
                id=f"x:{index}{n}",
                platform="x",
                created_at=MONDAY + timedelta(hours=n),
                text=text,
                url=f"https://x.com/handle{index}/status/{index}{n}",
                account=Account(handle=account.handle, bio="Juf groep 6", role="leerkracht"),
            )
            for n, text in enumerate(texts)
        ]
        store.posts.save_fetched(account.id, posts, cursor=None)
        store.posts.store_verdicts([classifier.classify(p) for p in posts], classifier.version)
    return ids


def write_config(folder: Path, web_port: int, smtp_port: int, **web: object) -> Path:
    (folder / "consent.txt").write_text(CONSENT, encoding="utf-8")
    extra = "".join(f"{key} = {value!r}\n".replace("'", '"') for key, value in web.items())
    text = ORG_TOML.read_text(encoding="utf-8") + (
        f'\n[store]\npath = "audit.db"\n'
        f'[mail]\nfrom = "social-audit <audit@meerwijk.example>"\ntransport = "smtp"\n'
        f'smtp_host = "127.0.0.1"\nsmtp_port = {smtp_port}\nsmtp_security = "none"\n'
        f'[web]\nbase_url = "http://127.0.0.1:{web_port}"\ncomms = ["{COMMS}"]\n'
        f'consent_file = "consent.txt"\n{extra}'
    )
    path = folder / "org.toml"
    path.write_text(text, encoding="utf-8")
    return path


class Running:
    """Start and stop the app and the SMTP server around a test module."""

    def __init__(self, folder: Path, db: str | None = None, **web: object):
        self.inbox = Inbox()
        smtp_port = free_port()
        self.smtp = Controller(self.inbox, hostname="127.0.0.1", port=smtp_port)
        self.smtp.start()
        self.sock = free_socket()
        port = self.sock.getsockname()[1]
        self.config = load_config(write_config(folder, port, smtp_port, **web))
        self.store = Store.open(db or self.config.store.database(), retry=FAST_RETRY)
        self.accounts = populate(self.store, Classifier(self.config.organisation))
        self._site = running_site(self.config, self.store, secrets=SECRETS)
        run = self._site.__enter__()
        self.outlet = run.outlet
        self.server = uvicorn.Server(
            uvicorn.Config(run.app, log_level="warning", access_log=False, lifespan="off")
        )
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self.server.started, "uvicorn did not start"
        self.world = WebWorld(
            url=f"http://127.0.0.1:{port}",
            store=self.store,
            inbox=self.inbox,
            config=self.config,
            outlet=self.outlet,
            accounts=self.accounts,
        )

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self._site.__exit__(None, None, None)
        self.store.close()
        self.smtp.stop()
        self.sock.close()
