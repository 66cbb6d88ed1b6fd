"""Every synthetic export of shared/conformance read as a folder, a lone file and a zip."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from auditor.model import Media, Post
from importers import detect, open_archive
from tests.importers.conftest import zip_folder

FORMS = ("folder", "file", "zip", "zip with a top folder", "zipped file")


def given(form: str, folder: Path, file: str, tmp_path: Path) -> Path:
    """The export in one of the forms a person may hand it over."""
    if form == "folder":
        return folder
    if form == "file":
        return folder / file
    if form == "zip":
        return zip_folder(folder, tmp_path / "export.zip")
    if form == "zip with a top folder":
        return zip_folder(folder, tmp_path / "export.zip", prefix="export-2026-11-24/")
    with zipfile.ZipFile(tmp_path / "file.zip", "w") as archive:
        archive.write(folder / file, Path(file).name)
    return tmp_path / "file.zip"


def by_id(posts: list[Post]) -> dict[str, Post]:
    ids = [p.id for p in posts]
    assert len(ids) == len(set(ids))
    return {p.id: p for p in posts}


@pytest.mark.parametrize("form", FORMS)
def test_x_archive(exports, tmp_path, form):
    path = given(form, exports / "x-archive", "data/tweets.js", tmp_path)
    assert detect(path).name == "x-archive"
    posts = by_id(list(open_archive(path)))

    assert set(posts) == {
        "x:1861234567890000001",
        "x:1861234567890000002",
        "x:1861234567890000004",
    }, "the retweet x:…003 ('RT @unicoz: …') is left out"
    first = posts["x:1861234567890000001"]
    assert first.text == "Wat een topdag met groep 7 bij de kinderboerderij & #onderwijs"
    assert first.created_at == datetime(2026, 11, 20, 9, 14, tzinfo=UTC)
    assert first.platform == "x"
    assert first.lang == "nl"
    reply = posts["x:1861234567890000002"]
    assert reply.in_reply_to == "x:1861200000000000005"
    assert reply.text == "@meester_bram Klopt, het rooster staat hier: https://example.org/rooster"
    photo = posts["x:1861234567890000004"]
    assert photo.text == "Zelfgemaakte herfstkransen <3"
    assert photo.media == (
        Media(type="photo", url="https://pbs.twimg.com/media/Gxxxxxxxxxxxxx1.jpg"),
    )
    # data/account.js names the account, except when tweets.js is handed over alone
    handle = "" if form in ("file", "zipped file") else "juf_test"
    assert {p.account.handle for p in posts.values()} == {handle}
    assert first.url == f"https://x.com/{handle or 'i/web'}/status/1861234567890000001"


@pytest.mark.parametrize("form", FORMS)
def test_facebook_export(exports, tmp_path, form):
    path = given(
        form, exports / "facebook", "your_facebook_activity/posts/your_posts_1.json", tmp_path
    )
    assert detect(path).name == "facebook"
    posts = list(open_archive(path, handle="juf.test", role="leerkracht"))

    assert [p.id for p in posts] == [
        "facebook:1763629740",
        "facebook:1763716140",
        "facebook:1763802540",
    ]
    assert posts[0].text == "Wat een mooie dag met groep 7! Iedereen genoot 😊"
    assert posts[0].media == (Media(type="photo", alt_text="Excursie naar de kinderboerderij 🐑"),)
    assert posts[1].text == "Ouderavond in het café naast school, donderdag 19:30. Tot dan!"
    assert posts[2].text == "Even geen school vandaag… lekker genieten van de zon ☀️"
    assert posts[0].created_at == datetime.fromtimestamp(1763629740, UTC)
    assert {(p.platform, p.account.handle, p.account.role) for p in posts} == {
        ("facebook", "juf.test", "leerkracht")
    }


@pytest.mark.parametrize("form", FORMS)
def test_instagram_export(exports, tmp_path, form):
    path = given(
        form, exports / "instagram", "your_instagram_activity/content/posts_1.json", tmp_path
    )
    assert detect(path).name == "instagram"
    single, carousel = open_archive(path)

    assert single.id == "instagram:1763629740"
    assert single.text == "Herfstwandeling met de klas 🍂 #natuur", "caption from media[0].title"
    assert single.media == (Media(type="photo"),)
    assert carousel.text == "Sinterklaasvoorbereidingen: één week te gaan!", "top-level title"
    assert [m.type for m in carousel.media] == ["photo", "video"]
    assert carousel.created_at == datetime.fromtimestamp(1763716140, UTC)


@pytest.mark.parametrize("form", FORMS)
def test_linkedin_shares(exports, tmp_path, form):
    path = given(form, exports / "linkedin", "Shares.csv", tmp_path)
    assert detect(path).name == "linkedin"
    posts = list(open_archive(path))

    # row 1 is MEMBER_NETWORK (connections only), row 3 a bare reshare: both left out
    assert len(posts) == 1
    (post,) = posts
    assert post.id == "linkedin:urn:li:share:7400000000000000002"
    assert post.text == 'Lees het artikel over "digitale geletterdheid" in het basisonderwijs'
    assert post.created_at == datetime(2026, 11, 20, 9, 14, tzinfo=UTC)
    assert post.url == (
        "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7400000000000000002"
    )


@pytest.mark.parametrize("form", FORMS)
def test_mastodon_outbox(exports, tmp_path, form):
    path = given(form, exports / "mastodon", "outbox.json", tmp_path)
    assert detect(path).name == "mastodon"
    posts = list(open_archive(path))

    # …002 is followers-only, …003 unlisted (public only in cc), …004 a boost
    assert [p.id for p in posts] == ["mastodon:113000000000000001"]
    (post,) = posts
    assert post.text == "Wat een topdag met groep 7 bij de kinderboerderij! #onderwijs"
    assert post.media == (Media(type="photo", alt_text="kinderen bij de geitjes"),)
    assert post.url == "https://example.social/@juf_test/113000000000000001"
    assert post.created_at == datetime(2026, 11, 20, 9, 14, tzinfo=UTC)
    assert post.lang == "nl"
    assert post.account.handle == "juf_test@example.social"


@pytest.mark.parametrize("form", FORMS)
def test_bluesky_repo(exports, tmp_path, form):
    path = given(form, exports / "bluesky", "repo.car", tmp_path)
    assert detect(path).name == "bluesky"
    posts = by_id(list(open_archive(path, handle="juf.example.org")))

    uri = "at://did:plc:synthetictest000000000000/app.bsky.feed.post"
    # ids are the at:// URIs the API gives (issue 11, bug 8), not the bare record keys
    assert set(posts) == {f"bluesky:{uri}/3lbqa2aaaaa2a", f"bluesky:{uri}/3lbqb3bbbbb2b"}
    photo = posts[f"bluesky:{uri}/3lbqa2aaaaa2a"]
    assert photo.text == "Mooie dag vandaag op het schoolplein!"
    assert [(m.type, m.alt_text) for m in photo.media] == [
        ("photo", "kinderen bij de kinderboerderij")
    ]
    assert photo.media[0].url.startswith("https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:")
    assert photo.url == "https://bsky.app/profile/juf.example.org/post/3lbqa2aaaaa2a"
    assert photo.created_at == datetime(2026, 11, 20, 9, 14, tzinfo=UTC)
    assert photo.lang == "nl"
    # the profile record's bio is read with the posts (bug 3)
    assert photo.account.bio == "Leerkracht groep 7. Posts op persoonlijke titel."
    reply = posts[f"bluesky:{uri}/3lbqb3bbbbb2b"]
    assert reply.in_reply_to == (
        "bluesky:at://did:plc:other0000000000000000000/app.bsky.feed.post/3lbq0000000aa"
    )
    assert reply.lang == "en"


def test_a_bio_given_for_a_bluesky_export_wins_over_its_profile(exports):
    post = next(open_archive(exports / "bluesky" / "repo.car", bio="Eigen bio"))
    assert post.account.bio == "Eigen bio"


def test_bluesky_without_handle_uses_the_did(exports):
    post = next(open_archive(exports / "bluesky" / "repo.car"))
    assert post.account.handle == "did:plc:synthetictest000000000000"
    assert post.url.startswith("https://bsky.app/profile/did:plc:synthetictest000000000000/post/")
