"""Self-audit an uploaded export: the report on the page and as a download, nothing kept.

The page streams: its top, then a line of progress every half second while the export
is read (the newest line hides the older ones by CSS, so it works without JavaScript),
then the report and a download of it as one HTML file (a data: link, so the report is
never stored on the server). The upload is deleted when the report is done or fails.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from html import escape

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from auditor.errors import ArchiveError, AuditError
from auditor.web.handlers import (
    Access,
    Forbidden,
    admitted,
    check_origin,
    error_page,
    finish,
    prepare,
    site_of,
)
from auditor.web.site import Visit
from auditor.web.upload import Upload, UploadRefused, receive, remove
from importers import Limits, open_archive
from importers.limits import GIB, MIB
from reports import texts as report_texts
from reports.self_audit import SelfAudit, audit, render_self_audit

MARK = "\x00report\x00"
# Self-audits read whole exports: two at a time, so the site stays responsive for the rest.
RUNNING = threading.BoundedSemaphore(2)


def limits_for(upload_max_mb: int) -> Limits:
    """An export may unpack to 20 times its upload size (photos compress little; text a lot)."""
    return Limits(max_total_bytes=min(2 * GIB, 20 * upload_max_mb * MIB))


def _form(visit: Visit, status: int = 200, error: str = "") -> Response:
    mb = visit.site.config.web.upload_max_mb
    return visit.render("self_audit.html", status=status, mb=mb, error=error, streamed=False)


def _report_html(visit: Visit, report: SelfAudit) -> str:
    rendered = render_self_audit(report, visit.site.config)
    data = base64.b64encode(rendered.html.encode()).decode()
    s = report_texts.SELF_AUDIT[visit.lang]
    period = (
        s["period"].format(first=report.first.date(), last=report.last.date())
        if report.first and report.last
        else ""
    )
    intro = s["intro"].format(
        source=report.source,
        total=report.total_posts,
        period=period,
        org=visit.site.config.organisation.name,
    )
    return visit.site.env.get_template("self_audit_report.html").render(
        t=visit.t,
        r=report_texts.WEEKLY[visit.lang],
        s=s,
        intro=intro,
        report=report,
        download=f"data:text/html;charset=utf-8;base64,{data}",
    )


def _stream(visit: Visit, upload: Upload) -> Iterator[str]:
    """The page, with progress while the worker reads the export; the upload deleted last."""
    page = visit.render(
        "self_audit.html", mb=visit.site.config.web.upload_max_mb, error="", streamed=True
    )
    top, _, bottom = bytes(page.body).decode().partition(MARK)
    read = [0]
    outcome: dict[str, object] = {}

    def counted(posts):
        for post in posts:
            read[0] += 1
            yield post

    def work() -> None:
        try:
            person = visit.person
            assert person is not None
            assert upload.path is not None
            lang = visit.lang
            posts = open_archive(
                upload.path,
                handle=upload.fields.get("handle", "").strip()[:100] or None,
                role=person.role,
                limits=limits_for(visit.site.config.web.upload_max_mb),
            )
            source = report_texts.SELF_AUDIT[lang]["source_archive"].format(name=upload.filename)
            outcome["report"] = audit(
                posts, visit.site.classifier, lang=lang, source=source, progress=counted
            )
        except (ArchiveError, AuditError) as exc:
            outcome["error"] = str(exc).replace(str(upload.folder) + "/", "")
        except Exception:
            outcome["error"] = "?"
        finally:
            remove(upload)
            RUNNING.release()

    worker = threading.Thread(target=work, name="self-audit", daemon=True)
    worker.start()
    yield top
    yield '<div class="progress" role="status">'
    shown = -1
    while worker.is_alive():
        if read[0] != shown:
            shown = read[0]
            yield f"<p>{escape(visit.t['upload_read'].format(n=shown))}</p>"
        worker.join(0.5)
    yield f"<p>{escape(visit.t['upload_read'].format(n=read[0]))}</p></div>"
    if "report" in outcome:
        yield _report_html(visit, outcome["report"])  # type: ignore[arg-type]
    else:
        reason = escape(str(outcome.get("error", "?")))
        yield f'<div class="card error" role="alert"><p>{escape(visit.t["upload_failed"]).replace("{reason}", reason)}</p></div>'
    yield bottom


async def self_audit(request: Request) -> Response:
    site = site_of(request)
    prepared = await run_in_threadpool(prepare, request, site)
    visit = prepared.visit
    redirect = admitted(visit, Access.STAFF)
    if redirect is not None:
        return finish(redirect, prepared)
    if request.method != "POST":
        return finish(_form(visit), prepared)
    try:
        check_origin(visit)
        limit = site.config.web.upload_max_mb * MIB
        upload = await receive(
            request.headers.get("content-type", ""),
            request.headers.get("content-length"),
            request.stream(),
            limit,
            lambda token: site.keys.form_token_ok(request.state.form_seed, token),
        )
    except UploadRefused as refused:
        if refused.why == "too_large":
            return finish(error_page(visit, 413), prepared)
        if refused.why == "token":
            return finish(error_page(visit, 403), prepared)
        return finish(_form(visit, 400, "malformed"), prepared)
    except Forbidden:
        return finish(error_page(visit, 403), prepared)
    if not RUNNING.acquire(blocking=False):
        remove(upload)
        return finish(_form(visit, 503, "busy"), prepared)
    response = StreamingResponse(_stream(visit, upload), media_type="text/html; charset=utf-8")
    return finish(response, prepared)
