"""Any input to any importer either parses or ends in ArchiveError, never another exception.

Three kinds of input per format: arbitrary bytes, records of arbitrary shape built from the
format's own field names (so the mappings are reached), and the conformance file with
random damage (cut, bytes changed, bytes inserted).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.errors import ArchiveError
from auditor.model import Account, Post
from connectors.mapping.html_text import html_to_text
from importers import (
    Limits,
    bluesky,
    facebook,
    instagram,
    linkedin,
    mastodon,
    open_archive,
    x,
)
from importers.mojibake import repair
from tests.importers.conftest import EXPORTS, repo_car

ROBUST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ACCOUNT = Account(handle="h")
LIMITS = Limits(max_depth=16)

PARSERS = {
    "x": x.parse,
    "facebook": facebook.parse,
    "instagram": instagram.parse,
    "linkedin": linkedin.parse,
    "mastodon": mastodon.parse,
    "bluesky": bluesky.parse,
}
SAMPLES = {
    "x": "x-archive/data/tweets.js",
    "facebook": "facebook/your_facebook_activity/posts/your_posts_1.json",
    "instagram": "instagram/your_instagram_activity/content/posts_1.json",
    "linkedin": "linkedin/Shares.csv",
    "mastodon": "mastodon/outbox.json",
    "bluesky": "bluesky/repo.car",
}
# Field names and values each format uses, so that generated records reach the mappings.
KEYS = {
    "x": ["tweet", "id_str", "id", "created_at", "full_text", "text", "lang", "entities",
          "extended_entities", "urls", "url", "expanded_url", "media", "type",
          "media_url_https", "ext_alt_text", "in_reply_to_status_id_str"],
    "facebook": ["timestamp", "data", "post", "attachments", "media", "uri", "title",
                 "description", "place", "external_context"],
    "instagram": ["media", "uri", "creation_timestamp", "title"],
    "mastodon": ["type", "object", "id", "to", "cc", "content", "summary", "published",
                 "url", "inReplyTo", "attachment", "mediaType", "name", "actor", "contentMap"],
    "bluesky": ["$type", "text", "createdAt", "langs", "embed", "images", "alt", "image",
                "mimeType", "media", "reply", "parent", "uri"],
}  # fmt: skip
WORDS = [
    "Create", "Announce", "Note", "https://www.w3.org/ns/activitystreams#Public", "RT @x: hi",
    "Fri Nov 20 09:14:00 +0000 2026", "2026-11-20T09:14:00Z", "2026-11-20T09:14:00",
    "app.bsky.embed.images", "app.bsky.embed.video", "app.bsky.embed.recordWithMedia",
    "a.jpg", "b.mp4", "nl", "\u00c3\u00a9", "<p>a<br>b</p>", "1861234567890000001",
    "at://did:plc:x/app.bsky.feed.post/3a", "",
]  # fmt: skip


def shaped(keys: list[str], largest: int = 2**70) -> st.SearchStrategy:
    """JSON values whose object keys are mostly the format's own field names."""
    names = st.sampled_from(keys) | st.text(max_size=4)
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-largest, max_value=largest)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=20)
        | st.sampled_from(WORDS)
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(names, inner, max_size=6),
        max_leaves=25,
    )


def damaged(original: bytes) -> st.SearchStrategy[bytes]:
    """The file cut short, with bytes changed, or with bytes inserted."""
    positions = st.integers(min_value=0, max_value=len(original))
    cut = positions.map(lambda n: original[:n])
    changed = st.tuples(positions, st.binary(min_size=1, max_size=8)).map(
        lambda p: original[: p[0]] + p[1] + original[p[0] + len(p[1]) :]
    )
    inserted = st.tuples(positions, st.binary(min_size=1, max_size=8)).map(
        lambda p: original[: p[0]] + p[1] + original[p[0] :]
    )
    return cut | changed | inserted


