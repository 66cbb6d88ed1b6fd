"""The weekly e-mail: one person, their own posts of one ISO week, redacted and kind.

`build_weekly` turns what the store holds into a `WeeklyReport` (data only);
`render_weekly` makes the subject, text and HTML from templates; `send_weekly` sends
one e-mail per opted-in person per week, recording each send.

How "once" holds when the process is killed (tests/reports/test_weekly_kill.py):
a send is marked "sending", with its Message-ID, before the message leaves, and
"sent" after; a restart sends every "sending" again with the stored Message-ID.
- To the outbox that is exactly once: the file is named after the Message-ID and
  written atomically, so sending again replaces the same file.
- By SMTP it is at least once: a kill after the server accepted the message and
  before "sent" is committed (a window of one round trip) sends it again on
  restart. Nothing is skipped; the repeat carries the same Message-ID, by which
  mail servers and clients can recognise it.
Two sends never run at once: the second stops with a message (the send lock).
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parseaddr

from auditor.config import Config
from auditor.redaction.redactor import Redactor
from auditor.registry import Person
from auditor.store import Store, StoredPost
from reports import texts
from reports.environment import environment
from reports.findings import PLATFORM_NAMES, FlagGroup, group_findings
from reports.mailer import (
    MailError,
    Rendered,
    Transport,
    build_message,
    message_id,
    render_email,
)

SEND_LOCK = "weekly send"


@dataclass(frozen=True, slots=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """Read "2026-W47" (or "2026W47"); a bad week is a ValueError naming the form."""
        try:
            year, week = text.upper().replace("-", "").split("W")
            value = cls(int(year), int(week))
            value.start  # noqa: B018 - validates the week number
        except ValueError:
            raise ValueError(f"{text!r} is not an ISO week: use the form 2026-W47") from None
        return value

    @classmethod
    def last_complete(cls, today: date) -> IsoWeek:
        year, week, _ = (today - timedelta(days=7)).isocalendar()
        return cls(year, week)

    @property
    def start(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    def window(self) -> tuple[datetime, datetime]:
        """[start, end) as UTC moments: Monday 00:00 to the next Monday 00:00."""
        start = datetime.combine(self.start, time(), tzinfo=UTC)
        return start, start + timedelta(days=7)


@dataclass(frozen=True, slots=True)
class WeeklyReport:
    person: Person
    week: IsoWeek
    groups: tuple[FlagGroup, ...]
    total_posts: int
    flagged_posts: int
    reauth: tuple[dict[str, str], ...] = ()
    management: bool = False

    @property
    def lang(self) -> str:
        return self.person.lang if self.person.lang in ("nl", "en") else "nl"


def build_weekly(
    person: Person,
    week: IsoWeek,
    posts: list[StoredPost],
    *,
    total_posts: int,
    reauth: Iterable[tuple[str, str, str | None]] = (),
    management: bool = False,
) -> WeeklyReport:
    """The report for one person; `posts` are their classified posts of the week."""
    lang = person.lang if person.lang in ("nl", "en") else "nl"
    classified = [(p.post, p.verdict) for p in posts if p.verdict is not None]
    return WeeklyReport(
        person=person,
        week=week,
        groups=group_findings(classified, lang, Redactor(lang)),
        total_posts=total_posts,
        flagged_posts=sum(1 for _, verdict in classified if verdict.flags),
        reauth=tuple(
            {"platform": PLATFORM_NAMES.get(p, p), "handle": h, "reason": r or ""}
            for p, h, r in reauth
        ),
        management=management,
    )


def render_weekly(
    report: WeeklyReport, config: Config, override_dir=None, *, web_link: str = ""
) -> Rendered:
    """The e-mail; `web_link` signs the person in to the web app ("bekijk en reageer")."""
    env = environment(override_dir)
    lang = report.lang
    context = {
        "lang": lang,
        "t": texts.WEEKLY[lang],
        "person": {"first_name": report.person.name.split()[0] if report.person.name else ""},
        "week": {
            "number": report.week.week,
            "label": report.week.label,
            "start": report.week.start.isoformat(),
            "end": report.week.end.isoformat(),
        },
        "org": config.organisation.name,
        "groups": report.groups,
        "total_posts": report.total_posts,
        "flagged_posts": report.flagged_posts,
        "management": texts.MANAGEMENT[lang] if report.management else "",
        "reauth": report.reauth,
        "reauth_advice": texts.REAUTH[lang],
        "contact": config.mail.contact,
        "notice_url": config.mail.notice_url,
        "opt_out": True,
        "web_link": web_link,
    }
    return render_email(env, "weekly", context)


@dataclass(slots=True)
class SendSummary:
    week: str
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"week {self.week}: {len(self.sent)} sent, {len(self.skipped)} already sent"
            f" (skipped), {len(self.failed)} failed"
        )


def report_for(
    store: Store, person: Person, week: IsoWeek, is_management: Callable[[str], bool]
) -> WeeklyReport:
    """Gather one person's week from the store; findings the person disputed are left out."""
    start, end = week.window()
    posts = without_disputed(
        store.posts.flagged_for(person.email, start, end), store.disputes.of(person.email)
    )
    total = store.posts.count_for(person.email, start, end)
    reauth = [
        (a.platform, a.handle, a.status_reason)
        for a in store.accounts.list(email=person.email)
        if a.status == "needs_reauth"
    ]
    return build_weekly(
        person, week, posts, total_posts=total, reauth=reauth, management=is_management(person.role)
    )


