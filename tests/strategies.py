"""Hypothesis strategies shared by the property-based tests: hostile text and JSON shapes.

Random JSON rarely reaches the code behind a parser's first check, so the shapes are
built from the field names and typical values of the format under test, mixed with
the values that break parsers in practice: lone surrogates, NUL and other control
characters, right-to-left overrides, dates at the ends of the calendar, numbers with
thousands of digits.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Property tests must be stable in CI: no deadline, a modest number of examples.
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)

HOSTILE_STRINGS = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud800",
    "\udfff tekst",
    "\ud83d",  # half of an emoji, as clients that cut text by UTF-16 units leave it
    "\u202e\u2066Daan\u2069",
    "שלום עולם",
    "مرحبا بالعالم",
    "👩\u200d👩\u200d👧\u200d👦🏳️\u200d🌈",
    "\x07\x1b[31m\r\n\x85\u2028",
    "İ ß ﬁ Ǆ",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    "2026-11-20T09:14:00Z",
    "2026-11-20T09:14:00",
    "2026-11-20T09:14:00+0000",
    "2026-02-30T09:14:00Z",
    "NaN",
    "-1",
    "1" * 30,
    "https://example.org/a?b=c&d=<e>",
    "<script>alert(1)</script>",
    "~nobody-here/x",
)


def hostile_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Any text, including lone surrogates, or one of the strings that break parsers."""
    return st.sampled_from(HOSTILE_STRINGS) | st.text(max_size=max_size)


def scalars(words: tuple[str, ...] = (), largest: int = 2**70) -> st.SearchStrategy:
    return (
        st.none()
        | st.booleans()
        | st.integers(min_value=-largest, max_value=largest)
        | st.floats(allow_nan=True, allow_infinity=True)
        | hostile_text()
        | (st.sampled_from(words) if words else st.nothing())
    )


def json_shaped(
    keys: tuple[str, ...], words: tuple[str, ...] = (), *, largest: int = 2**70, leaves: int = 30
) -> st.SearchStrategy:
    """JSON-like values whose object keys are mostly the format's own field names."""
    names = st.sampled_from(keys) | st.text(max_size=4)
    return st.recursive(
        scalars(words, largest),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(names, inner, max_size=8),
        max_leaves=leaves,
    )


def objects(keys: tuple[str, ...], words: tuple[str, ...] = (), **kw) -> st.SearchStrategy[dict]:
    """A JSON object with the format's keys, each holding any shaped value."""
    value = json_shaped(keys, words, **kw)
    return st.dictionaries(st.sampled_from(keys), value, max_size=len(keys))
