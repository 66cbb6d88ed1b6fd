"""What the rules share.

The resources are built once per organisation; the context is the view of one post
that every rule reads (fields, lexicon matches, organisation mentions, class
references, token windows).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from auditor.classify import patterns
from auditor.classify.lexicon import Lexicon, Match, load_lists
from auditor.classify.organisation import OrgTerm, OrgTerms
from auditor.classify.text import Field, SpanIndex
from auditor.config import Organisation
from auditor.model import BIO_SOURCE, FLAGS, TEXT_SOURCE, Evidence, Finding, Post, alt_text_source

NAME_LISTS = ("first_names", "common_word_names")
CASED_LISTS = ("school_acronyms",)


@cache
def _base_lists() -> dict[str, tuple[list[str], list[str]]]:
    return load_lists()


@dataclass(frozen=True, slots=True)
class Resources:
    """Everything the rules need that does not change between posts."""

    org: Organisation
    lexicon: Lexicon
    org_terms: OrgTerms
    first_names: frozenset[str]
    name_words: frozenset[str]
    foreign_names: frozenset[str]
    acronyms: re.Pattern[str]
    word_lists: dict[str, tuple[list[str], list[str]]]

    def lexicon_items(self, name: str) -> list[str]:
        return self.word_lists[name][0]

    @classmethod
    def build(cls, org: Organisation) -> Resources:
        lists = dict(_base_lists())
        names = frozenset(lists.pop("first_names")[0]) - frozenset(lists.pop("not_names")[0])
        name_words = frozenset(lists.pop("common_word_names")[0])
        foreign_names = frozenset(lists.pop("foreign_names")[0])
        acronyms = lists.pop("school_acronyms")[0]
        org_terms = OrgTerms(org, lists["school_types"][0], names)
        lists.update(org_terms.lists())
        return cls(
            org=org,
            lexicon=Lexicon(lists),
            org_terms=org_terms,
            first_names=names,
            name_words=name_words,
            foreign_names=foreign_names,
            acronyms=re.compile(
                r"(?<![\w'])(?:"
                + "|".join(map(re.escape, sorted(acronyms, key=len)[::-1]))
                + r")(?![\w'])"
            ),
            word_lists=lists,
        )


class Context:
    """One post as the rules see it; built per post, discarded after classification."""

    def __init__(self, post: Post, res: Resources):
        self.post = post
        self.res = res
        self.text = Field(TEXT_SOURCE, post.text)
        self.bio = Field(BIO_SOURCE, post.account.bio)
        self.alts = tuple(
            Field(alt_text_source(i), m.alt_text) for i, m in enumerate(post.media) if m.alt_text
        )
        self.found: dict[str, list[Finding]] = {flag: [] for flag in FLAGS}
        self._scans: dict[str, dict[str, list[Match]]] = {}
        self.memo: dict[str, Any] = {}  # values derived once per post and shared by rules
        self._role = Field("role", post.account.role)

    # --- the account -------------------------------------------------------------
    @property
    def official(self) -> bool:
        return self.post.account.kind == "official"

    @property
    def management(self) -> bool:
        """Protocol rule 5: a management role carries extra responsibility."""
        return bool(self.matches("management_roles", self._role))

    # --- matches -----------------------------------------------------------------
    def _scan(self, field: Field) -> dict[str, list[Match]]:
        scan = self._scans.get(field.source)
        if scan is None:
            scan = self.res.lexicon.scan(field.lower)
            self._scans[field.source] = scan
        return scan

    def matches(self, name: str, field: Field | None = None) -> list[Match]:
        """Matches of one word list in a field (the post text unless told otherwise)."""
        return self._scan(field or self.text).get(name, [])

    def matches_in(self, name: str, fields: Iterable[Field]) -> Iterator[tuple[Field, Match]]:
        for field in fields:
            for match in self.matches(name, field):
                yield field, match

    def content_fields(self) -> tuple[Field, ...]:
        """The post text and its alt texts: what the author published."""
        return (self.text, *self.alts)

    def org_mentions(self, field: Field | None = None, kinds: Iterable[str] | None = None):
        """(match, term) for each organisation word written the way the config names it."""
        field = field or self.text
        wanted = set(kinds) if kinds is not None else {"name", "school", "handle", "hashtag"}
        out: list[tuple[Match, OrgTerm]] = []
        for match in self.matches(OrgTerms.LIST, field):
            term = self.res.org_terms.accept(field.text, match)
            if term is not None and term.kind in wanted:
                out.append((match, term))
        return out

    def acronyms(self, field: Field | None = None) -> list[Match]:
        field = field or self.text
        return self._memo_per_field(
            "acronyms",
            field,
            lambda: [
                Match(m.start(), m.end(), m.group(), "school_acronyms")
                for m in self.res.acronyms.finditer(field.text)
            ],
        )

    def class_refs(self, field: Field | None = None) -> list[Match]:
        field = field or self.text
        return self._memo_per_field(
            "class_refs",
            field,
            lambda: [
                Match(m.start(), m.end(), m.group(), "class_ref")
                for m in patterns.CLASS_REF.finditer(field.text)
            ],
        )

    def _memo_per_field(self, name: str, field: Field, build):
        key = f"{name}:{field.source}"
        if key not in self.memo:
            self.memo[key] = build()
        return self.memo[key]

    # --- windows -----------------------------------------------------------------
    def near(
        self,
        field: Field,
        start: int,
        end: int,
        candidates: SpanIndex | Iterable[Match],
        before: int,
        after: int,
    ) -> list[Match]:
        """Candidates overlapping the window of `before`/`after` tokens around a span.

        Pass a SpanIndex when calling in a loop: a plain list is indexed on every call.
        """
        index = candidates if isinstance(candidates, SpanIndex) else SpanIndex(candidates)
        lo, hi = field.window(start, end, before, after)
        return [m for m in index.overlapping(lo, hi) if (m.start, m.end) != (start, end)]

    def in_sentence(self, field: Field, start: int, candidates: Iterable[Match]) -> list[Match]:
        lo, hi = field.sentence_bounds(start)
        return [m for m in candidates if m.start >= lo and m.end <= hi]

    # --- evidence ----------------------------------------------------------------
    @staticmethod
    def evidence(field: Field, start: int, end: int, kind: str) -> Evidence:
        return Evidence(start, end, kind, field.source)
