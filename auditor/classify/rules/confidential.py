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

from auditor.classify import patterns
from auditor.classify.base import Rule
from auditor.classify.context import Context
from auditor.classify.lexicon import Match
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
    start = colleague if 0 <= colleague < matter else lo
    return bool(FIRST_PERSON.search(ctx.text.lower, start, matter))


def _internal_matter(ctx: Context) -> list:
    """What an internal source or a hush can be about: decisions, figures, people."""
    return (
        ctx.matches("internal_data")
        + ctx.matches("personnel_matters")
        + ctx.matches("colleague_matters")
        + ctx.matches("sensitive_detail")
    )


NEGATED = re.compile(r"\b(?:niet|nog niet|geen|not|never)\s+$")


def _published(ctx: Context) -> bool:
    """The organisation published it ("staat op de website"), not "niet in de krant"."""
    text = ctx.text.lower
    return any(
        not NEGATED.search(text, max(0, m.start - 12), m.start)
        for m in ctx.matches("published_markers")
    )


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
        secrecy = ctx.matches("secrecy") + [
            Match(m.start(), m.end(), m.group(), "not_yet_told")
            for m in patterns.NOT_YET_TOLD.finditer(ctx.text.text)
        ]
        if not secrecy and _internal_matter(ctx):
            secrecy = ctx.matches("soft_secrecy")  # "ssst 🤫" only counts about internal matters
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
        data = _internal_matter(ctx)
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


@register
class PersonnelMatter(Rule):
    RULE_ID = "confidential-personnel-matter"
    FLAG = "confidential"
    PROTOCOL = "richtlijn 2"
    SEVERITY = "high"
    EXPLANATION_NL = (
        "Dit bericht gaat over een personeelszaak (zoals een schorsing, ontslag, salaris of"
        " functieschaal, een loonstrook of een verbetertraject). Zulke informatie over"
        " collega's is vertrouwelijk; deel haar niet zonder hun goedkeuring (richtlijn 2)."
        + ASK_FIRST_NL
    )
    EXPLANATION_EN = (
        "This post is about a personnel matter (such as a suspension, dismissal, pay or pay"
        " grade, a payslip or an improvement plan). Such information about colleagues is"
        " confidential; do not share it without their consent (rule 2)." + ASK_FIRST_EN
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        if ctx.official or not ctx.found["work_overlap"] or _published(ctx):
            return
        if ctx.found["pupil_data"] and not ctx.matches("colleague_refs"):
            return  # a pupil suspended is pupil data, not a personnel matter
        matters = ctx.matches("personnel_matters") + [
            Match(m.start(), m.end(), m.group(), "pay_grade")
            for m in patterns.PAY_GRADE.finditer(ctx.text.text)
        ]
        matters = [m for m in matters if not _about_self(ctx, -1, m.start)]
        if matters:
            evidence = [ctx.evidence(ctx.text, m.start, m.end, "personnel-matter") for m in matters]
            yield self.finding(ctx, evidence, [f"personnel matter {m.entry!r}" for m in matters])


@register
class PublishedConversation(Rule):
    RULE_ID = "confidential-conversation"
    FLAG = "confidential"
    PROTOCOL = "richtlijn 1"
    SEVERITY = "medium"
    EXPLANATION_NL = (
        "Je deelt een schermafbeelding of doorgestuurd bericht uit een (interne) chat of"
        " mail. Gesprekken publiceer je pas na toestemming van je leidinggevende of de"
        " betrokkenen (richtlijn 1)." + ASK_FIRST_NL
    )
    EXPLANATION_EN = (
        "You share a screenshot or forwarded message from an (internal) chat or e-mail."
        " Conversations may only be published with the permission of your manager or the"
        " people in them (rule 1)." + ASK_FIRST_EN
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        if ctx.official or not ctx.found["work_overlap"]:
            return
        fields = ctx.content_fields()
        captures = list(ctx.matches_in("conversation_capture", fields))
        chats = list(ctx.matches_in("chat_words", fields)) + list(
            ctx.matches_in("internal_source", fields)
        )
        if captures and chats:
            (cf, capture), (hf, chat) = captures[0], chats[0]
            evidence = [
                ctx.evidence(cf, capture.start, capture.end, "conversation-capture"),
                ctx.evidence(hf, chat.start, chat.end, "conversation"),
            ]
            yield self.finding(ctx, evidence, [f"{capture.entry!r} of {chat.entry!r}"])


@register
class SecurityIncident(Rule):
    RULE_ID = "confidential-security-incident"
    FLAG = "confidential"
    PROTOCOL = "richtlijn 1"
    SEVERITY = "high"
    EXPLANATION_NL = (
        "Dit bericht vertelt over een beveiligingsincident bij de organisatie (zoals"
        " phishing, een hack of een datalek). Zo'n incident meldt de organisatie zelf, via"
        " de juiste weg; online delen kan het erger maken (richtlijn 1)." + ASK_FIRST_NL
    )
    EXPLANATION_EN = (
        "This post tells about a security incident at the organisation (such as phishing,"
        " a hack or a data breach). The organisation reports such an incident itself,"
        " through the proper channels; sharing it online can make it worse (rule 1)." + ASK_FIRST_EN
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        if ctx.official or not ctx.found["work_overlap"] or _published(ctx):
            return
        incidents = ctx.matches("security_incidents")
        if incidents:
            evidence = [
                ctx.evidence(ctx.text, m.start, m.end, "security-incident") for m in incidents
            ]
            yield self.finding(ctx, evidence, [f"security incident {m.entry!r}" for m in incidents])
