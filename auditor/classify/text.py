"""Text as the rules see it.

A lowercase copy with the same offsets, tokens with character spans, sentence
starts, and token windows around a match.

Offsets are never shifted: every span a rule finds in the lowercase copy is a span
of the original text, so evidence can point straight into the post.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

TOKEN_RE = re.compile(r"\w+(?:['’]\w+)*")
_SENTENCE_END = frozenset(".!?:;…\n")
_OPENERS = frozenset("\"'‘“«([ \t\r")
_END_CANDIDATE = re.compile(r"[.!?:;…\n]|[^\x00-\x7f]")
_FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-", "\u00a0": " "})


def lower_same_length(text: str) -> str:
    """Lowercase `text` without changing its length (so offsets stay valid)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    sentence_start: bool


@dataclass(slots=True)
class Field:
    """One text the classifier reads: the post, the bio or an alt text."""

    source: str
    text: str
    lower: str = ""
    _tokens: list[Token] | None = field(default=None, repr=False)
    _starts: list[int] | None = field(default=None, repr=False)
    _ends: list[int] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.lower = lower_same_length(self.text)

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = list(_tokenise(self.text))
            self._starts = [t.start for t in self._tokens]
        return self._tokens

    def token_index(self, offset: int) -> int:
        """Index of the token that contains or precedes character `offset`."""
        self.tokens  # noqa: B018 - builds the index
        assert self._starts is not None
        return max(bisect_right(self._starts, offset) - 1, 0)

    def window(self, start: int, end: int, before: int, after: int) -> tuple[int, int]:
        """Character range covering `before` tokens before and `after` tokens after a span."""
        tokens = self.tokens
        if not tokens:
            return start, end
        first = self.token_index(start)
        if tokens[first].end <= start:
            first += 1
        last = self.token_index(max(end - 1, start))
        lo = tokens[max(first - before, 0)].start if before else start
        hi = tokens[min(last + after, len(tokens) - 1)].end if after else end
        return min(lo, start), max(hi, end)

    def sentence_bounds(self, offset: int) -> tuple[int, int]:
        """Character range of the sentence around `offset`."""
        if self._ends is None:
            self._ends = [
                m.start()
                for m in _END_CANDIDATE.finditer(self.text)
                if _ends_sentence(self.text, m.start())
            ]
        ends = self._ends
        i = bisect_left(ends, offset)
        lo = ends[i - 1] + 1 if i > 0 else 0
        hi = ends[i] if i < len(ends) else len(self.text)
        return lo, hi


class SpanIndex:
    """Spans sorted by start, so "which spans overlap this range" costs a bisection."""

    __slots__ = ("_longest", "_starts", "spans")

    def __init__(self, spans: Iterable):
        self.spans = sorted(spans, key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.spans]
        self._longest = max((m.end - m.start for m in self.spans), default=0)

    def __bool__(self) -> bool:
        return bool(self.spans)

    def overlapping(self, lo: int, hi: int) -> list:
        first = bisect_left(self._starts, lo - self._longest)
        last = bisect_left(self._starts, hi)
        return [m for m in self.spans[first:last] if m.end > lo]

    def first_at_or_after(self, offset: int):
        i = bisect_left(self._starts, offset)
        return self.spans[i] if i < len(self.spans) else None


def _is_symbol(char: str) -> bool:
    return not char.isascii() and unicodedata.category(char).startswith("S")


def _tokenise(text: str):
    for match in TOKEN_RE.finditer(text):
        start = match.start()
        yield Token(start, match.end(), match.group(), _starts_sentence(text, start))


def _ends_sentence(text: str, i: int) -> bool:
    """Whether the character at `i` closes a sentence ("J.", "J.v.D." and "8.29" do not)."""
    char = text[i]
    if char == ".":
        if i >= 1 and text[i - 1].isupper() and (i < 2 or not text[i - 2].isalnum()):
            return False
        if i >= 2 and text[i - 1].islower() and text[i - 2] == ".":
            return False
        return not (
            i >= 1 and text[i - 1].isdigit() and i + 1 < len(text) and text[i + 1].isdigit()
        )
    return char in _SENTENCE_END or _is_symbol(char)


def _starts_sentence(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or _ends_sentence(text, i)
