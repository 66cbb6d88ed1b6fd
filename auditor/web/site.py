"""What every page of the web app works with: config, store, keys, templates, mail.

`Site` is made once per server; `Visit` is one request as the pages see it: who is
signed in (if anyone), in which language, and the token their forms must carry.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader
from starlette.requests import Request
from starlette.responses import HTMLResponse

from auditor.classify import Classifier
from auditor.config import Config
from auditor.registry import Person
from auditor.store import Store, WebSession
from auditor.web import texts
from auditor.web.security import Keys
from reports import texts as report_texts
from reports.environment import environment

LANGS = ("nl", "en")


@dataclass(frozen=True, slots=True)
class Cookies:
    """Cookie names and flags: `__Host-` names and Secure unless served on localhost."""

    secure: bool

    @property
    def session(self) -> str:
        return "__Host-sa_session" if self.secure else "sa_session"

    @property
    def anonymous(self) -> str:
        return "__Host-sa_anon" if self.secure else "sa_anon"

    @property
    def lang(self) -> str:
        return "__Host-sa_lang" if self.secure else "sa_lang"

    def flags(self, max_age: int | None) -> dict[str, Any]:
        return {
            "max_age": max_age,
            "path": "/",
            "secure": self.secure,
            "httponly": True,
            "samesite": "lax",
        }


class Site:
    def __init__(
        self,
        config: Config,
        store: Store,
        keys: Keys,
        send_mail: Callable[[EmailMessage], None],
        override_dir: Path | None = None,
    ):
        self.config = config
        self.store = store
        self.keys = keys
        self.send_mail = send_mail
        self.classifier = Classifier(config.organisation)
        self.cookies = Cookies(secure=not config.web.on_localhost)
        env = environment(override_dir)
        assert env.loader is not None
        env.loader = ChoiceLoader([PackageLoader("auditor.web", "templates"), env.loader])
        env.globals["report_texts"] = report_texts
        self.env: Environment = env

    def url(self, path: str) -> str:
        return self.config.web.base_url + path

    def is_comms(self, email: str) -> bool:
        return email in self.config.web.comms


@dataclass(frozen=True, slots=True)
class Visit:
    """One request: the signed-in person (or comms member), the language, the form token."""

    request: Request
    site: Site
    lang: str
    form_token: str
    session_digest: str | None = None
    session: WebSession | None = None
    person: Person | None = None

    @property
    def email(self) -> str | None:
        return self.session.email if self.session else None

    @property
    def comms(self) -> bool:
        return self.email is not None and self.site.is_comms(self.email)

    @property
    def t(self) -> dict[str, str]:
        return texts.UI[self.lang]

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.site.env.get_template(template).render(
            lang=self.lang,
            t=self.t,
            visit=self,
            org=self.site.config.organisation.name,
            csrf=self.form_token,
            **({"error": "", "typed": ""} | context),
        )
        return HTMLResponse(html, status_code=status)


@functools.cache
def lang_choice(value: str | None) -> str:
    return value if value in LANGS else "nl"
