"""A store with a few people and a week of classified posts, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from auditor.classify import Classifier
from auditor.config import load_config
from auditor.model import Account, Media, Post
from auditor.store import Store
from tests.auditor.store.helpers import ACTOR, FAST_RETRY, Clock, person, register
from tests.conftest import ORG_TOML

WEEK = "2026-W47"
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
SECRETS = ["Fenna", "Milan", "06-12345678", "ouder.fenna@example.nl", "111222333"]

POSTS = {
    "anna@school.nl": [
        "Fenna uit groep 6 las vandaag voor, wat was ze trots! Bel haar moeder: 06-12345678",
        "Milan (groep 6) heeft BSN 111222333 op zijn formulier gezet, klopt dat?",
        "Lekker gefietst dit weekend.",
        "<script>alert('x')</script> Wat een idioten, die ouders van groep 6 & co.",
    ],
    "ben@school.nl": ["Mail ouder.fenna@example.nl even over de excursie van mijn klas."],
    "carla@school.nl": ["Pannenkoeken gebakken met de buren."],
}


@pytest.fixture
def config(tmp_path):
    text = ORG_TOML.read_text(encoding="utf-8")
    text += f'\n[store]\npath = "audit.db"\n[mail]\nfrom = "social-audit <audit@meerwijk.example>"\noutbox = "{tmp_path / "outbox"}"\ncontact = "communicatie@meerwijk.example"\nnotice_url = "https://meerwijk.example/privacy"\n'
    path = tmp_path / "org.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


@pytest.fixture
def week_store(db_url, config):
    store = Store.open(db_url, clock=Clock(MONDAY + timedelta(days=8)), retry=FAST_RETRY)
    classifier = Classifier(config.organisation)
    langs = {"anna@school.nl": "nl", "ben@school.nl": "en", "carla@school.nl": "nl"}
    roles = {
        "anna@school.nl": "leerkracht",
        "ben@school.nl": "directeur",
        "carla@school.nl": "leerkracht",
    }
    for index, (email, texts) in enumerate(POSTS.items()):
        store.people.add(
            replace(
                person(email, lang=langs[email], role=roles[email]),
                name=email.split("@")[0].title() + " Jansen",
            ),
            ACTOR,
        )
        account = register(store, email, f"handle{index}", bio="Juf groep 6")
        posts = [
            Post(
                id=f"x:{index}{n}",
                platform="x",
                created_at=MONDAY + timedelta(hours=n),
                text=text,
                url=f"https://x.com/handle{index}/status/{index}{n}",
                account=Account(handle=f"handle{index}", bio="Juf groep 6", role=roles[email]),
                media=(Media("photo", "kinderen van groep 6 op het plein"),) if n == 2 else (),
            )
            for n, text in enumerate(texts)
        ]
        store.posts.save_fetched(account.id, posts, cursor=posts[-1].id)
        store.posts.store_verdicts([classifier.classify(p) for p in posts], classifier.version)
    carla = store.accounts.list(email="carla@school.nl")[0]
    store.accounts.set_status(carla.id, "needs_reauth", "token revoked")
    yield store
    store.close()
