"""Signing in by a link sent to the registered address, signing out, the language switch.

Whether an address is registered never shows: the answer to a link request is the
same page either way, the e-mail leaves from a background thread, and the rate limit
counts every address, known or not. Opening a link shows a button; only pressing it
(a POST) uses the link, so a mail scanner that fetches links cannot spend it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from email.utils import parseaddr

from starlette.responses import RedirectResponse, Response

from auditor.errors import RegistryError
from auditor.registry import normalise_email
from auditor.web.handlers import Access, Form, NotFound, error_page, page
from auditor.web.security import LINK_MINUTES, LinkRefused, new_cookie_value
from auditor.web.site import LANGS, Visit
from auditor.web.texts import MAIL
from reports.mailer import build_message, message_id, render_email

ACTOR = "web"
THROTTLE_WINDOW = timedelta(minutes=LINK_MINUTES)


def home_of(visit: Visit) -> str:
    """Where a signed-in visit starts: findings, consent (opted out) or trends (comms)."""
    if visit.person is None:
        return "/trends" if visit.comms else "/"
    return "/findings" if visit.person.active else "/consent"


def client_address(visit: Visit) -> str:
    client = visit.request.client
    return client.host if client else "unknown"


@page(Access.ANYONE)
def home(visit: Visit, form: Form) -> Response:
    """The sign-in form; a signed-in visit goes on to its own start page."""
    if visit.session is not None:
        return RedirectResponse(home_of(visit), status_code=303)
    return visit.render("sign_in.html")


def _send_link(visit: Visit, email: str) -> None:
    site = visit.site
    link = site.keys.new_link()
    site.store.sign_ins.issue_link(link.digest, email, link.valid)
    person = site.store.people.get(email)
    lang = person.lang if person and person.lang in LANGS else visit.lang
    context = {
        "lang": lang,
        "t": MAIL[lang],
        "org": site.config.organisation.name,
        "name": (person.name.split() or [""])[0] if person else "",
        "url": site.url(f"/sign-in/{link.token}"),
        "minutes": LINK_MINUTES,
    }
    rendered = render_email(site.env, "mail/sign_in", context)
    domain = parseaddr(site.config.mail.sender)[1].rpartition("@")[2] or "localhost"
    site.send_mail(
        build_message(
            rendered,
            sender=site.config.mail.sender,
            to=email,
            msg_id=message_id("sign-in", domain),
            reply_to=site.config.mail.reply_to,
            lang=lang,
        )
    )


@page(Access.ANYONE)
def request_link(visit: Visit, form: Form) -> Response:
    """Send a link if the address is registered; answer the same either way."""
    typed = form.get("email", "")[:320]
    try:
        email = normalise_email(typed)
    except RegistryError:
        return visit.render("sign_in.html", status=400, error="bad_address", typed=typed)
    site = visit.site
    limits = [
        (site.keys.digest("throttle-address", email), site.config.web.links_per_address),
        (
            site.keys.digest("throttle-client", client_address(visit)),
            site.config.web.links_per_client,
        ),
    ]
    if not site.store.sign_ins.throttle(limits, THROTTLE_WINDOW):
        return error_page(visit, 429)
    if site.store.people.get(email) is not None or site.is_comms(email):
        _send_link(visit, email)
    return visit.render("link_sent.html", minutes=LINK_MINUTES)


def _link_digest(visit: Visit, token: str) -> tuple[str | None, str]:
    try:
        digest = visit.site.keys.link_digest(token)
    except LinkRefused as refused:
        return None, refused.state
    return digest, visit.site.store.sign_ins.link_state(digest)


@page(Access.ANYONE)
def open_link(visit: Visit, form: Form) -> Response:
    """The page a link opens: a button that signs in, or why the link no longer works."""
    token = visit.request.path_params["token"]
    _digest, state = _link_digest(visit, token)
    if state != "unused":
        return visit.render("link_refused.html", status=400, state=state)
    return visit.render("link_open.html", token=token)


@page(Access.ANYONE)
def use_link(visit: Visit, form: Form) -> Response:
    """Use the link once: a new session, the old one (if any) ended first."""
    site = visit.site
    digest, state = _link_digest(visit, visit.request.path_params["token"])
    email = site.store.sign_ins.use_link(digest) if digest and state == "unused" else None
    if email is None:
        return visit.render(
            "link_refused.html", status=400, state=state if state != "unused" else "used"
        )
    if visit.session_digest:
        site.store.sign_ins.end_session(visit.session_digest)
    person = site.store.people.get(email)
    lang = person.lang if person and person.lang in LANGS else visit.lang
    cookie = new_cookie_value()
    valid = timedelta(hours=site.config.web.session_hours)
    site.store.sign_ins.start_session(site.keys.digest("session", cookie), email, lang, valid)
    site.store.audit.append(ACTOR, "web.sign_in", email)
    target = "/trends" if person is None else "/findings" if person.active else "/consent"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        site.cookies.session, cookie, **site.cookies.flags(int(valid.total_seconds()))
    )
    return response


@page(Access.SIGNED_IN)
def sign_out(visit: Visit, form: Form) -> Response:
    site = visit.site
    if form.get("everywhere") == "1" and visit.email:
        site.store.sign_ins.end_all(visit.email)
        site.store.audit.append(ACTOR, "web.sign_out_everywhere", visit.email)
    elif visit.session_digest:
        site.store.sign_ins.end_session(visit.session_digest)
    response = replace(visit, session=None, person=None).render("signed_out.html")
    response.delete_cookie(site.cookies.session, path="/", secure=site.cookies.secure)
    return response


def safe_next(value: str | None) -> str:
    """Only a path on this site: never '//host' or a full URL."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value[:200]
    return "/"


@page(Access.ANYONE)
def switch_lang(visit: Visit, form: Form) -> Response:
    lang = form.get("lang", "")
    if lang not in LANGS:
        raise NotFound
    site = visit.site
    response = RedirectResponse(safe_next(form.get("next")), status_code=303)
    if visit.session_digest:
        site.store.sign_ins.set_lang(visit.session_digest, lang)
    else:
        response.set_cookie(site.cookies.lang, lang, **site.cookies.flags(365 * 86400))
    return response
