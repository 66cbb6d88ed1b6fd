"""The nightly run at scale: 500 opted-in people, 1,000 accounts, 20 ms per request.

Usage: python benchmarks/nightly.py [--people 500] [--latency 0.02] [--concurrency 8]
Runs twice against the local simulator with a fresh SQLite database: the first run
fetches and classifies everything, the second must fetch no post twice. Prints wall
time, requests and rows of both runs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from sqlalchemy import create_engine, text

from auditor.classify import Classifier
from auditor.config import FetchConfig, load_config
from auditor.demo.flow import enrol_generated
from auditor.pipeline.nightly import NightlyRun
from auditor.secrets import Secrets
from auditor.store import Store
from connectors.simulator import Simulator

ROOT = Path(__file__).resolve().parents[1]
PLATFORMS = ("x", "facebook", "mastodon", "bluesky")


def rows(db: Path) -> int:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        count = conn.execute(text("SELECT COUNT(*) FROM posts")).scalar()
    engine.dispose()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--posts", type=int, default=20, help="posts per account in 14 days")
    args = parser.parse_args()

    config = load_config(ROOT / "examples/org.toml")
    with (
        tempfile.TemporaryDirectory() as tmp,
        Simulator(seed=1, posts_per_account=args.posts, latency=args.latency) as sim,
    ):
        db = Path(tmp) / "bench.db"
        store = Store.open(db)
        environ = enrol_generated(store, sim, args.people)
        fetch = FetchConfig(
            base_urls={p: sim.base_url(p) for p in PLATFORMS},
            concurrency=args.concurrency,
            max_wait=5,
            timeout=30,
        )
        run = NightlyRun(
            store,
            Classifier(config.organisation),
            replace(config, fetch=fetch),
            secrets=Secrets(None, environ),
        )
        print(
            f"{args.people} people, {2 * args.people} accounts, {args.latency * 1000:.0f} ms latency, concurrency {args.concurrency} per platform"
        )
        for label in ("first run", "second run"):
            sim.reset_counts()
            started = time.perf_counter()
            summary = run.run()
            seconds = time.perf_counter() - started
            data = summary.to_dict()
            print(
                f"{label}: {seconds:.1f} s, {sim.request_count()} requests,"
                f" {data['posts_fetched']} posts fetched, {data['posts_new']} new,"
                f" {data['posts_classified']} classified, {rows(db)} rows,"
                f" {data['accounts_ok']}/{data['accounts']} accounts ok, exit {summary.exit_code}"
            )
        store.close()
    sys.exit(0)


if __name__ == "__main__":
    main()
