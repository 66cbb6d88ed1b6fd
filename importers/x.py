"""X (Twitter) archive: `data/tweets.js` and its part files.

Older archives name the file `data/tweet.js`, large ones add `tweets-part1.js`... Each file is JavaScript, `window.YTD.tweets.part0 = [...]`, whose items are
`{"tweet": {...}}` (bare tweet objects in the oldest archives). The text is HTML-escaped,
numbers are strings, and the dates are in Twitter's own format. Retweets ("RT @x: ...")
are left out: the author did not write them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, BinaryIO

from auditor.model import Account, Media, Post
from connectors.mapping import x as tweets
from importers.base import Importer, json_posts
from importers.fields import RecordError, listed, native_id, obj, objects, text
from importers.jsonstream import records
from importers.limits import Limits
from importers.registry import register
from importers.source import Source

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# "%a %b %d %H:%M:%S %z %Y", matched by hand because strptime's %a and %b follow the locale.
_CREATED_AT = re.compile(
    r"[A-Z][a-z]{2} (?P<month>[A-Z][a-z]{2}) (?P<day>\d{2}) "
    r"(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2}) "
    r"(?P<sign>[+-])(?P<zh>\d{2})(?P<zm>\d{2}) (?P<year>\d{4})"
)
_SNIFF = re.compile(rb"\s*window\.YTD\.tweets?\.part\d+\s*=\s*\[")


def created_at(value: Any) -> datetime:
    """Parse 'Fri Nov 20 09:14:00 +0000 2026'."""
    match = _CREATED_AT.fullmatch(value) if isinstance(value, str) else None
    if match is None or match["month"] not in _MONTHS:
        raise RecordError(
            f"field 'created_at' ({value!r}) is not like 'Fri Nov 20 09:14:00 +0000 2026'"
        )
    offset = timedelta(hours=int(match["zh"]), minutes=int(match["zm"]))
    try:
        return datetime(
            int(match["year"]),
            _MONTHS.index(match["month"]) + 1,
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"]),
            tzinfo=timezone(-offset if match["sign"] == "-" else offset),
        )
    except ValueError as exc:
        raise RecordError(f"field 'created_at' ({value!r}): {exc}") from None


def _tweet(record: Any) -> Mapping[str, Any]:
    record = obj(record)
    return obj(record["tweet"], "field 'tweet'") if "tweet" in record else record


def _media(tweet: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    extended = obj(tweet.get("extended_entities") or {}, "field 'extended_entities'")
    entities = obj(tweet.get("entities") or {}, "field 'entities'")
    return objects(extended, "media") or objects(entities, "media")


def _first_id(tweet: Mapping[str, Any], tweet_id: str) -> str:
    """The id of the tweet's first version, which the API gives as edit_history_tweet_ids[0]."""
    edit = obj(tweet.get("edit_info") or {}, "field 'edit_info'")
    initial = obj(edit.get("initial") or {}, "field 'edit_info.initial'")
    later = obj(edit.get("edit") or {}, "field 'edit_info.edit'")
    if later.get("initialTweetId") is not None:
        return native_id(later["initialTweetId"], "edit_info.edit.initialTweetId")
    ids = listed(initial, "editTweetIds")
    return native_id(ids[0], "edit_info.initial.editTweetIds") if ids else tweet_id


def to_post(record: Any, account: Account) -> Post | None:
    """One item of tweets.js as a Post (connectors.mapping.x); None for a retweet."""
    tweet = _tweet(record)
    tweet_id = native_id(tweet.get("id_str", tweet.get("id")), "id_str")
    full_text = text(tweet, "full_text") or text(tweet, "text")
    if full_text.startswith("RT @"):
        return None
    parent = tweet.get("in_reply_to_status_id_str", tweet.get("in_reply_to_status_id"))
    entities = obj(tweet.get("entities") or {}, "field 'entities'")
    return tweets.to_post(
        tweet_id=_first_id(tweet, tweet_id),
        created_at=created_at(tweet.get("created_at")),
        text=tweets.readable(
            full_text,
            [(text(link, "url"), text(link, "expanded_url")) for link in objects(entities, "urls")],
            [text(item, "url") for item in _media(tweet)],
        ),
        account=account,
        lang=text(tweet, "lang") or None,
        media=tuple(
            Media(
                type=tweets.MEDIA_TYPES.get(text(item, "type"), "other"),
                alt_text=text(item, "ext_alt_text"),
                url=text(item, "media_url_https") or None,
            )
            for item in _media(tweet)
        ),
        parent=native_id(parent, "in_reply_to_status_id_str") if parent else None,
    )


def parse(stream: BinaryIO, where: str, account: Account, limits: Limits) -> Iterator[Post]:
    """The posts of one tweets.js part file."""
    return json_posts(stream, where, account, limits, to_post, js_assignment=True)


@register
class XArchive(Importer):
    name = "x-archive"
    platform = "x"
    expected = "an X archive (a zip or folder with data/tweets.js)"
    patterns = (re.compile(r"(?:^|/)data/tweets?(?:-part\d+)?\.js$"),)
    _account_file = re.compile(r"(?:^|/)data/account\.js$")
    parse = staticmethod(parse)

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return _SNIFF.match(head.removeprefix(b"\xef\xbb\xbf")) is not None

    def export_handle(self, source: Source) -> str | None:
        """The username in data/account.js, which the tweets themselves do not carry."""
        name = next((n for n in source.names if self._account_file.search(n)), None)
        if name is None:
            return None
        with source.open(name) as stream:
            items = records(
                stream, source.where(name), max_depth=source.limits.max_depth, js_assignment=True
            )
            first = next(items, None)
        account = first.get("account") if isinstance(first, Mapping) else None
        username = account.get("username") if isinstance(account, Mapping) else None
        return username if isinstance(username, str) and username else None
