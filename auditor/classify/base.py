"""The base of every rule.

Class constants say what protocol article a rule stands for; one `find(ctx)`
generator yields its findings with their evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

from auditor.classify.context import Context, Resources
from auditor.classify.explain import ROLE_NOTE_EN, ROLE_NOTE_NL, raise_severity
from auditor.model import Evidence, Finding


class Rule:
    RULE_ID: ClassVar[str]
    FLAG: ClassVar[str]
    PROTOCOL: ClassVar[str]
    SEVERITY: ClassVar[str]
    EXPLANATION_NL: ClassVar[str]
    EXPLANATION_EN: ClassVar[str]

    def __init__(self, res: Resources):
        self.res = res

    def find(self, ctx: Context) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(
        self,
        ctx: Context,
        evidence: Iterable[Evidence],
        trace: Iterable[str] = (),
        *,
        severity: str | None = None,
        **explain: str,
    ) -> Finding:
        """A finding of this rule; the explanation templates are filled with `explain`."""
        severity = severity or self.SEVERITY
        nl = self.EXPLANATION_NL.format(**explain)
        en = self.EXPLANATION_EN.format(**explain)
        trace = list(trace)
        if ctx.management:
            severity = raise_severity(severity)
            nl, en = nl + ROLE_NOTE_NL, en + ROLE_NOTE_EN
            trace.append(f"role {ctx.post.account.role!r} is a management role: severity raised")
        unique = sorted(set(evidence), key=lambda e: (e.source != "text", e.source, e.start, e.end))
        return Finding(
            flag=self.FLAG,
            rule=self.RULE_ID,
            protocol=self.PROTOCOL,
            severity=severity,
            evidence=tuple(unique),
            explanation_nl=nl,
            explanation_en=en,
            trace=tuple(trace),
        )
