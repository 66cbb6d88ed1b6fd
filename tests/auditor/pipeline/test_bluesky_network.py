"""The nightly run and the weekly e-mail for Bluesky people, on the reference atproto network.

Each test seeds its own accounts on the real PLC directory, PDS and AppView
(tests/atproto.py) and runs the real nightly job against them: the bugs of issue 11
that only a real server showed (a post dated ahead blinding the cursor, back-dated posts
never read, bios ignored, deletions and edits never seen, login at the wrong PDS, one
base URL for two kinds of account, handle changes).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from auditor.classify import Classifier
from auditor.config import FetchConfig, load_config
from auditor.pipeline.nightly import NightlyRun, RunSummary
from auditor.registry import AccountSpec, Person
from auditor.secrets import Secrets
from auditor.store import Store
from auditor.store.schema import findings, posts
from importers import open_archive
from reports.weekly import IsoWeek, render_weekly, report_for
from tests.atproto import Network, network
from tests.atproto import Person as Poster
from tests.auditor.store.helpers import FAST_RETRY
from tests.conftest import ORG_TOML

PUPIL = "Trots op Daan uit groep 5 van de school, hij won vandaag de rekenwedstrijd!"
RUDE = "Die ouders bij het hek vanochtend zijn echt complete idioten."
WORK = "Vandaag met groep 5 van de school naar de kinderboerderij geweest."
LINK = "https://example.org/rooster/2026-12-01-groep-5"
CARD = "https://example.org/nieuws/open-dag"


@pytest.fixture
def net() -> Network:
    return network()


class Audit:
    """A store, a config pointing at the network, and people with Bluesky accounts."""

    def __init__(self, tmp_path: Path, net: Network):
        self.store = Store.open(tmp_path / "audit.db", retry=FAST_RETRY)
        config = load_config(ORG_TOML)
        fetch = FetchConfig(base_urls=net.base_urls(), timeout=15.0, max_wait=2.0, retries=1)
        self.config = replace(config, fetch=fetch)
        self.environ: dict[str, str] = {}

    def enrol(self, poster: Poster, *, token: str | None = None, role: str = "") -> str:
        email = f"{poster.handle.split('.')[0]}@school.example"
        person = Person(
            email=email,
            name="Juf Test",
            opted_in_at=date(2026, 9, 1),
            consent_version="2026-11-v1",
            role=role,
        )
        self.store.people.add(person, "test")
        ref = None
        if token is not None:
            ref = f"TOKEN_{len(self.environ)}"
            self.environ[ref] = token
        self.store.accounts.add(
            email, AccountSpec(platform="bluesky", handle=poster.handle, token_ref=ref), "test"
        )
        return email

    def run(self) -> RunSummary:
        summary = NightlyRun(
            self.store,
            Classifier(self.config.organisation),
            self.config,
            secrets=Secrets(None, self.environ),
            sleep=lambda s: None,
        ).run()
        assert summary.exit_code == 0, summary.lines()
        return summary

    def texts(self) -> dict[str, str]:
        with self.store._db.read() as conn:  # the test inspects rows directly
            return {row.id: row.text for row in conn.execute(select(posts.c.id, posts.c.text))}

    def flags(self, post_id: str) -> set[str]:
        with self.store._db.read() as conn:
            query = select(findings.c.flag).where(findings.c.post_id == post_id)
            return set(conn.scalars(query))

    def weekly(self, email: str):
        week = IsoWeek(*datetime.now(UTC).isocalendar()[:2])
        person = self.store.people.get(email)
        report = report_for(self.store, person, week, lambda role: False)
        return report, render_weekly(report, self.config).text


@pytest.fixture
def audit(tmp_path, net):
    opened = Audit(tmp_path, net)
    yield opened
    opened.store.close()


def inserted(summary: RunSummary) -> int:
    return sum(o.inserted for o in summary.outcomes)


def test_every_post_once_over_runs_with_posts_dated_two_days_ahead_and_back(audit, net):
    """Bugs 1 and 2: the cursor was the newest createdAt."""
    poster = Poster(net)
    for n in range(3):
        poster.post(f"Bericht {n} van deze week.")
    poster.indexed()
    audit.enrol(poster)
    assert inserted(audit.run()) == 3

    now = datetime.now(UTC)
    poster.post("Zaterdag is de markt, kom je ook?", now + timedelta(days=2))
    poster.post("Eergisterenavond was het koor weer.", now - timedelta(days=2))
    poster.post("Gewoon vandaag.")
    poster.indexed()
    assert inserted(audit.run()) == 3
    poster.post("Na het bericht van overmorgen.")
    poster.indexed()
    assert inserted(audit.run()) == 1  # the post dated ahead does not blind the run

    stored = audit.texts()
    assert sorted(stored) == sorted(f"bluesky:{uri}" for uri in poster.posts)
    assert len(stored) == len(poster.posts) == 7  # 100 % of the posts, none twice


def test_a_post_dated_ahead_does_not_blind_the_next_runs(audit, net):
    """Bug 1: a post dated in the future made the cursor skip everything until that date."""
    poster = Poster(net)
    poster.post("Dit bericht zegt dat het volgende week is.", datetime.now(UTC) + timedelta(7))
    poster.indexed()
    audit.enrol(poster)
    audit.run()
    later = poster.post("Een gewoon bericht, daarna geschreven.")
    poster.indexed()
    assert inserted(audit.run()) == 1
    assert f"bluesky:{later}" in audit.texts()


def test_a_post_dated_back_after_a_run_is_read(audit, net):
    """Bug 2: a post whose createdAt lay before the cursor was never read."""
    poster = Poster(net)
    poster.post("Het eerste bericht.")
    poster.indexed()
    audit.enrol(poster)
    audit.run()
    back = poster.post("Achteraf gedateerd.", datetime.now(UTC) - timedelta(days=2))
    poster.indexed()
    assert inserted(audit.run()) == 1
    assert f"bluesky:{back}" in audit.texts()


def test_an_edit_and_a_delete_reach_the_store_and_the_weekly_email(audit, net):
    """Bugs 4 and 9: edited posts were not read again, deleted ones never noticed."""
    poster = Poster(net)
    edited = poster.post(PUPIL)
    deleted = poster.post(RUDE, datetime.now(UTC) - timedelta(hours=30))
    poster.indexed()
    email = audit.enrol(poster)
    audit.run()
    report, text = audit.weekly(email)
    assert report.flagged_posts == 2
    assert "idioten" in text

    poster.edit(edited, "Wat een mooie dag vandaag.")
    poster.delete(deleted)
    poster.wait_for_feed(
        lambda feed: [i["post"]["record"]["text"] for i in feed] == ["Wat een mooie dag vandaag."]
    )
    summary = audit.run()
    assert sum(o.updated for o in summary.outcomes) == 1
    assert sum(o.deleted for o in summary.outcomes) == 1
    assert audit.texts() == {f"bluesky:{edited}": "Wat een mooie dag vandaag."}
    assert audit.flags(f"bluesky:{deleted}") == set()
    report, text = audit.weekly(email)
    assert report.flagged_posts == 0
    assert "idioten" not in text and "rekenwedstrijd" not in text


def test_a_deleted_post_leaves_the_store_with_its_findings(audit, net):
    """Bug 4: a deleted post stayed in the weekly e-mail as a finding linking to nothing."""
    poster = Poster(net)
    kept, gone = poster.post("Een gewone dag."), poster.post(RUDE)
    poster.indexed()
    email = audit.enrol(poster)
    audit.run()
    poster.delete(gone)
    poster.indexed()
    assert sum(o.deleted for o in audit.run().outcomes) == 1
    assert list(audit.texts()) == [f"bluesky:{kept}"]
    assert audit.weekly(email)[0].flagged_posts == 0


def test_an_edited_post_is_read_again_and_judged_again(audit, net):
    """Bug 9: edited posts were not read again after the first fetch."""
    poster = Poster(net)
    uri = poster.post("Een gewone dag.")
    poster.indexed()
    email = audit.enrol(poster)
    audit.run()
    poster.edit(uri, RUDE)
    poster.wait_for_feed(lambda feed: [i["post"]["record"]["text"] for i in feed] == [RUDE])
    assert sum(o.updated for o in audit.run().outcomes) == 1
    assert audit.texts() == {f"bluesky:{uri}": RUDE}
    assert "incivility" in audit.flags(f"bluesky:{uri}")
    assert audit.weekly(email)[0].flagged_posts == 1


def test_a_disclaimer_in_the_bio_is_read_from_the_profile(audit, net):
    """Bug 3: the profile's bio was ignored, so every work post lacked a disclaimer."""
    bio = "Leerkracht groep 5. Berichten op persoonlijke titel."
    with_bio, without = Poster(net, bio=bio), Poster(net)
    covered, bare = with_bio.post(WORK), without.post(WORK)
    with_bio.indexed()
    without.indexed()
    audit.enrol(with_bio, role="leerkracht")
    audit.enrol(without, role="leerkracht")
    audit.run()
    assert "missing_disclaimer" not in audit.flags(f"bluesky:{covered}")
    assert "missing_disclaimer" in audit.flags(f"bluesky:{bare}")
    (account,) = [a for a in audit.store.accounts.list() if a.handle == with_bio.handle]
    assert account.bio == bio


