"""The demo: the whole flow on a fresh machine, with nothing configured.

It builds a private folder with a config (the example organisation, a SQLite file, an
outbox folder, a secrets file), enrols the example people with accounts on the local
platform simulator, runs the nightly job against it, writes the weekly e-mails to the
outbox, runs a self-audit on the example data export, and writes the trends report.
Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import logging
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from auditor.classify import Classifier, is_management_role
from auditor.config import load_config
from auditor.errors import AuditError
from auditor.pipeline.nightly import NightlyRun, RunSummary
from auditor.private_files import private_folder, write_private
from auditor.registry import AccountSpec, Person
from auditor.roster import read_roster
from auditor.store import Store
from connectors.simulator import Simulator
from importers import open_archive
from reports.mailer import OutboxTransport
from reports.self_audit import audit, render_self_audit
from reports.trends import report_from_store
from reports.trends_output import write_report
from reports.weekly import IsoWeek, SendSummary, send_weekly

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PLATFORMS = ("mastodon", "x", "bluesky", "facebook")
LOOKBACK_DAYS = 21
ACTOR = "demo"

log = logging.getLogger("social-audit.demo")


@dataclass(frozen=True, slots=True)
class DemoResult:
    folder: Path
    config: Path
    database: Path
    outbox: Path
    log: Path
    run: RunSummary
    weekly: SendSummary
    self_audit_html: Path
    self_audit_json: Path
    trends_html: Path
    trends_folder: Path

    def lines(self) -> list[str]:
        return [
            f"demo folder:        {self.folder}",
            f"config:             {self.config}",
            f"database (SQLite):  {self.database}",
            f"nightly run:        {self.run.lines()[0]}",
            f"weekly e-mails:     {self.outbox}/ ({self.weekly.line()})",
            f"self-audit:         {self.self_audit_html} and {self.self_audit_json}",
            f"trends report:      {self.trends_html} (CSV files beside it)",
            f"log:                {self.log}",
        ]


def _handle(name: str, platform: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z ]", "", plain).split()
    return "_".join(words) + ("" if platform != "x" else "_edu")


def _config_text(folder: Path, sim: Simulator, organisation: dict) -> str:
    """The demo config: the example organisation, local paths, the simulator's URLs."""
    lines = [
        "# Written by `social-audit demo`: the example organisation on the local simulator.",
        "[organisation]",
    ]
    for key, value in organisation.items():
        lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    lines += [
        "",
        "[store]",
        'path = "demo.db"',
        "",
        "[secrets]",
        'file = "secrets.env"',
        "",
        "[mail]",
        f'from = "social-audit <social-audit@{sim.root.split("//")[1].split(":")[0]}>"',
        'outbox = "outbox"',
        'contact = "communicatie@example.org"',
        'notice_url = "https://example.org/privacy/social-audit"',
        "",
        "[fetch]",
        f"lookback_days = {LOOKBACK_DAYS}",
        "max_wait = 5",
        "",
        "[fetch.base_urls]",
        *(f'{name} = "{url}"' for name, url in sim.base_urls().items()),
        "",
    ]
    return "\n".join(lines)


