"""Every regular expression of the classifier and the redactor, fed pathological input.

Usage: python benchmarks/regex_linear.py [--lengths 1000 10000 100000] [--only TEXT]
                                         [--no-classify]

Finds every compiled pattern in auditor/classify/patterns.py, auditor/classify/rules/,
the rest of auditor/classify and auditor/redaction/: module constants, the patterns a
rule or the resources build from the word lists, literal patterns passed to re.*()
at a call site, and the redactor's per-name pattern. For each it builds inputs from
the pattern's own syntax tree:

- runs: a long run of each kind of character one of its repeats consumes;
- near misses: a match of each alternative with its last character left off or
  changed, repeated back to back and with a space between.

Each input is cut to each length and timed twice: the pattern alone (finditer over
the whole text), and one post with that text through the classifier and the
redacted excerpt a weekly e-mail shows. Linear time shows as ~10x per 10x length;
a ratio above SUPER_LINEAR is marked, and listed again at the end.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import itertools
import multiprocessing
import pkgutil
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from re import _constants as sre
from re import _parser as sre_parse

from auditor.classify import Classifier
from auditor.config import load_config
from auditor.model import Account, Post
from auditor.redaction.redactor import Redactor

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("auditor.classify", "auditor.classify.rules")
MODULES = ("auditor.redaction.redactor",)
LENGTHS = (1_000, 10_000, 100_000)
SUPER_LINEAR = 30.0  # a 10x longer text taking more than 30x as long
NOISE_MS = 2.0  # below this at the longest length, a ratio is noise
# Characters tried against each character class: ASCII, Dutch and other letters,
# digits of other scripts, spaces, and some symbols and emoji.
POOL = (
    "aZ09_ -.,:;/@#+()[]'\"’!?\n\t&%*=<>\\|"
    + "éëïßİçñ中ش٣\u00a0\u2028😀"
    + "".join(chr(c) for c in range(ord("b"), ord("z")))
    + "ABCEFHTVY"
)


@dataclass
class Subject:
    """One pattern and the inputs made for it."""

    name: str
    pattern: re.Pattern[str]
    inputs: dict[str, str] = field(default_factory=dict)  # input name -> repeating unit


# --- finding the patterns -------------------------------------------------------------


def modules() -> list[str]:
    """Every module of the classifier and its rules, and the redactor."""
    names = list(PACKAGES)
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        names += [f"{package_name}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]
    return sorted(set(names) | set(MODULES))


def module_patterns(module_name: str) -> Iterator[tuple[str, re.Pattern[str]]]:
    """Compiled patterns bound to names in a module, and in its classes."""
    module = importlib.import_module(module_name)
    short = module_name.removeprefix("auditor.")
    for name, value in vars(module).items():
        if isinstance(value, re.Pattern):
            yield f"{short}.{name}", value
        elif inspect.isclass(value) and value.__module__ == module_name:
            for attr, inner in vars(value).items():
                if isinstance(inner, re.Pattern):
                    yield f"{short}.{name}.{attr}", inner


def call_site_patterns(module_name: str) -> Iterator[tuple[str, re.Pattern[str]]]:
    """Literal patterns passed straight to re.search(), re.sub(), ... in a module's source."""
    module = importlib.import_module(module_name)
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    short = module_name.removeprefix("auditor.")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.func.attr != "compile"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield f"{short}:{node.lineno} re.{node.func.attr}", re.compile(node.args[0].value)


def instance_patterns(classifier: Classifier) -> Iterator[tuple[str, re.Pattern[str]]]:
    """Patterns the rules and the resources build at start-up, from the word lists."""
    owners = [("resources", classifier.resources)]
    owners += [(type(rule).__name__, rule) for _, rules in classifier.rules for rule in rules]
    for owner_name, owner in owners:
        names = list(getattr(owner, "__dict__", {})) + list(getattr(owner, "__slots__", ()))
        for attr in names:
            value = getattr(owner, attr, None)
            if isinstance(value, re.Pattern):
                yield f"{owner_name}.{attr}", value