def outcome(posts: Iterator[Post]) -> list[Post] | ArchiveError:
    """The posts, or the ArchiveError that ended the reading; anything else propagates."""
    try:
        return list(posts)
    except ArchiveError as exc:
        return exc


def parses_or_refuses(platform: str, data: bytes) -> None:
    result = outcome(PARSERS[platform](io.BytesIO(data), "f", ACCOUNT, LIMITS))
    if isinstance(result, ArchiveError):
        assert str(result).startswith("f")
        assert "\n" not in str(result)
    else:
        assert all(isinstance(p, Post) and p.platform == platform for p in result)


def sample(platform: str) -> bytes:
    return (EXPORTS / SAMPLES[platform]).read_bytes()


@pytest.mark.parametrize("platform", sorted(PARSERS))
@ROBUST
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes(platform, data):
    parses_or_refuses(platform, data)


@pytest.mark.parametrize("platform", sorted(PARSERS))
@ROBUST
@given(seed=st.data())
def test_damaged_conformance_file(platform, seed):
    parses_or_refuses(platform, seed.draw(damaged(sample(platform))))


@pytest.mark.parametrize("platform", ["x", "facebook", "instagram"])
@ROBUST
@given(seed=st.data())
def test_records_of_any_shape_in_a_json_list(platform, seed):
    items = seed.draw(st.lists(shaped(KEYS[platform]), max_size=4))
    if platform == "x":
        items = [{"tweet": item} for item in items]
    prefix = "window.YTD.tweets.part0 = " if platform == "x" else ""
    parses_or_refuses(platform, (prefix + json.dumps(items)).encode())


@ROBUST
@given(items=st.lists(shaped(KEYS["mastodon"]), max_size=4))
def test_outbox_activities_of_any_shape(items):
    parses_or_refuses("mastodon", json.dumps({"orderedItems": items}).encode())


@ROBUST
@given(
    records=st.dictionaries(
        st.sampled_from(["app.bsky.feed.post/3a", "app.bsky.feed.post/3b", "x/y"]),
        shaped(KEYS["bluesky"], largest=2**63 - 1),
        max_size=3,
    )
)
def test_repository_records_of_any_shape(records):
    parses_or_refuses(
        "bluesky", repo_car({k: v if isinstance(v, dict) else {"v": v} for k, v in records.items()})
    )


csv_cells = st.text(alphabet=st.sampled_from('ab ,"\r\n\u00e9'), max_size=12) | st.sampled_from(
    ["PUBLIC", "MEMBER_NETWORK", "2026-11-20 09:14:00", "https://example.org/a.jpg", ""]
)


@ROBUST
@given(rows=st.lists(st.lists(csv_cells, min_size=0, max_size=7), max_size=5))
def test_shares_csv_rows_of_any_shape(rows):
    lines = ["Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility"]
    lines += [",".join(row) for row in rows]
    parses_or_refuses("linkedin", "\r\n".join(lines).encode())


@ROBUST
@given(seed=st.data())
def test_damaged_zip(seed, tmp_path_factory):
    folder = tmp_path_factory.mktemp("zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("data/tweets.js", "data/account.js"):
            archive.write(EXPORTS / "x-archive" / name, name)
    path = Path(folder) / "export.zip"
    path.write_bytes(seed.draw(damaged(buffer.getvalue())))
    result = outcome(open_archive(path, limits=LIMITS))
    if isinstance(result, ArchiveError):
        assert str(result).startswith(str(path))
    else:
        assert all(p.platform == "x" for p in result)


@settings(deadline=None)
@given(text=st.text())
def test_mojibake_repair_undoes_the_damage(text):
    assert repair(text.encode("utf-8").decode("latin-1")) == text


@settings(deadline=None)
@given(
    html=st.text()
    | st.lists(
        st.sampled_from(["<p>", "</p>", "<br>", "<a href='x'>", "&amp;", "&#", "<!", "<", "x"])
    ).map("".join)
)
def test_html_to_text_takes_any_text(html):
    assert isinstance(html_to_text(html), str)