def test_an_app_password_logs_in_at_the_accounts_pds_beside_an_account_without(audit, net):
    """Bugs 5 and 6: login went to bsky.social; one base URL could not serve both."""
    with_token, without = Poster(net), Poster(net)
    with_token.post("Met een app-wachtwoord gelezen.")
    without.post("Zonder token gelezen.")
    with_token.indexed()
    without.indexed()
    audit.enrol(with_token, token=with_token.app_password())
    audit.enrol(without)
    summary = audit.run()
    assert [o.status for o in summary.outcomes] == ["ok", "ok"]
    assert sorted(audit.texts().values()) == [
        "Met een app-wachtwoord gelezen.",
        "Zonder token gelezen.",
    ]


def test_a_wrong_app_password_asks_for_re_authorisation(audit, net):
    poster = Poster(net)
    poster.post("Een bericht.")
    poster.indexed()
    audit.enrol(poster, token="not-the-password")
    summary = NightlyRun(
        audit.store,
        Classifier(audit.config.organisation),
        audit.config,
        secrets=Secrets(None, audit.environ),
        sleep=lambda s: None,
    ).run()
    (outcome,) = summary.outcomes
    assert outcome.status == "needs_reauth", outcome


def test_a_handle_change_keeps_the_account_working(audit, net):
    """Bug 7: the DID was not stored, so a new handle broke the account."""
    poster = Poster(net)
    poster.post("Voor de nieuwe naam.")
    poster.indexed()
    audit.enrol(poster)
    audit.run()
    new = f"n{poster.handle}"
    poster.rename(new)
    poster.post("Na de nieuwe naam.")
    poster.indexed()
    summary = audit.run()
    assert inserted(summary) == 1
    (account,) = audit.store.accounts.list()
    assert account.handle == new
    assert account.user_id == poster.did
    assert sorted(audit.texts().values()) == ["Na de nieuwe naam.", "Voor de nieuwe naam."]


