"""Time to produce the trends report (aggregation, charts, HTML and CSV) on a demo database.

Usage: python benchmarks/trends.py [--people 520] [--weeks 12] [--runs 5]
Builds a SQLite database in a temporary folder through the store's public API:
people across schools and roles (some schools, roles and platforms with fewer than
5 people), one to three accounts each, posts over twice the report's weeks (the
report compares with the period before) and verdicts with findings of the
registered rules. Then it times `report_from_store` plus `write_report`, the work
of `social-audit trends`, and prints the median of several runs; the first run
(cold: fonts, templates) is shown apart. Goal: under 10 seconds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from auditor.classify.registry import RULES
from auditor.model import Account, Evidence, Finding, Post, Verdict
from auditor.registry import AccountSpec, Person
from auditor.store import Store
from reports.rule_texts import rule_text
from reports.trends import Period, report_from_store
from reports.trends_output import write_report

# (school, share of people); the last two get fewer than 5 people on purpose.
SCHOOLS = [(f"School {n:02d}", weight) for n, weight in enumerate([9, 8, 7, 6, 5, 4, 3], 1)]
SMALL_SCHOOLS = ["School 98", "School 99"]
ROLES = [("leerkracht", 12), ("onderwijsassistent", 4), ("directeur", 1), ("ib'er", 1)]
SMALL_ROLE = "conciërge"
PLATFORMS = [("x", 5), ("facebook", 5), ("mastodon", 2), ("bluesky", 2), ("instagram", 3)]
RARE_PLATFORM = "linkedin"
ACTOR = "benchmark"
TODAY = date(2026, 11, 25)


def _people(rng: random.Random, count: int) -> list[Person]:
    schools = [name for name, _ in SCHOOLS]
    roles = [name for name, _ in ROLES]
    people = []
    for n in range(count):
        weights = [w for _, w in SCHOOLS]
        school = SMALL_SCHOOLS[n % 2] if n < 7 else rng.choices(schools, weights)[0]
        role = SMALL_ROLE if n in (10, 11) else rng.choices(roles, [w for _, w in ROLES])[0]
        people.append(
            Person(
                email=f"person{n:04d}@school.example",
                name=f"Person {n}",
                opted_in_at=date(2026, 1, 5),
                consent_version="2026-1",
                role=role,
                school=school,
            )
        )
    return people


def build(store: Store, *, people: int, weeks: int, seed: int = 1) -> int:
    """Fill an empty store; returns the number of findings stored."""
    rng = random.Random(seed)
    store.people.sync(_people(rng, people), ACTOR, apply=True)
    period = Period.ending_before(TODAY, weeks).previous()
    start = datetime.combine(period.first, datetime.min.time(), tzinfo=UTC)
    span = timedelta(weeks=2 * weeks)
    rules = [(cls.RULE_ID, cls.FLAG) for cls in RULES.values()]
    platforms = [name for name, _ in PLATFORMS]
    verdicts, findings = [], 0
    for n, person in enumerate(store.people.list()):
        count = rng.choice([1, 1, 2, 3])
        chosen = {RARE_PLATFORM} if n < 3 else set()
        chosen |= set(rng.choices(platforms, [w for _, w in PLATFORMS], k=count))
        for platform in sorted(chosen):
            spec = AccountSpec(platform=platform, handle=f"handle{n}{platform}")
            account = store.accounts.add(person.email, spec, ACTOR)
            posts = [
                Post(
                    id=f"{platform}:{n}:{k}",
                    platform=platform,
                    created_at=start + span * rng.random(),
                    text=f"Post {k} of person {n}",
                    account=Account(handle=spec.handle),
                )
                for k in range(rng.randint(2, 8))
            ]
            store.posts.save_fetched(account.id, posts, cursor=None)
            for post in posts:
                picked = rng.sample(rules, k=rng.choice([0, 0, 1, 1, 2]))
                verdicts.append(
                    Verdict(post.id, tuple(_finding(rule, flag) for rule, flag in picked))
                )
                findings += len(picked)
    store.posts.store_verdicts(verdicts, "benchmark")
    return findings


def _finding(rule: str, flag: str) -> Finding:
    return Finding(
        flag=flag,
        rule=rule,
        protocol=rule_text(rule, "nl").protocol,
        severity="medium",
        evidence=(Evidence(0, 4, "word"),),
        explanation_nl="Uitleg.",
        explanation_en="Explanation.",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=520)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "demo.db") as store:
        started = time.perf_counter()
        findings = build(store, people=args.people, weeks=args.weeks)
        built = time.perf_counter() - started
        counts = len(store.trends.weekly())
        print(f"python {sys.version.split()[0]}, SQLite demo database built in {built:.1f} s:")
        print(
            f"  {len(store.people.list())} people, {len(store.accounts.list())} accounts, "
            f"{findings} findings over {2 * args.weeks} weeks, {counts} weekly count rows"
        )
        times = []
        for run in range(args.runs + 1):
            started = time.perf_counter()
            report = report_from_store(store, today=TODAY, weeks=args.weeks)
            write_report(report, Path(tmp) / f"out{run}", generated=TODAY)
            times.append(time.perf_counter() - started)
        print(f"first (cold) run: {times[0]:.2f} s")
        print(
            f"trends report ({args.weeks} weeks): median {statistics.median(times[1:]):.2f} s "
            f"over {args.runs} runs (min {min(times[1:]):.2f}, max {max(times[1:]):.2f}); goal < 10 s"
        )


if __name__ == "__main__":
    main()
