"""Many people with a classified week of posts, every string of each recognisably theirs.

Each person's e-mail address, handles, post texts and post URLs carry a code of their
own (`qaa`, `qab`, ...), all the same length, so no code is part of another: a test
can look for every other person's code in one person's e-mail or report.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from auditor.classify import Classifier
from auditor.model import Account, Post
from auditor.registry import AccountSpec
from auditor.store import Store
from tests.auditor.store.helpers import ACTOR, person
from tests.conftest import ORG_TOML

WEEK = "2026-W47"
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
AFTER_THE_WEEK = MONDAY + timedelta(days=8)  # the store's clock when the week is sent
TEXTS = (
    "Die ouders bij het hek zijn echt complete idioten, zei {marker} vanochtend.",
    "Daan uit groep 5 las vandaag voor aan {marker}, wat een held!",
    "Lekker gefietst met {marker} dit weekend.",
)


@dataclass(frozen=True)
class Someone:
    """One person and the strings that are theirs alone."""

    email: str
    handles: tuple[str, ...]
    marker: str
    urls: tuple[str, ...]

    @property
    def strings(self) -> tuple[str, ...]:
        return (self.email, self.marker, *self.handles, *self.urls)


def code(index: int) -> str:
    letters = string.ascii_lowercase
    return "q" + letters[index // 26 % 26] + letters[index % 26]


def populate(store: Store, classifier: Classifier, count: int) -> list[Someone]:
    """`count` people, each with two accounts and a week of posts, classified and stored.

    Every other person's second account needs re-authorisation, so handles appear in
    the e-mails too (in the re-authorisation list).
    """
    everyone = []
    for index in range(count):
        mine = code(index)
        email = f"p{mine}@school.example"
        handles = (f"h{mine}", f"m{mine}")
        store.people.add(replace(person(email), name=f"Persoon {mine.title()}"), ACTOR)
        account = store.accounts.add(
            email, AccountSpec(platform="x", handle=handles[0], bio="Juf groep 5"), ACTOR
        )
        second = store.accounts.add(
            email, AccountSpec(platform="mastodon", handle=handles[1]), ACTOR
        )
        if index % 2:
            store.accounts.set_status(second.id, "needs_reauth", "token expired")
        posts = [
            Post(
                id=f"x:{index:03d}{n}",
                platform="x",
                created_at=MONDAY + timedelta(hours=n),
                text=text.format(marker=f"merk{mine}"),
                url=f"https://x.com/{handles[0]}/status/{index:03d}{n}",
                account=Account(handle=handles[0], bio="Juf groep 5", role="leerkracht"),
            )
            for n, text in enumerate(TEXTS)
        ]
        store.posts.save_fetched(account.id, posts, cursor=None)
        store.posts.store_verdicts([classifier.classify(p) for p in posts], classifier.version)
        everyone.append(Someone(email, handles, f"merk{mine}", tuple(p.url for p in posts)))
    return everyone


def write_config(path: Path, *, store: str, mail: str) -> Path:
    """An organisation config for the CLI: the test organisation, a store, a [mail] section.

    `store` is either a SQLite path or the name of an environment variable with a URL.
    """
    where = f'url_env = "{store}"' if store.isupper() else f'path = "{store}"'
    text = ORG_TOML.read_text(encoding="utf-8")
    text += f'\n[store]\n{where}\n[mail]\nfrom = "social-audit <audit@meerwijk.example>"\n'
    path.write_text(text + mail, encoding="utf-8")
    return path
