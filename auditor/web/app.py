"""The web application: routes, security headers, and how `social-audit serve` starts it.

Every response carries a strict Content-Security-Policy (no script but our own file, no
frames, forms only to ourselves), `Referrer-Policy: no-referrer` (a sign-in link must
not leak to another site) and `Cache-Control: no-store` (pages hold a person's data).
The access log names the route, never the path: a sign-in link's token is in its path.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from auditor.web.pages import accounts, consent, draft, findings, self_audit, sign_in, trends
from auditor.web.pages.consent import ConsentText
from auditor.web.site import Site

log = logging.getLogger("social_audit.web")
STATIC = Path(__file__).parent / "static"
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; frame-src 'self'; frame-ancestors 'none'; form-action 'self'; "
        "base-uri 'none'; object-src 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
}

ROUTES = [
    Route("/", sign_in.home, methods=["GET"]),
    Route("/sign-in", sign_in.request_link, methods=["POST"]),
    Route("/sign-in/{token}", sign_in.open_link, methods=["GET"]),
    Route("/sign-in/{token}", sign_in.use_link, methods=["POST"]),
    Route("/sign-out", sign_in.sign_out, methods=["POST"]),
    Route("/lang", sign_in.switch_lang, methods=["POST"]),
    Route("/findings", findings.findings, methods=["GET"]),
    Route("/findings/dispute", findings.dispute, methods=["POST"]),
    Route("/findings/withdraw", findings.withdraw, methods=["POST"]),
    Route("/draft", draft.draft, methods=["GET", "POST"]),
    Route("/self-audit", self_audit.self_audit, methods=["GET", "POST"]),
    Route("/accounts", accounts.accounts, methods=["GET"]),
    Route("/accounts/add", accounts.add_account, methods=["POST"]),
    Route("/accounts/remove", accounts.remove_account, methods=["POST"]),
    Route("/accounts/{account}/reconnect", accounts.reauthorise, methods=["GET"]),
    Route("/consent", consent.consent, methods=["GET"]),
    Route("/consent/opt-in", consent.opt_in, methods=["POST"]),
    Route("/consent/opt-out", consent.opt_out, methods=["POST"]),
    Route("/consent/export", consent.export, methods=["POST"]),
    Route("/trends", trends.trends, methods=["GET"]),
    Route("/trends/report", trends.trends_report, methods=["GET"]),
    Mount("/static", StaticFiles(directory=STATIC), name="static"),
]


class Hardened(BaseHTTPMiddleware):
    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        route = request.scope.get("route")
        log.info(
            "%s %s %d %.0f ms",
            request.method,
            getattr(route, "path", "?"),
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response


def create_app(site: Site, consent_text: ConsentText | None) -> Starlette:
    """The ASGI application over one site (config, store, keys, mail)."""
    app = Starlette(routes=ROUTES, middleware=[Middleware(Hardened)])
    app.state.site = site
    app.state.consent = consent_text
    return app
