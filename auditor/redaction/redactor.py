"""Redaction: a report must never spread the data it warns about.

Every excerpt shown in an e-mail, HTML report or log goes through a `Redactor`: the
names, numbers and addresses the classifier found are replaced by placeholders
(`[LEERLING-1]`, `[TELEFOONNUMMER]`), consistently within one report, and phone
numbers, e-mail addresses, valid BSNs and postcodes are replaced wherever they occur,
found or not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import phonenumbers
from stdnum.nl import bsn

from auditor.classify import patterns
from auditor.model import Post, Verdict

NUMBERED = {"pupil-name": "pupil", "initials": "pupil", "parent-name": "parent"}
PLACEHOLDERS = {
    "nl": {
        "pupil": "LEERLING",
        "parent": "OUDER",
        "phone": "TELEFOONNUMMER",
        "email": "E-MAILADRES",
        "bsn": "BSN",
        "student-number": "LEERLINGNUMMER",
        "birth-date": "GEBOORTEDATUM",
        "address": "ADRES",
        "postcode": "POSTCODE",
    },
    "en": {
        "pupil": "PUPIL",
        "parent": "PARENT",
        "phone": "PHONE NUMBER",
        "email": "E-MAIL ADDRESS",
        "bsn": "BSN",
        "student-number": "STUDENT NUMBER",
        "birth-date": "BIRTH DATE",
        "address": "ADDRESS",
        "postcode": "POSTCODE",
    },
}
SENSITIVE_KINDS = frozenset(NUMBERED) | frozenset(PLACEHOLDERS["nl"])
EXCERPT_LENGTH = 220


@dataclass
class Redactor:
    """Placeholders for one report, so the same child is [LEERLING-1] throughout."""

    lang: str = "nl"
    _numbers: dict[tuple[str, str], int] = field(default_factory=dict)

    def _placeholder(self, kind: str, value: str) -> str:
        names = PLACEHOLDERS[self.lang]
        if kind in NUMBERED:
            group = NUMBERED[kind]
            key = (group, value)
            if key not in self._numbers:
                self._numbers[key] = 1 + sum(1 for g, _ in self._numbers if g == group)
            return f"[{names[group]}-{self._numbers[key]}]"
        return f"[{names[kind]}]"

    def redact_post(self, post: Post, verdict: Verdict | None = None) -> str:
        """The post text with every sensitive span replaced."""
        return self.redact(post.text, sensitive_spans(post, verdict))

    def redact(self, text: str, spans: Iterable[tuple[int, int, str]] = ()) -> str:
        spans = list(spans) + _pattern_spans(text)
        found = {text[s:e]: kind for s, e, kind in spans if kind in NUMBERED}
        for value, kind in found.items():
            for match in re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", text):
                spans.append((match.start(), match.end(), kind))
        out, position = [], 0
        for start, end, kind in _merge(spans):
            if start < position:
                continue
            out += [text[position:start], self._placeholder(kind, text[start:end])]
            position = end
        out.append(text[position:])
        return "".join(out)

    def excerpt(
        self, post: Post, verdict: Verdict | None = None, length: int = EXCERPT_LENGTH
    ) -> str:
        """A short redacted excerpt of the post, cut at a word boundary."""
        text = " ".join(self.redact_post(post, verdict).split())
        if len(text) <= length:
            return text
        cut = text.rfind(" ", 0, length)
        return text[: cut if cut > length // 2 else length].rstrip(" ,.;:") + " …"


def sensitive_spans(post: Post, verdict: Verdict | None) -> list[tuple[int, int, str]]:
    """Spans of the post text that pupil_data findings point at.

    A name found only in an alt text is looked up in the post text as well.
    """
    if verdict is None:
        return []
    spans = []
    for finding in verdict.findings:
        for evidence in finding.evidence:
            if evidence.kind not in SENSITIVE_KINDS:
                continue
            if evidence.source == "text":
                spans.append((evidence.start, evidence.end, evidence.kind))
            elif evidence.kind in NUMBERED:
                value = evidence.check(post)
                spans += [
                    (m.start(), m.end(), evidence.kind)
                    for m in re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", post.text)
                ]
    return spans


def _pattern_spans(text: str) -> list[tuple[int, int, str]]:
    spans = [(m.start(), m.end(), "email") for m in patterns.EMAIL.finditer(text)]
    spans += [(m.start(), m.end(), "postcode") for m in patterns.POSTCODE.finditer(text)]
    spans += [
        (m.start(), m.end(), "bsn")
        for m in patterns.BSN_CANDIDATE.finditer(text)
        if bsn.is_valid(re.sub(r"\D", "", m.group()))
    ]
    if patterns.PHONE_HINT.search(text):
        spans += [(m.start, m.end, "phone") for m in phonenumbers.PhoneNumberMatcher(text, "NL")]
    return spans


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sorted, with overlapping spans joined (the first kind wins)."""
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, kind))
    return merged
