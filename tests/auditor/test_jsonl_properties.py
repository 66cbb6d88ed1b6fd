"""Posts as JSON Lines: any input gives posts or an InputError naming the line, never a crash.

Three layers, from the reader to the command: `read_jsonl` on any bytes,
`post_from_dict` on objects of any shape built from FORMATS.md's field names, and
`social-audit classify` on whole files of such lines, where the promise is exit 0 or
exit 2 with one line that names the line, never a traceback.
"""

from __future__ import annotations

import io
import json
import uuid

from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import strategies as st

from auditor.cli import main
from auditor.errors import InputError
from auditor.jsonl import read_jsonl
from auditor.model import Post, post_from_dict
from tests.conftest import ORG_TOML
from tests.strategies import PROPERTY, hostile_text, json_shaped

POST_KEYS = ("id", "platform", "created_at", "text", "url", "lang", "media", "in_reply_to")
ACCOUNT_KEYS = ("handle", "kind", "bio", "role")
MEDIA_KEYS = ("type", "alt_text", "url")
WORDS = ("x", "facebook", "mastodon", "other", "personal", "official", "photo", "nl", "en")
VALID = {
    "id": "p1",
    "platform": "x",
    "created_at": "2026-11-20T09:00:00Z",
    "text": "Daan uit groep 5 was jarig",
    "account": {"handle": "juf", "kind": "personal", "bio": "Juf groep 5"},
}
# Lines that broke the reader before: a number longer than int() reads, and nesting
# deeper than the decoder's recursion limit.
LONG_NUMBER = b'{"id": ' + b"7" * 5000 + b"}"
DEEP = b"[" * 100_000 + b"]" * 100_000


@st.composite
def post_objects(draw) -> dict:
    """A valid post with some fields, or some of its account's or media's, replaced."""
    post = json.loads(json.dumps(VALID))
    shaped = json_shaped(POST_KEYS + ACCOUNT_KEYS + MEDIA_KEYS, WORDS)
    for key in draw(st.lists(st.sampled_from(POST_KEYS), max_size=3)):
        post[key] = draw(shaped)
    for key in draw(st.lists(st.sampled_from(ACCOUNT_KEYS), max_size=2)):
        post["account"][key] = draw(hostile_text() | shaped)
    if draw(st.booleans()):
        media = draw(st.dictionaries(st.sampled_from(MEDIA_KEYS), hostile_text() | shaped))
        post["media"] = [media]
    if draw(st.booleans()):
        post["account"] = draw(shaped)
    return post


def encoded(value) -> bytes:
    """One JSON line as a platform or a script would write it (surrogates escaped)."""
    return json.dumps(value, ensure_ascii=True).encode()


lines = st.lists(
    post_objects().map(encoded)
    | st.binary(max_size=60)
    | st.sampled_from([LONG_NUMBER, b'{"id": 1e999999}', b"\xef\xbb\xbf{}", b"\x00", b"NaN"]),
    max_size=6,
)


def read_all(data: bytes, skipped: list[int] | None = None) -> list[Post | InputError]:
    """What the classify command does per line: a Post, or the InputError naming the line."""
    results: list[Post | InputError] = []
    try:
        for number, value in read_jsonl(io.BytesIO(data), name="posts.jsonl", skipped=skipped):
            try:
                results.append(post_from_dict(value))
            except InputError as exc:
                results.append(InputError(exc.detail, source="posts.jsonl", line=number))
    except InputError as exc:
        results.append(exc)
    return results


@PROPERTY
@given(lines=lines)
@example(lines=[LONG_NUMBER])
@example(lines=[DEEP])
@example(lines=[encoded({**VALID, "id": "\ud800"})])
@example(lines=[encoded({**VALID, "created_at": "0001-01-01T00:00:00+01:00"})])
def test_any_line_is_a_post_or_an_input_error_naming_it(lines):
    data = b"\n".join(lines)
    for result in read_all(data):
        if isinstance(result, InputError):
            assert result.source == "posts.jsonl"
            assert result.line is not None and 1 <= result.line <= len(lines)
            assert "\n" not in str(result)
        else:
            assert isinstance(result, Post)
            # what the classify command writes must be writable as UTF-8
            result.id.encode("utf-8")
            result.text.encode("utf-8")


@PROPERTY
@given(lines=lines)
def test_with_skipping_the_reader_never_raises_and_skips_exactly_the_bad_lines(lines):
    data = b"\n".join(lines)
    skipped: list[int] = []
    good = [
        number for number, _ in read_jsonl(io.BytesIO(data), name="posts.jsonl", skipped=skipped)
    ]
    blank = [n for n, line in enumerate(data.split(b"\n"), 1) if not line.strip()]
    assert sorted(good + skipped + blank) == list(range(1, len(data.split(b"\n")) + 1))


def classify(tmp_path, data: bytes, *extra: str):
    """The command on a file of `data`, in a folder of its own (hypothesis reuses tmp_path)."""
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    source, target = folder / "posts.jsonl", folder / "verdicts.jsonl"
    source.write_bytes(data)
    result = CliRunner().invoke(
        main,
        [
            "classify",
            "--config",
            str(ORG_TOML),
            "--input",
            str(source),
            "--output",
            str(target),
            *extra,
        ],
    )
    return result, target


@PROPERTY
@given(lines=lines)
@example(lines=[encoded(VALID), DEEP])
@example(lines=[encoded({**VALID, "id": "\ud800"})])
def test_the_classify_command_exits_0_or_2_with_one_line_naming_the_line(tmp_path, lines):
    data = b"\n".join(lines)
    result, target = classify(tmp_path, data)
    assert result.exit_code in (0, 2), result.output
    assert isinstance(result.exception, SystemExit | None), result.exception
    assert "Traceback" not in result.output
    outcomes = read_all(data)
    failures = [o for o in outcomes if isinstance(o, InputError)]
    if failures:
        assert result.exit_code == 2
        message = result.stderr.strip()
        assert "\n" not in message
        assert message.startswith(
            f"Error: {target.parent / 'posts.jsonl'}, line {failures[0].line}"
        )
    else:
        assert result.exit_code == 0
        written = target.read_text(encoding="utf-8") if target.exists() else ""
        assert [json.loads(line)["id"] for line in written.splitlines()] == [o.id for o in outcomes]


@PROPERTY
@given(lines=lines)
def test_with_skip_invalid_every_good_line_gets_a_verdict(tmp_path, lines):
    data = b"\n".join(lines)
    result, target = classify(tmp_path, data, "--skip-invalid")
    assert result.exit_code == 0, result.output
    posts = [o for o in read_all(data, skipped=[]) if isinstance(o, Post)]
    written = target.read_text(encoding="utf-8") if target.exists() else ""
    assert [json.loads(line)["id"] for line in written.splitlines()] == [p.id for p in posts]
