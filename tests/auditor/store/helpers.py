from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from auditor.model import Account, Evidence, Finding, Media, Post, Verdict
from auditor.registry import AccountSpec, Person
from auditor.store import RetryPolicy, Store

START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
ACTOR = "test"


class Clock:
    """The store's clock, moved by hand: no test depends on how fast it runs."""

    def __init__(self, now: datetime = START):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


FAST_RETRY = RetryPolicy(attempts=2, first_pause=0, busy_timeout=1)


def person(email: str, **overrides) -> Person:
    values = {
        "email": email,
        "name": email.split("@")[0].title(),
        "opted_in_at": date(2026, 9, 1),
        "consent_version": "2026-1",
        "lang": "nl",
        "role": "leerkracht",
        "school": "OBS Het Anker",
    }
    return Person(**(values | overrides))


def register(store: Store, email: str, handle: str, platform: str = "x", **spec):
    """A person with one account; returns the account row."""
    if store.people.get(email) is None:
        store.people.add(person(email), ACTOR)
    return store.accounts.add(email, AccountSpec(platform=platform, handle=handle, **spec), ACTOR)


def post(post_id: str, text: str, *, when: datetime = START, media=(), platform="x") -> Post:
    return Post(
        id=post_id,
        platform=platform,
        created_at=when,
        text=text,
        account=Account(handle="ignored"),
        media=tuple(Media(type="photo", alt_text=alt) for alt in media),
    )


def verdict(post_id: str, *flags: str) -> Verdict:
    return Verdict(
        post_id,
        tuple(
            Finding(
                flag=flag,
                rule=f"{flag}.test",
                protocol="richtlijn 2",
                severity="medium",
                evidence=(Evidence(0, 4, "word"),),
                explanation_nl="Uitleg.",
                explanation_en="Explanation.",
            )
            for flag in flags
        ),
    )
