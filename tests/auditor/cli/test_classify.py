import json

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.model import FLAGS
from tests.conftest import FIXTURES, ORG_TOML

POST = {
    "id": "p1",
    "platform": "x",
    "created_at": "2026-11-20T09:00:00Z",
    "text": "Sanne uit groep 4 had vandaag een 10 voor rekenen!",
    "account": {"handle": "juf", "kind": "personal", "bio": "Juf groep 4"},
}


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def lines(*posts) -> str:
    return "".join(json.dumps(p) + "\n" for p in posts)


def test_classify_streams_one_verdict_per_post_in_order():
    second = {**POST, "id": "p2", "text": "Lekker gefietst."}
    result = run("classify", "--config", ORG_TOML, input=lines(POST, second))
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["p1", "p2"]
    assert set(out[0]["flags"]) == {"work_overlap", "missing_disclaimer", "pupil_data"}
    assert out[1]["flags"] == []


def test_classify_output_follows_the_contract():
    result = run("classify", "--config", ORG_TOML, input=lines(POST))
    verdict = json.loads(result.stdout)
    assert set(verdict) == {"id", "flags", "findings"}
    assert set(verdict["flags"]) <= set(FLAGS)
    assert {f["flag"] for f in verdict["findings"]} == set(verdict["flags"])
    for finding in verdict["findings"]:
        assert set(finding) == {
            "flag",
            "rule",
            "protocol",
            "severity",
            "evidence",
            "explanation_nl",
            "explanation_en",
        }
        assert finding["severity"] in ("low", "medium", "high")
        for evidence in finding["evidence"]:
            assert 0 <= evidence["start"] < evidence["end"] <= len(POST["text"])


def test_classify_files_and_trace(tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(lines(POST), encoding="utf-8")
    result = run("classify", "--config", ORG_TOML, "--input", source, "--output", target, "--trace")
    assert result.exit_code == 0
    assert json.loads(target.read_text())["findings"][0]["trace"]


def test_malformed_line_names_the_line_and_exits_2():
    result = run("classify", "--config", ORG_TOML, input=lines(POST) + "{not json\n" + lines(POST))
    assert result.exit_code == 2
    assert "line 2" in result.stderr and "not valid JSON" in result.stderr
    assert "Traceback" not in result.output


def test_invalid_post_names_the_field_and_line():
    result = run(
        "classify", "--config", ORG_TOML, input=lines(POST, {**POST, "created_at": "gisteren"})
    )
    assert result.exit_code == 2
    assert "line 2" in result.stderr and "created_at" in result.stderr


def test_skip_invalid_counts_and_reports():
    bad = "{not json\n" + lines({**POST, "platform": "myspace"}) + "\xff\n"
    result = run(
        "classify", "--config", ORG_TOML, "--skip-invalid", input=lines(POST) + bad + lines(POST)
    )
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2
    assert "Skipped 3 invalid line(s): 2, 3, 4" in result.stderr


def test_missing_config_is_one_line_exit_2(tmp_path):
    result = run("classify", "--config", tmp_path / "missing.toml", input=lines(POST))
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "does not exist" in result.stderr


def test_check_explains_in_dutch_and_english():
    text = "Sanne uit groep 4 had vandaag een 10 voor rekenen!"
    nl = run("check", "--config", ORG_TOML, "--explain", text)
    assert nl.exit_code == 0
    assert "leerling" in nl.output and "richtlijn 2" in nl.output and "'Sanne'" in nl.output
    en = run("check", "--config", ORG_TOML, "--lang", "en", "--bio", "Teacher, views my own", text)
    assert "pupil" in en.output and "Personal-capacity" not in en.output


def test_check_with_nothing_found():
    result = run("check", "--config", ORG_TOML, "Lekker gefietst vandaag.")
    assert "Geen aandachtspunten" in result.output


def test_management_role_raises_severity():
    text = "Vandaag met mijn klas naar het museum."
    teacher = run("check", "--config", ORG_TOML, "--role", "leerkracht", text).output
    principal = run("check", "--config", ORG_TOML, "--role", "directeur", text).output
    assert "ernst: middel" in teacher and "ernst: hoog" in principal
    assert "richtlijn 5" in principal


def test_eval_reports_scores_and_misses():
    labels = dict.fromkeys(FLAGS, False)
    gold = lines(
        {
            **POST,
            "labels": {
                **labels,
                "work_overlap": True,
                "missing_disclaimer": True,
                "pupil_data": True,
            },
        },
        {**POST, "id": "p2", "text": "Lekker gefietst.", "labels": {**labels, "incivility": True}},
    )
    result = run("eval", "--config", ORG_TOML, "--gold", "-", input=gold)
    assert result.exit_code == 0, result.output
    assert "pupil_data" in result.output and "1.000" in result.output
    assert "p2  incivility           false negative" in result.output


@pytest.mark.parametrize("command", ["classify", "check", "eval"])
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "Example" in result.output


def test_eval_bad_gold_line_exit_2():
    result = run("eval", "--config", FIXTURES / "org.toml", "--gold", "-", input=lines(POST))
    assert result.exit_code == 2 and "line 1" in result.stderr and "labels" in result.stderr
