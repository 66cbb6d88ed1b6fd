"""Disputes in reports: left out of the weekly e-mail, counted per rule only in groups of 5+."""

from __future__ import annotations

from auditor.classify import is_management_role
from auditor.store import DisputeCount
from auditor.texts import FLAG_TITLES
from reports.disputes import OTHER, dispute_table
from reports.weekly import IsoWeek, render_weekly, report_for
from tests.reports.conftest import WEEK


def _count(rule, reason, people, flag="pupil_data"):
    return DisputeCount(rule, flag, reason, len(people), frozenset(people))


def test_a_rule_is_shown_only_when_enough_people_disputed_it():
    counts = [
        _count("pupil.name", "wrong_pupil_data", range(6)),
        _count("pupil.name", "removed", range(4, 8)),
        _count("civility.insult", "wrong", range(3), "incivility"),
        _count("confidential.x", "not_me", range(10, 12), "confidential"),
    ]
    table = dispute_table(counts, 5)
    assert [(r.rule, r.people, r.disputes, r.by_category) for r in table.rows] == [
        ("pupil.name", 8, 10, (6, 4, 0)),
        (OTHER, 5, 5, (3, 0, 2)),
    ]
    assert table.pooled_rules == 2
    text = "\n".join(table.lines())
    assert "civility.insult" not in text


def test_a_pool_too_small_takes_the_smallest_rule_and_too_few_people_show_nothing():
    counts = [
        _count("a", "wrong", range(5)),
        _count("b", "wrong", range(5, 11)),
        _count("c", "wrong", range(20, 22)),
    ]
    table = dispute_table(counts, 5)
    assert [r.rule for r in table.rows] == ["b", OTHER]
    assert table.rows[1].people == 7
    assert dispute_table([_count("a", "wrong", range(4))], 5).rows == ()
    assert "fewer than 5" in dispute_table([], 5).lines()[0]


def test_a_disputed_finding_leaves_the_weekly_email(week_store, config):
    anna = week_store.people.get("anna@school.nl")
    week = IsoWeek.parse(WEEK)
    before = render_weekly(report_for(week_store, anna, week, is_management_role), config)
    title = FLAG_TITLES["pupil_data"]["nl"]
    assert title in before.text
    for stored in week_store.posts.flagged_for("anna@school.nl", *week.window()):
        if "pupil_data" in stored.verdict.flags:
            week_store.disputes.add(anna.email, stored.post.id, "pupil_data", "wrong", "", "test")
    after = render_weekly(report_for(week_store, anna, week, is_management_role), config)
    assert title not in after.text
    assert "Wat een idioten" in after.text  # the undisputed finding stays


def test_the_weekly_email_carries_the_sign_in_link_when_given(week_store, config):
    anna = week_store.people.get("anna@school.nl")
    report = report_for(week_store, anna, IsoWeek.parse(WEEK), is_management_role)
    link = "https://audit.example/sign-in/abc"
    rendered = render_weekly(report, config, web_link=link)
    assert link in rendered.text
    assert f'href="{link}"' in rendered.html
    assert "Bekijk en reageer" in rendered.html
    assert "sign-in" not in render_weekly(report, config).html
