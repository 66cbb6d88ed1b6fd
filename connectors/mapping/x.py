"""One X post as a Post, for the API v2 connector and the archive importer alike.

Both read the same fields under other names; they hand them here, so the same tweet
gives the same Post: the id of its first version (an edit gets a new id on X, and the
archive and the API name the first one), the text as X shows it (HTML entities
decoded, t.co links expanded, the link to attached media dropped), the language hint
and the parent id.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import datetime

from auditor.model import Account, Media, Post
from connectors.mapping import known_lang, snowflake_at, snowflake_moment

PLATFORM = "x"
EPOCH_MS = 1288834974657
SHIFT = 22
MEDIA_TYPES = {"photo": "photo", "video": "video", "animated_gif": "gif"}


def moment_of(tweet_id: str | int) -> datetime:
    """When X made a tweet id (its position in a timeline)."""
    return snowflake_moment(tweet_id, EPOCH_MS, SHIFT)


def first_id_at(moment: datetime) -> int:
    """The smallest tweet id X can have made at `moment` or later."""
    return snowflake_at(moment, EPOCH_MS, SHIFT)


def readable(text: str, links: Iterable[tuple[str, str]], media_links: Iterable[str]) -> str:
    """The text as X shows it: entities decoded, links expanded, media links dropped.

    Args:
        text: the tweet's text as sent (HTML-escaped).
        links: (t.co link, expanded URL) pairs of the tweet's `entities.urls`.
        media_links: t.co links that only point at the tweet's own photos or videos.
    """
    text = html.unescape(text)
    for short in media_links:
        if short:
            text = text.replace(short, "")
    for short, expanded in links:
        if short and expanded:
            text = text.replace(short, expanded)
    return text.strip()


def to_post(
    *,
    tweet_id: str,
    created_at: datetime,
    text: str,
    account: Account,
    lang: str | None,
    media: tuple[Media, ...],
    parent: str | None,
) -> Post:
    """The Post of a tweet whose fields were read by the connector or the importer."""
    profile = account.handle.lstrip("@") or "i/web"
    return Post(
        id=f"{PLATFORM}:{tweet_id}",
        platform=PLATFORM,
        created_at=created_at,
        text=text,
        account=account,
        url=f"https://x.com/{profile}/status/{tweet_id}",
        lang=known_lang(lang),
        media=media,
        in_reply_to=f"{PLATFORM}:{parent}" if parent else None,
    )
