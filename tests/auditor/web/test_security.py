"""The web app's security over real HTTP: links, other people's ids, form tokens, uploads."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
import requests
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from auditor.store.schema import accounts, disputes, sign_in_links, web_sessions
from tests.auditor.web.world import HOSTILE, SECRET, token
from tests.shared import SHARED

ANNA, BEN = "anna@school.nl", "ben@school.nl"
ANNA_POST = "x:00"  # Anna's post with a pupil's name


def rows(web, table):
    with web.store._db.read() as conn:  # the tests look at the rows themselves
        return conn.execute(select(table)).all()


def same_page(html: str) -> str:
    """A page without the path the language switch returns to."""
    return re.sub(r'name="next" value="[^"]*"| aria-current="page"', "", html)


def request_link(web, address):
    session = requests.Session()
    page = session.get(web.url + "/")
    return session, session.post(
        web.url + "/sign-in", data={"email": address, "csrf": token(page.text)}
    )


def test_a_link_works_once(web):
    session, _ = request_link(web, ANNA)
    link = web.link_for(ANNA)
    opened = session.get(link)
    assert opened.status_code == 200
    first = session.post(link, data={"csrf": token(opened.text)}, allow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/findings"
    other = requests.Session()
    page = other.get(link)
    assert page.status_code == 400
    assert "al gebruikt" in page.text
    again = other.post(link, data={"csrf": token(page.text)}, allow_redirects=False)
    assert again.status_code == 400
    assert "sa_session" not in again.cookies
    assert other.get(web.url + "/findings", allow_redirects=False).status_code == 303


def test_an_expired_link_is_refused_by_its_signature_and_by_the_store(web):
    keys = web_keys(web)

    class Old(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - 16 * 60

    made = keys.new_link()
    old = URLSafeTimedSerializer(SECRET, salt="social-audit sign-in link", signer=Old)
    nonce = old.loads(made.token)["n"]
    stale = old.dumps({"n": nonce, "k": "link"})
    web.store.sign_ins.issue_link(made.digest, ANNA, made.valid)
    session = requests.Session()
    page = session.get(f"{web.url}/sign-in/{stale}")
    assert page.status_code == 400
    assert "verlopen" in page.text
    # a link whose signature is fine but whose time in the store has passed
    made = keys.new_link()
    from datetime import timedelta

    web.store.sign_ins.issue_link(made.digest, ANNA, timedelta(seconds=-1))
    page = session.get(f"{web.url}/sign-in/{made.token}")
    assert page.status_code == 400
    used = session.post(f"{web.url}/sign-in/{made.token}", data={"csrf": token(page.text)})
    assert used.status_code == 400
    assert session.get(web.url + "/findings", allow_redirects=False).status_code == 303


def web_keys(web):
    from auditor.web.serve import keys_for
    from tests.auditor.web.world import SECRETS

    return keys_for(web.config, SECRETS)


def test_an_altered_link_is_refused(web):
    session, _ = request_link(web, ANNA)
    link = web.link_for(ANNA)
    head, _, last = link.rpartition("/")
    for altered in (last[:-2] + ("AA" if last[-2:] != "AA" else "BB"), last[::-1], last + "x"):
        page = session.get(f"{head}/{altered}")
        assert page.status_code == 400
        posted = session.post(f"{head}/{altered}", data={"csrf": token(page.text)})
        assert posted.status_code == 400
    assert session.get(web.url + "/findings", allow_redirects=False).status_code == 303


def test_one_person_never_reaches_another_persons_findings_or_accounts(web):
    ben = web.signed_in(BEN)
    page = ben.get(web.url + "/findings")
    csrf = token(page.text)
    anna_account = str(web.accounts[ANNA])
    before = (rows(web, disputes), rows(web, accounts))
    attempts = [
        ("post", "/findings/dispute", {"post": ANNA_POST, "flag": "pupil_data", "reason": "wrong"}),
        (
            "post",
            "/findings/dispute",
            {"post": ANNA_POST, "flag": "pupil_data", "reason": "not_me"},
        ),
        ("post", "/findings/withdraw", {"post": ANNA_POST, "flag": "pupil_data"}),
        ("post", "/accounts/remove", {"account": anna_account}),
        ("get", f"/accounts/{anna_account}/reconnect", None),
        ("get", f"/accounts?not_me={anna_account}", None),
    ]
    missing = ben.post(web.url + "/accounts/remove", data={"account": "999999", "csrf": csrf})
    for method, path, data in attempts:
        if method == "post":
            answer = ben.post(web.url + path, data={**data, "csrf": csrf}, allow_redirects=False)
        else:
            answer = ben.get(web.url + path, allow_redirects=False)
        assert answer.status_code == 404, path
        assert same_page(answer.text) == same_page(missing.text), path
        for leak in ("anna", "Anna", "Fenna", ANNA_POST, "handle0", "06-1234"):
            assert leak not in answer.text, (path, leak)
    assert (rows(web, disputes), rows(web, accounts)) == before
    own = ben.get(web.url + "/findings").text
    assert "handle0" not in own
    assert "ouders van groep 6" not in own


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/findings/dispute", {"post": "x:10", "flag": "pupil_data", "reason": "wrong"}),
        ("/accounts/add", {"platform": "mastodon", "handle": "ben@mastodon.nl"}),
        ("/consent/opt-out", {"confirm": "1"}),
        ("/draft", {"text": "hallo"}),
        ("/sign-out", {"everywhere": "1"}),
        ("/lang", {"lang": "en", "next": "/findings"}),
    ],
)
def test_a_form_without_its_token_is_refused(web, path, data):
    ben = web.signed_in(BEN)
    anna = web.signed_in(ANNA)
    anna_token = token(anna.get(web.url + "/findings").text)
    before = rows(web, disputes), rows(web, accounts), web.store.people.get(BEN)
    for form in (data, {**data, "csrf": "x" * 64}, {**data, "csrf": anna_token}):
        assert ben.post(web.url + path, data=form, allow_redirects=False).status_code == 403
    own = token(ben.get(web.url + "/findings").text)
    evil = ben.post(
        web.url + path,
        data={**data, "csrf": own},
        headers={"Origin": "https://evil.example"},
        allow_redirects=False,
    )
    assert evil.status_code == 403
    assert (rows(web, disputes), rows(web, accounts), web.store.people.get(BEN)) == before
    assert ben.get(web.url + "/findings", allow_redirects=False).status_code == 200


def test_sign_in_form_needs_its_token(web):
    answer = requests.post(web.url + "/sign-in", data={"email": ANNA})
    assert answer.status_code == 403


def test_cookies_are_httponly_and_samesite(web):
    session, _ = request_link(web, BEN)
    link = web.link_for(BEN)
    opened = session.get(link)
    done = session.post(link, data={"csrf": token(opened.text)}, allow_redirects=False)
    cookie = done.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "SameSite=Lax" in cookie
    assert "Max-Age=43200" in cookie
    value = done.cookies["sa_session"]
    stored = [row.digest for row in rows(web, web_sessions)]
    assert value not in stored
    assert all(value not in str(row) for row in rows(web, sign_in_links))
    headers = done.headers
    assert headers["Referrer-Policy"] == "no-referrer"
    assert (
        "frame-ancestors 'none'"
        in session.get(web.url + "/findings").headers["Content-Security-Policy"]
    )


def test_signing_out_everywhere_ends_every_session(web):
    one, two = web.signed_in(BEN), web.signed_in(BEN)
    assert two.get(web.url + "/findings", allow_redirects=False).status_code == 200
    page = one.get(web.url + "/findings")
    one.post(web.url + "/sign-out", data={"csrf": token(page.text), "everywhere": "1"})
    for session in (one, two):
        assert session.get(web.url + "/findings", allow_redirects=False).status_code == 303
    assert [row for row in rows(web, web_sessions) if row.email == BEN] == []


def test_hostile_post_handle_and_file_name_are_shown_as_text(web, tmp_path):
    anna = web.signed_in(ANNA)
    pages = {path: anna.get(web.url + path).text for path in ("/findings", "/accounts", "/draft")}
    account = web.accounts[ANNA]
    web.store.accounts.set_status(account, "needs_reauth", HOSTILE)
    pages["reconnect"] = anna.get(f"{web.url}/accounts/{account}/reconnect").text
    pages["findings-reauth"] = anna.get(web.url + "/findings").text
    csrf = token(pages["/draft"])
    pages["draft"] = anna.post(web.url + "/draft", data={"text": HOSTILE, "csrf": csrf}).text
    name = HOSTILE + ".json"
    outbox = (SHARED / "conformance/exports/mastodon/outbox.json").read_bytes()
    pages["upload"] = anna.post(
        web.url + "/self-audit", data={"csrf": csrf}, files={"export": (name, outbox)}
    ).text
    web.store.accounts.set_status(account, "ok")
    for where, html in pages.items():
        assert "<script>alert" not in html, where
        assert "<img src=x" not in html, where
    assert "&lt;script&gt;" in pages["/findings"]
    assert "&lt;script&gt;handle0" in pages["/accounts"]
    assert "&lt;img src=x onerror=alert(1)&gt;.json" in pages["upload"]


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _uploads_left() -> list:
    import tempfile
    from pathlib import Path

    return list(Path(tempfile.gettempdir()).glob("social-audit-upload-*"))


def test_upload_refuses_zip_bombs_paths_and_oversized_files(web):
    anna = web.signed_in(ANNA)
    csrf = token(anna.get(web.url + "/self-audit").text)
    left = set(_uploads_left())

    def upload(name, data):
        return anna.post(
            web.url + "/self-audit", data={"csrf": csrf}, files={"export": (name, data)}
        )

    bomb = _zip({"data/tweets.js": b"0" * (40 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    answer = upload("bomb.zip", bomb)
    assert "Deze export kon niet gelezen worden" in answer.text
    assert "limit" in answer.text or "MB" in answer.text
    outbox = (SHARED / "conformance/exports/mastodon/outbox.json").read_bytes()
    answer = upload("export.zip", _zip({"../../outbox.json": outbox}))
    assert "Deze export kon niet gelezen worden" in answer.text
    assert "../" in answer.text or ".." in answer.text
    answer = upload("../../../etc/passwd", outbox)
    assert "Dit is je zelfcheck" in answer.text
    big = upload("big.zip", b"x" * (1024 * 1024 + 200_000))
    assert big.status_code == 413
    assert "groter dan 1 MB" in big.text
    assert set(_uploads_left()) == left


def test_no_secret_or_other_persons_data_in_logs_or_responses(web, web_log):
    session, answer = request_link(web, ANNA)
    link = web.link_for(ANNA)
    opened = session.get(link)
    done = session.post(link, data={"csrf": token(opened.text)})
    text = "\n".join(web_log.lines)
    assert web_log.lines, "the app logs its requests"
    assert "/sign-in/{token}" in text
    for secret in (SECRET, link.rpartition("/")[2], session.cookies["sa_session"], ANNA, BEN):
        assert secret not in text
    for response in (answer, opened, done):
        assert SECRET not in response.text
        assert BEN not in response.text


def test_links_leave_through_the_weekly_transport_and_name_nobody_else(web):
    request_link(web, BEN)
    web.outlet.drain()
    message = web.inbox.to(BEN)[-1]
    assert str(message["To"]) == BEN
    body = message.get_body(("plain",)).get_content()
    assert re.search(r"/sign-in/\S+", body)
    assert ANNA not in body
