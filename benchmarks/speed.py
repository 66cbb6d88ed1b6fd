"""Classifier throughput: median posts/second over several runs, and peak memory.

Usage: python benchmarks/speed.py [--posts 20000] [--runs 5]
Reads the development set beside the repository (../shared/data) and repeats it to the
requested number of posts, each with its own id. Start-up (building the word lists and
the automaton) is timed separately and not counted in the throughput.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

from auditor.classify import Classifier
from auditor.config import load_config
from auditor.model import post_from_dict

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def load_posts(count: int):
    lines = (SHARED / "data/dev.jsonl").read_text(encoding="utf-8").splitlines()
    base = [post_from_dict(json.loads(line)) for line in lines if line.strip()]
    return [replace(base[i % len(base)], id=f"bench-{i}") for i in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    org = load_config(SHARED / "data/org.toml").organisation
    started = time.perf_counter()
    classifier = Classifier(org)
    startup = time.perf_counter() - started
    posts = load_posts(args.posts)

    rates = []
    for _ in range(args.runs):
        started = time.perf_counter()
        for post in posts:
            classifier.classify(post)
        rates.append(len(posts) / (time.perf_counter() - started))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"python {sys.version.split()[0]}, {args.posts} posts x {args.runs} runs")
    print(f"start-up: {startup * 1000:.0f} ms")
    print(
        f"throughput: median {statistics.median(rates):,.0f} posts/s (min {min(rates):,.0f}, max {max(rates):,.0f})"
    )
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
