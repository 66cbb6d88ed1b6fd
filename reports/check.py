"""A verdict as a person reads it on a terminal (the `check` command)."""

from __future__ import annotations

import textwrap

from auditor.model import Finding, Post, Verdict
from auditor.texts import FLAG_TITLES, SEVERITY_TITLES

HEADINGS = {
    "none": {
        "nl": "Geen aandachtspunten gevonden. Twijfel je toch? Vraag het je leidinggevende (richtlijn 8).",
        "en": "Nothing found. Still in doubt? Ask your manager (protocol rule 8).",
    },
    "some": {
        "nl": "Let op, dit concept krijgt {n} aandachtspunt(en):",
        "en": "Note, this draft gets {n} flag(s):",
    },
    "protocol": {"nl": "protocol", "en": "protocol"},
    "severity": {"nl": "ernst", "en": "severity"},
    "evidence": {"nl": "bewijs", "en": "evidence"},
    "why": {"nl": "waarom", "en": "why"},
}


def _explanation(finding: Finding, lang: str) -> str:
    return finding.explanation_nl if lang == "nl" else finding.explanation_en


def render_check(post: Post, verdict: Verdict, *, lang: str = "nl", explain: bool = False) -> str:
    """The verdict on a draft: flags, severity, protocol article, what to do."""
    flags = verdict.flags
    if not flags:
        return HEADINGS["none"][lang]
    lines = [HEADINGS["some"][lang].format(n=len(flags)), ""]
    for flag in flags:
        findings = [f for f in verdict.findings if f.flag == flag]
        worst = max(findings, key=lambda f: ("low", "medium", "high").index(f.severity))
        lines.append(
            f"* {FLAG_TITLES[flag][lang]} "
            f"({HEADINGS['severity'][lang]}: {SEVERITY_TITLES[worst.severity][lang]})"
        )
        for finding in findings:
            lines.append(f"  [{finding.rule}, {HEADINGS['protocol'][lang]}: {finding.protocol}]")
            lines += textwrap.wrap(
                _explanation(finding, lang), width=88, initial_indent="  ", subsequent_indent="  "
            )
            if explain:
                for evidence in finding.evidence:
                    quoted = evidence.check(post)
                    where = "" if evidence.source == "text" else f" ({evidence.source})"
                    lines.append(
                        f"    {HEADINGS['evidence'][lang]}: {evidence.kind}{where}"
                        f" {evidence.start}-{evidence.end} {quoted!r}"
                    )
                for step in finding.trace:
                    lines.append(f"    {HEADINGS['why'][lang]}: {step}")
        lines.append("")
    return "\n".join(lines).rstrip()
