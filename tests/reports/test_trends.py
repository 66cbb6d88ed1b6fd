"""The trends report end to end: a registry of 520 people in a real database, through
the store's public API, to the HTML and CSV files the communications team gets.

The people, handles, e-mail addresses and posts carry recognisable planted words;
no output file may contain any of them, nor the name of a group that is too small.
"""

from __future__ import annotations

import base64
import csv
import io
import re
import stat
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from auditor.classify.registry import RULES
from auditor.model import Account, Evidence, Finding, Post, Verdict
from auditor.registry import AccountSpec, Person
from auditor.store import Store
from reports.rule_texts import rule_text
from reports.trends import Period, iso_week, report_from_store
from reports.trends_output import write_report
from tests.auditor.store.helpers import FAST_RETRY

TODAY = date(2026, 11, 25)  # a Wednesday: the report ends with ISO week 47
WEEKS = 12
ACTOR = "test"
HOSTILE_SCHOOL = '<script>alert("x")</script> & Zonen'
# school: number of people; the two "Kleinschool"s are under the threshold of 5.
SCHOOLS = {
    "Basisschool Een": 190,
    "Basisschool Twee": 150,
    "College Drie": 129,
    HOSTILE_SCHOOL: 44,
    "Kleinschool Alfa": 3,
    "Kleinschool Beta": 4,
}
SMALL_SCHOOLS = ("Kleinschool Alfa", "Kleinschool Beta")
# The small role alone would be total minus the others: the smallest role that is
# large enough ("Zorgcoordinator", 6 people) must be pooled with it.
SMALL_ROLE, NEXT_ROLE = "Conciergeplant", "Zorgcoordinator"
# linkedin has 3 people: bluesky, the smallest platform after it, is pooled with it.
SMALL_PLATFORM, NEXT_PLATFORM = "linkedin", "bluesky"
PLANTED = (
    "plantnaam",
    "achterplant",
    "plantmail",
    "plantdomein",
    "planthandle",
    "plantposttekst",
    "plantbio",
    "0612345678",
    "plant.example",
)


def _people() -> list[Person]:
    people = []
    for school, size in SCHOOLS.items():
        for _ in range(size):
            n = len(people)
            if n in (0, 1):
                role = SMALL_ROLE
            elif 2 <= n < 8:
                role = NEXT_ROLE
            else:
                role = ("leerkracht", "onderwijsassistent", "directeur")[n % 3]
            people.append(
                Person(
                    email=f"plantmail{n:03d}@plantdomein.example",
                    name=f"Plantnaam{n:03d} Achterplant",
                    opted_in_at=date(2026, 1, 5),
                    consent_version="2026-1",
                    role=role,
                    school=school,
                )
            )
    return people


def _platforms(n: int) -> list[str]:
    if n in (3, 200, 400):
        return ["x", SMALL_PLATFORM]
    if n % 17 == 0:
        return [NEXT_PLATFORM]
    first = ("x", "facebook", "mastodon", "instagram")[n % 4]
    return list(dict.fromkeys([first, "facebook"] if n % 5 == 0 else [first]))


def _finding(rule: str) -> Finding:
    return Finding(
        flag=RULES[rule].FLAG,
        rule=rule,
        protocol=RULES[rule].PROTOCOL,
        severity="medium",
        evidence=(Evidence(0, 14, "word"),),
        explanation_nl="Uitleg met Plantnaam001.",
        explanation_en="Explanation with Plantnaam001.",
    )


def _build(store: Store) -> None:
    store.people.sync(_people(), ACTOR, apply=True)
    rules = sorted(RULES)
    start = datetime.combine(Period.ending_before(TODAY, WEEKS).previous().first, time(9), UTC)
    verdicts = []
    for person in store.people.list():
        index = int(person.email[9:12])
        for platform in _platforms(index):
            spec = AccountSpec(
                platform=platform, handle=f"planthandle{index:03d}{platform}", bio="PLANTBIO"
            )
            account = store.accounts.add(person.email, spec, ACTOR)
            # Every small group posts; of the rest, one person in three.
            if (
                person.school not in SMALL_SCHOOLS
                and index > 8
                and index % 3
                and platform != SMALL_PLATFORM
            ):
                continue
            posts = [
                Post(
                    id=f"{platform}:{index}:{k}",
                    platform=platform,
                    created_at=start + timedelta(days=(index * 5 + k * 37) % (2 * 7 * WEEKS)),
                    text=f"PLANTPOSTTEKST {index} bel 0612345678",
                    url=f"https://plant.example/{platform}/{index}/{k}",
                    account=Account(handle=spec.handle),
                )
                for k in range(3)
            ]
            store.posts.save_fetched(account.id, posts, cursor=None)
            for k, post in enumerate(posts):
                picked = [rules[(index + k) % len(rules)], rules[(index * 7 + k) % len(rules)]]
                verdicts.append(Verdict(post.id, tuple(_finding(r) for r in dict.fromkeys(picked))))
    store.posts.store_verdicts(verdicts, "test-1")