def test_the_stored_posts_are_the_posts_of_the_repo_export(audit, net, tmp_path):
    """Bug 8: the API and repo.car gave other ids, in_reply_to and lang for one post."""
    poster = Poster(net)
    first = poster.post("Goedemorgen allemaal!", langs=["nl-NL"])
    parent = {"uri": first, "cid": poster.cid(first)}
    poster.post("Helemaal mee eens.", langs=["nl", "en"], reply={"root": parent, "parent": parent})
    poster.indexed()
    audit.enrol(poster)
    audit.run()
    car = tmp_path / "repo.car"
    car.write_bytes(poster.repo_car())
    exported = {p.id: (p.text, p.lang, p.in_reply_to) for p in open_archive(car)}
    with audit.store._db.read() as conn:
        query = select(posts.c.id, posts.c.text, posts.c.lang, posts.c.in_reply_to)
        stored = {row.id: (row.text, row.lang, row.in_reply_to) for row in conn.execute(query)}
    assert stored == exported
    assert stored[f"bluesky:{first}"][1] == "nl"


def test_a_link_reaches_the_store_in_full(audit, net):
    """Bug 10: facet link URLs and link cards were lost, only the short text stored."""
    poster = Poster(net)
    text = "Het rooster: example.org/rooster/2026..."
    start = text.encode().index(b"example.org")
    facet = {
        "index": {"byteStart": start, "byteEnd": len(text.encode())},
        "features": [{"$type": "app.bsky.richtext.facet#link", "uri": LINK}],
    }
    poster.post(text, facets=[facet])
    card = {
        "$type": "app.bsky.embed.external",
        "external": {"uri": CARD, "title": "", "description": ""},
    }
    poster.post("Lees dit.", embed=card)
    poster.indexed()
    audit.enrol(poster)
    audit.run()
    assert sorted(audit.texts().values()) == [f"Het rooster: {LINK}", f"Lees dit.\n{CARD}"]
