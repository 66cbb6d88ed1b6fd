"""incivility: "Sociale omgangsvormen gelden online net zo goed als offline".

Slander, insults and obscenities are not allowed; respect the person you address. This
holds outside work too, in any language. Swearing with no target ("wat een kutweer")
and strong but civil disagreement are not incivility.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.classify import patterns
from auditor.classify.base import Rule
from auditor.classify.context import Context
from auditor.classify.lexicon import Match
from auditor.classify.registry import register
from auditor.classify.text import SpanIndex
from auditor.model import Finding

PROTOCOL = "overwegingen vooraf"
FRAME_WINDOW = 4  # tokens between a frame ("je bent een") and the word it frames
SELF = ("ik ben", "ik voel me", "voel me", "voelde me", "i'm", "i am", "i feel", "felt like")

CALM_NL = (
    " Ook als je boos bent: spreek mensen respectvol aan. Pas het bericht aan of haal het"
    " weg en zeg erbij dat jij het hebt aangepast. Loopt een discussie uit de hand, neem dan"
    " direct contact op met je leidinggevende of de afdeling communicatie (richtlijn 7)."
)
CALM_EN = (
    " Even when angry, address people with respect. Edit or remove the post and say that"
    " you changed it. If a discussion gets out of hand, contact your manager or the"
    " communications team straight away (rule 7)."
)


def _self_directed(ctx: Context, match: Match) -> bool:
    before = ctx.text.lower[max(0, match.start - 30) : match.start]
    return any(phrase in before for phrase in SELF)


@register
class Insult(Rule):
    RULE_ID = "incivility-insult"
    FLAG = "incivility"
    PROTOCOL = PROTOCOL
    SEVERITY = "medium"
    EXPLANATION_NL = (
        "Dit bericht scheldt iemand uit of zet een persoon of groep weg. Laster,"
        " beledigingen en obsceniteiten horen online net zo min als offline, ook buiten je"
        " werk: je blijft herkenbaar als medewerker." + CALM_NL
    )
    EXPLANATION_EN = (
        "This post calls someone names or puts a person or group down. Slander, insults and"
        " obscenities are no more acceptable online than offline, also outside work: you"
        " remain recognisable as a member of staff." + CALM_EN
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        hits = ctx.matches("insults") + ctx.matches("targeted_swearing")
        hits += self._framed(ctx) + self._demeaning(ctx) + self._predicated(ctx)
        hits += [
            Match(m.start(), m.end(), m.group(), "vocative")
            for m in patterns.VOCATIVE_INSULT.finditer(ctx.text.text)
        ]
        hits += [
            Match(m.start(), m.end(), m.group(), "cursed-people")
            for m in patterns.CURSED_PEOPLE.finditer(ctx.text.text)
        ]
        hits = [m for m in hits if not _self_directed(ctx, m)]
        if hits:
            evidence = [ctx.evidence(ctx.text, m.start, m.end, "insult") for m in hits]
            yield self.finding(ctx, evidence, [f"{m.list}: {m.entry!r}" for m in hits])

    @staticmethod
    def _framed(ctx: Context) -> list[Match]:
        frames = SpanIndex(ctx.matches("insult_frames") + ctx.matches("demeaning_adjectives"))
        return [
            word
            for word in ctx.matches("insults_in_frame")
            if any(
                f.end <= word.start
                for f in ctx.near(ctx.text, word.start, word.end, frames, FRAME_WINDOW, 0)
            )
        ]

    @staticmethod
    def _predicated(ctx: Context) -> list[Match]:
        """A demeaning word said of people.

        For example "you are unhinged", "die ouders zijn zo dom", "you pathetic ...".
        """
        field = ctx.text
        vocatives = SpanIndex(ctx.matches("person_frames"))
        copulas = SpanIndex(ctx.matches("person_copulas"))
        subjects = SpanIndex(ctx.matches("person_subjects"))
        hits = []
        for adj in ctx.matches("demeaning_adjectives"):
            close = [
                f
                for f in ctx.near(field, adj.start, adj.end, vocatives, 1, 0)
                if f.end <= adj.start
            ]
            copula = [
                c for c in ctx.near(field, adj.start, adj.end, copulas, 3, 0) if c.end <= adj.start
            ]
            subject = copula and [
                m
                for m in ctx.near(field, copula[-1].start, copula[-1].end, subjects, 6, 0)
                if m.end <= copula[-1].start
            ]
            if close or subject:
                hits.append(adj)
        return hits

    @staticmethod
    def _demeaning(ctx: Context) -> list[Match]:
        nouns = SpanIndex(ctx.matches("person_nouns"))
        return [
            Match(adj.start, noun.end, ctx.text.text[adj.start : noun.end], "demeaning")
            for adj in ctx.matches("demeaning_adjectives")
            for noun in ctx.near(ctx.text, adj.start, adj.end, nouns, 0, 2)
            if noun.start >= adj.end
        ]


@register
class Threat(Rule):
    RULE_ID = "incivility-threat"
    FLAG = "incivility"
    PROTOCOL = PROTOCOL
    SEVERITY = "high"
    EXPLANATION_NL = (
        "Dit bericht bevat een bedreiging. Dat kan nooit, ook niet als grap of uit woede,"
        " en kan strafbaar zijn. Haal het bericht direct weg." + CALM_NL
    )
    EXPLANATION_EN = (
        "This post contains a threat. That is never acceptable, not as a joke nor in anger,"
        " and may be a criminal offence. Remove the post at once." + CALM_EN
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        threats = ctx.matches("threats")
        if threats:
            evidence = [ctx.evidence(ctx.text, m.start, m.end, "threat") for m in threats]
            yield self.finding(ctx, evidence, [f"threat {m.entry!r}" for m in threats])