def discover(classifier: Classifier) -> dict[str, re.Pattern[str]]:
    """Every pattern the classifier and the redactor use, by a readable name."""
    found: dict[str, re.Pattern[str]] = {}
    for module_name in modules():
        found.update(module_patterns(module_name))
        found.update(call_site_patterns(module_name))
    found.update(instance_patterns(classifier))
    # redaction.redactor.Redactor finds every other occurrence of a name it redacts with an f-string
    found["redaction.redactor.Redactor (every occurrence of a name)"] = re.compile(
        rf"(?<!\w){re.escape('Daan')}(?!\w)"
    )
    unique: dict[str, re.Pattern[str]] = {}
    for name, pattern in found.items():
        if pattern not in unique.values():
            unique[name] = pattern
    return unique


# --- building inputs from a pattern's syntax tree ------------------------------------


_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}


def _same(a: str, b: str, ignore_case: bool) -> bool:
    return a == b or (ignore_case and a.lower() == b.lower())


def _class_regex(items) -> str:
    """A character class of the syntax tree as regex text again, e.g. [^\\w.-]."""
    parts = []
    for op, arg in items:
        if op is sre.NEGATE:
            parts.insert(0, "^")
        elif op is sre.LITERAL:
            parts.append(re.escape(chr(arg)))
        elif op is sre.RANGE:
            parts.append(f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}")
        elif op is sre.CATEGORY:
            parts.append(_CATEGORIES.get(arg, ""))
    return f"[{''.join(parts)}]"


def _in_set(items, char: str, ignore_case: bool) -> bool:
    flags = re.IGNORECASE if ignore_case else 0
    return re.fullmatch(_class_regex(items), char, flags) is not None


def _first_chars(items, ignore_case: bool) -> list[str]:
    """Characters that can start a match of a sequence of pattern items."""
    for op, arg in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue
        if op is sre.LITERAL:
            return [c for c in POOL if _same(chr(arg), c, ignore_case)] or [chr(arg)]
        if op is sre.NOT_LITERAL:
            return [c for c in POOL if not _same(chr(arg), c, ignore_case)]
        if op is sre.ANY:
            return [c for c in POOL if c != "\n"]
        if op is sre.IN:
            return [c for c in POOL if _in_set(arg, c, ignore_case)]
        if op is sre.SUBPATTERN:
            flags = arg[1] & ~arg[2]
            inner_case = (ignore_case or bool(flags & re.I)) and not arg[2] & re.I
            return _first_chars(arg[3], inner_case)
        if op is sre.BRANCH:
            return sorted({c for branch in arg[1] for c in _first_chars(branch, ignore_case)})
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            return _first_chars(arg[2], ignore_case)
        if op is sre.ATOMIC_GROUP:
            return _first_chars(arg, ignore_case)
        return list(POOL)
    return []


def _spread(chars: list[str]) -> list[str]:
    """At most one character of each kind (letter, digit, space, other), in pool order."""
    kinds: dict[str, str] = {}
    for char in chars:
        kind = (
            "letter" if char.isalpha() else "digit" if char.isdigit() else "space"
            if char.isspace() else char
        )  # fmt: skip
        kinds.setdefault(kind if kind in ("letter", "digit", "space") else "other", char)
    return list(kinds.values())


def _walk_repeats(items, ignore_case: bool) -> Iterator[tuple[object, bool]]:
    """Every repeat node (with the case flag in force there)."""
    for op, arg in items:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            if arg[1] is sre.MAXREPEAT or arg[1] > 1:
                yield arg[2], ignore_case
            yield from _walk_repeats(arg[2], ignore_case)
        elif op is sre.SUBPATTERN:
            inner_case = (ignore_case or bool(arg[1] & re.I)) and not arg[2] & re.I
            yield from _walk_repeats(arg[3], inner_case)
        elif op is sre.BRANCH:
            for branch in arg[1]:
                yield from _walk_repeats(branch, ignore_case)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            yield from _walk_repeats(arg[1], ignore_case)
        elif op is sre.ATOMIC_GROUP:
            yield from _walk_repeats(arg, ignore_case)


