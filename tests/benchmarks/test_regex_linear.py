"""The regex benchmark covers every pattern, and builds inputs each pattern must scan.

Timings belong to the benchmark (benchmarks/regex_linear.py prints them); this test
only keeps its promise true as the rules change: every `re.compile` in the classifier
and the redactor is found, and each found pattern gets pathological inputs.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.conftest import ORG_TOML

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location(
        "regex_linear", ROOT / "benchmarks/regex_linear.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def found(bench, classifier):
    return bench.discover(classifier)


def test_every_compiled_pattern_is_found(found):
    sources = [
        *(ROOT / "auditor/classify").rglob("*.py"),
        *(ROOT / "auditor/redaction").rglob("*.py"),
    ]
    compiled = sum(p.read_text(encoding="utf-8").count("re.compile(") for p in sources)
    from_compile = [
        n for n in found if ":" not in n and not n.startswith("redaction.redactor.Redactor")
    ]
    assert len(from_compile) >= compiled
    for name in ("PupilName.child_of", "PupilName.parent_of", "resources.acronyms"):
        assert name in found
    assert any(n.endswith(" re.sub") for n in found)  # re.sub(r"\D", ...) at a call site


def test_every_pattern_gets_runs_and_near_misses(bench, found):
    for name, pattern in found.items():
        inputs = bench.inputs_for(pattern)
        assert all(inputs.values()), name
        if any(q in pattern.pattern for q in ("+", "*", "{")):
            assert any(label.startswith("run of") for label in inputs), name
        assert any("match" in label for label in inputs), name


def test_the_benchmark_runs_end_to_end(bench, capsys):
    assert ORG_TOML.exists()
    bench.main(["--lengths", "20", "200", "--only", "EMAIL", "--timeout", "60"])
    out = capsys.readouterr().out
    assert "classify.patterns.EMAIL" in out
    assert "ms per post" in out
    assert "super-linear" in out
