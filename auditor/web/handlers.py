"""Turning a request into a `Visit` and a page handler's answer into a response.

Page handlers are plain functions `handler(visit, form) -> Response`, run in a worker
thread (the store is synchronous). The wrapper around each one:
- finds the session from its cookie (only the cookie's digest is looked up);
- refuses a POST without the right form token (403) or from another origin;
- sends people who are not signed in to the sign-in page, and people to the pages
  their role allows (the communications team sees trends only);
- turns `NotFound` into one 404 page that says nothing about what was asked for.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from auditor.web.security import new_cookie_value
from auditor.web.site import Site, Visit, lang_choice

Form = Mapping[str, str]
Handler = Callable[[Visit, Form], Response]
MAX_FORM_FIELDS = 20
MAX_FIELD_BYTES = 64 * 1024


class NotFound(Exception):
    """Nothing there for this person: another person's finding or account looks the same."""


class Forbidden(Exception):
    """The request may not be done: a missing or wrong form token, another origin."""


class Access(Enum):
    ANYONE = "anyone"  # the sign-in pages
    SIGNED_IN = "signed-in"  # anyone with a session: sign out, language
    REGISTERED = "registered"  # in the registry, opted in or not: consent, my data
    STAFF = "staff"  # opted in: findings, draft, self-audit, accounts
    COMMS = "comms"  # the communications team: trends


@dataclass(frozen=True, slots=True)
class Prepared:
    visit: Visit
    new_anonymous: str | None


def site_of(request: Request) -> Site:
    return request.app.state.site


def prepare(request: Request, site: Site) -> Prepared:
    """The visit of a request: its session, language and form token."""
    cookies = site.cookies
    cookie = request.cookies.get(cookies.session)
    digest = site.keys.digest("session", cookie) if cookie else None
    session = site.store.sign_ins.session(digest) if digest else None
    new_anonymous = None
    if session is not None:
        seed = "s:" + (cookie or "")
        lang = session.lang
    else:
        digest = None
        anonymous = request.cookies.get(cookies.anonymous)
        if not anonymous or len(anonymous) > 100:
            anonymous = new_anonymous = new_cookie_value()
        seed = "a:" + anonymous
        lang = lang_choice(request.cookies.get(cookies.lang))
    person = site.store.people.get(session.email) if session else None
    visit = Visit(
        request=request,
        site=site,
        lang=lang,
        form_token=site.keys.form_token(seed),
        session_digest=digest,
        session=session,
        person=person,
    )
    request.state.form_seed = seed
    return Prepared(visit, new_anonymous)


def check_origin(visit: Visit) -> None:
    """A browser's Origin, when it sends one, must be this site's (`[web] base_url`)."""
    origin = visit.request.headers.get("origin")
    if origin and origin != "null":
        want = urlsplit(visit.site.config.web.base_url)
        got = urlsplit(origin)
        if (got.scheme, got.netloc) != (want.scheme, want.netloc):
            raise Forbidden("origin")


def check_post(visit: Visit, token: str | None) -> None:
    """A state-changing request must come from our own pages: same origin, right token."""
    check_origin(visit)
    if not visit.site.keys.form_token_ok(visit.request.state.form_seed, token):
        raise Forbidden("token")


def admitted(visit: Visit, access: Access) -> Response | None:
    """None when the visit may see the page; else where to send it instead."""
    if access is Access.ANYONE:
        return None
    if visit.session is None:
        return RedirectResponse("/", status_code=303)
    if access is Access.SIGNED_IN:
        return None
    person = visit.person
    if access is Access.COMMS:
        return None if visit.comms else RedirectResponse("/findings", status_code=303)
    if person is None:
        return RedirectResponse("/trends" if visit.comms else "/", status_code=303)
    if access is Access.STAFF and not person.active:
        return RedirectResponse("/consent", status_code=303)
    return None


def finish(response: Response, prepared: Prepared) -> Response:
    site = prepared.visit.site
    if prepared.new_anonymous:
        response.set_cookie(
            site.cookies.anonymous, prepared.new_anonymous, **site.cookies.flags(None)
        )
    return response


def error_page(visit: Visit, status: int) -> Response:
    names = {403: "forbidden", 404: "not_found", 413: "too_large", 429: "too_many"}
    return visit.render("error.html", status=status, kind=names.get(status, "not_found"))


def run(handler: Handler, access: Access, request: Request, form: Form | None) -> Response:
    """The synchronous part of a request, in a worker thread."""
    site = site_of(request)
    prepared = prepare(request, site)
    visit = prepared.visit
    try:
        if form is not None:
            check_post(visit, form.get("csrf"))
        redirect = admitted(visit, access)
        response = redirect or handler(visit, form or {})
    except Forbidden:
        response = error_page(visit, 403)
    except NotFound:
        response = error_page(visit, 404)
    return finish(response, prepared)


def _fields(data: FormData) -> dict[str, str]:
    return {key: value for key, value in data.items() if isinstance(value, str)}


def page(access: Access) -> Callable[[Handler], Callable[[Request], Awaitable[Response]]]:
    """Make a handler an endpoint: forms read here, the rest in a worker thread."""

    def wrap(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            form = None
            if request.method == "POST":
                try:
                    async with request.form(
                        max_files=0, max_fields=MAX_FORM_FIELDS, max_part_size=MAX_FIELD_BYTES
                    ) as data:
                        form = _fields(data)
                except MultiPartException:
                    form = {}
            return await run_in_threadpool(run, handler, access, request, form)

        endpoint.__name__ = handler.__name__
        endpoint.__doc__ = handler.__doc__
        return endpoint

    return wrap
