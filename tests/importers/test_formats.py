"""Each format's traps, on small records and files made here."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from auditor.errors import ArchiveError
from auditor.model import Account, Media
from importers import bluesky, facebook, instagram, linkedin, mastodon, open_archive, x
from importers.mojibake import repair
from tests.importers.conftest import repo_car

ME = Account(handle="juf_test")
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def mojibake(text: str) -> str:
    """Text as Meta's exports write it."""
    return text.encode("utf-8").decode("latin-1")


# --- X ---------------------------------------------------------------------------


def tweet(tweet_id: str, full_text: str, **fields) -> dict:
    return {
        "id_str": tweet_id,
        "created_at": "Fri Nov 20 09:14:00 +0000 2026",
        "full_text": full_text,
        **fields,
    }


def tweets_file(part: str, *tweets: dict, name: str = "tweets") -> str:
    return f"window.YTD.{name}.{part} = " + json.dumps([{"tweet": t} for t in tweets])


def test_x_unescapes_html_and_skips_retweets():
    assert x.to_post({"tweet": tweet("1", "a &lt;b&gt; &amp; c")}, ME).text == "a <b> & c"
    assert x.to_post({"tweet": tweet("2", "RT @unicoz: open dag")}, ME) is None


def test_x_reads_bare_tweets_of_the_oldest_archives():
    assert x.to_post(tweet("7", "oud formaat"), ME).id == "x:7"


def test_x_created_at_keeps_its_offset_whatever_the_locale():
    post = x.to_post(tweet("1", "t", created_at="Mon Mar 02 23:30:00 -0130 2026"), ME)
    assert post.created_at == datetime(2026, 3, 2, 23, 30, tzinfo=timezone(-timedelta(minutes=90)))
    assert post.created_at.astimezone(UTC) == datetime(2026, 3, 3, 1, 0, tzinfo=UTC)


def test_x_reads_every_part_file_and_the_older_file_name(tmp_path):
    write(tmp_path / "data/tweet.js", tweets_file("part0", tweet("1", "een"), name="tweet"))
    write(tmp_path / "data/tweet-part1.js", tweets_file("part1", tweet("2", "twee"), name="tweet"))
    write(tmp_path / "data/tweets-part10.js", tweets_file("part10", tweet("10", "tien")))
    write(tmp_path / "data/tweets-part2.js", tweets_file("part2", tweet("3", "drie")))
    assert sorted(p.text for p in open_archive(tmp_path)) == ["drie", "een", "tien", "twee"]


def test_x_bad_date_names_file_and_item(tmp_path):
    path = write(
        tmp_path / "data/tweets.js",
        tweets_file("part0", tweet("1", "a"), tweet("2", "b", created_at="2026-11-20")),
    )
    with pytest.raises(ArchiveError) as caught:
        list(open_archive(tmp_path))
    assert str(caught.value).startswith(f"{path}, item 2: field 'created_at' ('2026-11-20')")


# --- Facebook --------------------------------------------------------------------


def test_repair_fixes_mojibake_runs_and_leaves_correct_text():
    assert repair(mojibake("genoot 😊")) == "genoot 😊"
    assert repair(mojibake("één") + " en 😊 en café") == "één en 😊 en café"
    assert repair("ÿ is geen UTF-8") == "ÿ is geen UTF-8"


def test_facebook_photo_only_post_keeps_its_media_and_check_in_is_left_out():
    photo = {
        "timestamp": 1763629740,
        "attachments": [{"data": [{"media": {"uri": "p/1.mp4", "title": mojibake("Zoë")}}]}],
    }
    check_in = {
        "timestamp": 1763629741,
        "attachments": [{"data": [{"place": {"name": "Sportpark"}}]}],
        "title": "Juf Test was at Sportpark.",
    }
    post = facebook.to_post(photo, ME)
    assert post.text == ""
    assert post.media == (Media(type="video", alt_text="Zoë"),)
    assert facebook.to_post(check_in, ME) is None


