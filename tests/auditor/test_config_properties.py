"""The organisation config: any file gives a usable Config or one ConfigError naming the file.

"Usable" matters as much as "parsed": a value the parser let through must not crash
the command that uses it later (a path with a NUL byte, a sender with a line break),
so every Config that loads is checked the way the store and the mailer use it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tomllib
import uuid
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auditor.config import _SECTION_KEYS, Config, load_config, parse_config
from auditor.errors import ConfigError
from tests.strategies import PROPERTY, hostile_text

SECTIONS = ("organisation", *_SECTION_KEYS, "fetch.base_urls", "unknown")
KEYS = (
    "name",
    "aliases",
    "schools",
    "places",
    "official_handles",
    "hashtags",
    *{key for keys in _SECTION_KEYS.values() for key in keys},
    "x",
    "mastodon",
)
ORG = '[organisation]\nname = "Stichting Testscholen"\n'

# TOML values, as text, that reach every branch of the checks.
TOML_VALUES = st.sampled_from(
    [
        '""',
        '"  "',
        '"audit.db"',
        '"~nobody-here/audit.db"',
        '"a\\u0000b"',
        '"social-audit <audit@school.example>"',
        '"audit@school.example\\nBcc: everyone@example.org"',
        '"postgresql://audit@db/audit"',
        '"postgresql://audit:secret@db/audit"',
        '"postgresql://[db/audit"',
        '"http://127.0.0.1:8400/x"',
        '"outbox"',
        '"smtp"',
        '"starttls"',
        '"SOCIAL_AUDIT_DB_URL"',
        "0",
        "-1",
        "1",
        "90",
        "1e400",
        "nan",
        "inf",
        "true",
        "1979-05-27T07:32:00Z",
        "[]",
        '["a", ""]',
        '["@Foo", "#bar"]',
        "[[1], [2]]",
        '{ x = "http://127.0.0.1/x" }',
        "[" * 3000 + "]" * 3000,
        "{a=" * 1000 + "1" + "}" * 1000,
    ]
)


@st.composite
def toml_texts(draw) -> str:
    """TOML-ish text: known sections and keys with awkward values, and some noise."""
    parts = [ORG] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            parts.append(f"[{draw(st.sampled_from(SECTIONS))}]\n")
        elif kind == 1:
            parts.append(draw(hostile_text()) + "\n")
        else:
            key = draw(st.sampled_from(KEYS))
            parts.append(f"{key} = {draw(TOML_VALUES)}\n")
    return "".join(parts)


toml_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats()
    | hostile_text()
    | st.sampled_from(["audit.db", "postgresql://a@b/c", "http://127.0.0.1/x", "smtp", "@x"])
    | st.datetimes(timezones=st.none() | st.just(dt.UTC))
    | st.dates()
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner),
    max_leaves=12,
)


def assert_usable(config: Config) -> None:
    """What the commands do with a loaded config must not fail on its values."""
    assert isinstance(config, Config)
    paths = [config.path, config.mail.outbox, config.secrets_file, config.store.path]
    for path in filter(None, paths):
        with contextlib.suppress(OSError):
            os.stat(path)  # a NUL byte in a path would raise ValueError here
    message = EmailMessage()
    message["From"] = config.mail.sender  # a line break would raise ValueError here
    if config.mail.reply_to:
        message["Reply-To"] = config.mail.reply_to
    for warning in config.warnings:
        assert "\n" not in warning


def outcome(load: Callable[[], Config]) -> Config | ConfigError:
    """The config, or the ConfigError that refused it; any other exception propagates."""
    try:
        return load()
    except ConfigError as exc:
        return exc


def loads_or_refuses(path: Path) -> None:
    result = outcome(lambda: load_config(path))
    if isinstance(result, ConfigError):
        assert str(path) in str(result)
        assert "\n" not in str(result)
    else:
        assert_usable(result)


def write(tmp_path: Path, data: bytes) -> Path:
    """A config file in a folder of its own (hypothesis reuses tmp_path)."""
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    path = folder / "org.toml"
    path.write_bytes(data)
    return path


@PROPERTY
@given(text=toml_texts())
@example(text=ORG + "[store]\npath = " + "[" * 3000 + "]" * 3000 + "\n")
@example(text=ORG + '[store]\npath = "a\\u0000b"\n')
@example(text=ORG + '[store]\npath = "~nobody-here/audit.db"\n')
@example(text=ORG + '[store]\nurl = "postgresql://[db/audit"\n')
@example(text=ORG + '[mail]\nfrom = "audit@school.example\\nBcc: x@example.org"\n')
@example(text=ORG + '[mail]\noutbox = "out\\u0000box"\n')
@example(text=ORG + '[secrets]\nfile = "secrets\\u0000.env"\n')
def test_any_text_loads_or_is_one_config_error_naming_the_file(tmp_path, text):
    loads_or_refuses(write(tmp_path, text.encode("utf-8", "surrogatepass")))


@PROPERTY
@given(data=st.binary(max_size=200))
def test_any_bytes_load_or_are_one_config_error_naming_the_file(tmp_path, data):
    loads_or_refuses(write(tmp_path, data))


@PROPERTY
@given(
    sections=st.dictionaries(
        st.sampled_from(SECTIONS), st.dictionaries(st.sampled_from(KEYS), toml_values) | toml_values
    )
)
def test_any_parsed_values_give_a_config_or_a_config_error(sections):
    path = Path("/etc/social-audit/org.toml")
    data = {"organisation": {"name": "Stichting Testscholen"}, **sections}
    result = outcome(lambda: parse_config(data, path))
    if isinstance(result, ConfigError):
        assert str(result).startswith(f"{path}:")
    else:
        assert_usable(result)


def test_a_config_saved_with_a_byte_order_mark_loads(tmp_path):
    """Windows Notepad saves UTF-8 with a BOM; tomllib alone calls that invalid TOML."""
    path = write(tmp_path, b"\xef\xbb\xbf" + ORG.encode())
    assert load_config(path).organisation.name == "Stichting Testscholen"


def test_the_toml_reader_itself_is_not_trusted_with_depth():
    """Why the config loader guards tomllib: it recurses once per nesting level."""
    with pytest.raises(RecursionError):
        tomllib.loads("a = " + "[" * 3000 + "]" * 3000)
