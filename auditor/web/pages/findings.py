"""My findings by week, as the weekly e-mail shows them, and answering one (a dispute).

A person only ever reaches their own posts: the store's queries are bound to the
signed-in address, and a post or flag that is not theirs is a 404 like one that does
not exist.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from starlette.responses import RedirectResponse, Response

from auditor.redaction.redactor import Redactor
from auditor.store import AccountRow, Dispute, StoredPost
from auditor.web.handlers import Access, Form, NotFound, page
from auditor.web.site import Visit
from auditor.web.texts import reasons_for
from reports.findings import EMAIL_ORDER, PLATFORM_NAMES, Item, group_findings
from reports.weekly import IsoWeek

ACTOR = "web"
ALL_TIME = (datetime(1970, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC))


@dataclass(frozen=True, slots=True)
class Entry:
    item: Item
    post_id: str
    flag: str
    anchor: str
    reasons: tuple[str, ...]
    dispute: Dispute | None


@dataclass(frozen=True, slots=True)
class Group:
    flag: str
    title: str
    advice: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Week:
    week: IsoWeek
    groups: tuple[Group, ...]

    @property
    def count(self) -> int:
        return sum(len(g.entries) for g in self.groups)


def _iso_week(post: StoredPost) -> IsoWeek:
    year, week, _ = post.post.created_at.isocalendar()
    return IsoWeek(year, week)


def build_weeks(
    posts: list[StoredPost], disputes: dict[tuple[str, str], Dispute], lang: str
) -> list[Week]:
    """The person's flagged posts as weeks of groups, newest week first.

    One redactor for the page, so a pupil is the same [LEERLING-n] throughout; each
    group as `reports.findings` makes it for the e-mail.
    """
    redactor = Redactor(lang)
    by_week: dict[IsoWeek, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    meta: dict[str, tuple[str, str]] = {}
    counter = 0
    for stored in sorted(posts, key=lambda p: (p.post.created_at, p.post.id)):
        if stored.verdict is None:
            continue
        for group in group_findings([(stored.post, stored.verdict)], lang, redactor):
            meta[group.flag] = (group.title, group.advice)
            counter += 1
            by_week[_iso_week(stored)][group.flag].append(
                Entry(
                    item=group.items[0],
                    post_id=stored.post.id,
                    flag=group.flag,
                    anchor=f"f{counter}",
                    reasons=reasons_for(group.flag),
                    dispute=disputes.get((stored.post.id, group.flag)),
                )
            )
    weeks = []
    for week in sorted(by_week, key=lambda w: (w.year, w.week), reverse=True):
        flags = by_week[week]
        groups = tuple(
            Group(flag, *meta[flag], tuple(flags[flag])) for flag in EMAIL_ORDER if flag in flags
        )
        weeks.append(Week(week, groups))
    return weeks


def account_lines(accounts: list[AccountRow]) -> list[dict[str, str]]:
    return [
        {
            "id": str(a.id),
            "platform": PLATFORM_NAMES.get(a.platform, a.platform),
            "handle": a.handle,
            "status": a.status,
            "reason": a.status_reason or "",
            "last": a.last_fetched_at.date().isoformat() if a.last_fetched_at else "",
        }
        for a in accounts
    ]


@page(Access.STAFF)
def findings(visit: Visit, form: Form) -> Response:
    """My findings, newest week first; `?week=2026-W47` shows one week."""
    store, email = visit.site.store, visit.email
    assert email is not None
    posts = store.posts.flagged_for(email, *ALL_TIME)
    weeks = build_weeks(posts, store.disputes.of(email), visit.lang)
    chosen = visit.request.query_params.get("week")
    if chosen:
        try:
            wanted = IsoWeek.parse(chosen[:10])
        except ValueError:
            raise NotFound from None
        shown = [w for w in weeks if w.week == wanted]
    else:
        shown = weeks
    return visit.render(
        "findings.html",
        weeks=weeks,
        shown=shown,
        chosen=chosen or "",
        accounts=account_lines(store.accounts.list(email=email)),
    )


def _back(form: Form) -> RedirectResponse:
    anchor = "".join(c for c in form.get("anchor", "")[:12] if c.isascii() and c.isalnum())
    return RedirectResponse(f"/findings#{anchor}" if anchor else "/findings", status_code=303)


def _own_entry(form: Form) -> tuple[str, str]:
    post_id, flag = form.get("post", ""), form.get("flag", "")
    if not post_id or not flag:
        raise NotFound
    return post_id, flag


@page(Access.STAFF)
def dispute(visit: Visit, form: Form) -> Response:
    """Record a dispute; "not me" goes on to the offer to remove the account."""
    post_id, flag = _own_entry(form)
    reason = form.get("reason", "")
    if reason not in reasons_for(flag):
        raise NotFound
    assert visit.email is not None
    recorded = visit.site.store.disputes.add(
        visit.email, post_id, flag, reason, form.get("note", ""), ACTOR
    )
    if recorded is None:
        raise NotFound
    if reason == "not_me":
        return RedirectResponse(f"/accounts?not_me={recorded.account_id}", status_code=303)
    return _back(form)


@page(Access.STAFF)
def withdraw(visit: Visit, form: Form) -> Response:
    post_id, flag = _own_entry(form)
    assert visit.email is not None
    if not visit.site.store.disputes.withdraw(visit.email, post_id, flag, ACTOR):
        raise NotFound
    return _back(form)
