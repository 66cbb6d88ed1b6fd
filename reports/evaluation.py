"""Precision, recall and F1 per flag on labelled posts, and the posts it got wrong."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from auditor.classify import Classifier
from auditor.model import FLAGS, LabelledPost, Verdict


@dataclass(frozen=True, slots=True)
class Miss:
    post_id: str
    flag: str
    kind: str  # "false positive" or "false negative"
    rules: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FlagScore:
    flag: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Evaluation:
    posts: int = 0
    counts: dict[str, Counter] = field(default_factory=lambda: {f: Counter() for f in FLAGS})
    rule_counts: Counter = field(default_factory=Counter)  # (rule, "tp"|"fp") -> n
    misses: list[Miss] = field(default_factory=list)

    def add(self, gold: LabelledPost, verdict: Verdict) -> None:
        self.posts += 1
        predicted = set(verdict.flags)
        for flag in FLAGS:
            rules = tuple(f.rule for f in verdict.findings if f.flag == flag)
            truth, guess = flag in gold.labels, flag in predicted
            outcome = {(True, True): "tp", (False, True): "fp", (True, False): "fn"}.get(
                (truth, guess), "tn"
            )
            self.counts[flag][outcome] += 1
            for rule in rules:
                self.rule_counts[(rule, outcome)] += 1
            if outcome == "fp":
                self.misses.append(Miss(gold.post.id, flag, "false positive", rules))
            elif outcome == "fn":
                self.misses.append(Miss(gold.post.id, flag, "false negative"))

    def scores(self) -> list[FlagScore]:
        return [FlagScore(f, c["tp"], c["fp"], c["fn"]) for f, c in self.counts.items()]


def evaluate(classifier: Classifier, gold: Iterable[LabelledPost]) -> Evaluation:
    result = Evaluation()
    for item in gold:
        result.add(item, classifier.classify(item.post))
    return result