def _example(items, ignore_case: bool, stretch: bool, groups: dict[int, str]) -> str:
    """A string matching a sequence of items (first alternative, small repeats)."""
    out = []
    for op, arg in items:
        if op is sre.LITERAL:
            out.append(chr(arg))
        elif op in (sre.NOT_LITERAL, sre.ANY, sre.IN):
            chars = _first_chars([(op, arg)], ignore_case)
            letters = [c for c in chars if c.isalnum() and c.isascii()]
            out.append((letters or chars or ["a"])[0])
        elif op is sre.SUBPATTERN:
            inner_case = (ignore_case or bool(arg[1] & re.I)) and not arg[2] & re.I
            text = _example(arg[3], inner_case, stretch, groups)
            if arg[0]:
                groups[arg[0]] = text
            out.append(text)
        elif op is sre.BRANCH:
            out.append(_example(arg[1][0], ignore_case, stretch, groups))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high = arg[0], arg[1]
            count = max(low, 1)
            if stretch:
                count = max(low, min(12 if high is sre.MAXREPEAT else high, 12))
            out.append(_example(arg[2], ignore_case, stretch, groups) * count)
        elif op is sre.GROUPREF:
            out.append(groups.get(arg, ""))
        elif op is sre.ATOMIC_GROUP:
            out.append(_example(arg, ignore_case, stretch, groups))
    return "".join(out)


def _alternatives(parsed) -> list[list]:
    """The top-level alternatives of a pattern, one item list each."""
    items = list(parsed)
    if len(items) == 1 and items[0][0] is sre.BRANCH:
        return list(items[0][1][1])
    return [items]


def inputs_for(pattern: re.Pattern[str]) -> dict[str, str]:
    """Repeating units of pathological text for one pattern, by a short description."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    units: dict[str, str] = {}
    for body, case in _walk_repeats(list(parsed), ignore_case):
        for char in _spread(_first_chars(body, case)):
            units.setdefault(f"run of {char!r}", char)
    for index, alternative in enumerate(_alternatives(parsed)):
        for stretch in (False, True):
            match = _example(alternative, ignore_case, stretch, {})
            label = f"alt {index + 1}{' long' if stretch else ''}"
            if len(match) >= 2:
                changed = "#" if match[-1] != "#" else "x"
                units.setdefault(f"{label}: match, last char dropped", match[:-1])
                units.setdefault(f"{label}: match, last char changed", match[:-1] + changed)
                units.setdefault(f"{label}: match minus last char, spaced", match[:-1] + " ")
            if match:
                units.setdefault(f"{label}: matches back to back", match)
    return units


def text_of(unit: str, length: int) -> str:
    return (unit * (length // max(1, len(unit)) + 1))[:length]


# --- timing --------------------------------------------------------------------------

_CLASSIFIER: Classifier | None = None  # set before the worker forks, inherited by it


def post_with(text: str) -> Post:
    return Post(
        id="bench",
        platform="x",
        created_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
        text=text,
        account=Account(handle="bench", bio="Juf groep 5", role="leerkracht"),
        in_reply_to="x:1",
    )


def _measure(pattern: re.Pattern[str] | None, text: str, repeat: int) -> float:
    """Best of `repeat` runs, in ms: finditer of the pattern, or one post when it is None."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        if pattern is not None:
            sum(1 for _ in pattern.finditer(text))
        else:
            assert _CLASSIFIER is not None
            post = post_with(text)
            Redactor("nl").excerpt(post, _CLASSIFIER.classify(post))
        best = min(best, time.perf_counter() - started)
    return best * 1000


