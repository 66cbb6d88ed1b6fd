"""Facebook "Download your information" (JSON): `your_posts_1.json`, `your_posts_2.json`...

The files sit in `your_facebook_activity/posts/` (in older exports `posts/`). Each item is
`{timestamp, data[{post}], attachments[{data[{media|external_context|place}]}], title}`;
every string is mojibake (see mojibake.py). A photo-only post has media but no
`data[].post`; a check-in or a shared link without words has neither text nor media, so
there is nothing of the author's to check and it is left out. The export has no post id
or URL: the id is built from the time of posting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from auditor.model import Account, Media, Post
from importers.base import Importer, json_posts
from importers.fields import from_unix, media_type, obj, objects, text
from importers.jsonstream import first_record
from importers.limits import Limits
from importers.mojibake import repair
from importers.registry import register


def _media(record: Any) -> Iterator[Media]:
    for attachment in objects(record, "attachments"):
        for item in objects(attachment, "data"):
            if item.get("media") is None:
                continue
            media = obj(item["media"], "field 'media'")
            uri = text(media, "uri")
            caption = repair(text(media, "description")) or repair(text(media, "title"))
            yield Media(type=media_type(uri=uri), alt_text=caption)


def to_post(record: Any, account: Account) -> Post | None:
    """One item of your_posts_N.json as a Post; None when it has no text and no media."""
    record = obj(record)
    moment = from_unix(record.get("timestamp"), "timestamp")
    words = [repair(text(item, "post")) for item in objects(record, "data")]
    body = "\n\n".join(w for w in words if w)
    media = tuple(_media(record))
    if not body and not media:
        return None
    return Post(
        id=f"facebook:{int(moment.timestamp())}",
        platform="facebook",
        created_at=moment,
        text=body,
        account=account,
        media=media,
    )


def parse(stream: BinaryIO, where: str, account: Account, limits: Limits) -> Iterator[Post]:
    """The posts of one your_posts_N.json file."""
    return json_posts(stream, where, account, limits, to_post)


@register
class FacebookPosts(Importer):
    name = "facebook"
    platform = "facebook"
    expected = "a Facebook export in JSON (your_posts_1.json)"
    patterns = (re.compile(r"(?:^|/)your_posts_\d+\.json$"),)
    parse = staticmethod(parse)

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        first = first_record(head)
        return isinstance(first, dict) and "timestamp" in first and "media" not in first
