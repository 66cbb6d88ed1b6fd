"""Who wrote the post, as far as the account's bio tells: a parent, and of whom.

A bio such as "Mama van Siem en Fenna" names the author's own children; a post about
Siem is then about her own child, not about a pupil. A bio that only says "parent"
and names no job makes general words about school a parent's words.
"""

from __future__ import annotations

import re

from auditor.classify.context import Context

PARENT_OF = re.compile(
    r"\b(?i:mama|mam|moeder|papa|pap|vader|mum|mom|mother|dad|father)\s+(?i:van|of|to)\s+"
    r"((?:[A-Z][\w'-]+)(?:\s*(?:,|&|\ben\b|\band\b)\s*[A-Z][\w'-]+)*)"
)
NAME = re.compile(r"[A-Z][\w'-]+")
# "mama van 3", "trotse papa", "proud mum": the author says they are a parent
PARENT_SELF = re.compile(
    r"\b(?:mama|moeder|papa|vader|mum|mom|dad)\s+(?:van|of)\s+(?:\d|twee|drie|vier|two|three)"
    r"|\b(?:trotse|proud)\s+(?:mama|moeder|papa|vader|ouder|mum|mom|dad|parent)\b",
    re.IGNORECASE,
)


def own_children(ctx: Context) -> frozenset[str]:
    """First names the bio gives as the author's own children."""
    key = "own_children"
    if key not in ctx.memo:
        names = {n for m in PARENT_OF.finditer(ctx.bio.text) for n in NAME.findall(m.group(1))}
        ctx.memo[key] = frozenset(names)
    return ctx.memo[key]


def writes_as_parent(ctx: Context) -> bool:
    """The bio presents a parent and no job, or the post names the author's children."""
    parent_bio = bool(PARENT_OF.search(ctx.bio.text)) and not ctx.matches("function_words", ctx.bio)
    children = own_children(ctx)
    named = any(t.text in children for t in ctx.text.tokens)
    return parent_bio or named or bool(PARENT_SELF.search(ctx.text.text))


def is_a_parent(ctx: Context) -> bool:
    """The bio or the post says the author is a parent (of anyone)."""
    return bool(
        PARENT_OF.search(ctx.bio.text)
        or PARENT_SELF.search(ctx.bio.text)
        or PARENT_SELF.search(ctx.text.text)
    )
