"""The Bluesky connector and the repo.car importer on the reference atproto network.

Real records written with the atproto client, read back through the AppView (no
token), through the account's own PDS (app password) and from the repository export
(`com.atproto.sync.getRepo`): the same posts must give the same Post objects.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import fields
from datetime import UTC, datetime, timedelta

import pytest

import connectors
from auditor.model import Target
from importers import open_archive
from tests.atproto import Network, Person, network

SINCE = datetime.now(UTC) - timedelta(days=30)
LINK = "https://example.org/rooster/2026-12-01-groep-5"


@pytest.fixture
def net() -> Network:
    return network()


def reader(net: Network, **options) -> connectors.base.Connector:
    return connectors.get("bluesky")(
        base_url=net.appview, services={"plc": net.plc}, timeout=15, **options
    )


def png() -> bytes:
    """A valid one-pixel PNG, for a blob the PDS accepts as an image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def link_facet(text: str, shown: str, uri: str) -> dict:
    start = text.encode().index(shown.encode())
    return {
        "index": {"byteStart": start, "byteEnd": start + len(shown.encode())},
        "features": [{"$type": "app.bsky.richtext.facet#link", "uri": uri}],
    }


def seed(net: Network) -> Person:
    """Posts of every shape the mapping knows: langs, a reply, an image, links, a card."""
    poster = Person(net, bio="Juf groep 5. Berichten op persoonlijke titel.")
    first = poster.post("Goedemorgen allemaal!", langs=["nl-NL"])
    poster.post("Tweetalig bericht / bilingual post", langs=["nl", "en"])
    poster.post(
        "Helemaal mee eens.",
        langs=["nl"],
        reply={
            "root": {"uri": first, "cid": poster.cid(first)},
            "parent": {"uri": first, "cid": poster.cid(first)},
        },
    )
    blob = poster.client.upload_blob(png()).blob
    poster.post(
        "Een foto van het plein.",
        embed={
            "$type": "app.bsky.embed.images",
            "images": [{"alt": "Het lege schoolplein in de regen", "image": blob}],
        },
    )
    text = "Het rooster staat op example.org/rooster/2026-12..."
    poster.post(text, facets=[link_facet(text, "example.org/rooster/2026-12...", LINK)])
    poster.post(
        "Lees dit artikel.",
        embed={
            "$type": "app.bsky.embed.external",
            "external": {
                "uri": "https://example.org/artikel",
                "title": "Artikel",
                "description": "",
            },
        },
    )
    poster.indexed()
    return poster


def test_the_api_and_the_repo_export_give_identical_posts(net, tmp_path):
    """Bug 8: ids, in_reply_to and lang differed between the API and repo.car."""
    poster = seed(net)
    result = reader(net).fetch(Target("bluesky", poster.handle), cursor=None, since=SINCE)
    car = tmp_path / "repo.car"
    car.write_bytes(poster.repo_car())
    exported = {post.id: post for post in open_archive(car, handle=poster.handle)}
    api = {post.id: post for post in result.posts}
    assert sorted(api) == sorted(exported) == sorted(f"bluesky:{uri}" for uri in poster.posts)
    for post_id, post in api.items():
        for field in fields(post):
            assert getattr(post, field.name) == getattr(exported[post_id], field.name), (
                post_id,
                field.name,
            )
    langs = {post.text: post.lang for post in api.values()}
    assert langs["Goedemorgen allemaal!"] == "nl"  # nl-NL is Dutch
    assert langs["Tweetalig bericht / bilingual post"] == "nl"  # the first language
    (reply,) = [post for post in api.values() if post.in_reply_to]
    assert reply.in_reply_to == f"bluesky:{poster.posts[0]}"
    (photo,) = [post for post in api.values() if post.media]
    assert photo.media[0].alt_text == "Het lege schoolplein in de regen"


def test_link_facets_and_cards_reach_the_text_in_full(net):
    """Bug 10: only the shortened link text reached the classifier."""
    poster = seed(net)
    result = reader(net).fetch(Target("bluesky", poster.handle), cursor=None, since=SINCE)
    texts = {post.text for post in result.posts}
    assert f"Het rooster staat op {LINK}" in texts
    assert "Lees dit artikel.\nhttps://example.org/artikel" in texts


def test_without_a_token_through_the_appview_and_with_one_through_the_pds(net):
    poster = Person(net, bio="Meester groep 8.")
    for n in range(3):
        poster.post(f"Bericht {n}")
    poster.indexed()
    public = reader(net).fetch(Target("bluesky", poster.handle), cursor=None, since=SINCE)
    token = Target("bluesky", poster.handle, user_id=poster.did, token=poster.app_password())
    logged_in = reader(net).fetch(token, cursor=None, since=SINCE)
    assert [p.id for p in public.posts] == [p.id for p in logged_in.posts]
    assert len(public.posts) == 3
    assert (public.user_id, public.handle, public.bio) == (
        poster.did,
        poster.handle,
        "Meester groep 8.",
    )


def test_more_than_a_page_is_read_once_and_max_pages_says_so(net):
    poster = Person(net)
    start = datetime.now(UTC) - timedelta(hours=3)
    for n in range(105):  # a feed page holds 100
        poster.post(f"Bericht nummer {n}", start + timedelta(seconds=n))
    poster.indexed()
    whole = reader(net).fetch(Target("bluesky", poster.handle), cursor=None, since=SINCE)
    assert len(whole.posts) == len({p.id for p in whole.posts}) == 105
    assert not whole.truncated
    cut = reader(net, max_pages=1).fetch(Target("bluesky", poster.handle), cursor=None, since=SINCE)
    assert cut.truncated and len(cut.posts) == 100
