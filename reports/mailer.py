"""Messages out: MIME with a plain-text and an HTML part, by SMTP or to an outbox folder.

The outbox (a folder of .eml files) is the default, so nothing leaves the machine
until someone configures SMTP. SMTP failures are sorted into temporary ones (server
away, 4xx: try again next run) and permanent ones for one address (5xx): either way
one person's failure never stops the others.
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any, Protocol

import css_inline
from jinja2 import Environment

from auditor.config import MailConfig
from auditor.errors import AuditError, OutputError
from auditor.private_files import create_folders


class MailError(AuditError):
    """A message could not be delivered."""

    temporary = True


class TemporaryMailError(MailError):
    """The server is away or said 4xx: the next run tries again."""


class PermanentMailError(MailError):
    """The server refused this message or address (5xx)."""

    temporary = False


@dataclass(frozen=True, slots=True)
class Rendered:
    """One e-mail as rendered from templates, before it becomes MIME."""

    subject: str
    text: str
    html: str


def render_email(env: Environment, folder: str, context: dict[str, Any]) -> Rendered:
    """The e-mail of templates `folder`/subject.txt, body.txt and body.html."""
    subject = env.get_template(f"{folder}/subject.txt").render(context)
    return Rendered(
        subject=" ".join(subject.split()),
        text=env.get_template(f"{folder}/body.txt").render(context),
        html=env.get_template(f"{folder}/body.html").render(context),
    )


def message_id(key: str, domain: str) -> str:
    """A new, unique Message-ID that names `key` (e.g. week and person).

    It is new on every call: the weekly send stores it before the message leaves and
    reuses the stored one when it sends again, so a repeat carries the same id.
    """
    return make_msgid(idstring=key.replace("@", "-at-").replace(" ", "-"), domain=domain)


def build_message(
    rendered: Rendered,
    *,
    sender: str,
    to: str,
    msg_id: str,
    reply_to: str | None = None,
    lang: str = "nl",
) -> EmailMessage:
    """Valid MIME: multipart/alternative, text first, HTML with its CSS inlined."""
    message = EmailMessage()
    message["Subject"] = " ".join(rendered.subject.split())
    message["From"] = sender
    message["To"] = to
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = msg_id
    message["Content-Language"] = lang
    message["Auto-Submitted"] = "auto-generated"
    if reply_to:
        message["Reply-To"] = reply_to
    message.set_content(rendered.text, subtype="plain", charset="utf-8")
    message.add_alternative(css_inline.inline(rendered.html), subtype="html", charset="utf-8")
    return message


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None: ...

    def close(self) -> None: ...


class OutboxTransport:
    """Writes each message as an .eml file, atomically, readable by the owner only."""

    def __init__(self, folder: Path):
        self.folder = folder

    def send(self, message: EmailMessage) -> None:
        try:
            create_folders(self.folder)
        except OSError as exc:
            raise OutputError(f"cannot create the outbox {self.folder} ({exc.strerror})") from None
        name = str(message["Message-ID"]).strip("<>").replace("/", "_") + ".eml"
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".sending-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(message.as_bytes())
            os.replace(temporary, self.folder / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def close(self) -> None:
        """Nothing to close: every message is its own file."""


class SmtpTransport:
    """One SMTP session for a batch, reopened after a failure."""

    def __init__(self, config: MailConfig, password: str | None):
        self.config = config
        self._password = password
        self._session: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        cfg = self.config
        context = ssl.create_default_context()
        session: smtplib.SMTP
        if cfg.smtp_security == "ssl":
            session = smtplib.SMTP_SSL(
                cfg.smtp_host, cfg.smtp_port, timeout=cfg.timeout, context=context
            )
        else:
            session = smtplib.SMTP(cfg.smtp_host, cfg.smtp_port, timeout=cfg.timeout)
            if cfg.smtp_security == "starttls":
                session.starttls(context=context)
        if cfg.smtp_user:
            session.login(cfg.smtp_user, self._password or "")
        return session

    def send(self, message: EmailMessage) -> None:
        where = f"{self.config.smtp_host}:{self.config.smtp_port}"
        try:
            if self._session is None:
                self._session = self._connect()
            refused = self._session.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            self._drop()
            code = next(iter(exc.recipients.values()), (550, b""))[0]
            raise _classify(code, where) from None
        except smtplib.SMTPAuthenticationError:  # before its base class, or never reached
            self._drop()
            raise PermanentMailError(
                f"SMTP server {where} refused the login: check smtp_user and the password"
            ) from None
        except smtplib.SMTPResponseException as exc:
            self._drop()
            raise _classify(exc.smtp_code, where, exc.smtp_error) from None
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise TemporaryMailError(
                f"SMTP server {where} unreachable ({type(exc).__name__}): the next run tries again"
            ) from None
        if refused:
            raise _classify(next(iter(refused.values()))[0], where)

    def _drop(self) -> None:
        if self._session is not None:
            try:
                self._session.close()
            finally:
                self._session = None

    def close(self) -> None:
        if self._session is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._session.quit()
            self._session = None


def _classify(code: int, where: str, reply: bytes | str = b"") -> MailError:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    text = " ".join(text.split())[:120]
    detail = f"SMTP server {where} answered {code} {text}".rstrip()
    if 400 <= code < 500:
        return TemporaryMailError(f"{detail}: the next run tries again")
    return PermanentMailError(f"{detail}: check the address")


def open_transport(config: MailConfig, secret: Callable[[str], str | None]) -> Transport:
    """The configured transport; the SMTP password is looked up by its reference."""
    if config.transport == "outbox":
        return OutboxTransport(config.outbox)
    password = secret(config.smtp_password_env) if config.smtp_password_env else None
    return SmtpTransport(config, password)
