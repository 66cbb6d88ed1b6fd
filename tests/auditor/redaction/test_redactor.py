from auditor.model import Media
from auditor.redaction.redactor import Redactor
from tests.conftest import make_post


def test_names_and_numbers_are_replaced_consistently(classifier):
    post = make_post(
        "Fenna uit groep 6 en Milan (groep 6) waren top. Fenna mag morgen voorlezen."
        " Bel haar moeder: 06-12345678 of mail ouder@example.nl. BSN 111222333."
    )
    verdict = classifier.classify(post)
    text = Redactor("nl").redact_post(post, verdict)
    for secret in ("Fenna", "Milan", "06-12345678", "ouder@example.nl", "111222333"):
        assert secret not in text
    assert text.count("[LEERLING-1]") == 2
    assert "[LEERLING-2]" in text
    assert "[TELEFOONNUMMER]" in text
    assert "[E-MAILADRES]" in text
    assert "[BSN]" in text


def test_english_placeholders_and_same_numbering_across_posts(classifier):
    redactor = Redactor("en")
    first = make_post("Proud of Olivia from my Year 5 class!")
    second = make_post("Olivia from Year 5 again, what a star.", post_id="t2")
    a = redactor.redact_post(first, classifier.classify(first))
    b = redactor.redact_post(second, classifier.classify(second))
    assert "[PUPIL-1]" in a
    assert "[PUPIL-1]" in b


def test_name_found_in_alt_text_is_redacted_in_the_text_too(classifier):
    post = make_post(
        "Jesse zit vanaf nu in groep 1!", media=(Media("photo", "Jesse met zijn kroon"),)
    )
    text = Redactor().redact_post(post, classifier.classify(post))
    assert "Jesse" not in text


def test_phone_numbers_are_redacted_even_when_not_flagged():
    assert (
        Redactor().redact("Bel de fietsenmaker op 06 12 34 56 78!")
        == "Bel de fietsenmaker op [TELEFOONNUMMER]!"
    )


def test_excerpt_is_short_and_cut_at_a_word():
    post = make_post("woord " * 100)
    excerpt = Redactor().excerpt(post, length=50)
    assert len(excerpt) <= 52
    assert excerpt.endswith("…")
