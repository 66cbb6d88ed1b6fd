"""One Mastodon status as a Post, for the API connector and the outbox.json importer alike.

The API's Status and the archive's ActivityPub Note carry the same post under other
names (`content`/`content`, `spoiler_text`/`summary`, `language`/`contentMap`,
`media_attachments[].description`/`attachment[].name`); both hand the fields here, so
the same status gives the same Post: one HTML-to-text, the content warning read first,
one language rule and one media type rule.
"""

from __future__ import annotations

from datetime import datetime

from auditor.model import Account, Media, Post
from connectors.mapping import known_lang, snowflake_at, snowflake_moment
from connectors.mapping.html_text import html_to_text

PLATFORM = "mastodon"
SHIFT = 16
# A gifv is an MP4 on Mastodon, and its archive says only video/mp4: a video in both.
API_MEDIA_TYPES = {"image": "photo", "video": "video", "gifv": "video", "audio": "audio"}


def moment_of(status_id: str | int) -> datetime:
    """When a status id was made: Mastodon's ids carry milliseconds in the high bits."""
    return snowflake_moment(status_id, 0, SHIFT)


def first_id_at(moment: datetime) -> int:
    """The smallest status id Mastodon can have made at `moment` or later."""
    return snowflake_at(moment, 0, SHIFT)


def to_post(
    *,
    status_id: str,
    created_at: datetime,
    content: str,
    warning: str,
    account: Account,
    url: str | None,
    lang: str | None,
    media: tuple[Media, ...],
    parent: str | None,
) -> Post:
    """The Post of a status whose fields were read by the connector or the importer.

    A content warning is part of what the author wrote and is read first, as a reader
    sees it.
    """
    body = html_to_text(content)
    warning = warning.strip()
    return Post(
        id=f"{PLATFORM}:{status_id}",
        platform=PLATFORM,
        created_at=created_at,
        text=f"{warning}\n\n{body}" if warning and body else warning or body,
        account=account,
        url=url,
        lang=known_lang(lang),
        media=media,
        in_reply_to=f"{PLATFORM}:{parent}" if parent else None,
    )
