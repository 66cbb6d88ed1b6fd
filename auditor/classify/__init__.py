"""The classifier: a pure, deterministic function of (post, organisation config).

It knows the protocol and nothing about platforms or storage. Rules run flag by flag
in the order of spec/LABELS.md, so a rule may read the findings of an earlier flag
(missing_disclaimer needs work_overlap).
"""

from __future__ import annotations

from functools import cache

from auditor import __version__
from auditor.classify.context import Context, Resources
from auditor.classify.lexicon import Lexicon, load_lists
from auditor.classify.registry import rules_by_flag
from auditor.classify.text import lower_same_length
from auditor.config import Organisation
from auditor.model import Post, Verdict

CLASSIFIER_VERSION = __version__


class Classifier:
    """Build once per organisation (word lists, automaton), then classify many posts."""

    version = CLASSIFIER_VERSION

    def __init__(self, org: Organisation):
        self.resources = Resources.build(org)
        self.rules = [
            (flag, [cls(self.resources) for cls in classes])
            for flag, classes in rules_by_flag().items()
        ]

    def classify(self, post: Post) -> Verdict:
        ctx = Context(post, self.resources)
        findings = []
        for flag, rules in self.rules:
            for rule in rules:
                ctx.found[flag].extend(rule.find(ctx))
            findings.extend(ctx.found[flag])
        return Verdict(post_id=post.id, findings=tuple(findings))


@cache
def _management_roles() -> Lexicon:
    return Lexicon(load_lists(["management_roles"]))


def is_management_role(role: str) -> bool:
    """Protocol rule 5: directeur, bestuurder, teamleider, principal, ..."""
    return bool(_management_roles().scan(lower_same_length(role)).get("management_roles"))


__all__ = ["CLASSIFIER_VERSION", "Classifier", "is_management_role"]
