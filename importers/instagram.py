"""Instagram "Download your information" (JSON): `content/posts_1.json`...

The files sit in `your_instagram_activity/content/` (in older exports `content/`). Each
item is `{media[{uri, creation_timestamp, title}], title?, creation_timestamp?}`: the
caption of a one-photo post is `media[0].title`, that of a carousel the top-level
`title`, and a carousel's photos may carry titles of their own. Strings are mojibake,
as in Facebook's export. The export has no post id or URL: the id is built from the time
of posting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from auditor.model import Account, Media, Post
from importers.base import Importer, json_posts
from importers.fields import RecordError, from_unix, media_type, obj, objects, text
from importers.jsonstream import first_record
from importers.limits import Limits
from importers.mojibake import repair
from importers.registry import register


def to_post(record: Any, account: Account) -> Post:
    """One item of posts_N.json as a Post."""
    record = obj(record)
    items = objects(record, "media")
    if not items:
        raise RecordError("field 'media' is missing or empty; every Instagram post has media")
    titles = [repair(text(item, "title")) for item in items]
    own = repair(text(record, "title"))
    single = len(items) == 1
    caption = (titles[0] or own) if single else own
    stamp = record.get("creation_timestamp")
    if stamp is None:
        stamp = items[0].get("creation_timestamp")
    moment = from_unix(stamp, "creation_timestamp")
    return Post(
        id=f"instagram:{int(moment.timestamp())}",
        platform="instagram",
        created_at=moment,
        text=caption,
        account=account,
        media=tuple(
            Media(
                type=media_type(uri=text(item, "uri")),
                alt_text="" if single or title == caption else title,
            )
            for item, title in zip(items, titles, strict=True)
        ),
    )


def parse(stream: BinaryIO, where: str, account: Account, limits: Limits) -> Iterator[Post]:
    """The posts of one posts_N.json file."""
    return json_posts(stream, where, account, limits, to_post)


@register
class InstagramPosts(Importer):
    name = "instagram"
    platform = "instagram"
    expected = "an Instagram export in JSON (content/posts_1.json)"
    patterns = (re.compile(r"(?:^|/)content/posts_\d+\.json$"),)
    parse = staticmethod(parse)

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        first = first_record(head)
        return isinstance(first, dict) and isinstance(first.get("media"), list)
