"""The self-audit: a person's own posts checked now, from a data export or their accounts.

Nothing is stored: the posts are classified in memory and only the findings, with
redacted excerpts, are kept for the report. A data export of thousands of posts is
read one post at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from auditor.classify import Classifier
from auditor.config import Config
from auditor.model import Post, Verdict
from auditor.redaction.redactor import Redactor
from reports import texts
from reports.environment import environment
from reports.findings import FlagGroup, group_findings
from reports.mailer import Rendered, render_email


@dataclass(frozen=True, slots=True)
class SelfAudit:
    lang: str
    source: str
    total_posts: int
    flagged_posts: int
    first: datetime | None
    last: datetime | None
    groups: tuple[FlagGroup, ...]
    unread: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """JSON-able: redacted excerpts and findings, never a post's full text."""
        return {
            "source": self.source,
            "total_posts": self.total_posts,
            "flagged_posts": self.flagged_posts,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "groups": [
                {
                    "flag": g.flag,
                    "title": g.title,
                    "advice": g.advice,
                    "items": [
                        {
                            "excerpt": i.excerpt,
                            "platform": i.platform,
                            "date": i.date,
                            "url": i.url,
                            "severity": i.severity,
                            "explanations": list(i.explanations),
                            "protocol": i.protocol_plain,
                        }
                        for i in g.items
                    ],
                }
                for g in self.groups
            ],
            "unread": list(self.unread),
        }


def audit(
    posts: Iterable[Post],
    classifier: Classifier,
    *,
    lang: str,
    source: str,
    unread: Iterable[str] = (),
    progress: Callable[[Iterable[Post]], Iterable[Post]] = lambda posts: posts,
) -> SelfAudit:
    """Classify posts one by one; keep only what the report needs."""
    flagged: list[tuple[Post, Verdict]] = []
    total, first, last = 0, None, None
    for post in progress(posts):
        total += 1
        first = min(first, post.created_at) if first else post.created_at
        last = max(last, post.created_at) if last else post.created_at
        verdict = classifier.classify(post)
        if verdict.flags:
            flagged.append((post, verdict))
    flagged.sort(key=lambda pv: (pv[0].created_at, pv[0].id))
    return SelfAudit(
        lang=lang,
        source=source,
        total_posts=total,
        flagged_posts=len(flagged),
        first=first,
        last=last,
        groups=group_findings(flagged, lang, Redactor(lang)),
        unread=tuple(unread),
    )


def render_self_audit(report: SelfAudit, config: Config) -> Rendered:
    env = environment()
    lang = report.lang
    s = texts.SELF_AUDIT[lang]
    period = (
        s["period"].format(first=report.first.date(), last=report.last.date())
        if report.first and report.last
        else ""
    )
    context = {
        "lang": lang,
        "t": texts.WEEKLY[lang],
        "s": s,
        "source": report.source,
        "period": period,
        "org": config.organisation.name,
        "groups": report.groups,
        "total_posts": report.total_posts,
        "flagged_posts": report.flagged_posts,
        "unread": report.unread,
        "contact": config.mail.contact,
        "notice_url": config.mail.notice_url,
        "opt_out": False,
    }
    return render_email(env, "self_audit", context)
