from dataclasses import replace

import pytest

from auditor.classify import Classifier
from auditor.model import Media
from tests.assertions import assert_flag, evidence_texts
from tests.conftest import make_post


@pytest.mark.parametrize(
    "text",
    [
        "Vanmiddag de kerstmarkt op het plein van OBS Het Anker opgebouwd 🎄",
        "Mooie ochtend bij De Zonnebloem, alle ouders waren er.",
        "Onze sportdag bij het Meerwijk Lyceum was een groot succes #meerwijk",
        "@meerwijkscholen dank voor de bloemen!",
        "Vanavond nakijken, 28 proefwerken over de Gouden Eeuw 😩",
        "Mijn klas heeft vandaag een toneelstuk opgevoerd.",
        "Wat een drukte op de ouderavond, ik heb 19 gesprekken gevoerd.",
        "Teaching year 9 about volcanoes today, they loved it",
        "My students finally understood fractions! Best feeling.",
        "Colleagues, who borrowed my stapler?",
        "Vandaag voor het eerst surveilleren bij het eindexamen.",
        "4havo had vandaag een lastige toets, morgen nabespreken.",
        "Drie tussenuren vandaag, ik ga het rooster maar inlijsten.",
    ],
)
def test_when_post_is_about_work_then_work_overlap(classifier, text):
    assert_flag(classifier, make_post(text), "work_overlap", True)


@pytest.mark.parametrize(
    "text",
    [
        "Zaterdag naar de markt in Harderwijk, verse vis gehaald.",  # a place alone is not work
        "Prachtige zonnebloem in de tuin, twee meter hoog! 🌻",  # school name as a plant
        "Het anker van de boot zat vast in het riet.",
        "Mijn dochter had vandaag haar eerste toets op haar nieuwe school, spannend!",
        "Als ouder vind ik dat de school van mijn zoon te weinig huiswerk geeft.",
        "Reünie van mijn oude basisschool, iedereen was grijs geworden 😄",
        "Finally finished my driving lessons. Exam next week!",
        "My son's school has a new headteacher, hope she's nice.",
        "Heerlijk weekend in de Ardennen gehad.",
        "Kastanje gevonden in het bos, de kinderen van mijn zus waren blij.",
    ],
)
def test_when_post_is_private_then_no_work_overlap(classifier, text):
    assert_flag(
        classifier,
        make_post(text, bio="Leerkracht groep 5 bij OBS Het Anker"),
        "work_overlap",
        False,
    )


def test_official_account_is_always_work(classifier):
    post = make_post(
        "Fijne herfstvakantie allemaal!",
        kind="official",
        bio="Officieel account van CBS De Zonnebloem",
    )
    verdict = assert_flag(classifier, post, "work_overlap", True)
    assert verdict.findings[0].rule == "work-official-account"


def test_school_name_counts_only_when_written_as_a_name(classifier):
    assert_flag(classifier, make_post("De kastanje in de tuin bloeit weer."), "work_overlap", False)
    post = make_post("Open dag op De Kastanje zaterdag, kom langs!")
    verdict = assert_flag(classifier, post, "work_overlap", True)
    assert "De Kastanje" in evidence_texts(post, verdict, "work_overlap", "org-mention")


def test_abbreviation_counts_only_in_capitals(classifier):
    assert_flag(classifier, make_post("Trots op de debatclub van ML!"), "work_overlap", True)
    assert_flag(classifier, make_post("Nog 250 ml melk erbij en klaar."), "work_overlap", False)


def test_alt_text_can_show_work(classifier):
    post = make_post(
        "Wat een dag 😅", media=(Media("photo", "mijn klas aan het werk met de laptops"),)
    )
    verdict = assert_flag(classifier, post, "work_overlap", True)
    assert any(e.source == "media[0].alt_text" for f in verdict.findings for e in f.evidence)


def test_a_one_word_alias_counts_only_capitalised(classifier):
    assert_flag(
        classifier, make_post("Trots op alle collega's van Meerwijk!"), "work_overlap", True
    )
    assert_flag(
        classifier, make_post("Wandeling door de meerwijk achter het dorp."), "work_overlap", False
    )


def test_a_school_name_inside_another_name_is_not_the_school(classifier):
    assert_flag(
        classifier,
        make_post("Uit eten bij Restaurant De Kastanje, aanrader!"),
        "work_overlap",
        False,
    )


def test_a_school_named_after_a_person_is_the_person_in_a_story_about_them(org):
    named = Classifier(replace(org, schools=(*org.schools, "KBS Anne Frank", "Anne Frank")))
    about = "Gisteren een boek over Anne Frank uitgelezen, wat een verhaal."
    assert_flag(named, make_post(about), "work_overlap", False)
    assert_flag(
        named, make_post("Kerstviering bij de Anne Frank was prachtig."), "work_overlap", True
    )


@pytest.mark.parametrize(
    ("text", "bio"),
    [
        ("Ouders langs de lijn bij de JO11 die de scheids uitschelden: schaam je.", "Trainer JO11"),
        (
            "Wie weet of de schoolreis van groep 5 doorgaat? Geruchten genoeg.",
            "Mama van Siem en Lotte",
        ),
    ],
)
def test_sport_and_parent_posts_are_not_work(classifier, text, bio):
    assert_flag(classifier, make_post(text, bio=bio), "work_overlap", False)


def test_two_weak_school_words_together_are_work(classifier):
    assert_flag(
        classifier,
        make_post("Ouders die om 8.29 over het hek klimmen, echt?"),
        "work_overlap",
        True,
    )


@pytest.mark.parametrize(
    ("text", "bio"),
    [
        (
            "Interessant stuk in de krant over het lerarentekort. Aanrader.",
            "Leraar",
        ),  # sharing news
        (
            "Oudergesprek bij de school van Jip vandaag, zijn juf is top.",
            "Administratie | moeder van Jip & Fenna",
        ),
    ],
)
def test_news_and_own_children_are_not_work(classifier, text, bio):
    assert_flag(classifier, make_post(text, bio=bio), "work_overlap", False)


def test_a_pupil_named_in_school_context_is_work_without_school_words(classifier):
    post = make_post(
        "De vader van Lieke belde me vanavond om half elf nog op. Grenzen, mensen.",
        bio="Juf groep 5 | basisonderwijs",
    )
    assert_flag(classifier, post, "pupil_data", True)
    assert_flag(classifier, post, "work_overlap", True)


@pytest.mark.parametrize(
    "text",
    [
        "Our deputy head just cancelled the field trip for the second time.",
        "Overheard in our team chat: nobody wants to do the Christmas show.",
    ],
)
def test_english_school_roles_and_channels_are_work(classifier, text):
    assert_flag(classifier, make_post(text), "work_overlap", True)


def test_a_school_short_form_that_is_also_a_place_is_the_place(org):
    school = Classifier(
        replace(org, schools=(*org.schools, "Kindcentrum Waterwijk"), places=("Waterwijk",))
    )
    walk = "Waterwijk blijft de mooiste buurt om te wandelen."
    assert_flag(school, make_post(walk), "work_overlap", False)
    assert_flag(school, make_post("Open dag bij Kindcentrum Waterwijk!"), "work_overlap", True)
