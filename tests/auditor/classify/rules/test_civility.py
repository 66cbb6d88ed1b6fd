import pytest

from tests.assertions import assert_flag
from tests.conftest import make_post


@pytest.mark.parametrize(
    "text",
    [
        "Die scheidsrechter van vanmiddag is echt een sukkel.",
        "Jullie zijn gewoon een stelletje oplichters.",
        "Wat een domme ouders, parkeren op de stoep bij school.",
        "You absolute clowns, how hard can it be to run a train on time?",
        "My neighbour is a complete moron.",
        "Rot op met je mening.",
        "Als ik je vind, sla ik je in elkaar.",
    ],
)
def test_insults_and_threats_are_incivility(classifier, text):
    assert_flag(classifier, make_post(text), "incivility", True)


@pytest.mark.parametrize(
    "text",
    [
        "Kut, lekke band. Lopen dan maar.",
        "Shit, koffie over mijn toetsen gemorst.",
        "Damn, forgot my lunch again.",
        "Ik ben het echt oneens met dit beleid; het is slecht onderbouwd.",
        "Er dreef een kwal in de zee bij Scheveningen.",
        "Ik voelde me een idioot toen ik mijn sleutels vergat.",
        "The clowns at the circus were great fun for the kids.",
    ],
)
def test_untargeted_swearing_and_civil_disagreement_are_not(classifier, text):
    assert_flag(classifier, make_post(text), "incivility", False)


@pytest.mark.parametrize(
    "text",
    [
        "To the driver who cut me off this morning: learn to drive, you absolute melt.",
        "Sommige ouders zijn zo dom dat het pijn doet.",
        "Some of you parents are genuinely unhinged.",
        "Half the staff room are fossils, absolute dinosaurs the lot of them.",
        "Die ambtenaren zijn een stelletje wereldvreemde bureaucraten.",
    ],
)
def test_insults_said_of_people(classifier, text):
    assert_flag(classifier, make_post(text), "incivility", True)


def test_stupid_policy_is_civil_disagreement(classifier):
    assert_flag(
        classifier, make_post("Dit nieuwe beleid is echt dom bedacht."), "incivility", False
    )


@pytest.mark.parametrize(
    "text",
    [
        "Die buurman van drie hoog is echt een kahba, zegt nooit gedag.",
        "Hou toch op, zielige trol, niemand vraagt om jouw mening.",
        "Die hangjongeren bij de snackbar, allemaal tuig.",
    ],
)
def test_street_slang_and_group_insults_are_incivility(classifier, text):
    assert_flag(classifier, make_post(text), "incivility", True)


def test_trolls_described_without_a_frame_are_not(classifier):
    assert_flag(
        classifier, make_post("Een trol onder de brug in het sprookjesboek."), "incivility", False
    )


@pytest.mark.parametrize(
    "text",
    ["Die kutouders van het voetbalteam weer, niet te doen.", "Wat een tyfusvolk op die camping."],
)
def test_a_curse_glued_to_people_is_incivility(classifier, text):
    assert_flag(classifier, make_post(text), "incivility", True)


def test_a_curse_glued_to_the_weather_is_not(classifier):
    assert_flag(classifier, make_post("Kutweer en een kutdag, ik ga slapen."), "incivility", False)
