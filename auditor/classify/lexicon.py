"""Word lists, loaded once per run into one Aho-Corasick automaton.

Each list lives in `data/<lang>/<list>/items.txt` (one lowercase entry per line,
optional `exceptions.txt` beside it); the list's name is its folder and lists of the
same name in different languages are merged, so every rule reads Dutch and English
at once without guessing the language. An entry may start or end with `*`: the word
may then go on past that end, which is how Dutch compounds are caught
(`*vergadering` matches "teamvergadering").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

import ahocorasick

DATA = resources.files("auditor.classify") / "data"
LANGUAGES = ("nl", "en", "intl")


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    entry: str
    list: str


@dataclass(frozen=True, slots=True)
class _Pattern:
    list: str
    entry: str
    open_left: bool
    open_right: bool
    exception: bool


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def read_list_file(path) -> list[str]:
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("# ")]


def load_lists(names: Iterable[str] | None = None) -> dict[str, tuple[list[str], list[str]]]:
    """All word lists by name, as (items, exceptions), merged over the languages."""
    wanted = set(names) if names is not None else None
    lists: dict[str, tuple[list[str], list[str]]] = {}
    for lang in LANGUAGES:
        lang_dir = DATA / lang
        if not lang_dir.is_dir():
            continue
        for list_dir in sorted(lang_dir.iterdir(), key=lambda p: p.name):
            if not list_dir.is_dir() or (wanted is not None and list_dir.name not in wanted):
                continue
            items, exceptions = lists.setdefault(list_dir.name, ([], []))
            items += read_list_file(list_dir / "items.txt")
            exceptions += read_list_file(list_dir / "exceptions.txt")
    return lists


class Lexicon:
    """Every phrase list in one automaton; `scan` finds all of them in one pass."""

    def __init__(self, lists: Mapping[str, tuple[Iterable[str], Iterable[str]]]):
        self._automaton = ahocorasick.Automaton()
        patterns: dict[str, list[_Pattern]] = defaultdict(list)
        self.names = frozenset(lists)
        for name, (items, exceptions) in lists.items():
            for raw, exception in [(i, False) for i in items] + [(e, True) for e in exceptions]:
                key = raw.strip("*").lower()
                if not key:
                    continue
                pattern = _Pattern(name, key, raw.startswith("*"), raw.endswith("*"), exception)
                if pattern not in patterns[key]:
                    patterns[key].append(pattern)
        for key, value in patterns.items():
            self._automaton.add_word(key, (len(key), tuple(value)))
        if patterns:
            self._automaton.make_automaton()
        self._empty = not patterns

    def scan(self, lower: str) -> dict[str, list[Match]]:
        """Matches per list in `lower` (already lowercased), whole words unless `*`."""
        found: dict[str, list[Match]] = defaultdict(list)
        if self._empty or not lower:
            return found
        exceptions: dict[str, list[Match]] = defaultdict(list)
        size = len(lower)
        for last, (length, patterns) in self._automaton.iter(lower):
            start, end = last - length + 1, last + 1
            for p in patterns:
                if (
                    not p.open_left
                    and start > 0
                    and _is_word(lower[start])
                    and _is_word(lower[start - 1])
                ):
                    continue
                if (
                    not p.open_right
                    and end < size
                    and _is_word(lower[end - 1])
                    and _is_word(lower[end])
                ):
                    continue
                target = exceptions if p.exception else found
                target[p.list].append(Match(start, end, p.entry, p.list))
        for name, vetoes in exceptions.items():
            if name in found:
                found[name] = [
                    m
                    for m in found[name]
                    if not any(v.start <= m.start and m.end <= v.end for v in vetoes)
                ]
        return found
