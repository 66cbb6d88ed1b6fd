"""A rule as a reader of an aggregate report knows it: its article and one sentence.

The explanations the rules give to the author of a post go on to say what to do
about it; a report about many posts needs only what the rule looks for: the first
sentence of the explanation. Blanks that a finding fills with a post's own words
stay blank ("…"): a report about many posts quotes none of them.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from auditor.classify.registry import RULES

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z'\"(])")


@dataclass(frozen=True, slots=True)
class RuleText:
    """What a report says about one rule; empty strings for a rule no longer in the code."""

    rule: str
    protocol: str
    description: str


def _first_sentence(explanation: str) -> str:
    sentence = _SENTENCE_END.split(explanation.strip(), maxsplit=1)[0]
    parts = string.Formatter().parse(sentence)
    text = "".join(literal + ("…" if field is not None else "") for literal, field, _, _ in parts)
    return text.replace("….", "…")


def rule_text(rule_id: str, lang: str) -> RuleText:
    """The protocol article and a one-sentence description of a rule, in nl or en.

    Stored counts outlive the code that made them, so a rule id that is no longer
    registered gets empty texts rather than an error.
    """
    cls = RULES.get(rule_id)
    if cls is None:
        return RuleText(rule=rule_id, protocol="", description="")
    explanation = cls.EXPLANATION_NL if lang == "nl" else cls.EXPLANATION_EN
    return RuleText(rule=rule_id, protocol=cls.PROTOCOL, description=_first_sentence(explanation))
