"""work_overlap: the post touches the author's work, so the protocol applies.

Protocol: "De overlap werk en privé" — the guidelines only cover situations where work
and private life overlap (or can). Posts about hobby, family or holidays with no link
to the work are explicitly outside it; so is a parent writing about their own child's
school.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.classify import patterns
from auditor.classify.author import writes_as_parent
from auditor.classify.base import Rule
from auditor.classify.context import Context
from auditor.classify.lexicon import Match
from auditor.classify.registry import register
from auditor.classify.rules.disclaimer import on_behalf_spans
from auditor.classify.text import Field
from auditor.model import Finding

PROTOCOL = "de overlap werk en privé"
WEAK_PAIR = 2  # words like "ouders" and "hek" count only together


def _sport_teams(ctx: Context) -> list[Match]:
    """Youth teams ("JO11", "U14") put children and parents on a sports field, not at school."""
    return [
        Match(m.start(), m.end(), m.group(), "sport")
        for m in patterns.SPORT_TEAM.finditer(ctx.text.text)
    ]


def grades(field: Field) -> list[Match]:
    """School grades with decimals ("een 5,4"): teachers write them, others rarely do."""
    return [
        Match(m.start(), m.end(), m.group(), "grade") for m in patterns.GRADE.finditer(field.text)
    ]


@register
class OfficialAccount(Rule):
    RULE_ID = "work-official-account"
    FLAG = "work_overlap"
    PROTOCOL = PROTOCOL
    SEVERITY = "low"
    EXPLANATION_NL = (
        "Dit is een officieel account van de organisatie: alles wat hier verschijnt, spreekt"
        " namens de school en valt onder het protocol."
    )
    EXPLANATION_EN = (
        "This is an official account of the organisation: everything posted here speaks for"
        " the school and falls under the protocol."
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.official:
            return
        field = ctx.bio if ctx.bio.text.strip() else ctx.text
        evidence = []
        if field.text.strip():
            evidence.append(ctx.evidence(field, 0, len(field.text), "official-account"))
        yield self.finding(ctx, evidence, [f"account kind is official ({ctx.post.account.handle})"])


@register
class OrganisationMentioned(Rule):
    RULE_ID = "work-organisation-mentioned"
    FLAG = "work_overlap"
    PROTOCOL = PROTOCOL
    SEVERITY = "low"
    EXPLANATION_NL = (
        "Je noemt {term}. Daarmee gaat je bericht over je werk en geldt het protocol sociale"
        " media: lezers kunnen het opvatten als iets van of over de organisatie."
    )
    EXPLANATION_EN = (
        "You mention {term}. That links your post to your work, so the social media protocol"
        " applies: readers may take it as coming from or being about the organisation."
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        evidence, trace, terms = [], [], []
        for field in ctx.content_fields():
            for match, term in ctx.org_mentions(field):
                evidence.append(ctx.evidence(field, match.start, match.end, "org-mention"))
                trace.append(
                    f"{term.kind} {term.label!r} written as {field.text[match.start : match.end]!r}"
                )
                terms.append(term.label)
        if evidence:
            yield self.finding(ctx, evidence, trace, term=", ".join(dict.fromkeys(terms)))


@register
class SpeaksForOrganisation(Rule):
    RULE_ID = "work-speaks-for-organisation"
    FLAG = "work_overlap"
    PROTOCOL = PROTOCOL
    SEVERITY = "low"
    EXPLANATION_NL = (
        "Je spreekt namens de school of organisatie. Dat is per definitie werk, dus het"
        " protocol sociale media geldt."
    )
    EXPLANATION_EN = (
        "You speak on behalf of the school or organisation. That is work by definition, so"
        " the social media protocol applies."
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        spans = on_behalf_spans(ctx)
        if spans:
            yield self.finding(
                ctx,
                [ctx.evidence(ctx.text, m.start, m.end, "on-behalf") for m in spans],
                [f"speaks for the organisation: {m.entry!r}" for m in spans],
            )


@register
class SchoolLife(Rule):
    RULE_ID = "work-school-life"
    FLAG = "work_overlap"
    PROTOCOL = PROTOCOL
    SEVERITY = "low"
    EXPLANATION_NL = (
        "Dit bericht gaat over je werk in het onderwijs (bijvoorbeeld je klas, leerlingen,"
        " collega's of lessen). Ook zonder de naam van de school te noemen, valt het dan"
        " onder het protocol sociale media."
    )
    EXPLANATION_EN = (
        "This post is about your work in education (for example your class, pupils,"
        " colleagues or lessons). Even without naming the school, the social media protocol"
        " then applies."
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        own, generic = [], []
        for field in ctx.content_fields():
            own += [(field, m) for m in ctx.matches("work_terms", field)]
            generic += [(field, m) for m in ctx.matches("education_terms", field)]
            generic += [(field, m) for m in ctx.class_refs(field)]
            generic += [(field, m) for m in ctx.acronyms(field)]
            generic += [(field, m) for m in grades(field)]
            weak = ctx.matches("weak_work_terms", field)
            if len({m.entry for m in weak}) >= WEAK_PAIR:
                generic += [(field, m) for m in weak]
        outsider = ctx.matches("outsider_context") + _sport_teams(ctx)
        if writes_as_parent(ctx):
            outsider.append(Match(0, 0, "bio: parent", "author"))
        trace = []
        if outsider and not own:
            trace.append(
                f"writes as a parent or former pupil ({outsider[0].entry!r}):"
                " general education words do not count"
            )
            generic = []
        hits = own + generic
        if not hits:
            return
        trace += [f"{m.list}: {m.entry!r}" for _, m in hits]
        evidence = [ctx.evidence(f, m.start, m.end, "work-reference") for f, m in hits]
        yield self.finding(ctx, evidence, trace)


@register
class AboutPupilOrParent(Rule):
    RULE_ID = "work-pupil-or-parent"
    FLAG = "work_overlap"
    PROTOCOL = PROTOCOL
    SEVERITY = "low"
    EXPLANATION_NL = (
        "Dit bericht gaat over een leerling of een ouder van een leerling. Dat is je werk,"
        " ook als je de school niet noemt: het protocol is van toepassing."
    )
    EXPLANATION_EN = (
        "This post is about a pupil or a pupil's parent. That is your work, even without"
        " naming the school: the protocol applies."
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        if ctx.found["work_overlap"] or not ctx.found["pupil_data"]:
            return
        pupil = ctx.found["pupil_data"][0]
        yield self.finding(ctx, pupil.evidence, [f"pupil data found by {pupil.rule}"])
