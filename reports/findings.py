"""Findings as a person reads them: grouped by flag, redacted, with what to do.

Shared by the weekly e-mail and the self-audit, so both say the same in the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from auditor.classify.explain import ROLE_NOTE_EN, ROLE_NOTE_NL
from auditor.model import SEVERITIES, Post, Verdict
from auditor.redaction.redactor import Redactor
from auditor.texts import FLAG_TITLES, SEVERITY_TITLES
from reports import texts

# Most serious first; work_overlap last, and only for posts with nothing else to say.
EMAIL_ORDER = ("pupil_data", "confidential", "incivility", "missing_disclaimer", "work_overlap")
ROLE_NOTES = {"nl": ROLE_NOTE_NL, "en": ROLE_NOTE_EN}

PLATFORM_NAMES = {
    "x": "X",
    "facebook": "Facebook",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "instagram": "Instagram",
    "linkedin": "LinkedIn",
    "other": "",
}


@dataclass(frozen=True, slots=True)
class Item:
    excerpt: str
    platform: str
    date: str
    url: str | None
    severity: str
    severity_title: str
    explanations: tuple[str, ...]
    protocol_plain: str


@dataclass(frozen=True, slots=True)
class FlagGroup:
    flag: str
    title: str
    advice: str
    items: tuple[Item, ...]


def _worst(severities: Iterable[str]) -> str:
    return max(severities, key=SEVERITIES.index)


def _item(post: Post, verdict: Verdict, flag: str, lang: str, redactor: Redactor) -> Item:
    findings = [f for f in verdict.findings if f.flag == flag]
    severity = _worst(f.severity for f in findings)
    explanations = tuple(
        dict.fromkeys(
            (f.explanation_nl if lang == "nl" else f.explanation_en).removesuffix(ROLE_NOTES[lang])
            for f in findings
        )
    )
    protocol = findings[0].protocol
    return Item(
        excerpt=redactor.excerpt(post, verdict),
        platform=PLATFORM_NAMES.get(post.platform, post.platform),
        date=post.created_at.date().isoformat(),
        url=post.url,
        severity=severity,
        severity_title=SEVERITY_TITLES[severity][lang],
        explanations=explanations,
        protocol_plain=texts.PROTOCOL_PLAIN.get(protocol, {}).get(lang, protocol),
    )


def group_findings(
    items: Iterable[tuple[Post, Verdict]], lang: str, redactor: Redactor
) -> tuple[FlagGroup, ...]:
    """Posts with findings, grouped by flag, most serious flag first."""
    flagged = [(post, verdict) for post, verdict in items if verdict.flags]
    groups = []
    for flag in EMAIL_ORDER:
        with_flag = [
            (post, verdict)
            for post, verdict in flagged
            if flag in verdict.flags and (flag != "work_overlap" or len(verdict.flags) == 1)
        ]
        if with_flag:
            entries = tuple(
                _item(post, verdict, flag, lang, redactor) for post, verdict in with_flag
            )
            groups.append(
                FlagGroup(flag, FLAG_TITLES[flag][lang], texts.ADVICE[flag][lang], entries)
            )
    return tuple(groups)
