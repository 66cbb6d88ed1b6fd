"""Consent and my data: opt in under the shown text and version, opt out, download all.

Opting out erases exactly as `people opt-out` does (the store's one opt-out), and
downloading is `people export`; both, and every opt-in, are in the audit log.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from starlette.responses import RedirectResponse, Response

from auditor.errors import ConfigError, RegistryError
from auditor.web.handlers import Access, Form, page
from auditor.web.site import Visit

ACTOR = "web"
_VERSION = re.compile(r"(?im)^\W*(?:versie|version)\W*:?\W*([\w.-]+)")
MAX_CONSENT_BYTES = 200_000


@dataclass(frozen=True, slots=True)
class ConsentText:
    version: str
    text: str


def read_consent(path: Path | None) -> ConsentText | None:
    """The consent text people opt in under; its version is its "Versie: ..." line."""
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")[:MAX_CONSENT_BYTES]
    except OSError as exc:
        raise ConfigError(f"web.consent_file {path} cannot be read ({exc.strerror})") from None
    found = _VERSION.search(text)
    if found is None:
        raise ConfigError(
            f"web.consent_file {path} names no version: add a line such as 'Versie: 2026-11-v1'"
        )
    return ConsentText(version=found.group(1), text=text)


def _consent(visit: Visit) -> ConsentText | None:
    return visit.request.app.state.consent


@page(Access.REGISTERED)
def consent(visit: Visit, form: Form) -> Response:
    return visit.render("consent.html", consent=_consent(visit), person=visit.person)


@page(Access.REGISTERED)
def opt_in(visit: Visit, form: Form) -> Response:
    """Take part (again), or accept a new version of the text."""
    person, text = visit.person, _consent(visit)
    assert person is not None
    if text is None or form.get("agree") != "1":
        return visit.render("consent.html", status=400, consent=text, person=person, error="agree")
    name = (form.get("name", "") or person.name).strip()[:200]
    try:
        updated = replace(
            person,
            name=name,
            lang=visit.lang,
            opted_in_at=date.today(),
            consent_version=text.version,
            active=True,
            opted_out_at=None,
        )
        store = visit.site.store
        if person.active:
            store.people.update(updated, ACTOR)
        else:
            store.people.add(updated, ACTOR)
    except RegistryError:
        return visit.render("consent.html", status=400, consent=text, person=person, error="name")
    return RedirectResponse("/consent", status_code=303)


@page(Access.REGISTERED)
def opt_out(visit: Visit, form: Form) -> Response:
    """Erase everything of this person now, as `people opt-out` does; signs them out."""
    if form.get("confirm") != "1":
        return visit.render(
            "consent.html",
            status=400,
            consent=_consent(visit),
            person=visit.person,
            error="confirm",
        )
    assert visit.email is not None
    site = visit.site
    site.store.privacy.opt_out(visit.email, ACTOR)
    response = replace(visit, session=None, person=None).render("opted_out.html")
    response.delete_cookie(site.cookies.session, path="/", secure=site.cookies.secure)
    return response


@page(Access.REGISTERED)
def export(visit: Visit, form: Form) -> Response:
    """Everything held about me, as `people export` gives it."""
    assert visit.email is not None
    data = visit.site.store.privacy.export(visit.email, ACTOR)
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="mijn-gegevens.json"'},
    )