def test_facebook_older_layout_and_posts_at_the_same_second(tmp_path):
    same = [{"timestamp": 1763629740, "data": [{"post": t}]} for t in ("een", "twee")]
    write(tmp_path / "posts/your_posts_1.json", json.dumps(same))
    write(
        tmp_path / "posts/your_posts_2.json",
        json.dumps([{"timestamp": 5, "data": [{"post": "drie"}]}]),
    )
    posts = list(open_archive(tmp_path))
    assert [(p.id, p.text) for p in posts] == [
        ("facebook:1763629740", "een"),
        ("facebook:1763629740-2", "twee"),
        ("facebook:5", "drie"),
    ]


def test_facebook_record_of_the_wrong_shape_is_located(tmp_path):
    path = write(tmp_path / "your_posts_1.json", json.dumps([{"timestamp": "gisteren"}]))
    with pytest.raises(ArchiveError, match=r"your_posts_1\.json, item 1: field 'timestamp'"):
        list(open_archive(path))


# --- Instagram -------------------------------------------------------------------


def test_instagram_carousel_photo_titles_become_alt_text():
    post = instagram.to_post(
        {
            "title": "Uitje",
            "creation_timestamp": 1,
            "media": [{"uri": "a.jpg", "title": mojibake("Zoë op de fiets")}, {"uri": "b.jpg"}],
        },
        ME,
    )
    assert post.text == "Uitje"
    assert post.media == (Media(alt_text="Zoë op de fiets"), Media())


def test_instagram_bare_posts_file_is_recognised_by_its_content(tmp_path):
    item = {"media": [{"uri": "a.jpg", "creation_timestamp": 1, "title": "hallo"}]}
    path = write(tmp_path / "posts_1.json", json.dumps([item]))
    assert [p.text for p in open_archive(path)] == ["hallo"]


def test_instagram_post_without_media_is_an_error():
    with pytest.raises(ArchiveError, match="field 'media' is missing or empty"):
        instagram.to_post({"title": "x", "creation_timestamp": 1}, ME)


# --- LinkedIn --------------------------------------------------------------------

HEADER = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\r\n"
LINK = "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{}"


def test_linkedin_multiline_quoted_commentary_with_crlf(tmp_path):
    rows = (
        f'2026-11-20 09:14:00,{LINK.format(1)},"Regel een\r\n""Regel"" twee",,'
        f"https://media.example.org/a.jpg,PUBLIC\r\n"
    )
    path = write(tmp_path / "Shares.csv", "\ufeff" + HEADER + rows)
    (post,) = open_archive(path)
    assert post.text == 'Regel een\r\n"Regel" twee'
    assert post.media == (Media(type="photo", url="https://media.example.org/a.jpg"),)


def test_linkedin_text_saved_in_another_encoding_names_its_line(tmp_path):
    rows = f"2026-11-20 09:14:00,{LINK.format(1)},ok,,,PUBLIC\r\n2026-11-21 09:14:00,x,café,,,PUBLIC\r\n"
    path = write(tmp_path / "Shares.csv", (HEADER + rows).encode("cp1252"))
    with pytest.raises(ArchiveError, match=r"Shares\.csv, line 3: text that is not UTF-8"):
        list(open_archive(path))


def test_linkedin_without_visibility_column_is_refused(tmp_path):
    path = write(
        tmp_path / "Shares.csv", "Date,ShareLink,ShareCommentary\r\n2026-11-20 09:14:00,x,hoi\r\n"
    )
    with pytest.raises(ArchiveError, match="line 1: no column Visibility"):
        list(open_archive(path))


def test_linkedin_cut_off_inside_a_quote_is_an_error(tmp_path):
    path = write(tmp_path / "Shares.csv", HEADER + '2026-11-20 09:14:00,x,"begin van een pos')
    with pytest.raises(ArchiveError, match=r"not valid CSV \(unexpected end of data"):
        list(open_archive(path))


def test_linkedin_bad_date_names_its_line():
    with pytest.raises(ArchiveError, match="Date 'morgen'"):
        linkedin.to_post({"Date": "morgen", "ShareCommentary": "x", "Visibility": "PUBLIC"}, ME)


# --- Mastodon --------------------------------------------------------------------


def create(note: dict, **activity) -> dict:
    base = {
        "id": "https://example.social/users/juf/statuses/9",
        "type": "Note",
        "published": "2026-11-20T09:14:00Z",
        "to": [PUBLIC],
        "content": "<p>hoi</p>",
    }
    return {
        "type": "Create",
        "actor": "https://example.social/users/juf",
        **activity,
        "object": {**base, **note},
    }