@pytest.fixture(scope="module")
def output(module_db_url, tmp_path_factory):
    """The report of one database in Dutch and English: {"nl": folder, "en": folder}."""
    with Store.open(module_db_url, retry=FAST_RETRY) as store:
        _build(store)
        report = report_from_store(store, today=TODAY, weeks=WEEKS)
    root = tmp_path_factory.mktemp("trends")
    folders = {}
    for lang in ("nl", "en"):
        files = write_report(report, root / lang, lang=lang, generated=TODAY)
        folders[lang] = files.folder
    return report, folders


def _files(folders: dict[str, Path]) -> list[Path]:
    return sorted(path for folder in folders.values() for path in folder.iterdir())


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    text = (folder / name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_writes_one_html_and_a_csv_per_table_owner_only(output):
    _, folders = output
    for folder in folders.values():
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        names = sorted(path.name for path in folder.iterdir())
        assert names == [
            "by_platform.csv",
            "by_role.csv",
            "by_rule.csv",
            "by_school.csv",
            "by_week_flag.csv",
            "change.csv",
            "summary.csv",
            "trends.html",
        ]
        for path in folder.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_no_person_handle_address_or_post_text_in_any_output(output):
    _, folders = output
    for path in _files(folders):
        text = path.read_bytes().decode("utf-8").lower()
        for planted in PLANTED:
            assert planted not in text, f"{planted!r} in {path}"
        assert "@" not in text, path


def test_small_groups_and_the_groups_pooled_with_them_appear_nowhere(output):
    _, folders = output
    hidden = (*SMALL_SCHOOLS, SMALL_ROLE, NEXT_ROLE, SMALL_PLATFORM, NEXT_PLATFORM)
    for path in _files(folders):
        text = path.read_bytes().decode("utf-8").lower()
        for name in hidden:
            assert name.lower() not in text, f"{name!r} in {path}"


def test_every_group_row_stands_for_at_least_five_people(output):
    _, folders = output
    for name in ("by_school.csv", "by_role.csv", "by_platform.csv"):
        rows = _rows(folders["nl"], name)
        assert rows
        assert all(int(row["people"]) >= 5 for row in rows), rows
    schools = {row["school"]: int(row["people"]) for row in _rows(folders["nl"], "by_school.csv")}
    assert schools == {
        "Basisschool Een": 190,
        "Basisschool Twee": 150,
        "College Drie": 129,
        HOSTILE_SCHOOL: 44,
        "overig": 7,
    }
    roles = {row["role"]: int(row["people"]) for row in _rows(folders["en"], "by_role.csv")}
    assert roles["other"] == 8
    platforms = [row["platform"] for row in _rows(folders["nl"], "by_platform.csv")]
    assert platforms == ["facebook", "instagram", "mastodon", "x", "overig"]


def test_pooling_loses_no_finding(output):
    _, folders = output
    total = next(r for r in _rows(folders["nl"], "change.csv") if r["flag"] == "total")
    current = int(total["current_period"])
    assert current > 0
    weekly = sum(int(row["total"]) for row in _rows(folders["nl"], "by_week_flag.csv"))
    assert weekly == current
    for name in ("by_school.csv", "by_role.csv"):
        assert sum(int(row["total"]) for row in _rows(folders["nl"], name)) == current
    # Counted per platform, a finding is counted once too (on the platform of its post).
    assert sum(int(row["total"]) for row in _rows(folders["nl"], "by_platform.csv")) == current
    assert sum(int(row["findings"]) for row in _rows(folders["nl"], "by_rule.csv")) == current


def test_the_report_says_how_many_groups_were_suppressed_and_why(output):
    _, folders = output
    html = (folders["nl"] / "trends.html").read_text(encoding="utf-8")
    assert "Scholen: 2 groepen met minder dan 5 deelnemers niet apart getoond." in html
    assert "samengeteld in de rij &#39;overig&#39; (7 deelnemers)" in html
    assert "Functies: 1 groep met minder dan 5 deelnemers niet apart getoond." in html
    assert "Ook 1 groep met meer deelnemers niet apart getoond" in html
    english = (folders["en"] / "trends.html").read_text(encoding="utf-8")
    assert "Platforms: 1 group with fewer than 5 participants not shown on their own." in english
    summary = {row["item"]: row["value"] for row in _rows(folders["en"], "summary.csv")}
    assert summary["suppressed_school"] == "2"
    assert summary["suppressed_role"] == "2"
    assert summary["suppressed_platform"] == "2"
    assert summary["people"] == "520"
    assert summary["people_with_account"] == "520"
    assert int(summary["accounts"]) > 520


def test_most_frequent_rules_come_first_with_article_and_description(output):
    _, folders = output
    rows = _rows(folders["nl"], "by_rule.csv")
    counts = [int(row["findings"]) for row in rows]
    assert counts == sorted(counts, reverse=True)
    for row in rows:
        assert row["protocol"] == RULES[row["rule"]].PROTOCOL
        assert row["description"] == rule_text(row["rule"], "nl").description
        assert row["description"] and "{" not in row["description"]
    parser = _StrictHTML()
    parser.feed((folders["nl"] / "trends.html").read_text(encoding="utf-8"))
    assert rule_text(rows[0]["rule"], "nl").description in "".join(parser.text)


class _StrictHTML(HTMLParser):
    """Fails on an end tag that closes nothing open, and on tags left open."""

    VOID = frozenset({"meta", "img", "br", "hr", "link", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_parses_and_embeds_its_charts_as_data_uris(output, lang):
    _, folders = output
    html = (folders[lang] / "trends.html").read_text(encoding="utf-8")
    parser = _StrictHTML()
    parser.feed(html)
    parser.close()
    assert parser.stack == []
    assert len(parser.images) == 3
    for image in parser.images:
        src = image["src"] or ""
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1]).startswith(b"\x89PNG\r\n\x1a\n")
        assert image["alt"]
    assert not re.search(r"(src|href)=\"(?!data:)", html), "the file must stand alone"
    assert f'<html lang="{lang}">' in html


def test_names_from_the_registry_are_escaped(output):
    _, folders = output
    html = (folders["nl"] / "trends.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Zonen" in html
    parser = _StrictHTML()
    parser.feed(html)
    assert HOSTILE_SCHOOL in "".join(parser.text)


def test_english_report_uses_english_words(output):
    _, folders = output
    html = (folders["en"] / "trends.html").read_text(encoding="utf-8")
    assert "Social media trends" in html
    assert "Change per flag" in html
    change = {row["flag"]: row["title"] for row in _rows(folders["en"], "change.csv")}
    assert change["pupil_data"] == "Possible data of pupils or parents"


# --- a case small enough to compute by hand ------------------------------------


def _post_with(store, account_id: int, post_id: str, day: date, *rules: str) -> None:
    when = datetime.combine(day, time(12), UTC)
    post = Post(id=post_id, platform="x", created_at=when, text="Tekst", account=Account("h"))
    store.posts.upsert(account_id, post)
    store.posts.store_verdict(Verdict(post_id, tuple(_finding(rule) for rule in rules)), "v1")


def _small_registry(store, people: int) -> list[int]:
    accounts = []
    for n in range(people):
        person = Person(
            email=f"p{n}@school.example",
            name=f"P {n}",
            opted_in_at=date(2026, 1, 5),
            consent_version="1",
            school="De School",
            role="leerkracht",
        )
        store.people.add(person, ACTOR)
        spec = AccountSpec(platform="x", handle=f"p{n}")
        accounts.append(store.accounts.add(person.email, spec, ACTOR).id)
    return accounts


def test_change_against_the_previous_period_computed_by_hand(db_url, tmp_path):
    # today 2026-11-25: this period is W46-W47 (9-22 Nov), the previous W44-W45.
    insult, threat = "incivility-insult", "incivility-threat"
    school_life, photo = "work-school-life", "pupil-photo"
    with Store.open(db_url, retry=FAST_RETRY) as store:
        a, b, *_ = _small_registry(store, 5)
        _post_with(store, a, "x:1", date(2026, 10, 27), insult, school_life)  # W44
        _post_with(store, b, "x:2", date(2026, 11, 8), threat, school_life)  # W45, Sunday
        _post_with(store, a, "x:3", date(2026, 11, 1), school_life)  # W44
        _post_with(store, b, "x:4", date(2026, 11, 2), school_life)  # W45
        _post_with(store, a, "x:5", date(2026, 11, 9), insult, photo)  # W46, Monday
        _post_with(store, b, "x:6", date(2026, 11, 22), threat, photo)  # W47, Sunday
        _post_with(store, a, "x:7", date(2026, 11, 16), insult, school_life, photo)  # W47
        _post_with(store, b, "x:8", date(2026, 11, 20), photo)  # W47
        _post_with(store, a, "x:9", date(2026, 11, 23), insult)  # W48: not complete yet
        _post_with(store, b, "x:10", date(2026, 10, 25), threat)  # W43: before both
        report = report_from_store(store, today=TODAY, weeks=2)

    assert report.period == Period(date(2026, 11, 9), 2)
    change = report.tables.change
    expected = {
        # flag: (previous, current, change, change %)
        "work_overlap": (4, 1, -3, -75.0),
        "missing_disclaimer": (0, 0, 0, None),
        "pupil_data": (0, 4, 4, None),
        "confidential": (0, 0, 0, None),
        "incivility": (2, 3, 1, 50.0),
        "total": (6, 8, 2, 33.3),
    }
    for flag, (previous, current, difference, percent) in expected.items():
        row = change.loc[flag]
        assert (row["previous"], row["current"], row["change"]) == (previous, current, difference)
        if percent is None:
            assert row["change_pct"] != row["change_pct"], flag  # NaN: nothing to compare with
        else:
            assert row["change_pct"] == percent, flag
    assert list(report.tables.by_week["total"]) == [2, 6]

    files = write_report(report, tmp_path / "out", lang="nl", generated=TODAY)
    rows = {row["flag"]: row for row in _rows(files.folder, "change.csv")}
    assert rows["work_overlap"]["change_pct"] == "-75.0"
    assert rows["pupil_data"]["change_pct"] == ""
    assert rows["total"]["current_period"] == "8"
    html = files.html.read_text(encoding="utf-8")
    assert "-75,0 %" in html
    assert "+33,3 %" in html


def test_too_few_people_with_an_account_withholds_every_count(db_url, tmp_path):
    with Store.open(db_url, retry=FAST_RETRY) as store:
        a, *_ = _small_registry(store, 4)
        store.people.add(
            Person(
                email="q@school.example",
                name="Q",
                opted_in_at=date(2026, 1, 5),
                consent_version="1",
            ),
            ACTOR,
        )
        _post_with(store, a, "x:1", date(2026, 11, 16), "incivility-insult")
        report = report_from_store(store, today=TODAY, weeks=2)

    assert (report.people, report.posting_people, report.tables) == (5, 4, None)
    files = write_report(report, tmp_path / "out", lang="en", generated=TODAY)
    assert [path.name for path in files.csv] == ["summary.csv"]
    html = files.html.read_text(encoding="utf-8")
    assert "4 people with an account take part, fewer than 5" in html
    assert "De School" not in html
    assert "<img" not in html


def test_a_higher_threshold_hides_more(db_url):
    with Store.open(db_url, retry=FAST_RETRY) as store:
        a, *_ = _small_registry(store, 6)
        _post_with(store, a, "x:1", date(2026, 11, 16), "incivility-insult")
        shown = report_from_store(store, today=TODAY, weeks=2, min_group_size=6)
        withheld = report_from_store(store, today=TODAY, weeks=2, min_group_size=7)
        with pytest.raises(ValueError, match="at least 5"):
            report_from_store(store, today=TODAY, weeks=2, min_group_size=4)
    assert list(shown.tables.by_school.rows.index) == ["De School"]
    assert withheld.tables is None


def test_an_existing_folder_open_to_others_is_refused(tmp_path):
    from auditor.errors import OutputError
    from auditor.private_files import private_folder

    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    with pytest.raises(OutputError, match="chmod 700"):
        private_folder(shared)
    shared.chmod(0o700)
    assert private_folder(shared) == shared


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        (date(2026, 11, 25), date(2026, 9, 7), date(2026, 11, 16)),  # Wednesday
        (date(2026, 11, 23), date(2026, 9, 7), date(2026, 11, 16)),  # Monday
        (date(2026, 11, 29), date(2026, 9, 7), date(2026, 11, 16)),  # Sunday: week 48 not done
        (date(2026, 1, 6), date(2025, 10, 20), date(2025, 12, 29)),  # across the year
    ],
)
def test_period_ends_with_the_last_complete_iso_week(today, first, last):
    period = Period.ending_before(today, 11)
    assert (period.first, period.last) == (first, last)
    assert period.previous().end == period.first
    assert len(period.mondays()) == 11


def test_iso_weeks_are_named_by_their_iso_year():
    assert iso_week(date(2025, 12, 29)) == "2026-W01"
    assert iso_week(date(2026, 11, 16)) == "2026-W47"


def test_a_report_before_any_finding_shows_zeros_and_charts(db_url, tmp_path):
    with Store.open(db_url, retry=FAST_RETRY) as store:
        _small_registry(store, 5)
        report = report_from_store(store, today=TODAY, weeks=3)
    files = write_report(report, tmp_path / "out", lang="nl", generated=TODAY)
    assert _rows(files.folder, "by_rule.csv") == []
    assert [row["total"] for row in _rows(files.folder, "by_week_flag.csv")] == ["0", "0", "0"]
    assert files.html.read_text(encoding="utf-8").count("data:image/png;base64,") == 3


def test_templates_ship_in_the_wheel(tmp_path):
    import subprocess
    import sys
    import zipfile

    root = Path(__file__).resolve().parents[2]
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"),
            *("-w", str(tmp_path), str(root)),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("social_audit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"reports/templates/trends/base.html", "reports/templates/trends/report.html"} <= names
