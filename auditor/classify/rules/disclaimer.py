"""missing_disclaimer: protocol rule 4 and the disclaimer of "Overwegingen vooraf".

Staff who publish about a subject linked to the organisation make clear they do so on
personal title; staff who speak on behalf of the organisation name the organisation
and their function. Official accounts post as the organisation and never need it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.classify.base import Rule
from auditor.classify.context import Context
from auditor.classify.lexicon import Match
from auditor.classify.registry import register
from auditor.classify.text import Field, SpanIndex
from auditor.model import Finding

PROTOCOL = "richtlijn 4"
LEAD_WINDOW = 4  # tokens after "namens" / "on behalf of" in which the organisation must follow


def on_behalf_spans(ctx: Context) -> list[Match]:
    """Where the post claims to speak for the organisation.

    For example "namens de school", "wij als school", "on behalf of <organisation>".
    """
    spans = [m for m in ctx.matches("on_behalf") if not _negated(ctx, m)]
    targets = SpanIndex([m for m, _ in ctx.org_mentions()] + ctx.matches("org_nouns"))
    for lead in ctx.matches("on_behalf_lead"):
        if any(s.start <= lead.start < s.end for s in spans) or _negated(ctx, lead):
            continue
        following = ctx.near(ctx.text, lead.start, lead.end, targets, before=0, after=LEAD_WINDOW)
        following = [t for t in following if t.start >= lead.end]
        if following:
            end = max(t.end for t in following)
            spans.append(Match(lead.start, end, ctx.text.text[lead.start : end], "on_behalf"))
    return spans


OWN_WINDOW = 5  # tokens between "views"/"mening" and "own"/"eigen" in a bio


NEGATION = re.compile(r"(?:\bniet|\bnot|\bnever|\bnooit)\s+$")
# "daar moeten we als school iets mee": a suggestion among colleagues, not a statement
MODAL = re.compile(
    r"\b(?:moeten|zouden|kunnen|mogen|moet|zou|should|could|must|need to|ought to)\s+(?:\w+\s+)?$"
)


def _negated(ctx: Context, match: Match) -> bool:
    """A negated or hedged claim is not speaking for the organisation."""
    before = ctx.text.lower[max(0, match.start - 24) : match.start]
    return bool(NEGATION.search(before[-8:]) or MODAL.search(before))


def disclaimers(ctx: Context) -> list[tuple[Field, Match]]:
    """Personal-title disclaimers in the post or the bio.

    Fixed phrases count anywhere; in the bio also any opinion word close to an "own"
    word ("Opinions = my own", "meningen zijn van mij").
    """
    found = list(ctx.matches_in("disclaimer", (ctx.text, ctx.bio)))
    owners = SpanIndex(ctx.matches("own_markers", ctx.bio))
    for noun in ctx.matches("opinion_nouns", ctx.bio):
        own = ctx.near(ctx.bio, noun.start, noun.end, owners, OWN_WINDOW, OWN_WINDOW)
        if own:
            found.append(
                (
                    ctx.bio,
                    Match(
                        min(noun.start, own[0].start),
                        max(noun.end, own[0].end),
                        noun.entry,
                        "disclaimer",
                    ),
                )
            )
    return found


@register
class MissingDisclaimer(Rule):
    RULE_ID = "disclaimer-missing"
    FLAG = "missing_disclaimer"
    PROTOCOL = PROTOCOL
    SEVERITY = "medium"
    EXPLANATION_NL = (
        "Dit bericht gaat over je werk, maar nergens (niet in het bericht en niet in je bio)"
        " staat dat je op persoonlijke titel schrijft. Het protocol vraagt dat je dat"
        " kenbaar maakt (richtlijn 4). Zet bijvoorbeeld in je bio: 'Berichten op persoonlijke"
        " titel.'"
    )
    EXPLANATION_EN = (
        "This post is about your work, but nowhere (not in the post, not in your bio) does"
        " it say that you write in a personal capacity. The protocol asks you to make that"
        " clear (rule 4). For example, add to your bio: 'Views are my own.'"
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        if ctx.official or not ctx.found["work_overlap"] or disclaimers(ctx):
            return
        evidence = [
            e for f in ctx.found["work_overlap"] for e in f.evidence if e.kind != "official-account"
        ]
        trace = ["personal account, work overlap, no disclaimer in post or bio"]
        yield self.finding(ctx, evidence, trace)


@register
class OnBehalfWithoutNameAndFunction(Rule):
    RULE_ID = "on-behalf-without-name-and-function"
    FLAG = "missing_disclaimer"
    PROTOCOL = PROTOCOL
    SEVERITY = "medium"
    EXPLANATION_NL = (
        "Je spreekt hier namens de school of organisatie. Wie namens de organisatie spreekt,"
        " vermeldt de naam van de organisatie en zijn of haar functie (richtlijn 4); dat"
        " ontbreekt in het bericht en in je bio. Een disclaimer 'op persoonlijke titel' is"
        " hier niet genoeg. Noem organisatie en functie, of laat het bericht via het"
        " officiële account lopen."
    )
    EXPLANATION_EN = (
        "You speak on behalf of the school or organisation here. Whoever speaks for the"
        " organisation names the organisation and their function (rule 4); neither the post"
        " nor your bio does both. A 'views are my own' disclaimer is not enough here. Name"
        " the organisation and your function, or let the official account post it."
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        if ctx.official:
            return
        spans = on_behalf_spans(ctx)
        if not spans:
            return
        names_org = [
            f.source for f in (ctx.text, ctx.bio) if ctx.org_mentions(f, ("name", "school"))
        ]
        names_function = [
            f.source for f, _ in ctx.matches_in("function_words", (ctx.text, ctx.bio))
        ]
        if names_org and names_function:
            return
        trace = [
            f"speaks for the organisation: {spans[0].entry!r}",
            f"organisation named in: {names_org or 'nowhere'}",
            f"function named in: {names_function or 'nowhere'}",
        ]
        evidence = [ctx.evidence(ctx.text, m.start, m.end, "on-behalf") for m in spans]
        yield self.finding(ctx, evidence, trace)
