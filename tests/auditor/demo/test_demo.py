"""The demo end to end: its outputs, and that it spreads neither pupil data nor secrets."""

from __future__ import annotations

import email
import json
import os
import re
import stat
import zipfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from auditor.classify import Classifier, is_management_role
from auditor.config import load_config
from auditor.demo.flow import EXAMPLES, run_demo
from auditor.model import post_from_dict
from auditor.redaction.redactor import SENSITIVE_KINDS
from auditor.store import Store
from importers import open_archive
from reports.mailer import OutboxTransport
from reports.self_audit import audit, render_self_audit
from reports.weekly import IsoWeek, send_weekly
from tests.shared import DATA

DATA_URI = re.compile(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+")  # charts, not text
DEV = DATA / "dev.jsonl"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "out"
    return run_demo(folder, echo=lambda line: None)


def every_output(folder: Path) -> str:
    """All text the demo left behind: files (e-mails decoded), and every database row."""
    parts = []
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in (
            ".eml",
            ".html",
            ".json",
            ".csv",
            ".log",
            ".txt",
            ".toml",
        ):
            raw = path.read_bytes()
            parts.append(raw.decode("utf-8", "replace"))
            if path.suffix == ".eml":
                message = email.message_from_bytes(raw, policy=policy.default)
                parts += [
                    p.get_content() for p in message.walk() if p.get_content_maintype() == "text"
                ]
    engine = create_engine(f"sqlite:///{folder / 'demo.db'}")
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            parts += [repr(tuple(row)) for row in conn.execute(text(f'SELECT * FROM "{table}"'))]
    engine.dispose()
    return "\n".join(parts)


def test_the_demo_makes_every_output(demo):
    assert demo.run.exit_code == 0
    assert demo.run.to_dict()["posts_new"] > 0
    emails = sorted(demo.outbox.glob("*.eml"))
    people = len((EXAMPLES / "people.csv").read_text().splitlines()) - 1
    assert len(emails) == len(demo.weekly.sent) == people
    for path in emails:
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert message.get_body(("plain",)) is not None
        assert message.get_body(("html",)) is not None
    assert demo.trends_html.exists()
    assert list(demo.trends_folder.glob("*.csv"))
    report = json.loads(demo.self_audit_json.read_text())
    assert report["total_posts"] > 0
    assert report["flagged_posts"] > 0


def test_the_demo_folder_is_owner_only(demo):
    for path in [demo.folder, *demo.folder.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path} has mode {mode:o}"


def test_no_secret_appears_anywhere(demo):
    secrets = [
        line.split("=", 1)[1] for line in (demo.folder / "secrets.env").read_text().splitlines()
    ]
    assert secrets
    everything = every_output(demo.folder).replace((demo.folder / "secrets.env").read_text(), "")
    for secret in secrets:
        assert secret not in everything


def test_a_demo_rerun_sends_nothing_twice(demo):
    again = run_demo(demo.folder, echo=lambda line: None)
    assert again.weekly.sent == []
    assert len(again.weekly.skipped) == len(demo.weekly.sent)
    assert len(list(demo.outbox.glob("*.eml"))) == len(demo.weekly.sent)


def detected(post, verdict) -> set[str]:
    """The names, numbers and addresses the classifier found in a post."""
    return {
        e.check(post) for f in verdict.findings for e in f.evidence if e.kind in SENSITIVE_KINDS
    }


def test_pupil_data_of_the_dev_set_never_reaches_any_output(demo, tmp_path):
    """Every dev.jsonl post labelled pupil_data, put through the demo pipeline."""
    gold = [
        json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    pupil_posts = [d for d in gold if d["labels"]["pupil_data"]]
    config = load_config(demo.config)
    classifier = Classifier(config.organisation)
    week = IsoWeek.last_complete(datetime.now(UTC).date() + timedelta(days=7))
    start, _ = week.window()
    secrets: set[str] = set()
    with Store.from_config(config) as store:
        account = store.accounts.list()[0]
        posts = []
        for n, data in enumerate(pupil_posts):
            post = post_from_dict(data)
            posts.append(
                replace(
                    post,
                    id=f"{account.platform}:dev{n}",
                    platform=account.platform,
                    created_at=start + timedelta(hours=n),
                )
            )
        store.posts.save_fetched(account.id, posts, cursor=None)
        for post in posts:
            verdict = classifier.classify(post)
            secrets |= detected(post, verdict)
        store.posts.store_verdicts([classifier.classify(p) for p in posts], classifier.version)
        summary = send_weekly(
            store,
            config,
            OutboxTransport(config.mail.outbox),
            week,
            is_management=is_management_role,
            person_email=account.person_email,
        )
        assert summary.sent == [account.person_email]

    archive = demo.folder / "dev-pupils.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("outbox.json", json.dumps(_outbox(posts)))
    report = audit(open_archive(archive), classifier, lang="nl", source="dev")
    rendered = render_self_audit(report, config)
    (demo.folder / "self-audit/dev.html").write_text(rendered.html)
    (demo.folder / "self-audit/dev.json").write_text(
        json.dumps(report.to_dict(), ensure_ascii=False)
    )
    (demo.folder / "self-audit/dev.txt").write_text(rendered.text)
    os.remove(archive)

    assert len(secrets) > 20
    texts = []
    for path in demo.folder.rglob("*"):
        if path.is_file() and path.suffix in (".eml", ".html", ".json", ".csv", ".log", ".txt"):
            raw = path.read_bytes()
            texts.append(raw.decode("utf-8", "replace"))
            if path.suffix == ".eml":
                message = email.message_from_bytes(raw, policy=policy.default)
                texts += [
                    p.get_content() for p in message.walk() if p.get_content_maintype() == "text"
                ]
    everything = DATA_URI.sub("", "\n".join(texts))
    staff = {p.name.split()[0] for p in Store.from_config(config).people.list()}
    leaked = sorted(
        s for s in secrets - staff if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", everything)
    )
    assert leaked == []


def _outbox(posts) -> dict:
    public = "https://www.w3.org/ns/activitystreams#Public"
    return {
        "type": "OrderedCollection",
        "orderedItems": [
            {
                "type": "Create",
                "object": {
                    "type": "Note",
                    "id": f"https://mastodon.example/statuses/{n}",
                    "url": f"https://mastodon.example/@t/{n}",
                    "published": post.created_at.isoformat().replace("+00:00", "Z"),
                    "content": "<p>"
                    + post.text.replace("&", "&amp;").replace("<", "&lt;")
                    + "</p>",
                    "to": [public],
                    "cc": [],
                    "attachment": [{"type": "Document", "name": m.alt_text} for m in post.media],
                },
            }
            for n, post in enumerate(posts)
        ],
    }
