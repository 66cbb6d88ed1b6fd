"""social-audit's `classify` against deduce, whole processes, interleaved in one run.

Usage: python benchmarks/peer_speed.py [--small 12000] [--large 24000] [--runs 5] [--jobs N]

The peer is deduce (vmenger/deduce, a rule-based de-identifier of Dutch text of the same
kind), pinned and installed into its own virtual environment (`benchmarks/.peer/`,
gitignored) the first time. Both read the same JSON Lines file of posts (the development
set beside the repository, repeated with unique ids) and write one line per post: ours
runs `social-audit classify` (post, bio and alt texts, five flags), deduce
de-identifies each post's text (as the issue that set the goal measured it). Every run
starts a fresh process of each, alternating, so load on the machine hits both alike.

Throughput is marginal: (large - small) posts over the difference of the wall times, so
start-up (imports, word lists, deduce's lookup structures) is left out; the median of
the runs is reported with the min-max spread, and the ratio of the medians. Peak memory
is each process's max RSS (from wait4).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PEER_DIR = ROOT / "benchmarks" / ".peer"
PEER_REQUIREMENT = "deduce==3.0.6"

PEER_SCRIPT = """
import json, sys
from deduce import Deduce
deduce = Deduce()
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in src:
        post = json.loads(line)
        texts = [post["text"], post["account"].get("bio") or ""]
        done = [deduce.deidentify(t).deidentified_text if t else "" for t in texts]
        out.write(json.dumps({"id": post["id"], "text": done[0], "bio": done[1]}) + "\\n")
"""


def ensure_peer() -> Path:
    """The peer's interpreter, installed and warmed up (deduce builds its lookups once)."""
    python = PEER_DIR / "bin" / "python"
    marker = PEER_DIR / ".ready"
    if marker.exists() and marker.read_text() == PEER_REQUIREMENT:
        return python
    print(f"installing the peer ({PEER_REQUIREMENT}) into {PEER_DIR} ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(PEER_DIR)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", PEER_REQUIREMENT], check=True)
    print("building deduce's lookup structures (1-2 minutes, once) ...", file=sys.stderr)
    subprocess.run([str(python), "-c", "from deduce import Deduce; Deduce()"], check=True)
    marker.write_text(PEER_REQUIREMENT)
    return python


def write_posts(path: Path, count: int) -> None:
    lines = [line for line in (SHARED / "data/dev.jsonl").read_text("utf-8").splitlines() if line]
    base = [json.loads(line) for line in lines]
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            post = dict(base[i % len(base)])
            post.pop("labels", None)
            post.pop("note", None)
            post["id"] = f"bench-{i}"
            out.write(json.dumps(post, ensure_ascii=False) + "\n")


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process run to completion."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=12_000)
    parser.add_argument("--large", type=int, default=24_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None, help="classify --jobs N (ours)")
    args = parser.parse_args()

    peer = ensure_peer()
    ours = ROOT / ".venv" / "bin" / "social-audit"
    config = SHARED / "data/org.toml"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "peer.py").write_text(PEER_SCRIPT)
        sizes = {"small": args.small, "large": args.large}
        for name, count in sizes.items():
            write_posts(folder / f"{name}.jsonl", count)
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []

        def command(tool: str, name: str) -> list[str]:
            source, target = str(folder / f"{name}.jsonl"), str(folder / f"{tool}-{name}.out")
            if tool == "deduce":
                return [str(peer), str(folder / "peer.py"), source, target]
            return [str(ours), "classify", "--config", str(config), "--input", source,
                    "--output", target, *jobs]  # fmt: skip

        walls: dict[tuple[str, str], list[float]] = {}
        peaks: dict[tuple[str, str], list[float]] = {}
        for run in range(args.runs):
            for tool in ("social-audit", "deduce") if run % 2 == 0 else ("deduce", "social-audit"):
                for name in sizes:
                    wall, peak = timed(command(tool, name))
                    walls.setdefault((tool, name), []).append(wall)
                    peaks.setdefault((tool, name), []).append(peak)
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)

    extra = args.large - args.small
    marginal = {
        tool: [
            extra / (large - small)
            for small, large in zip(walls[tool, "small"], walls[tool, "large"], strict=True)
        ]
        for tool in ("social-audit", "deduce")
    }
    print(f"{args.small:,} and {args.large:,} posts, {args.runs} interleaved runs")
    print(f"{'':<14} {'marginal posts/s (median, min-max)':>36} {'peak RSS MB':>12}")
    for tool, rates in marginal.items():
        spread = f"{statistics.median(rates):,.0f} ({min(rates):,.0f}-{max(rates):,.0f})"
        peak = max(peaks[tool, "large"])
        print(f"{tool:<14} {spread:>36} {peak:>12.0f}")
    ratios = [a / b for a, b in zip(marginal["social-audit"], marginal["deduce"], strict=True)]
    ours_median = statistics.median(marginal["social-audit"])
    print(
        f"ratio social-audit / deduce: {ours_median / statistics.median(marginal['deduce']):.2f}x"
        f" (per run {min(ratios):.2f}-{max(ratios):.2f})"
    )


if __name__ == "__main__":
    main()
