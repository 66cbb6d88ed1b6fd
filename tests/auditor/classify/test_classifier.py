import json
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.classify import Classifier
from auditor.classify.registry import RULES, RUN_ORDER, rules_by_flag
from auditor.model import FLAGS, Media, verdict_to_dict
from tests.conftest import make_post

SAMPLES = [
    "Daan uit groep 5 was vandaag jarig 🎉 #meerwijk",
    "Nog niet officieel, maar De Zonnebloem gaat fuseren. Die directeur is een idioot.",
    "Teaching Year 6 today, views are my own.",
    "",
]


def test_every_flag_has_a_registered_rule_with_protocol_and_explanations():
    grouped = rules_by_flag()
    assert set(grouped) == set(FLAGS)
    for flag in FLAGS:
        assert grouped[flag], flag
    for rule_id, cls in RULES.items():
        assert rule_id == cls.RULE_ID and cls.PROTOCOL and cls.SEVERITY in ("low", "medium", "high")
        assert cls.EXPLANATION_NL and cls.EXPLANATION_EN


def test_every_flag_runs_once_and_findings_come_in_label_order(classifier):
    assert sorted(RUN_ORDER) == sorted(FLAGS)
    verdict = classifier.classify(make_post("Daan uit groep 5 was vandaag jarig 🎉"))
    order = [FLAGS.index(f.flag) for f in verdict.findings]
    assert len(set(order)) > 1 and order == sorted(order)


def test_classification_is_deterministic_across_instances(org):
    first, second = Classifier(org), Classifier(org)
    for text in SAMPLES:
        post = make_post(text, media=(Media("photo", "kinderen van groep 3"),))
        a = json.dumps(verdict_to_dict(first.classify(post), trace=True))
        b = json.dumps(verdict_to_dict(second.classify(post), trace=True))
        assert a == b == json.dumps(verdict_to_dict(first.classify(post), trace=True))


def test_missing_disclaimer_only_with_work_overlap(classifier):
    for text in SAMPLES:
        flags = classifier.classify(make_post(text)).flags
        assert "missing_disclaimer" not in flags or "work_overlap" in flags


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=400), bio=st.text(max_size=80), alt=st.text(max_size=80))
def test_any_text_classifies_with_valid_evidence(classifier, text, bio, alt):
    post = make_post(text, bio=bio, media=(Media("photo", alt),))
    verdict = classifier.classify(post)
    verdict.check(post)
    json.dumps(verdict_to_dict(verdict))


def test_huge_and_odd_texts(classifier):
    for text in [
        "a" * 100_000,
        "😀" * 5_000,
        "\u202e\u0000\x07 groep 5",
        "Daan " * 20_000,
        "1" * 50_000,
    ]:
        post = make_post(text)
        classifier.classify(post).check(post)


def test_word_lists_ship_in_the_wheel(tmp_path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[3]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            tmp_path,
            root,
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("social_audit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    data = root / "auditor/classify/data"
    expected = {f"auditor/classify/data/{p.relative_to(data)}" for p in data.rglob("*.txt")}
    assert expected and expected <= set(names)
