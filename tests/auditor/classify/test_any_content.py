"""Texts of any size and content classify, and redact, without error.

Extends test_classifier.py (random short texts, a few huge ones) with what posts
really carry: nothing at all, 100,000 characters of one kind, emoji sequences, every
control character, right-to-left scripts with direction overrides, combining marks,
and lone surrogates as a JSON file delivers them. Each text is tried as the post, as
the bio and as an alt text, since evidence can point into each; the verdict must fit
the post and be writable as UTF-8, and the redacted excerpt an e-mail shows too.
"""

from __future__ import annotations

import io
import json

import pytest

from auditor.jsonl import read_jsonl
from auditor.model import Media, post_from_dict, verdict_to_dict
from auditor.redaction.redactor import Redactor
from tests.conftest import make_post

LENGTH = 100_000
CONTROLS = "".join(chr(c) for c in [*range(0, 32), *range(127, 160)])
TEXTS = {
    "empty": "",
    "only spaces and line breaks": " \n\t\r\u00a0\u2028\u3000" * 3,
    "only emoji": ("👩\u200d👩\u200d👧\u200d👦🏳️\u200d🌈🇳🇱👍🏽" * LENGTH)[:LENGTH],
    "control characters": (CONTROLS * LENGTH)[:LENGTH],
    "control characters around a pupil": CONTROLS + "Daan\x00uit groep\x075" + CONTROLS,
    "right-to-left": ("\u202eDaan uit groep 5\u202c שלום عالم \u2067x\u2069 " * LENGTH)[:LENGTH],
    "combining marks": ("D\u0301\u0302\u0303a\u0334an uit groep 5 " * LENGTH)[:LENGTH],
    "case that changes length": ("İstanbul ßtraße ﬁets Ǆ groep 5 " * LENGTH)[:LENGTH],
    "one long word": "groep" + "5" * LENGTH,
    "many short matches": ("06-12345678 " * LENGTH)[:LENGTH],
    "dutch prose": ("Daan uit groep 5 las voor; bel zijn moeder op 06-12345678. " * 2000)[:LENGTH],
}


def check(classifier, post) -> None:
    verdict = classifier.classify(post)
    verdict.check(post)  # every evidence span lies inside the text it names
    json.dumps(verdict_to_dict(verdict, trace=True), ensure_ascii=False).encode("utf-8")
    for lang in ("nl", "en"):
        excerpt = Redactor(lang).excerpt(post, verdict)
        excerpt.encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("name", TEXTS)
def test_any_text_as_post_bio_or_alt_text(classifier, name):
    text = TEXTS[name]
    check(classifier, make_post(text))
    short = text[:2000]
    check(classifier, make_post("Lekker gefietst.", bio=short))
    check(classifier, make_post("Ons uitje", media=(Media("photo", short),)))


def test_lone_surrogates_from_a_json_file(classifier):
    """JSON may escape half a surrogate pair; the reader cleans it, the verdict is UTF-8."""
    line = (
        '{"id": "p\\ud800", "platform": "x", "created_at": "2026-11-20T09:00:00Z",'
        ' "text": "Daan \\ud83d uit groep 5 \\udc00\\udc00 was jarig",'
        ' "media": [{"alt_text": "groep 5 \\udfff"}],'
        ' "account": {"handle": "juf\\ud800", "bio": "Juf \\udbff groep 5"}}\n'
    )
    [(_, data)] = read_jsonl(io.BytesIO(line.encode()), name="posts.jsonl")
    post = post_from_dict(data)
    check(classifier, post)
    verdict = classifier.classify(post)
    assert "pupil_data" in verdict.flags
