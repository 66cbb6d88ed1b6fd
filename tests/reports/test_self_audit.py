"""The self-audit on a data export: no database, no keys, redacted, in every format."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from tests.conftest import ORG_TOML
from tests.shared import EXPORTS

SECRETS = ["Fenna", "06-12345678", "111222333"]


def outbox_export(tmp_path: Path, texts: list[str]) -> Path:
    """A Mastodon outbox.json (ActivityPub) of public notes, zipped like a real export."""
    public = "https://www.w3.org/ns/activitystreams#Public"
    items = [
        {
            "type": "Create",
            "object": {
                "type": "Note",
                "id": f"https://mastodon.example/users/juf/statuses/{n}",
                "url": f"https://mastodon.example/@juf/{n}",
                "published": f"2026-11-{10 + n:02d}T09:00:00Z",
                "content": f"<p>{text}</p>",
                "to": [public],
                "cc": [],
                "attachment": [],
            },
        }
        for n, text in enumerate(texts)
    ]
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("outbox.json", json.dumps({"type": "OrderedCollection", "orderedItems": items}))
    return archive


@pytest.mark.parametrize(
    "export",
    [
        "x-archive",
        "facebook",
        "instagram",
        "linkedin/Shares.csv",
        "mastodon/outbox.json",
        "bluesky/repo.car",
    ],
)
def test_every_export_format_gives_a_report(export):
    result = CliRunner().invoke(
        main, ["self-audit", "--config", str(ORG_TOML), "--archive", str(EXPORTS / export)]
    )
    assert result.exit_code == 0, result.output
    assert "Zelfcheck" in result.output
    assert "openbare bericht(en)" in result.output


def test_report_is_redacted_in_terminal_html_and_json(tmp_path):
    archive = outbox_export(
        tmp_path,
        [
            "Fenna uit groep 6 heeft BSN 111222333, bel haar vader: 06-12345678",
            "Lekker gefietst vandaag.",
        ],
    )
    html, data = tmp_path / "out/report.html", tmp_path / "out/report.json"
    result = CliRunner().invoke(
        main,
        [
            "self-audit",
            "--config",
            str(ORG_TOML),
            "--archive",
            str(archive),
            "--html",
            str(html),
            "--json",
            str(data),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    outputs = [result.output, html.read_text(), data.read_text()]
    for secret in SECRETS:
        assert all(secret not in output for output in outputs)
    report = json.loads(data.read_text())
    assert report["total_posts"] == 2
    assert report["flagged_posts"] == 1
    assert "[PUPIL-1]" in report["groups"][0]["items"][0]["excerpt"]
    assert html.stat().st_mode & 0o077 == 0
    assert "Self-audit" in result.output


def test_a_hostile_post_is_shown_as_text_in_the_html(tmp_path):
    archive = outbox_export(
        tmp_path, ["&lt;script&gt;alert('x')&lt;/script&gt; Mijn klas was vandaag onmogelijk."]
    )
    html = tmp_path / "report.html"
    args = ["self-audit", "--config", str(ORG_TOML), "--archive", str(archive)]
    result = CliRunner().invoke(main, [*args, "--html", str(html)])
    assert result.exit_code == 0, result.output
    page = html.read_text()
    assert "<script>" not in page
    assert "&lt;script&gt;alert" in page


def test_json_to_stdout_is_only_json(tmp_path):
    archive = outbox_export(tmp_path, ["Wat een topdag met mijn klas!"])
    result = CliRunner().invoke(
        main, ["self-audit", "--config", str(ORG_TOML), "--archive", str(archive), "--json", "-"]
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["flagged_posts"] == 1


def test_an_unreadable_export_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "nonsense.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = CliRunner().invoke(
        main, ["self-audit", "--config", str(ORG_TOML), "--archive", str(bad)]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.strip().count("\n") == 0


def test_person_or_archive_is_required():
    result = CliRunner().invoke(main, ["self-audit", "--config", str(ORG_TOML)])
    assert result.exit_code == 2
    assert "--person" in result.stderr
