import pytest

from tests.assertions import assert_flag
from tests.conftest import make_post

WORK = "Vandaag met mijn klas naar het museum geweest, wat een leuke dag."


@pytest.mark.parametrize(
    "bio",
    [
        "Juf groep 7 | berichten op persoonlijke titel",
        "Docent Engels. Views are my own.",
        "Leraar, fietser. Eigen mening, niet die van mijn werkgever.",
        "Teacher | all opinions my own",
        "Meester groep 4 · persoonlijke standpunten",
    ],
)
def test_when_bio_has_disclaimer_then_not_missing(classifier, bio):
    assert_flag(classifier, make_post(WORK, bio=bio), "missing_disclaimer", False)


def test_disclaimer_in_the_post_itself_counts(classifier):
    post = make_post(WORK + " (op persoonlijke titel)", bio="Juf groep 7")
    assert_flag(classifier, post, "missing_disclaimer", False)


@pytest.mark.parametrize("bio", ["Juf groep 7", "", "Leraar en hardloper"])
def test_when_work_post_has_no_disclaimer_then_missing(classifier, bio):
    assert_flag(classifier, make_post(WORK, bio=bio), "missing_disclaimer", True)


def test_private_post_never_needs_a_disclaimer(classifier):
    assert_flag(
        classifier, make_post("Pannenkoeken gebakken!", bio="Juf"), "missing_disclaimer", False
    )


def test_official_account_never_needs_a_disclaimer(classifier):
    post = make_post(WORK, kind="official", bio="CBS De Zonnebloem")
    assert_flag(classifier, post, "missing_disclaimer", False)


@pytest.mark.parametrize(
    "text",
    [
        "Namens het team willen we alle vrijwilligers bedanken voor de hulp!",
        "Wij als school vinden veiligheid op het plein het allerbelangrijkst.",
        "On behalf of the school, thank you to all parents who joined the trip.",
        "Namens Meerwijk: dank aan alle collega's voor hun inzet dit jaar.",
    ],
)
def test_when_speaking_on_behalf_without_name_and_function_then_missing(classifier, text):
    post = make_post(text, bio="Fietser en lezer | op persoonlijke titel")
    verdict = assert_flag(classifier, post, "missing_disclaimer", True)
    assert "on-behalf-without-name-and-function" in {f.rule for f in verdict.findings}


def test_speaking_on_behalf_with_organisation_and_function_in_bio_is_fine(classifier):
    bio = "Directeur OBS Het Anker (Stichting Meerwijk Scholen) | op persoonlijke titel"
    post = make_post("Namens het team: dank aan alle ouders voor de hulp bij het feest!", bio=bio)
    assert_flag(classifier, post, "missing_disclaimer", False)


def test_speaking_on_behalf_with_only_function_is_missing(classifier):
    post = make_post(
        "Namens de school: fijne vakantie!", bio="Leerkracht groep 3 | op persoonlijke titel"
    )
    assert_flag(classifier, post, "missing_disclaimer", True)


@pytest.mark.parametrize(
    "bio",
    [
        "Docent Frans | meningen zijn van mij, niet van mijn werkgever",
        "Teacher | opinions = my own",
        "Juf groep 6 | wat ik post is mijn eigen mening",
        "History teacher. All views expressed here are personal.",
        "Year 4 teacher | my posts, my views",
        "Leerkracht | ik schrijf hier namens mezelf",
    ],
)
def test_disclaimers_in_free_wording(classifier, bio):
    assert_flag(classifier, make_post(WORK, bio=bio), "missing_disclaimer", False)


def test_not_speaking_on_behalf_is_a_disclaimer_not_a_claim(classifier):
    text = "Mijn klas was top vandaag. (Ik post dit als privépersoon, niet namens mijn school.)"
    assert_flag(classifier, make_post(text, bio="Leraar"), "missing_disclaimer", False)


def test_a_suggestion_among_colleagues_is_not_speaking_on_behalf(classifier):
    text = "Veel stress over cijfers in de brugklas. Daar moeten we als school echt iets mee."
    verdict = assert_flag(
        classifier,
        make_post(text, bio="Docent | op persoonlijke titel"),
        "missing_disclaimer",
        False,
    )
    assert "work-speaks-for-organisation" not in {f.rule for f in verdict.findings}


@pytest.mark.parametrize(
    "bio", ["Leraar biologie. Tweets op pers. titel.", "Mentor | meningen: de mijne"]
)
def test_short_disclaimers(classifier, bio):
    post = make_post("Mijn klas heeft vandaag een toets gemaakt.", bio=bio)
    assert_flag(classifier, post, "missing_disclaimer", False)
