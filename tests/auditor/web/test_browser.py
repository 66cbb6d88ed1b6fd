"""The web app in a real browser: a teacher's whole journey, the comms team, accessibility.

The teacher's journey runs with JavaScript switched off: every core flow must work
without it. The accessibility checks inject axe-core into each page (a context that
lets the test's own script in past the page's Content-Security-Policy).
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from sqlalchemy import func, select

from auditor.store.schema import (
    accounts,
    disputes,
    findings,
    people,
    posts,
    sign_in_links,
    verdicts,
    web_sessions,
)
from auditor.texts import FLAG_TITLES
from auditor.web.serve import weekly_links
from reports.mailer import open_transport
from reports.weekly import IsoWeek, send_weekly
from tests.auditor.web.browser import axe_script, serious_violations
from tests.auditor.web.world import COMMS, MONDAY, SECRETS
from tests.shared import SHARED

pytestmark = pytest.mark.xdist_group("browser")
ANNA, BEN = "anna@school.nl", "ben@school.nl"
EXPORTS = SHARED / "conformance/exports"


def sign_in(page, web, address):
    page.goto(web.url + "/")
    page.fill("#email", address)
    before = len(web.inbox.to(address))
    page.click("button[type=submit] >> text=/Stuur|Send/")
    web.outlet.drain()
    assert len(web.inbox.to(address)) == before + 1
    page.goto(web.link_for(address))
    page.click("main button[type=submit]")


def count(web, table, where=None):
    query = select(func.count()).select_from(table)
    if where is not None:
        query = query.where(where)
    with web.store._db.read() as conn:
        return conn.scalar(query)


def shot(page, folder, name):
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def weekly_email(web, address):
    transport = open_transport(web.config.mail, SECRETS.get)
    week = IsoWeek(*MONDAY.isocalendar()[:2])
    try:
        send_weekly(
            web.store,
            web.config,
            transport,
            week,
            is_management=lambda role: False,
            person_email=address,
            sign_in_link=weekly_links(web.config, web.store, SECRETS),
        )
    finally:
        transport.close()
    return web.inbox.to(address)[-1]


def test_a_teacher_signs_in_disputes_checks_uploads_manages_accounts_and_opts_out(
    web, chromium, screenshots, tmp_path
):
    context = chromium.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(web.url + "/")
    shot(page, screenshots, "01-sign-in")
    page.fill("#email", ANNA)
    page.click("text=Stuur me een link")
    assert "Kijk in je mailbox" in page.content()
    shot(page, screenshots, "02-link-sent")
    web.outlet.drain()
    page.goto(web.link_for(ANNA))
    shot(page, screenshots, "03-link-open")
    page.click("main button[type=submit]")
    assert page.url.endswith("/findings")
    pupil = FLAG_TITLES["pupil_data"]["nl"]
    html = page.content()
    assert pupil in html
    assert "[LEERLING-1]" in html
    assert "Fenna" not in html
    assert "&lt;script&gt;alert" in html
    shot(page, screenshots, "04-findings")

    # dispute the pupil finding: it is marked here and gone from the next e-mail
    entry = page.locator(".entry", has=page.locator("text=[LEERLING-1]")).first
    entry.locator("summary").click()
    entry.locator("input[value=wrong_pupil_data]").check()
    entry.locator("textarea").fill("Dit is mijn eigen dochter, geen leerling.")
    entry.locator("text=Verstuur reactie").click()
    assert "Je reactie: Klopt niet: er staat geen leerling of ouder in" in page.content()
    shot(page, screenshots, "05-disputed")
    message = weekly_email(web, ANNA)
    plain = message.get_body(("plain",)).get_content()
    assert pupil not in plain
    assert FLAG_TITLES["incivility"]["nl"] in plain
    link = re.search(r"http://\S+/sign-in/\S+", plain).group(0)
    other = chromium.new_context(java_script_enabled=False)
    from_mail = other.new_page()
    from_mail.goto(link)
    from_mail.click("main button[type=submit]")
    assert from_mail.url.endswith("/findings")
    other.close()

    # check a draft: the verdict on the page, nothing stored
    stored_posts = count(web, posts)
    page.click("nav >> text=Concept checken")
    page.fill("#text", "Daan uit groep 5 was vandaag jarig, wat een feest in de klas!")
    page.click("main button[type=submit]")
    assert pupil in page.content()
    assert count(web, posts) == stored_posts
    shot(page, screenshots, "06-draft")

    # self-audit an X archive (zip) and a Mastodon export (one file)
    archive = shutil.make_archive(str(tmp_path / "twitter-2026"), "zip", EXPORTS / "x-archive")
    for name, path in (
        ("07-self-audit-x", archive),
        ("08-self-audit-mastodon", EXPORTS / "mastodon/outbox.json"),
    ):
        page.click("nav >> text=Zelfcheck van een export")
        page.set_input_files("#export", str(path))
        page.click("main button[type=submit]")
        page.wait_for_selector("text=Dit is je zelfcheck")
        assert page.locator("a[download]").get_attribute("href").startswith("data:text/html")
        shot(page, screenshots, name)
    assert count(web, posts) == stored_posts

    # add an account and remove it again
    page.click("nav >> text=Mijn accounts")
    page.select_option("#platform", "mastodon")
    page.fill("#handle", "anna@mastodon.example")
    page.click("button:text-is('Toevoegen')")
    assert "Account toegevoegd." in page.content()
    shot(page, screenshots, "09-accounts")
    row = page.locator("tr", has=page.locator("text=anna@mastodon.example"))
    row.locator("summary").click()
    row.locator("button[type=submit]").click()
    assert "Account weggehaald" in page.content()
    assert "anna@mastodon.example" not in page.content()
    account = web.accounts[ANNA]
    web.store.accounts.set_status(account, "needs_reauth", "token ingetrokken")
    page.goto(f"{web.url}/accounts/{account}/reconnect")
    shot(page, screenshots, "10-reconnect")

    # consent: download my data, then opt out and find nothing left
    page.click("nav >> text=Toestemming en gegevens")
    shot(page, screenshots, "11-consent")
    with page.expect_download() as download:
        page.click("text=Download mijn gegevens")
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["person"]["email"] == ANNA
    assert [d["reason"] for d in data["disputes"]] == ["wrong_pupil_data"]
    page.check("#confirm")
    page.click("text=Stop en wis mijn gegevens")
    assert "Je doet niet meer mee" in page.content()
    shot(page, screenshots, "12-opted-out")
    with web.store._db.read() as conn:
        person_id = conn.scalar(select(people.c.id).where(people.c.email == ANNA))
        row = conn.execute(select(people).where(people.c.id == person_id)).one()
    assert (row.name, row.role, row.school, row.active) == ("", "", "", False)
    assert count(web, accounts, accounts.c.person_id == person_id) == 0
    assert count(web, posts, posts.c.id.like("x:0%")) == 0
    assert count(web, verdicts, verdicts.c.post_id.like("x:0%")) == 0
    assert count(web, findings, findings.c.post_id.like("x:0%")) == 0
    assert count(web, disputes, disputes.c.person_id == person_id) == 0
    assert count(web, web_sessions, web_sessions.c.email == ANNA) == 0
    assert count(web, sign_in_links, sign_in_links.c.email == ANNA) == 0
    page.goto(web.url + "/findings")
    assert page.url.rstrip("/") == web.url
    context.close()


def test_the_comms_team_sees_trends_and_nobody(web, chromium, screenshots):
    context = chromium.new_context()
    page = context.new_page()
    sign_in(page, web, COMMS)
    assert page.url.endswith("/trends")
    report = page.frame_locator("iframe.report").locator("body")
    report.wait_for()
    shot(page, screenshots, "13-trends")
    seen = page.content() + report.inner_html()
    for personal in ("anna", "ben@", "Jansen", "handle", "groep 6", "x:0"):
        assert personal not in seen
    for path in ("/findings", "/accounts", "/draft"):
        page.goto(web.url + path)
        assert page.url.endswith("/trends")
    context.close()


def test_every_page_has_no_serious_accessibility_violation(web, chromium, screenshots):
    axe = axe_script()
    context = chromium.new_context(bypass_csp=True)
    page = context.new_page()
    checked = {}
    page.goto(web.url + "/")
    checked["sign-in"] = serious_violations(page, axe)
    sign_in(page, web, BEN)
    checked["findings"] = serious_violations(page, axe)
    page.goto(web.url + "/draft")
    page.fill("#text", "Wat een sukkels, die collega's.")
    page.click("main button[type=submit]")
    checked["draft"] = serious_violations(page, axe)
    page.goto(web.url + "/self-audit")
    checked["self-audit form"] = serious_violations(page, axe)
    page.set_input_files("#export", str(EXPORTS / "mastodon/outbox.json"))
    page.click("main button[type=submit]")  # with JavaScript: the upload shows its progress
    page.wait_for_selector("text=Dit is je zelfcheck", timeout=30_000)
    checked["self-audit report"] = serious_violations(page, axe)
    for name, path in (
        ("accounts", "/accounts"),
        ("reconnect", f"/accounts/{web.accounts[BEN]}/reconnect"),
        ("consent", "/consent"),
        ("not found", "/accounts/999999/reconnect"),
    ):
        page.goto(web.url + path)
        checked[name] = serious_violations(page, axe)
    page.goto(web.url + "/accounts/999999/reconnect")
    shot(page, screenshots, "14-not-found")
    context.close()
    context = chromium.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, web, COMMS)
    checked["trends"] = serious_violations(page, axe)
    page.goto(web.url + "/trends/report")
    checked["trends report"] = serious_violations(page, axe)
    context.close()
    assert {name: found for name, found in checked.items() if found} == {}
