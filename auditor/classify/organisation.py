"""The organisation's own words, from its config, as lexicon entries with case rules.

School names are often ordinary words ("De Klimop" is a plant, "De Zeppelin" an
airship), so the short form of a school name only counts when it is written like a
name: its content words capitalised ("de Klimop", not "de klimop"), and with its
article when it has one ("De Zeppelin", not "Led Zeppelin"). The same holds for a
school listed without a type prefix and for a one-word organisation name or alias
("Kwelder" the organisation, "kwelder" the salt marsh). A full name with its
school-type prefix ("CBS De Klimop") and a name of several words count in any case;
an all-capitals abbreviation ("ONC") only in capitals. A short form that is also one of
the organisation's places ("Kindcentrum Dommelhoek" in the Dommelhoek area) is the
place, which alone does not link a post to work. A school named after a person
("Nelson Mandela", "Titus Brandsma") is the person, not the school, in "a documentary
about Nelson Mandela".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from auditor.classify.lexicon import Match
from auditor.config import Organisation

ARTICLES = ("de", "het", "'t", "the")
_SAINT_FORMS = ("Sint", "St.", "St")

ANY_CASE, EXACT, CAPITALS = "any", "exact", "capitals"
INSTITUTION_ENDINGS = ("school", "college", "lyceum", "gymnasium", "atheneum", "academie")


@dataclass(frozen=True, slots=True)
class OrgTerm:
    kind: str  # name, school, handle, hashtag, place
    label: str  # the config entry it stands for
    form: str  # the form as written, case included
    case: str  # ANY_CASE, EXACT or CAPITALS
    person: bool = False  # the form is a person's name ("Nelson Mandela")


class OrgTerms:
    """All organisation words; `lists()` feeds the lexicon, `accept()` checks case."""

    LIST = "org"

    def __init__(
        self, org: Organisation, school_types: Iterable[str], first_names: Iterable[str] = ()
    ):
        self._by_key: dict[str, list[OrgTerm]] = defaultdict(list)
        types = sorted({t.lower() for t in school_types}, key=len, reverse=True)
        names = frozenset(first_names)
        places = {place.lower() for place in org.places}
        for name in org.names:
            self._add(OrgTerm("name", name, name, _case_for(name, short=" " not in name)))
        for school in org.schools:
            cores = _short_forms(school, types)
            # A name without a school-type prefix ("Het Getij") is as ambiguous as a short form.
            person = _named_after_person(school, names, types)
            case = _case_for(school, short=not cores)
            self._add(OrgTerm("school", school, school, case, person))
            for core in (c for c in cores if c.lower() not in places):
                person = _named_after_person(core, names, types)
                self._add(OrgTerm("school", school, core, _case_for(core, short=True), person))
        for handle in org.official_handles:
            self._add(OrgTerm("handle", handle, "@" + handle, ANY_CASE))
        for tag in org.hashtags:
            self._add(OrgTerm("hashtag", tag, tag, ANY_CASE))
        for place in org.places:
            self._add(OrgTerm("place", place, place, CAPITALS))

    def _add(self, term: OrgTerm) -> None:
        for form in _spellings(term.form):
            variant = OrgTerm(term.kind, term.label, form, term.case, term.person)
            if variant not in self._by_key[form.lower()]:
                self._by_key[form.lower()].append(variant)

    def lists(self) -> dict[str, tuple[list[str], list[str]]]:
        return {self.LIST: (list(self._by_key), [])}

    def accept(self, text: str, match: Match) -> OrgTerm | None:
        """The term a lexicon match stands for, if the text writes it the right way."""
        written = text[match.start : match.end]
        for term in self._by_key.get(match.entry, ()):
            if (
                _case_ok(written, term, text, match.end)
                and not (term.case == CAPITALS and _part_of_other_name(text, match.start))
                and not (term.person and _about_the_person(text, match.start))
            ):
                return term
        return None


def _named_after_person(form: str, first_names: frozenset[str], types: list[str]) -> bool:
    """A first name and a surname ("Nelson Mandela"), not "De Linde" or "Aletta Jacobsschool"."""
    words = form.split()
    last = words[-1].lower() if words else ""
    return (
        len(words) >= 2
        and words[0] in first_names
        and words[-1][:1].isupper()
        and not any(last.endswith(t) for t in (*types, *INSTITUTION_ENDINGS))
    )


def _case_for(form: str, *, short: bool = False) -> str:
    letters = [c for c in form if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return EXACT
    return CAPITALS if short else ANY_CASE


def _short_forms(school: str, types: list[str]) -> list[str]:
    """Forms of a school name without its type prefix or suffix ("CBS De Klimop" -> "De Klimop")."""
    core = school
    changed = True
    while changed:
        changed = False
        low = core.lower()
        for t in types:
            if low.startswith(t + " ") and len(core) > len(t) + 1:
                core, changed = core[len(t) + 1 :].strip(), True
                break
            if low.endswith(" " + t) and len(core) > len(t) + 1:
                core, changed = core[: -len(t) - 1].strip(), True
                break
    words = core.split()
    if core == school or not words or len(core) < 3:
        return []
    if words[0].lower() in ARTICLES and len(words) == 1:
        return []
    return [core]


def _spellings(form: str) -> set[str]:
    """Spelling variants people use: hyphen or space, "Sint" or "St."."""
    variants = {form}
    if " " in form or "-" in form:
        variants |= {form.replace("-", " "), form.replace(" ", "-")}
    for variant in list(variants):
        for saint in _SAINT_FORMS:
            if variant.startswith(saint + " ") or variant.startswith(saint + "-"):
                rest = variant[len(saint) + 1 :]
                variants |= {f"{other} {rest}" for other in _SAINT_FORMS}
    return variants


_ABOUT_BEFORE = re.compile(
    r"\b(?:over|about|documentaire|documentary|biografie|biography|boek|book|film)\s+$",
    re.IGNORECASE,
)


def _about_the_person(text: str, start: int) -> bool:
    """The person a school is named after, as in "een documentaire over Nelson Mandela"."""
    return bool(_ABOUT_BEFORE.search(text, max(0, start - 20), start))


def _part_of_other_name(text: str, start: int) -> bool:
    """A capitalised word just before makes it another place's name: "Eetcafé De Linde"."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    begin = end
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "_'’-"):
        begin -= 1
    while begin < end and not (text[begin].isalnum() or text[begin] == "_"):
        begin += 1
    if end == start or begin == end:
        return False
    word = text[begin:end]
    sentence_start = begin == 0 or text[:begin].rstrip()[-1:] in ".!?:;\n"
    return word[:1].isupper() and not word.isupper() and not sentence_start


def _in_compound(text: str, end: int) -> bool:
    """An abbreviation glued to a lowercase word is part of it ("IBC-container")."""
    return text[end : end + 1] == "-" and text[end + 1 : end + 2].islower()


def _case_ok(written: str, term: OrgTerm, text: str = "", end: int = 0) -> bool:
    if term.case == ANY_CASE:
        return True
    if term.case == EXACT or len(written) != len(term.form):
        return written == term.form and not _in_compound(text, end)
    form = term.form
    first_word = form.split()[0].lower() if " " in form else ""
    skip = len(first_word) if first_word in ARTICLES else 0
    return all(
        written[i].isupper()
        for i, char in enumerate(form)
        if i >= skip and char.isupper() and (i == 0 or form[i - 1] in " -")
    )
