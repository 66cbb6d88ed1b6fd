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


def own_children(ctx: Context) -> frozenset[str]:
    """First names the bio gives as the author's own children."""
    key = "own_children"
    if key not in ctx.memo:
        names = {n for m in PARENT_OF.finditer(ctx.bio.text) for n in NAME.findall(m.group(1))}
        ctx.memo[key] = frozenset(names)
    return ctx.memo[key]


def writes_as_parent(ctx: Context) -> bool:
    """The bio presents a parent and no job, or the post names the bio's children."""
    parent_bio = bool(PARENT_OF.search(ctx.bio.text)) and not ctx.matches("function_words", ctx.bio)
    children = own_children(ctx)
    named = any(t.text in children for t in ctx.text.tokens)
    return parent_bio or named