def run_demo(
    folder: Path, *, echo: Callable[[str], None] = print, today: datetime | None = None
) -> DemoResult:
    """Run the whole flow in `folder` (created owner-only) and say where everything is."""
    now = today or datetime.now(UTC)
    private_folder(folder)
    log_path = write_private(folder / "demo.log", "")
    handler = logging.FileHandler(log_path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        return _run(folder, log_path, now, echo)
    finally:
        root.removeHandler(handler)
        handler.close()


def _run(folder: Path, log_path: Path, now: datetime, echo: Callable[[str], None]) -> DemoResult:
    organisation = tomllib.loads((EXAMPLES / "org.toml").read_text(encoding="utf-8"))[
        "organisation"
    ]
    config_path = folder / "org.toml"
    with Simulator(
        seed=2026,
        schools=tuple(organisation["schools"]),
        posts_per_account=24,
        span=timedelta(days=LOOKBACK_DAYS),
    ) as sim:
        write_private(config_path, _config_text(folder, sim, organisation))
        config = load_config(config_path)
        with Store.from_config(config) as store:
            echo(
                f"1/5 enrolling the example people ({EXAMPLES / 'people.csv'}) on the simulator at {sim.root}"
            )
            secrets = _enrol(store, sim, now)
            write_private(folder / "secrets.env", "".join(f"{k}={v}\n" for k, v in secrets.items()))
            config = load_config(config_path)

            echo("2/5 the nightly run: fetch, classify, store")
            summary = NightlyRun(store, Classifier(config.organisation), config).run()
            for line in summary.lines():
                log.info(line)

            week = IsoWeek.last_complete(now.date())
            echo(f"3/5 the weekly e-mails of {week.label} to the outbox")
            weekly = send_weekly(
                store,
                config,
                OutboxTransport(config.mail.outbox),
                week,
                is_management=is_management_role,
            )
            log.info(weekly.line())

            echo("4/5 a self-audit of the example data export")
            report = audit(
                open_archive(EXAMPLES / "export/outbox.json"),
                Classifier(config.organisation),
                lang="nl",
                source="examples/export/outbox.json",
            )
            rendered = render_self_audit(report, config)
            self_dir = private_folder(folder / "self-audit")
            html = write_private(self_dir / "self-audit.html", rendered.html)
            data = write_private(
                self_dir / "self-audit.json",
                json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n",
            )
            log.info("self-audit: %d posts, %d flagged", report.total_posts, report.flagged_posts)

            echo("5/5 the trends report for the communications team")
            trends = report_from_store(
                store,
                today=now.date(),
                weeks=4,
                min_group_size=config.min_group_size,
            )
            files = write_report(trends, folder / "trends", lang="nl", generated=now.date())
            log.info("trends report written")
    return DemoResult(
        folder=folder,
        config=config_path,
        database=folder / "demo.db",
        outbox=config.mail.outbox,
        log=log_path,
        run=summary,
        weekly=weekly,
        self_audit_html=html,
        self_audit_json=data,
        trends_html=files.html,
        trends_folder=folder / "trends",
    )


def generated_handle(n: int, platform: str, k: int) -> str:
    """The handle of generated person `n`'s account number `k`."""
    return f"user{n}{platform[:2]}{k}"


def generated_handles(people: int, accounts_per_person: int = 2) -> dict[str, tuple[str, ...]]:
    """The handles `enrol_generated` registers, per platform.

    A simulator that must know the accounts from its start (`handles=`) gets these: a
    second simulator standing in for the same platforms later gives the same ids.
    """
    found: dict[str, list[str]] = {p: [] for p in PLATFORMS}
    for n in range(people):
        for k in range(accounts_per_person):
            platform = PLATFORMS[(n + k) % len(PLATFORMS)]
            found[platform].append(generated_handle(n, platform, k))
    return {p: tuple(h) for p, h in found.items()}


def enrol_generated(
    store: Store, sim: Simulator, people: int, *, accounts_per_person: int = 2, actor: str = ACTOR
) -> dict[str, str]:
    """Generated staff with accounts spread over the four platforms.

    For tests and benchmarks at any scale; returns the tokens by reference name.
    """
    environ = {}
    for n in range(people):
        email = f"person{n}@school.example"
        person = Person(
            email=email,
            name=f"Person {n}",
            opted_in_at=date(2026, 9, 1),
            consent_version="2026-11-v1",
            school=f"School {n % 4}",
        )
        store.people.add(person, actor)
        for k in range(accounts_per_person):
            platform = PLATFORMS[(n + k) % len(PLATFORMS)]
            handle, ref = generated_handle(n, platform, k), f"TOKEN_{n}_{k}"
            environ[ref] = sim.token(platform, handle)
            spec = AccountSpec(platform=platform, handle=handle, token_ref=ref)
            store.accounts.add(email, spec, actor)
    return environ


def _enrol(store: Store, sim: Simulator, now: datetime) -> dict[str, str]:
    """The example people with one or two accounts each; returns the secrets to write."""
    roster = read_roster(EXAMPLES / "people.csv", now.date())
    store.people.sync(roster.people, ACTOR, apply=True)
    secrets = {}
    for index, person in enumerate(roster.people):
        for k in range(1 + index % 2):
            platform = PLATFORMS[(index + k) % len(PLATFORMS)]
            handle = _handle(person.name, platform)
            ref = f"DEMO_{platform.upper()}_{index}"
            secrets[ref] = sim.token(platform, handle)
            try:
                store.accounts.add(
                    person.email,
                    AccountSpec(platform=platform, handle=handle, token_ref=ref),
                    ACTOR,
                )
            except AuditError:
                continue  # already enrolled by an earlier demo in this folder
    return secrets
