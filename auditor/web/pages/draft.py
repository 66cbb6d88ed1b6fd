"""Check a draft before posting it (protocol rule 8): the verdict on the page, nothing kept.

The draft is classified in memory as a post of the chosen account (its bio and kind
count, as they do for real posts) and shown back with the explanations; it is not
written to the store, the audit log or any log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from starlette.responses import Response

from auditor.model import SEVERITIES, Account, Post, Verdict
from auditor.texts import FLAG_TITLES, SEVERITY_TITLES
from auditor.web.handlers import Access, Form, page
from auditor.web.site import Visit
from reports import texts as report_texts

MAX_DRAFT = 5000


@dataclass(frozen=True, slots=True)
class FlagResult:
    flag: str
    title: str
    severity_title: str
    explanations: tuple[str, ...]
    protocol: str
    advice: str


def explain(verdict: Verdict, lang: str) -> list[FlagResult]:
    results = []
    for flag in verdict.flags:
        found = [f for f in verdict.findings if f.flag == flag]
        worst = max((f.severity for f in found), key=SEVERITIES.index)
        results.append(
            FlagResult(
                flag=flag,
                title=FLAG_TITLES[flag][lang],
                severity_title=SEVERITY_TITLES[worst][lang],
                explanations=tuple(
                    dict.fromkeys(
                        f.explanation_nl if lang == "nl" else f.explanation_en for f in found
                    )
                ),
                protocol=report_texts.PROTOCOL_PLAIN.get(found[0].protocol, {}).get(
                    lang, found[0].protocol
                ),
                advice=report_texts.ADVICE[flag][lang],
            )
        )
    return results


@page(Access.STAFF)
def draft(visit: Visit, form: Form) -> Response:
    """The draft form, and on POST the verdict on what was typed."""
    store, person = visit.site.store, visit.person
    assert person is not None
    accounts = store.accounts.list(email=person.email)
    text = form.get("text", "")[:MAX_DRAFT]
    chosen = form.get("account", "")
    results = None
    if visit.request.method == "POST" and text.strip():
        account = next((a for a in accounts if str(a.id) == chosen), None)
        post = Post(
            id="draft",
            platform=account.platform if account else "other",
            created_at=datetime.now(UTC),
            text=text,
            account=Account(
                handle=account.handle if account else "",
                kind=account.kind if account else "personal",
                bio=account.bio if account else "",
                role=person.role,
            ),
        )
        results = explain(visit.site.classifier.classify(post), visit.lang)
    return visit.render(
        "draft.html",
        text=text,
        accounts=accounts,
        chosen=chosen,
        results=results,
    )
