"""confidential: protocol rules 1 and 2.

Rule 1: staff do not publish confidential information of the organisation, and ask
before publishing a conversation. Rule 2: no confidential or harmful information about
colleagues (and partners, suppliers) without their consent. What the organisation
itself has published (a newsletter, an announcement) is not confidential, and an
official account posting is the organisation publishing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.classify.base import Rule
from auditor.classify.context import Context
from auditor.classify.registry import register
from auditor.classify.text import SpanIndex
from auditor.model import Finding

COLLEAGUE_WINDOW = 15  # tokens between a colleague and what is said about them
FIRST_PERSON = re.compile(r"\b(?:ik|i|i'm|me|mij|mezelf|myself)\b")

ASK_FIRST_NL = (
    " Haal het bericht weg of pas het aan, en zeg erbij waarom. Vraag bij twijfel je"
    " leidinggevende of de afdeling communicatie (richtlijn 8)."
)
ASK_FIRST_EN = (
    " Take the post down or edit it, and say why. When in doubt, ask your manager or the"
    " communications team (rule 8)."
)


def _about_self(ctx: Context, colleague: int, matter: int) -> bool:
    """The author's own matter, not the colleague's ("ik ben ziek, er is een invaller")."""
    lo, _ = ctx.text.sentence_bounds(matter)
    start = colleague if colleague < matter else lo
    return bool(FIRST_PERSON.search(ctx.text.lower, start, matter))


def _published(ctx: Context) -> bool:
    return bool(ctx.matches("published_markers"))


@register
class ColleaguePersonal(Rule):
    RULE_ID = "confidential-colleague"
    FLAG = "confidential"
    PROTOCOL = "richtlijn 2"
    SEVERITY = "high"
    EXPLANATION_NL = (
        "Dit bericht vertelt iets persoonlijks over een collega (zoals ziekte, salaris,"
        " functioneren, een schorsing of een conflict). Dat is vertrouwelijke informatie;"
        " het protocol staat delen alleen toe met hun goedkeuring (richtlijn 2)." + ASK_FIRST_NL
    )
    EXPLANATION_EN = (
        "This post tells something personal about a colleague (such as illness, pay,"
        " performance, a suspension or a conflict). That is confidential; the protocol only"
        " allows sharing it with their consent (rule 2)." + ASK_FIRST_EN
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        if ctx.official or _published(ctx):
            return
        matters = SpanIndex(ctx.matches("colleague_matters"))
        for ref in ctx.matches("colleague_refs"):
            close = ctx.in_sentence(
                ctx.text,
                ref.start,
                ctx.near(ctx.text, ref.start, ref.end, matters, 6, COLLEAGUE_WINDOW),
            )
            close = [m for m in close if not _about_self(ctx, ref.start, m.start)]
            if close:
                evidence = [
                    ctx.evidence(ctx.text, ref.start, ref.end, "colleague"),
                    ctx.evidence(ctx.text, close[0].start, close[0].end, "personal-matter"),
                ]
                yield self.finding(ctx, evidence, [f"{ref.entry!r} with {close[0].entry!r}"])
                return


@register
class NotYetPublic(Rule):
    RULE_ID = "confidential-not-yet-public"
    FLAG = "confidential"
    PROTOCOL = "richtlijn 1"
    SEVERITY = "high"
    EXPLANATION_NL = (
        "Je schrijft zelf dat dit (nog) niet openbaar of vertrouwelijk is. Informatie van de"
        " organisatie die nog niet is bekendgemaakt, deel je niet ongevraagd (richtlijn 1)."
        + ASK_FIRST_NL
    )
    EXPLANATION_EN = (
        "You say yourself that this is not public (yet) or confidential. Information of the"
        " organisation that has not been announced is not yours to share unasked (rule 1)."
        + ASK_FIRST_EN
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        if ctx.official or not ctx.found["work_overlap"]:
            return
        secrecy = ctx.matches("secrecy")
        if secrecy:
            evidence = [ctx.evidence(ctx.text, m.start, m.end, "secrecy-marker") for m in secrecy]
            yield self.finding(ctx, evidence, [f"secrecy marker {m.entry!r}" for m in secrecy])


@register
class InternalInformation(Rule):
    RULE_ID = "confidential-internal-information"
    FLAG = "confidential"
    PROTOCOL = "richtlijn 1"
    SEVERITY = "medium"
    EXPLANATION_NL = (
        "Dit bericht deelt interne informatie (uit een overleg, verslag, interne app of"
        " overzicht) die de organisatie zelf niet heeft gepubliceerd. Ook gesprekken en"
        " berichten publiceer je alleen met toestemming (richtlijn 1)." + ASK_FIRST_NL
    )
    EXPLANATION_EN = (
        "This post shares internal information (from a meeting, minutes, an internal app or"
        " dashboard) that the organisation has not published itself. Conversations and"
        " messages also need permission before you publish them (rule 1)." + ASK_FIRST_EN
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        if ctx.official or not ctx.found["work_overlap"] or _published(ctx):
            return
        sources = ctx.matches("internal_source")
        data = ctx.matches("internal_data")
        if sources and data:
            evidence = [
                ctx.evidence(ctx.text, sources[0].start, sources[0].end, "internal-source"),
                ctx.evidence(ctx.text, data[0].start, data[0].end, "internal-matter"),
            ]
            yield self.finding(ctx, evidence, [f"{sources[0].entry!r} about {data[0].entry!r}"])


@register
class HarmfulAboutPupilOrParent(Rule):
    RULE_ID = "confidential-incident-pupil-or-parent"
    FLAG = "confidential"
    PROTOCOL = "richtlijn 2"
    SEVERITY = "high"
    EXPLANATION_NL = (
        "Dit bericht beschrijft een incident (zoals geweld, geschreeuw of de politie) rond"
        " een leerling of ouder die herkenbaar is. Zulke schadelijke informatie over ouders"
        " en leerlingen deel je niet (richtlijn 2). Meld een incident via de school, niet"
        " online." + ASK_FIRST_NL
    )
    EXPLANATION_EN = (
        "This post describes an incident (such as violence, shouting or the police)"
        " involving a pupil or parent who can be identified. Such harmful information about"
        " parents and pupils is not to be shared (rule 2). Report an incident through the"
        " school, not online." + ASK_FIRST_EN
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        if ctx.official:
            return
        people = [
            e
            for f in ctx.found["pupil_data"]
            for e in f.evidence
            if e.kind in ("pupil-name", "parent-name", "initials") and e.source == "text"
        ]
        incidents = ctx.matches("incident_words")
        if people and incidents:
            evidence = [
                people[0],
                ctx.evidence(ctx.text, incidents[0].start, incidents[0].end, "incident"),
            ]
            yield self.finding(
                ctx, evidence, [f"identifiable person with incident {incidents[0].entry!r}"]
            )
