import pytest

from tests.assertions import assert_flag
from tests.conftest import make_post


@pytest.mark.parametrize(
    "text",
    [
        "Onze collega van groep 2 is al een maand ziek thuis, overspannen.",
        "Mijn collega verdient 400 euro minder dan ik voor hetzelfde werk.",
        "My colleague was suspended yesterday, nobody knows why.",
        "Tussen ons gezegd: volgend jaar gaan er twee groepen dicht op onze school.",
        "Nog niet officieel, maar onze school krijgt een nieuwe directeur.",
        "In het MT-verslag stond dat er bezuinigd moet worden op onderwijsassistenten.",
        "Not announced yet, but our department will lose two teaching posts next year.",
    ],
)
def test_confidential_information_is_flagged(classifier, text):
    assert_flag(classifier, make_post(text), "confidential", True)


@pytest.mark.parametrize(
    "text",
    [
        "Zoals in de nieuwsbrief stond, gaan onze twee scholen samen. Spannend!",
        "Ik ben zelf ziek vandaag, de klas heeft een invaller.",
        "Tussen ons: de appeltaart van mijn schoonmoeder is de beste.",  # not about work
        "Wat een fijne collega's heb ik toch!",
        "Pittige week in de klas, ik ben moe maar voldaan.",
    ],
)
def test_not_confidential(classifier, text):
    assert_flag(classifier, make_post(text), "confidential", False)


def test_official_accounts_publish_rather_than_leak(classifier):
    post = make_post("Nog niet officieel bekend: de bouw start in mei.", kind="official")
    assert_flag(classifier, post, "confidential", False)


@pytest.mark.parametrize(
    "text",
    [
        "Een docent van het Meerwijk Lyceum is vandaag op non-actief gezet. Meer kan ik niet zeggen.",
        "Collega's van mijn sectie krijgen allemaal een LC-functie, behalve ik.",
        "Phishingmail vanochtend bij twaalf collega's, vier klikten op de link. Alle wachtwoorden gereset.",
        "Uit de rapportvergadering: de moeder weet het nog niet, maar hij blijft zitten in groep 6.",
        "Just heard from a colleague that our department merges next year. Nobody's told the parents yet.",
        "Screenshot uit de appgroep met collega's, ik lig dubbel 😂",
    ],
)
def test_more_confidential_information(classifier, text):
    assert_flag(classifier, make_post(text), "confidential", True)


def test_a_pupil_suspended_is_pupil_data_not_a_personnel_matter(classifier):
    post = make_post("K.B. uit 2B is vandaag geschorst, voor de derde keer.")
    verdict = assert_flag(classifier, post, "confidential", False)
    assert "pupil_data" in verdict.flags


@pytest.mark.parametrize(
    "text",
    [
        "Sectievergadering: Frans gaat naar twee uur per week in havo 4. Is nog niet naar de ouders gecommuniceerd.",
        "Inbraak vannacht in het gymlokaal, de laptopkar is weg. We mogen het nog niet rondvertellen.",
        "Op onze school is het tussen de twee kleuterjuffen echt oorlog, ze praten niet meer met elkaar.",
    ],
)
def test_confidential_in_other_words(classifier, text):
    assert_flag(classifier, make_post(text), "confidential", True)


def test_public_pay_news_is_not_confidential(classifier):
    text = "Mooi nieuws uit de cao-onderhandelingen: de salarissen gaan omhoog. Onze collega's verdienen het!"
    assert_flag(classifier, make_post(text), "confidential", False)


@pytest.mark.parametrize(
    "text",
    [
        "De fusie van onze school met de buurschool is nog niet bekend bij het team.",
        "Mijn collega gaat naar scale 9, heard it before HR even told her. Our school pays well.",
        "Onze school sluit de dependance, en dat voordat de ouders het weten. Bizar.",
    ],
)
def test_news_before_the_people_concerned_know_is_confidential(classifier, text):
    assert_flag(classifier, make_post(text), "confidential", True)


@pytest.mark.parametrize(
    "text",
    [
        "Ruzie tussen twee moeders bij ons op school, politie kwam erbij. Hopelijk niet in de krant.",
        "Net gehoord van onze directeur: twee formatieplaatsen minder volgend jaar.",
        "Volgend jaar gaat onze school naar een andere locatie. Morgen hoort het team het.",
        "De teamvergadering van gisteren, ik citeer de mail: 'geen extra uren voor iemand'.",
    ],
)
def test_incidents_and_news_from_inside_are_confidential(classifier, text):
    assert_flag(classifier, make_post(text), "confidential", True)
