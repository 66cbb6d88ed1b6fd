"""The classifier: a pure, deterministic function of (post, organisation config).

It knows the protocol and nothing about platforms or storage. Rules run flag by flag
in `RUN_ORDER`, so a rule may read the findings of an earlier flag (missing_disclaimer
needs work_overlap); the verdict lists findings in the order of spec/LABELS.md.
"""

from __future__ import annotations

from functools import cache

from auditor import __version__
from auditor.classify import rules as _builtin_rules  # noqa: F401 - registers the built-in rules
from auditor.classify.context import Context, Resources
from auditor.classify.lexicon import Lexicon, load_lists
from auditor.classify.registry import RUN_ORDER, rules_by_flag
from auditor.classify.text import lower_same_length
from auditor.config import Organisation
from auditor.model import FLAGS, Post, Verdict

CLASSIFIER_VERSION = __version__


class Classifier:
    """Build once per organisation (word lists, automaton), then classify many posts."""

    version = CLASSIFIER_VERSION

    def __init__(self, org: Organisation):
        self.resources = Resources.build(org)
        by_flag = rules_by_flag()
        self.rules = [(flag, [cls(self.resources) for cls in by_flag[flag]]) for flag in RUN_ORDER]

    def classify(self, post: Post) -> Verdict:
        ctx = Context(post, self.resources)
        for flag, rules in self.rules:
            for rule in rules:
                ctx.found[flag].extend(rule.find(ctx))
        findings = tuple(f for flag in FLAGS for f in ctx.found[flag])
        return Verdict(post_id=post.id, findings=findings)


@cache
def _management_roles() -> Lexicon:
    return Lexicon(load_lists(["management_roles"]))


def is_management_role(role: str) -> bool:
    """Protocol rule 5: directeur, bestuurder, teamleider, principal, ..."""
    return bool(_management_roles().scan(lower_same_length(role)).get("management_roles"))


__all__ = ["CLASSIFIER_VERSION", "Classifier", "is_management_role"]
