import json
from datetime import UTC, datetime

import pytest

from auditor.errors import InputError
from auditor.model import (
    Evidence,
    Finding,
    Verdict,
    labelled_post_from_dict,
    post_from_dict,
    post_to_dict,
    verdict_from_dict,
    verdict_to_dict,
)

POST = {
    "id": "x:1",
    "platform": "x",
    "created_at": "2026-11-20T09:14:00Z",
    "text": "Wat een topdag!",
    "url": "https://x.com/a/status/1",
    "lang": "nl",
    "media": [{"type": "photo", "alt_text": "een taart"}],
    "in_reply_to": None,
    "account": {"handle": "a", "kind": "personal", "bio": "Juf", "role": "leerkracht"},
    "something_new": {"ignored": True},
}


def test_post_round_trips_and_ignores_unknown_fields():
    post = post_from_dict(POST)
    assert post.created_at == datetime(2026, 11, 20, 9, 14, tzinfo=UTC)
    expected = {k: v for k, v in POST.items() if k != "something_new"}
    assert post_to_dict(post) == expected


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": ""}, "id"),
        ({"platform": "myspace"}, "platform"),
        ({"created_at": "yesterday"}, "ISO 8601"),
        ({"created_at": "2026-11-20T09:14:00"}, "time zone"),
        ({"account": None}, "account"),
        ({"account": {"kind": "personal"}}, "handle"),
        ({"account": {"handle": "a", "kind": "private"}}, "account.kind"),
        ({"media": "photo"}, "media"),
        ({"text": 42}, "text"),
    ],
)
def test_bad_posts_raise_input_error_naming_the_field(change, message):
    with pytest.raises(InputError, match=message):
        post_from_dict({**POST, **change})


def test_lang_is_only_a_hint():
    assert post_from_dict({**POST, "lang": "und"}).lang is None
    assert post_from_dict({k: v for k, v in POST.items() if k != "lang"}).lang is None


def test_lone_surrogates_from_json_are_replaced():
    post = post_from_dict(
        json.loads(
            '{"id": "1", "platform": "x", "created_at": "2026-11-20T09:14:00Z", "text": "a\\ud800b", "account": {"handle": "a"}}'
        )
    )
    assert len(post.text) == 3
    post.text.encode("utf-8")


def test_evidence_refuses_empty_spans_and_spans_past_the_text():
    with pytest.raises(ValueError, match="empty"):
        Evidence(3, 3, "x")
    post = post_from_dict(POST)
    assert Evidence(0, 3, "x").check(post) == "Wat"
    with pytest.raises(ValueError, match="runs past"):
        Evidence(0, 99, "x").check(post)
    assert Evidence(0, 4, "x", "media[0].alt_text").check(post) == "een "
    with pytest.raises(ValueError, match="unknown evidence source"):
        Evidence(0, 1, "x", "media[5].alt_text").check(post)


def test_verdict_json_matches_formats_md_and_round_trips():
    finding = Finding(
        flag="pupil_data",
        rule="r",
        protocol="richtlijn 2",
        severity="high",
        evidence=(
            Evidence(0, 3, "pupil-name"),
            Evidence(0, 3, "pupils-in-picture", "media[0].alt_text"),
        ),
        explanation_nl="nl",
        explanation_en="en",
        trace=("why",),
    )
    verdict = Verdict("x:1", (finding,))
    data = verdict_to_dict(verdict)
    assert data == {
        "id": "x:1",
        "flags": ["pupil_data"],
        "findings": [
            {
                "flag": "pupil_data",
                "rule": "r",
                "protocol": "richtlijn 2",
                "severity": "high",
                "evidence": [
                    {"start": 0, "end": 3, "kind": "pupil-name"},
                    {"start": 0, "end": 3, "kind": "media[0].alt_text:pupils-in-picture"},
                ],
                "explanation_nl": "nl",
                "explanation_en": "en",
            }
        ],
    }
    assert verdict_from_dict(data) == verdict
    assert verdict_to_dict(verdict, trace=True)["findings"][0]["trace"] == ["why"]


def test_finding_refuses_unknown_flag_and_missing_explanations():
    with pytest.raises(ValueError, match="unknown flag"):
        Finding("spam", "r", "p", "low", (), "nl", "en")
    with pytest.raises(ValueError, match="Dutch and in English"):
        Finding("incivility", "r", "p", "low", (), "", "en")


def test_labelled_post_needs_all_five_labels():
    labels = dict.fromkeys(
        ["work_overlap", "missing_disclaimer", "pupil_data", "confidential", "incivility"], False
    )
    item = labelled_post_from_dict({**POST, "labels": {**labels, "incivility": True}})
    assert item.labels == {"incivility"}
    with pytest.raises(InputError, match="labels"):
        labelled_post_from_dict({**POST, "labels": {"incivility": True}})
