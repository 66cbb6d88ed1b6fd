"""pupil_data: protocol rule 2, the privacy of pupils and their parents.

Staff may not share confidential or harmful information about parents or pupils
without their consent. A post is flagged when it may reveal personal data of an
identifiable pupil or parent: a name in school context, initials with a class, a
sensitive detail with a distinguishing one, an identifier (BSN, student number, birth
date), contact details, or a photo or video that shows pupils. This is the flag where a
miss costs the most, so the explanations say what to do: take it down and say why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers
from stdnum.nl import bsn

from auditor.classify import patterns
from auditor.classify.author import is_a_parent, own_children
from auditor.classify.base import Rule
from auditor.classify.context import Context, Resources
from auditor.classify.lexicon import Match
from auditor.classify.registry import register
from auditor.classify.text import Field, SpanIndex, Token
from auditor.model import Evidence, Finding

PROTOCOL = "richtlijn 2"
ATTACH_WINDOW = 4  # tokens after a name or initial in which a class must follow
TITLE_WINDOW = 3  # tokens before a name that may make it someone else (kinship, title)
PRONOUN_WINDOW = 20  # tokens after a name in which a pronoun shows it is a person
PRONOUNS = frozenset(["hij", "hem", "haar", "zij", "he", "his", "him", "she", "her"])
SUBJECTS = frozenset(
    ["you", "he", "she", "we", "they", "i", "je", "jij", "u", "we", "wij", "ze", "zij", "hij", "ik"]
)
URL = re.compile(r"(?:https?://|www\.)\S+")
NAMING_BEFORE = re.compile(r"(?:genaamd|called|named|heet|heette|noemen we|noemden we)\s+$")
NAMING_AFTER = frozenset(["heet", "heette", "heten"])
NAMING_WINDOW = 5
LOWERCASE_NAME_LENGTH = 4  # "om", "al", "en" are names somewhere, and words here
NAME_SHAPE = re.compile(r"[A-ZÀ-Þ][a-zà-ÿ]{2,11}")
# Dutch and English nouns, not names: "Voorleeswedstrijd in groep 5", "Excursion for Year 6"
NOUN_ENDING = re.compile(
    r"(?:ing|heid|tje|tjes|jes|dag|week|les|reis|feest|wedstrijd|tocht|middag|ochtend|avond|"
    r"kamp|spel|boek|toets|pauze|tijd|uur|lab|tion|ment|ness|ship|day|trip|test|class)$"
)
KNOWN_WORD_LISTS = (
    "education_terms",
    "work_terms",
    "quantity_words",
    "person_nouns",
    "pupil_words",
    "media_people_generic",
    "kinship",
    "adult_titles",
    "subject_words",
    "colleague_refs",
)
NOT_BEFORE_NAMES = frozenset(
    "uit van in naar op bij met voor aan de het een the a an of to at from for on with".split()
)
QUOTES = frozenset("'\"‘’“”")
PARENT_WINDOW = 20
PUPIL_NUMBER_DIGITS = 5
ADULT = "adult"
POSSESSIVES = frozenset("onze ons mijn m'n my our".split())
SURNAME_PARTICLES = frozenset("van de der den ter ten het 't la le du da von op in".split())
SECOND_PERSON_WORDS = frozenset("you you're youre je jij jouw u".split())
SECOND_PERSON = re.compile(r"\b(?:je|jij|jou|jouw|u|uw|you|your)\b")
ATTACH_WORDS = frozenset(["uit", "van", "in", "from", "of", "at", "bij"])

TAKE_DOWN_NL = (
    " Haal het bericht weg (of pas het aan) en zeg erbij waarom, zoals het protocol vraagt."
    " Twijfel je, overleg dan met je leidinggevende (richtlijn 8)."
)
TAKE_DOWN_EN = (
    " Take the post down (or edit it) and say why, as the protocol asks. When in doubt,"
    " ask your manager (rule 8)."
)


def school_context(ctx: Context) -> list[tuple[Field, Match]]:
    """Words that put a person in a school setting, in the post text and alt texts."""
    cached = ctx.memo.get("school_context")
    if cached is None:
        cached = []
        for field in ctx.content_fields():
            for name in ("work_terms", "education_terms", "pupil_words"):
                cached += [(field, m) for m in ctx.matches(name, field)]
            cached += [(field, m) for m in ctx.class_refs(field)]
            cached += [(field, m) for m in ctx.acronyms(field)]
            cached += [(field, m) for m, _ in ctx.org_mentions(field)]
        ctx.memo["school_context"] = cached
    return cached


def _attachments(ctx: Context, field: Field) -> SpanIndex:
    """What can tie a person to a class: class references and pupil words."""
    key = f"attachments:{field.source}"
    if key not in ctx.memo:
        own_class = [
            m for m in ctx.matches("work_terms", field) if m.entry.split()[-1] in _CLASS_NOUNS
        ] + [m for m in ctx.matches("education_terms", field) if m.entry in ("klas", "klassen")]
        ctx.memo[key] = SpanIndex(
            ctx.class_refs(field) + ctx.matches("pupil_words", field) + own_class
        )
    return ctx.memo[key]


_CLASS_NOUNS = frozenset(
    "klas klassen groep groepen mentorklas class classes form group lessons".split()
)


def _index(ctx: Context, name: str, field: Field) -> SpanIndex:
    key = f"index:{name}:{field.source}"
    if key not in ctx.memo:
        ctx.memo[key] = SpanIndex(ctx.matches(name, field))
    return ctx.memo[key]


def _attached_after(ctx: Context, field: Field, start: int, end: int) -> Match | None:
    """A class or pupil word within a few tokens after a span, in the same sentence."""
    bracket = patterns.BRACKET_DETAIL.match(field.text, end)
    if bracket:
        kind = "age" if patterns.AGE_BRACKET.fullmatch(bracket.group()) else "bracket"
        return Match(bracket.start(), bracket.end(), bracket.group(), kind)
    following = _attachments(ctx, field).first_at_or_after(end)
    if following is None:
        return None
    _, sentence_end = field.sentence_bounds(start)
    _, window_end = field.window(start, end, 0, ATTACH_WINDOW)
    return following if following.start < min(sentence_end, window_end) else None


def _quoted(field: Field, token: Token) -> bool:
    """A name in quotes ('Sem', "Pietje") is an example or a nickname, not a pupil."""
    before = field.text[token.start - 1 : token.start]
    after = field.text[token.end : token.end + 1]
    return before in QUOTES and after in QUOTES


def _signature(field: Field, token: Token) -> bool:
    """A name after a dash is the author signing off: "— Claire, PYP Coordinator"."""
    return field.text[max(0, token.start - 3) : token.start].strip() in ("—", "–", "-", "~")


def _words_regex(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@register
class PupilName(Rule):
    RULE_ID = "pupil-name-in-school-context"
    FLAG = "pupil_data"
    PROTOCOL = PROTOCOL
    SEVERITY = "high"
    EXPLANATION_NL = (
        "Dit bericht noemt een leerling of een ouder van een leerling bij naam, in een"
        " schoolcontext. Ook een voornaam alleen kan een kind herkenbaar maken voor ouders,"
        " klasgenoten en buitenstaanders. Het protocol staat dat niet toe zonder"
        " toestemming (richtlijn 2)." + TAKE_DOWN_NL
    )
    EXPLANATION_EN = (
        "This post names a pupil or a pupil's parent, in a school setting. Even a first name"
        " alone can make a child recognisable to parents, classmates and strangers. The"
        " protocol does not allow that without consent (rule 2)." + TAKE_DOWN_EN
    )

    def __init__(self, res: Resources):
        super().__init__(res)
        self.names_lower = frozenset(n.lower() for n in res.first_names)
        self.words_lower = frozenset(n.lower() for n in res.name_words)
        parents = res.lexicon_items("parent_refs")
        self.child_of = re.compile(rf"(?:{_words_regex(parents)})\s+(?:van|of)\s+$")
        self.parent_of = re.compile(  # (?<!\s): one try per run of spaces, not one per space
            rf"(?<!\s)\s*(?:,\s*)?(?:[(-]\s*)?(?:(?:de|het|the|een|a)\s+)?(?:{_words_regex(parents)})\s+(?:van|of)\b"
        )
        self.possessive = re.compile(rf"['’]s?\s+(?:{_words_regex(parents)})\b")

    def find(self, ctx: Context) -> Iterator[Finding]:
        fiction = ctx.matches("fiction_markers")
        if fiction:
            return
        context = school_context(ctx)
        evidence: list[Evidence] = []
        trace: list[str] = []
        judged = []
        for field in ctx.content_fields():
            blocked = SpanIndex(
                [Match(m.start(), m.end(), "", "url") for m in URL.finditer(field.text)]
                + [m for m, _ in ctx.org_mentions(field)]
            )
            for index, token in enumerate(field.tokens):
                verdict = self._judge(ctx, field, index, token, blocked, bool(context))
                if verdict is not None:
                    judged.append((field, token, verdict))
        adults = {token.text for _, token, (kind, _, _) in judged if kind == ADULT}
        for field, token, (kind, support, reason) in judged:
            if kind == ADULT or (
                token.text in adults and (support is None or support.list == "age")
            ):
                continue
            evidence.append(ctx.evidence(field, token.start, token.end, kind))
            if support is not None:
                evidence.append(ctx.evidence(field, support.start, support.end, "school-context"))
            trace.append(f"{kind} {token.text!r} in {field.source}: {reason}")
        if evidence:
            if not any(e.kind == "school-context" for e in evidence):
                field, match = (
                    context[0] if context else (ctx.bio, ctx.matches("function_words", ctx.bio)[0])
                )
                evidence.append(ctx.evidence(field, match.start, match.end, "school-context"))
            ctx.memo["pupil_names"] = evidence
            yield self.finding(ctx, evidence, trace)
        elif context and (parents := self._parents_by_title(ctx)):
            ctx.memo["pupil_names"] = parents
            field, match = context[0]
            school = ctx.evidence(field, match.start, match.end, "school-context")
            yield self.finding(ctx, [*parents, school], ["a parent named by title and surname"])

    def _judge(
        self,
        ctx: Context,
        field: Field,
        index: int,
        token: Token,
        blocked: SpanIndex,
        has_context: bool,
    ) -> tuple[str, Match | None, str] | None:
        word = token.text
        capitalised = word[:1].isupper() and not (len(word) > 1 and word.isupper())
        if capitalised:
            if word not in self.res.first_names:
                return self._unknown_name(ctx, field, index, token, blocked)
            # Names from other languages' lists ("Bali") need the same care as word-names.
            common_word = word in self.res.name_words or word in self.res.foreign_names
        elif (
            word.islower()
            and len(word) >= LOWERCASE_NAME_LENGTH
            and word in self.names_lower
            and word not in self.words_lower
        ):
            common_word = False  # "daan uit groep 4": only with a class right after
        else:
            return None
        if token.start and field.text[token.start - 1] in "@#/":
            return None
        if (
            field.text[token.end : token.end + 1] == "-"
            and field.text[token.end + 1 : token.end + 2].islower()
        ):
            return None  # the start of a compound: "Tien-minutengesprek"
        if blocked.overlapping(token.start, token.start + 1):
            return None

        lower = field.lower
        before = lower[max(0, token.start - 40) : token.start]
        # The author's own job (a teacher's bio) makes "de vader van Soufiane" school talk.
        parent_context = has_context or bool(ctx.matches("function_words", ctx.bio))
        if parent_context and self.child_of.search(before):
            return "pupil-name", None, "child of a parent it names"
        after_text = lower[token.end : token.end + 40]
        if parent_context and (
            self.parent_of.match(after_text) or self.possessive.match(after_text)
        ):
            return "parent-name", None, "named as a pupil's parent"

        tokens = field.tokens
        nxt = tokens[index + 1] if index + 1 < len(tokens) else None
        attached = _attached_after(ctx, field, token.start, token.end)
        if not capitalised and (attached is None or not self._immediate(field, token, nxt)):
            return None
        if self._someone_else(ctx, field, index, token) or self._not_a_child(
            ctx, field, token, nxt
        ):
            return ADULT, None, "someone else: family, staff, a pet, a title or a public figure"
        if self._own_child(field, index) and is_a_parent(ctx):
            return None  # "Onze Fien heeft haar eerste boekje uit. Trotse mama"
        if attached is not None and attached.list == "age":
            if not has_context or self._own_child(field, index):
                return None
            return "pupil-name", attached, "a child's age in brackets in a post about school"
        if attached is not None and (not common_word or self._immediate(field, token, nxt)):
            return "pupil-name", attached, f"class or pupil word right after ({attached.entry!r})"
        if not has_context:
            return None
        if self._full_name(field, index):
            return ADULT, None, "a full name: more likely an adult or public figure than a pupil"
        if common_word and token.sentence_start:
            if nxt is not None and nxt.text.lower() in SUBJECTS:
                return None  # "Will you ...": a verb, not a name
            following = tokens[index + 1 : index + 1 + PRONOUN_WINDOW]
            addressed = field.text[token.end : token.end + 1] == "," and any(
                t.text.lower() in SECOND_PERSON_WORDS for t in following[:3]
            )  # "Oksana, you're a star": a pupil spoken to
            if not addressed and not any(t.text.lower() in PRONOUNS for t in following):
                return None
            return "pupil-name", None, "a person (pronoun follows) in school context"
        return "pupil-name", None, "first name in a post about school"

    def _unknown_name(
        self, ctx: Context, field: Field, index: int, token: Token, blocked: SpanIndex
    ) -> tuple[str, Match | None, str] | None:
        """A name our list lacks ("Kacper uit groep 5"): name-shaped, a class right after.

        Inside a sentence a capital marks a proper noun; at its start any word has one,
        so there it must be followed by "uit"/"from" (after a surname, if any) and a
        class: "Nilton uit groep 8", "Jandira Fortes uit 2C".
        """
        word, tokens = token.text, field.tokens
        if not NAME_SHAPE.fullmatch(word) or NOUN_ENDING.search(word.lower()):
            return None
        if blocked.overlapping(token.start, token.start + 1) or self._known_word(ctx, field, token):
            return None
        if token.sentence_start or index == 0:
            after = index + 1
            if (
                after < len(tokens)
                and NAME_SHAPE.fullmatch(tokens[after].text)
                and not tokens[after].sentence_start
            ):
                after += 1  # a surname
            if after >= len(tokens) or tokens[after].text.lower() not in ("uit", "from"):
                return None
        else:
            previous = tokens[index - 1]
            if previous.text.lower() in NOT_BEFORE_NAMES or previous.text[:1].isupper():
                return None
            nxt = tokens[index + 1] if index + 1 < len(tokens) else None
            if nxt is None or not self._immediate(field, token, nxt):
                return None
        attached = _attached_after(ctx, field, token.start, token.end)
        if attached is None or attached.list not in ("class_ref", "bracket"):
            return None
        if self._someone_else(ctx, field, index, token):
            return None
        return "pupil-name", attached, "a name-shaped word with a class right after"

    @staticmethod
    def _known_word(ctx: Context, field: Field, token: Token) -> bool:
        """A word of one of our lists ("Kinderen uit groep 8"), so not an unknown name."""
        key = f"known_word_starts:{field.source}"
        if key not in ctx.memo:
            ctx.memo[key] = frozenset(
                m.start for name in KNOWN_WORD_LISTS for m in ctx.matches(name, field)
            )
        return token.start in ctx.memo[key]

    @staticmethod
    def _own_child(field: Field, index: int) -> bool:
        """A possessive before a name with an age is family: "Onze Jorrit (7)"."""
        return index > 0 and field.tokens[index - 1].text.lower() in POSSESSIVES

    def _parents_by_title(self, ctx: Context) -> list[Evidence]:
        """A title and surname near a pupil's parent is a parent's name: "Mrs Jansen"."""
        field = ctx.text
        parents = _index(ctx, "parent_refs", field)
        found = []
        for match in patterns.HONORIFIC_NAME.finditer(field.text):
            if ctx.near(field, match.start(), match.end(), parents, PARENT_WINDOW, PARENT_WINDOW):
                found.append(ctx.evidence(field, match.start(1), match.end(1), "parent-name"))
        return found

    def _full_name(self, field: Field, index: int) -> bool:
        """A first name followed by a surname, as in "Paul van Loon"."""
        tokens = field.tokens
        following = index + 1
        while following < len(tokens) and tokens[following].text in SURNAME_PARTICLES:
            following += 1
        if following >= len(tokens):
            return False
        nxt = tokens[following]
        return (
            not nxt.sentence_start
            and nxt.text[:1].isupper()
            and not nxt.text.isupper()  # "Kacper (ADHD ...)": an acronym, not a surname
            and field.text[tokens[following - 1].end : nxt.start].strip() == ""
            and nxt.text not in self.res.first_names
        )

    @staticmethod
    def _not_a_child(ctx: Context, field: Field, token: Token, nxt: Token | None) -> bool:
        """A pet or toy given a name, or someone addressed in a reply: not a pupil.

        For example "een alpaca die Puck heet", or "Peter, ik ben het met je eens".
        """
        before = field.lower[max(0, token.start - 12) : token.start]
        named = NAMING_BEFORE.search(before) or (
            nxt is not None and nxt.text.lower() in NAMING_AFTER
        )
        if named:
            lo, _ = field.window(token.start, token.end, NAMING_WINDOW, 0)
            if not _index(ctx, "pupil_words", field).overlapping(lo, token.start):
                return True
        if ctx.post.in_reply_to and token.sentence_start:
            rest = field.lower[token.end : field.sentence_bounds(token.start)[1]]
            return rest.startswith(",") and bool(SECOND_PERSON.search(rest))
        return False

    @staticmethod
    def _immediate(field: Field, token: Token, nxt: Token | None) -> bool:
        """A name that is also a word needs its class straight after: "Roos (4)", "Joy in 3V"."""
        rest = field.text[token.end : token.end + 3].lstrip()
        return rest[:1] in ("(", "-", "–", ",") or (
            nxt is not None and nxt.text.lower() in ATTACH_WORDS
        )

    def _someone_else(self, ctx: Context, field: Field, index: int, token: Token) -> bool:
        """Own family, a pet, a colleague, a teacher, a saint, a school subject: not a pupil."""
        if token.text in own_children(ctx) or _quoted(field, token) or _signature(field, token):
            return True
        if token.sentence_start or index == 0:
            return False
        previous = field.tokens[index - 1]
        if (
            not previous.sentence_start
            and previous.text[:1].isupper()
            and not previous.text.isupper()
            and previous.text not in self.res.first_names
            and field.text[previous.end : token.start].strip() in ("", "'s")
        ):
            return True  # inside a title or another proper name: "The Monkey's Paw"
        lo, _ = field.window(token.start, token.end, TITLE_WINDOW, 0)
        lo = max(lo, field.sentence_bounds(token.start)[0])
        between = field.lower[lo : token.start]
        titles = _index(ctx, "adult_titles", field).overlapping(lo, token.start)
        titles += _index(ctx, "subject_words", field).overlapping(lo, token.start)
        if any(m.start >= lo and field.text[m.end : token.start].strip(" .") == "" for m in titles):
            return True
        kin = [
            m
            for m in _index(ctx, "kinship", field).overlapping(lo, token.start)
            if m.start >= lo and m.end <= token.start
        ]
        if not kin:
            return False
        pupils = [
            m
            for name in ("pupil_words", "pupil_singular")
            for m in _index(ctx, name, field).overlapping(kin[-1].start + 1, token.start)
            if m.end <= token.start
        ]
        return not pupils and "tweeling" not in between


@register
class PupilInitialsWithClass(Rule):
    RULE_ID = "pupil-initials-with-class"
    FLAG = "pupil_data"
    PROTOCOL = PROTOCOL
    SEVERITY = "high"
    EXPLANATION_NL = (
        "Dit bericht noemt een leerling met initialen en een klas of groep. Voor wie de"
        " school kent, is het kind daarmee vaak toch herkenbaar (richtlijn 2)." + TAKE_DOWN_NL
    )
    EXPLANATION_EN = (
        "This post refers to a pupil by initials together with a class or group. To anyone"
        " who knows the school, the child is often still recognisable (rule 2)." + TAKE_DOWN_EN
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        evidence, trace = [], []
        for field in ctx.content_fields():
            for match in patterns.INITIAL.finditer(field.text):
                start, end = match.start(), match.end()
                if field.text[start - 1 : start] in QUOTES:
                    continue  # "'S. uit 4 havo' is herleidbaar": an example, quoted
                titles = ctx.near(field, start, end, _index(ctx, "adult_titles", field), 2, 0)
                if any(t.end <= start for t in titles):
                    continue
                attached = _attached_after(ctx, field, start, end)
                pupil_before = [
                    m
                    for m in ctx.near(field, start, end, _index(ctx, "pupil_words", field), 2, 0)
                    if m.end <= start
                ]
                support = attached or (pupil_before[0] if pupil_before else None)
                if support is None:
                    support = self._class_and_detail(ctx, field, start, end)
                if support is None:
                    continue
                evidence += [
                    ctx.evidence(field, start, end, "initials"),
                    ctx.evidence(field, support.start, support.end, "class-reference"),
                ]
                trace.append(f"initial {match.group()!r} with {support.entry!r}")
        if evidence:
            yield self.finding(ctx, evidence, trace)

    @staticmethod
    def _class_and_detail(ctx: Context, field: Field, start: int, end: int) -> Match | None:
        """The class named elsewhere: "Groep 6: ... Alleen T. en F. hadden een onvoldoende"."""
        classes = ctx.class_refs(field)
        details = _index(ctx, "sensitive_detail", field)
        if classes and any(d.start >= end for d in ctx.near(field, start, end, details, 0, 6)):
            return classes[0]
        return None


@register
class PupilIdentifiableDetail(Rule):
    RULE_ID = "pupil-identifiable-detail"
    FLAG = "pupil_data"
    PROTOCOL = PROTOCOL
    SEVERITY = "high"
    DETAIL_WINDOW = 25
    EXPLANATION_NL = (
        "Dit bericht beschrijft iets gevoeligs over één leerling (zoals gezondheid, een"
        " diagnose, gedrag, resultaten of de thuissituatie) en geeft genoeg details (de klas,"
        " 'de enige') om te raden wie het is. Dat is vertrouwelijke informatie over een"
        " leerling (richtlijn 2)." + TAKE_DOWN_NL
    )
    EXPLANATION_EN = (
        "This post describes something sensitive about one pupil (such as health, a"
        " diagnosis, behaviour, results or the home situation) with enough detail (the"
        " class, 'the only one') to guess who it is. That is confidential information about"
        " a pupil (rule 2)." + TAKE_DOWN_EN
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        if ctx.matches("fiction_markers"):
            return
        field = ctx.text
        singles = ctx.matches("pupil_singular")
        details = ctx.matches("sensitive_detail") + [
            Match(m.start(), m.end(), m.group(), "grade")
            for m in patterns.GRADE_GIVEN.finditer(field.text)
        ]
        if not singles or not details:
            return
        ages = [
            Match(m.start(), m.end(), m.group(), "age")
            for m in patterns.AGE_PHRASE.finditer(field.text)
        ]
        schools = [m for m, term in ctx.org_mentions(field, ("school",))]
        distinguishing = SpanIndex(
            _attachments(ctx, field).spans + ctx.matches("uniqueness") + ages + schools
        )
        detail_index = SpanIndex(details)
        for single in singles:
            near_details = ctx.near(
                field, single.start, single.end, detail_index, 10, self.DETAIL_WINDOW
            )
            marks = ctx.near(field, single.start, single.end, distinguishing, 6, 12)
            marks = [m for m in marks if m.list != "pupil_words"]
            if near_details and marks:
                evidence = [
                    ctx.evidence(field, single.start, single.end, "pupil-reference"),
                    ctx.evidence(field, marks[0].start, marks[0].end, "distinguishing-detail"),
                    ctx.evidence(
                        field, near_details[0].start, near_details[0].end, "sensitive-detail"
                    ),
                ]
                trace = [
                    f"one pupil {single.entry!r}, identified by {marks[0].entry!r},"
                    f" sensitive detail {near_details[0].entry!r}"
                ]
                yield self.finding(ctx, evidence, trace)
                return


@register
class PupilIdentifier(Rule):
    RULE_ID = "pupil-identifier"
    FLAG = "pupil_data"
    PROTOCOL = PROTOCOL
    SEVERITY = "high"
    CUE_WINDOW = 12
    EXPLANATION_NL = (
        "Dit bericht bevat een persoonsnummer of geboortedatum (zoals een BSN of"
        " leerlingnummer) in een schoolcontext. Zulke gegevens zijn bijzonder gevoelig en"
        " horen nooit online (richtlijn 2)." + TAKE_DOWN_NL
    )
    EXPLANATION_EN = (
        "This post contains an identifying number or birth date (such as a citizen service"
        " number (BSN) or student number) in a school setting. Such data is highly sensitive"
        " and never belongs online (rule 2)." + TAKE_DOWN_EN
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        if ctx.matches("fiction_markers"):
            return  # "een fictieve leerling, BSN 111222333 (testnummer)"
        evidence, trace = [], []
        has_context = bool(school_context(ctx))
        for field in ctx.content_fields():
            cues = _index(ctx, "bsn_cues", field)
            for match in patterns.BSN_CANDIDATE.finditer(field.text):
                digits = re.sub(r"\D", "", match.group())
                if not bsn.is_valid(digits):
                    continue
                cued = bool(ctx.near(field, match.start(), match.end(), cues, self.CUE_WINDOW, 2))
                if cued or has_context or cues:
                    evidence.append(ctx.evidence(field, match.start(), match.end(), "bsn"))
                    trace.append(
                        f"9-digit number passes the BSN eleven-test (cue: {cued or bool(cues)})"
                    )
            for cue in ctx.matches("student_number_cues", field) + ctx.matches(
                "pupil_number_cues", field
            ):
                number = patterns.NUMBER_AFTER_CUE.match(field.text, cue.end)
                bare = cue.list == "pupil_number_cues"  # "student 20231487": five digits at least
                if number and (not bare or len(number.group(1)) >= PUPIL_NUMBER_DIGITS):
                    span = number.span(1)
                    evidence.append(ctx.evidence(field, *span, "student-number"))
                    trace.append(f"number after {cue.entry!r}")
            if has_context:
                for cue in ctx.matches("birth_cues", field):
                    date = patterns.DATE.search(
                        field.text, cue.end, min(cue.end + 40, len(field.text))
                    )
                    if date:
                        evidence.append(ctx.evidence(field, date.start(), date.end(), "birth-date"))
                        trace.append(f"date after {cue.entry!r}")
        if evidence:
            yield self.finding(ctx, evidence, trace)


@register
class PupilContactDetails(Rule):
    RULE_ID = "pupil-contact-details"
    FLAG = "pupil_data"
    PROTOCOL = PROTOCOL
    SEVERITY = "high"
    EXPLANATION_NL = (
        "Dit bericht deelt contactgegevens of een adres (telefoonnummer, e-mailadres,"
        " straat of postcode) van een leerling of ouder. Zo kan iedereen hen vinden of"
        " benaderen; dat mag niet zonder hun toestemming (richtlijn 2)." + TAKE_DOWN_NL
    )
    EXPLANATION_EN = (
        "This post shares contact details or an address (phone number, e-mail address,"
        " street or postcode) of a pupil or parent. Anyone can then find or approach them;"
        " that is not allowed without their consent (rule 2)." + TAKE_DOWN_EN
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        field = ctx.text
        person = self._pupil_or_parent(ctx)
        if not person:
            return
        evidence, trace = [], []
        if patterns.PHONE_HINT.search(field.text):
            for found in phonenumbers.PhoneNumberMatcher(field.text, "NL"):
                kind = phonenumbers.number_type(found.number)
                mobile = kind in (phonenumbers.PhoneNumberType.MOBILE,)
                if mobile or person == "named":
                    evidence.append(ctx.evidence(field, found.start, found.end, "phone"))
                    trace.append(f"phone number ({'mobile' if mobile else 'fixed line'})")
        for match in patterns.EMAIL.finditer(field.text):
            evidence.append(ctx.evidence(field, match.start(), match.end(), "email"))
            trace.append("e-mail address")
        for match in patterns.STREET.finditer(field.text):
            numbered = any(c.isdigit() for c in match.group())
            if numbered or ctx.matches("residence_cues"):  # a house number makes it an address
                evidence.append(ctx.evidence(field, match.start(), match.end(), "address"))
                trace.append("street name with a house number or a residence cue")
        for match in patterns.POSTCODE.finditer(field.text):
            evidence.append(ctx.evidence(field, match.start(), match.end(), "postcode"))
            trace.append("Dutch postcode")
        if evidence:
            yield self.finding(ctx, evidence, [f"about a {person} pupil or parent", *trace])

    @staticmethod
    def _pupil_or_parent(ctx: Context) -> str | None:
        if ctx.found["pupil_data"] or ctx.memo.get("pupil_names"):
            return "named"
        parents = ctx.matches("parent_refs")
        pupils = ctx.matches("pupil_words") + ctx.matches("pupil_singular")
        if pupils or (parents and school_context(ctx)):
            return "described"
        if parents and patterns.EMAIL.search(ctx.text.text):
            return "parent"  # "a parent's e-mail showed x@y.nl": an address is theirs
        return None


@register
class PupilPhoto(Rule):
    RULE_ID = "pupil-photo"
    FLAG = "pupil_data"
    PROTOCOL = PROTOCOL
    SEVERITY = "medium"
    EXPLANATION_NL = (
        "Bij dit bericht staat een foto of video waarop leerlingen te zien zijn (dat zegt de"
        " tekst of de beschrijving van de afbeelding). Voor beeld van leerlingen is"
        " toestemming van de ouders nodig. Controleer of die er voor elk kind is; zo niet,"
        " haal de foto weg of kies een foto waarop de kinderen niet herkenbaar zijn."
    )
    EXPLANATION_EN = (
        "This post has a photo or video that shows pupils (the text or the image"
        " description says so). Pictures of pupils need the parents' consent. Check that"
        " you have it for every child; if not, remove the picture or use one in which the"
        " children cannot be recognised."
    )

    def find(self, ctx: Context) -> Iterator[Finding]:
        media = [m for m in ctx.post.media if m.type in ("photo", "video", "gif")]
        if not media:
            return
        context_in_text = bool(school_context(ctx))
        evidence, trace = [], []
        for alt in ctx.alts:
            if patterns.OLD_YEAR.search(alt.text) or patterns.OLD_YEAR.search(ctx.text.text):
                continue  # "klassenfoto uit 1971": the author's own school days
            if ctx.matches("kinship", alt) and not ctx.matches("media_people_school", alt):
                own = [m.entry for m in ctx.matches("kinship", alt)]
                if any(e not in ("mijn", "my") for e in own):
                    continue  # the author's own family
            school = ctx.matches("media_people_school", alt) + ctx.class_refs(alt)
            generic = ctx.matches("media_people_generic", alt)
            people = school or (generic if context_in_text or ctx.official else [])
            if people:
                evidence.append(
                    ctx.evidence(alt, people[0].start, people[0].end, "pupils-in-picture")
                )
                trace.append(f"alt text shows pupils: {people[0].entry!r}")
        undescribed = not any(m.alt_text.strip() for m in media)
        if not evidence and undescribed:
            # The text is the only description: pupils named next to a picture are in it.
            school = ctx.matches("media_people_school")
            if ctx.matches("photo_words"):
                school += ctx.class_refs()
            if school and not ctx.matches("outsider_context"):
                evidence.append(
                    ctx.evidence(ctx.text, school[0].start, school[0].end, "pupils-in-picture")
                )
                trace.append(
                    f"picture without description, text is about pupils: {school[0].entry!r}"
                )
        if evidence:
            yield self.finding(ctx, evidence, trace)
