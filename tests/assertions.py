from __future__ import annotations

from auditor.model import Finding, Post, Verdict


def flags_of(classifier, post: Post) -> set[str]:
    return set(classifier.classify(post).flags)


def findings(verdict: Verdict, flag: str) -> list[Finding]:
    return [f for f in verdict.findings if f.flag == flag]


def evidence_texts(post: Post, verdict: Verdict, flag: str, kind: str | None = None) -> list[str]:
    """The text each evidence span of a flag points at (checked against the post)."""
    return [
        e.check(post)
        for f in findings(verdict, flag)
        for e in f.evidence
        if kind is None or e.kind == kind
    ]


def assert_flag(classifier, post: Post, flag: str, expected: bool) -> Verdict:
    verdict = classifier.classify(post)
    verdict.check(post)
    assert (flag in verdict.flags) is expected, (
        post.text,
        verdict.flags,
        [f.trace for f in verdict.findings],
    )
    return verdict
