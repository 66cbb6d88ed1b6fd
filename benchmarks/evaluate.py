"""Accuracy per flag and per rule: which rule produced each true and false positive.

Usage: python benchmarks/evaluate.py [--gold FILE.jsonl] [--config ORG.toml]
Defaults to the development set beside the repository (../shared/data).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from auditor.classify import Classifier
from auditor.classify.registry import RULES
from auditor.config import load_config
from auditor.model import labelled_post_from_dict
from reports.evaluation import evaluate

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=SHARED / "data/dev.jsonl")
    parser.add_argument("--config", default=SHARED / "data/org.toml")
    args = parser.parse_args()

    classifier = Classifier(load_config(args.config).organisation)
    with open(args.gold, encoding="utf-8") as lines:
        gold = [labelled_post_from_dict(json.loads(line)) for line in lines if line.strip()]
    result = evaluate(classifier, gold)

    print(f"{len(gold)} posts from {args.gold}\n")
    print(f"{'flag':<20} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for s in result.scores():
        print(
            f"{s.flag:<20} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} {s.tp:>4} {s.fp:>4} {s.fn:>4}"
        )

    print(f"\n{'rule':<42} {'fires':>6} {'in tp':>6} {'in fp':>6}")
    counts = Counter(result.rule_counts)
    for rule_id, cls in RULES.items():
        tp, fp = counts[(rule_id, "tp")], counts[(rule_id, "fp")]
        print(f"{rule_id:<42} {tp + fp:>6} {tp:>6} {fp:>6}   ({cls.FLAG})")

    if result.misses:
        print("\nmisses:")
        by_id = {g.post.id: g for g in gold}
        for miss in result.misses:
            text = by_id[miss.post_id].post.text.replace("\n", " ")[:90]
            rules = f" [{', '.join(miss.rules)}]" if miss.rules else ""
            print(f"  {miss.post_id} {miss.flag} {miss.kind}{rules}: {text}")


if __name__ == "__main__":
    main()