def without_disputed(
    posts: list[StoredPost], disputed: Container[tuple[str, str]]
) -> list[StoredPost]:
    """The posts with every flag the person disputed taken out of their verdicts."""
    kept = []
    for stored in posts:
        verdict = stored.verdict
        if verdict is not None:
            findings = tuple(
                f for f in verdict.findings if (verdict.post_id, f.flag) not in disputed
            )
            stored = replace(stored, verdict=replace(verdict, findings=findings))
        kept.append(stored)
    return kept


def send_weekly(
    store: Store,
    config: Config,
    transport: Transport,
    week: IsoWeek,
    *,
    is_management: Callable[[str], bool],
    person_email: str | None = None,
    progress: Callable[[Iterable[Person]], Iterable[Person]] = lambda people: people,
    sign_in_link: Callable[[str], str] | None = None,
) -> SendSummary:
    """Send each opted-in person their e-mail of `week`, once; failures wait for the next run.

    Holds the send lock throughout: a second send started meanwhile raises StoreBusy.
    `sign_in_link` makes the e-mail's link to the web app for an address (none without).
    """
    with store.exclusive(SEND_LOCK):
        return _send_all(
            store, config, transport, week, is_management, person_email, progress, sign_in_link
        )


def _send_all(
    store: Store,
    config: Config,
    transport: Transport,
    week: IsoWeek,
    is_management: Callable[[str], bool],
    person_email: str | None,
    progress: Callable[[Iterable[Person]], Iterable[Person]],
    sign_in_link: Callable[[str], str] | None = None,
) -> SendSummary:
    summary = SendSummary(week.label)
    domain = parseaddr(config.mail.sender)[1].rpartition("@")[2] or "localhost"
    people = [p for p in store.people.list() if person_email in (None, p.email)]
    for person in progress(people):
        record = store.sends.get(person.email, week.label)
        if record is not None and record.status == "sent":
            summary.skipped.append(person.email)
            continue
        report = report_for(store, person, week, is_management)
        msg_id = record.message_id if record else message_id(f"{week.label}.{person.id}", domain)
        message = build_message(
            render_weekly(
                report, config, web_link=sign_in_link(person.email) if sign_in_link else ""
            ),
            sender=config.mail.sender,
            to=person.email,
            msg_id=msg_id,
            reply_to=config.mail.reply_to,
            lang=report.lang,
        )
        store.sends.begin(person.email, week.label, msg_id)
        try:
            transport.send(message)
        except MailError as exc:
            store.sends.finish(person.email, week.label, error=str(exc))
            summary.failed.append((person.email, str(exc)))
            continue
        store.sends.finish(person.email, week.label)
        summary.sent.append(person.email)
    return summary