def test_mastodon_public_reply_with_warning_and_line_breaks():
    post = mastodon.to_post(
        create(
            {
                "inReplyTo": "https://other.example/users/bram/statuses/1",
                "summary": "schoolzaken",
                "content": "<p>Regel 1<br>Regel 2</p><p>Alinea &amp; meer</p>",
                "to": PUBLIC,
                "contentMap": {"en": "..."},
            }
        ),
        Account(handle=""),
    )
    assert post.in_reply_to == "mastodon:1"
    assert post.text == "schoolzaken\n\nRegel 1\nRegel 2\n\nAlinea & meer"
    assert post.account.handle == "juf@example.social"
    assert post.lang == "en"


@pytest.mark.parametrize(
    ("to", "cc"),
    [
        ([], [PUBLIC]),  # unlisted
        (["https://example.social/users/juf/followers"], []),  # followers only
        (["https://other.example/users/bram"], []),  # direct
    ],
)
def test_mastodon_keeps_only_public_posts(to, cc):
    assert mastodon.to_post(create({"to": to, "cc": cc}), ME) is None


def test_mastodon_object_of_another_or_odd_type_is_left_out():
    assert mastodon.to_post(create({"type": "Tombstone"}), ME) is None
    assert mastodon.to_post(create({"type": ["Note"]}), ME) is None


def test_mastodon_boost_is_left_out():
    boost = {"type": "Announce", "to": [PUBLIC], "object": "https://other.example/statuses/1"}
    assert mastodon.to_post(boost, ME) is None


def test_mastodon_outbox_without_ordered_items_is_reported(tmp_path):
    path = write(tmp_path / "outbox.json", json.dumps({"type": "OrderedCollection", "items": []}))
    with pytest.raises(ArchiveError, match="no JSON list at top level > orderedItems"):
        list(open_archive(path))


# --- Bluesky ---------------------------------------------------------------------


def test_bluesky_embeds_reply_and_other_collections(tmp_path):
    image = {"alt": "klassenfoto", "image": {"mimeType": "image/png"}}
    records = {
        "app.bsky.feed.post/3aaa": {
            "$type": "app.bsky.feed.post",
            "text": "quote met foto",
            "createdAt": "2026-11-20T09:14:00.000Z",
            "embed": {
                "$type": "app.bsky.embed.recordWithMedia",
                "media": {"$type": "app.bsky.embed.images", "images": [image]},
            },
            "reply": {"parent": {"uri": "at://did:plc:other/app.bsky.feed.post/3ppp"}},
        },
        "app.bsky.feed.post/3bbb": {
            "text": "filmpje",
            "createdAt": "2026-11-21T10:00:00+01:00",
            "embed": {"$type": "app.bsky.embed.video", "alt": "schoolplein"},
        },
        "app.bsky.feed.repost/3ccc": {
            "subject": {"uri": "at://did:plc:other/app.bsky.feed.post/1"}
        },
        "app.bsky.feed.like/3ddd": {"subject": {}},
    }
    path = write(tmp_path / "export.car", repo_car(records, did="did:plc:juf"))
    first, second = open_archive(path)
    assert (first.id, first.in_reply_to) == (
        "bluesky:at://did:plc:juf/app.bsky.feed.post/3aaa",
        "bluesky:at://did:plc:other/app.bsky.feed.post/3ppp",
    )
    assert first.media == (Media(type="photo", alt_text="klassenfoto"),)
    assert second.media == (Media(type="video", alt_text="schoolplein"),)
    assert second.created_at == datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    assert second.url == "https://bsky.app/profile/did:plc:juf/post/3bbb"


def test_bluesky_garbage_is_not_a_car(tmp_path):
    path = write(tmp_path / "repo.car", b"\x05hello world")
    with pytest.raises(ArchiveError, match=r"repo\.car: not a readable repository CAR file"):
        list(open_archive(path))


def test_bluesky_post_without_date_is_located():
    entry = bluesky.RepoRecord("3aaa", {"text": "x"})
    with pytest.raises(ArchiveError, match="createdAt"):
        bluesky.to_post(entry, ME, "did:plc:juf")
