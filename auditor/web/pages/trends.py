"""The communications team's page: the trends report, and nothing about any one person.

The report is the same one `social-audit trends` writes (groups of fewer people than
`[trends] min_group_size` are never shown alone), rendered on request, never stored.
"""

from __future__ import annotations

from datetime import date

from starlette.responses import HTMLResponse, Response

from auditor.web.handlers import Access, Form, page
from auditor.web.site import Visit

WEEKS = 12


@page(Access.COMMS)
def trends(visit: Visit, form: Form) -> Response:
    return visit.render("trends.html")


@page(Access.COMMS)
def trends_report(visit: Visit, form: Form) -> Response:
    from reports.trends import report_from_store
    from reports.trends_output import render_html
    from reports.trends_view import build_view

    site = visit.site
    today = date.today()
    report = report_from_store(
        site.store, today=today, weeks=WEEKS, min_group_size=site.config.min_group_size
    )
    html = render_html(build_view(report, lang=visit.lang, generated=today))
    response = HTMLResponse(html)
    # this one page may be shown inside the site's own trends page
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'"
    )
    return response