class Worker:
    """A child process that does the timing, killed and replaced when one run hangs.

    Catastrophic backtracking cannot be interrupted inside the process running it.
    """

    def __init__(self, timeout: float):
        self.timeout = timeout
        self._context = multiprocessing.get_context("fork")
        self._pool = self._context.Pool(1)

    def ms(self, pattern: re.Pattern[str] | None, text: str, repeat: int) -> float | None:
        """The time in ms, or None when it took longer than the timeout."""
        result = self._pool.apply_async(_measure, (pattern, text, repeat))
        try:
            return result.get(self.timeout)
        except multiprocessing.TimeoutError:
            self._pool.terminate()
            self._pool = self._context.Pool(1)
            return None

    def series(self, pattern, unit: str, lengths: list[int], repeat: int) -> list[float | None]:
        """Times at each length; after a timeout the longer lengths are not tried."""
        times: list[float | None] = []
        for length in lengths:
            took = self.ms(pattern, text_of(unit, length), repeat) if None not in times else None
            times.append(took)
        return times

    def close(self) -> None:
        self._pool.terminate()


def ratios(times: list[float | None]) -> list[float]:
    out = []
    for a, b in itertools.pairwise(times):
        if a is None or b is None:
            out.append(float("inf"))
        else:
            out.append(b / a if a > 0 else float("inf"))
    return out


def is_super_linear(times: list[float | None]) -> bool:
    if None in times:
        return True
    return times[-1] >= NOISE_MS and any(r > SUPER_LINEAR for r in ratios(times))


def fmt(times: list[float | None], timeout: float) -> str:
    cells = " ".join(
        f"{t:9.2f}" if t is not None else f"{'>' + format(timeout, 'g') + 's':>9}" for t in times
    )
    return (
        cells
        + " "
        + " ".join(f"{r:6.1f}x" if r != float("inf") else "     -" for r in ratios(times))
    )


def main(argv: list[str] | None = None) -> int:
    global _CLASSIFIER
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=list(LENGTHS))
    parser.add_argument("--only", help="Only patterns whose name contains this text.")
    parser.add_argument(
        "--no-classify", action="store_true", help="Time the patterns alone, not the classifier."
    )
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="Seconds before one timing counts as a hang."
    )
    args = parser.parse_args(argv)
    lengths = sorted(args.lengths)
    _CLASSIFIER = Classifier(load_config(ROOT / "examples/org.toml").organisation)
    subjects = [
        Subject(name, pattern, inputs_for(pattern))
        for name, pattern in discover(_CLASSIFIER).items()
        if not args.only or args.only in name
    ]
    print(f"python {sys.version.split()[0]}; lengths {', '.join(map(str, lengths))} characters")
    print(f"{len(subjects)} patterns, {sum(len(s.inputs) for s in subjects)} inputs", flush=True)
    header = " ".join(f"{n:>9}" for n in lengths)
    flagged: list[str] = []
    worker = Worker(args.timeout)
    try:
        for subject in subjects:
            shown = " ".join(subject.pattern.pattern.split())
            print(f"\n{subject.name}: /{shown[:90]}/")
            print(f"  {'input':<44} ms per finditer: {header}   ratios")
            worst: tuple[float, str] = (-1.0, "")
            for label, unit in subject.inputs.items():
                times = worker.series(subject.pattern, unit, lengths, 3)
                mark = "  SUPER-LINEAR" if is_super_linear(times) else ""
                print(f"  {label[:44]:<44} {'':16}{fmt(times, args.timeout)}{mark}", flush=True)
                if mark:
                    flagged.append(
                        f"{subject.name}, {label!r}: finditer {fmt(times, args.timeout)}"
                    )
                longest = times[-1] if times[-1] is not None else float("inf")
                if longest > worst[0]:
                    worst = (longest, label)
            if args.no_classify or not worst[1]:
                continue
            for label in dict.fromkeys([worst[1], next(iter(subject.inputs))]):
                times = worker.series(None, subject.inputs[label], lengths, 1)
                mark = "  SUPER-LINEAR" if is_super_linear(times) else ""
                print(
                    f"  {label[:44]:<44} ms per post:     {fmt(times, args.timeout)}{mark}",
                    flush=True,
                )
                if mark:
                    flagged.append(
                        f"{subject.name}, {label!r}: per post {fmt(times, args.timeout)}"
                    )
    finally:
        worker.close()
    print(
        f"\n{len(flagged)} super-linear (a ratio above {SUPER_LINEAR:g}x per 10x length, or a hang):"
    )
    for line in flagged:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
