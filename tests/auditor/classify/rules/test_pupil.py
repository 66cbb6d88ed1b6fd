import pytest

from auditor.model import Media
from tests.assertions import assert_flag, evidence_texts
from tests.conftest import make_post


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Fenna uit groep 6 heeft vandaag de voorleeswedstrijd gewonnen!", "Fenna"),
        ("Super trots op Milan (groep 8), eindelijk zijn zwemdiploma.", "Milan"),
        ("Thijs in 2H vroeg of we morgen weer een quiz doen 😂", "Thijs"),
        ("Proud of Olivia from my Year 5 class, her story was brilliant.", "Olivia"),
        (
            "Bram zat vandaag de hele les te huilen, ik weet niet wat er thuis speelt. #groep4",
            "Bram",
        ),
        ("De mama van Luuk (groep 2) heeft taart gebakken voor de hele klas!", "Luuk"),
        ("Hoera, Rosa uit mijn klas kan eindelijk fietsen zonder zijwieltjes.", "Rosa"),
    ],
)
def test_when_pupil_named_in_school_context_then_pupil_data(classifier, text, name):
    post = make_post(text)
    verdict = assert_flag(classifier, post, "pupil_data", True)
    assert name in evidence_texts(post, verdict, "pupil_data", "pupil-name")


@pytest.mark.parametrize(
    "text",
    [
        "Mijn zoon Daan heeft vandaag zijn eerste toets gehad, spannend!",  # own child
        "Kleinzoon Lucas is vandaag jarig, al 6 jaar!",
        "Collega Marieke heeft de kerstborrel georganiseerd, top!",  # a colleague
        "Juf Annemiek van groep 3 gaat met pensioen.",  # a teacher
        "Casus (naam verzonnen): Noor, 9 jaar, leest goed maar rekent zwak. Tips?",  # fictional
        "Onze hond Max is vandaag tien geworden 🐶",
        "Mooie roos in de tuin, de storm heeft hem gespaard.",
        "Will you join the school trip next week? We need drivers.",  # a verb, not Will
        "Storm verwacht vanavond, alle lessen gaan gewoon door.",  # weather
        "Sint Maarten komt eraan, de lampionnen van groep 5 zijn klaar!",
    ],
)
def test_when_name_is_not_a_pupil_then_no_pupil_data(classifier, text):
    assert_flag(classifier, make_post(text), "pupil_data", False)


def test_names_that_are_words_need_a_class_right_after(classifier):
    assert_flag(
        classifier, make_post("Roos (5) vroeg of de juf ook een juf heeft."), "pupil_data", True
    )
    assert_flag(classifier, make_post("Een roos voor elke juf vandaag!"), "pupil_data", False)
    assert_flag(classifier, make_post("Joy in 3V nailed her presentation."), "pupil_data", True)
    assert_flag(
        classifier, make_post("Pure joy in 3V today, we finished the book."), "pupil_data", False
    )


def test_initials_with_class_are_pupil_data(classifier):
    post = make_post("Gesprek over K. (groep 7) en het pesten op het plein.")
    verdict = assert_flag(classifier, post, "pupil_data", True)
    assert evidence_texts(post, verdict, "pupil_data", "initials") == ["K."]


def test_sensitive_detail_with_class_is_pupil_data(classifier):
    text = "Er zit een meisje in groep 5 dat net de diagnose diabetes heeft gekregen, spannend voor haar."
    assert_flag(classifier, make_post(text), "pupil_data", True)


def test_sensitive_detail_about_a_group_is_not_pupil_data(classifier):
    text = "Leerlingen met autisme hebben baat bij een voorspelbaar rooster."
    assert_flag(classifier, make_post(text), "pupil_data", False)


@pytest.mark.parametrize(
    "text",
    [
        "Inschrijving nieuwe leerling: BSN 111222333, wie kan dit invoeren?",
        "Nieuwe leerling in groep 3, bsn 1112.22.333 klopt niet volgens het systeem?",
        "Wachtwoord gereset voor leerlingnummer 558812.",
    ],
)
def test_identifiers_are_pupil_data(classifier, text):
    assert_flag(classifier, make_post(text), "pupil_data", True)


def test_nine_digits_failing_the_eleven_test_are_not_a_bsn(classifier):
    assert_flag(
        classifier,
        make_post("Ordernummer 123456789, nog steeds niet bezorgd."),
        "pupil_data",
        False,
    )
    assert_flag(classifier, make_post("Nieuwe leerling, BSN 123456789?"), "pupil_data", False)


def test_phone_number_of_a_parent_is_pupil_data(classifier):
    post = make_post(
        "Wie wil helpen bij het schoolfeest? Bel de vader van Ties uit groep 3: 06-12345678"
    )
    verdict = assert_flag(classifier, post, "pupil_data", True)
    assert "06-12345678" in evidence_texts(post, verdict, "pupil_data", "phone")


def test_a_shop_phone_number_is_not_pupil_data(classifier):
    assert_flag(
        classifier,
        make_post("Fietsenmaker gezocht? Bel 06-12345678, top service!"),
        "pupil_data",
        False,
    )


def test_photo_of_pupils_is_pupil_data(classifier):
    media = (Media("photo", "de kinderen van groep 4 bij de kinderboerderij"),)
    assert_flag(classifier, make_post("Uitje!", media=media), "pupil_data", True)


def test_photo_of_own_children_or_things_is_not_pupil_data(classifier):
    assert_flag(
        classifier,
        make_post("Zondag!", media=(Media("photo", "mijn dochters op het strand"),)),
        "pupil_data",
        False,
    )
    assert_flag(
        classifier,
        make_post("Klaar!", media=(Media("photo", "de versierde gang van de school"),)),
        "pupil_data",
        False,
    )


def test_photo_without_description_of_a_class_outing_is_pupil_data(classifier):
    media = (Media("photo", ""),)
    assert_flag(
        classifier,
        make_post("Groepsfoto van mijn groep 6 op schoolreis!", media=media),
        "pupil_data",
        True,
    )


def test_no_pupil_data_on_a_plain_school_post(classifier):
    assert_flag(classifier, make_post("Mijn leerlingen waren top vandaag!"), "pupil_data", False)


@pytest.mark.parametrize(
    "text",
    [
        "Vandaag las Olek uit groep 6 voor het eerst hardop voor, wat een held.",  # name not in our list
        "Thank you Mrs Verhoeven, the mum from Year 3, for the lovely cake!",  # a parent by title
        "Milan (8) vroeg vandaag in de klas of de juf ook huiswerk heeft.",  # age in brackets
        "Een meisje uit groep 7 is de enige met een rolstoel, ze had vandaag een zware dag.",
        "Wachtwoord vergeten door student 2024117, alweer.",  # a student number after 'student'
    ],
)
def test_more_ways_pupils_are_identified(classifier, text):
    assert_flag(classifier, make_post(text), "pupil_data", True)


@pytest.mark.parametrize(
    ("text", "bio"),
    [
        ("Onze Joris (7) heeft vandaag zijn eerste hockeytraining gehad!", ""),  # own child
        (
            "Tien-minutengesprek van Siem gehad, hij doet het prima op school.",
            "Mama van Siem en Lotte",
        ),
        (
            "Stel: 'Pietje' uit groep 7 scoort laag op spelling. Wat doe je als IB'er?",
            "",
        ),  # example
        ("We lazen 'The Monkey's Paw' in 2V, half the class was scared.", ""),  # a title
        ("Beste ouders, morgen is de schoolfotograaf er voor groep 1 t/m 8.", ""),  # a greeting
        ("Vanuit Oekraïne in groep 5 gekomen kinderen krijgen extra taalles.", ""),  # a place
        ("Collega van de sectie Frans is al weken ziek.", ""),  # a school subject
    ],
)
def test_names_that_are_not_pupils(classifier, text, bio):
    assert_flag(classifier, make_post(text, bio=bio), "pupil_data", False)


@pytest.mark.parametrize(
    ("text", "bio"),
    [
        (
            "Nilton uit groep 8 zong vandaag het hoogste lied van de hele school.",
            "",
        ),  # unknown name
        ("Jandira Fortes uit 2C is al drie weken niet op school geweest.", ""),  # full name + class
        ("De vader van Soufiane stond vandaag te schreeuwen bij het hek.", "Docent economie"),
        ("Oksana, you're a star! Your first Dutch sentence in front of the whole class.", ""),
        ("A. from group 6 spoke in class today for the first time, after months of mutism.", ""),
        ("Huisbezoek bij een leerling uit 3B op de Dahliastraat 12, niemand thuis.", ""),
        ("Storm wrote a story about his grandma today #teacherlife", ""),
    ],
)
def test_pupils_named_in_other_ways(classifier, text, bio):
    assert_flag(classifier, make_post(text, bio=bio), "pupil_data", True)


@pytest.mark.parametrize(
    "text",
    [
        "Bali was een droom. Maandag weer voor de klas!",  # a place that is a name somewhere
        "Trots op ons team! — Marloes, teamleider onderbouw",  # a signature
        "Kinderen uit groep 8 hebben vandaag de musical geoefend.",  # a plural, not a name
    ],
)
def test_not_pupils_either(classifier, text):
    assert_flag(classifier, make_post(text), "pupil_data", False)


def test_the_kid_in_a_named_class_with_behaviour_is_pupil_data(classifier):
    post = make_post("The kid in year 4B who keeps biting others had another meltdown today.")
    assert_flag(classifier, post, "pupil_data", True)


@pytest.mark.parametrize(
    "text",
    [
        "A.v.d.B. uit klas 2c heeft vanochtend weer een ruit ingegooid, gegooid met een steen.",
        "Dictee groep 7 nagekeken: prima gemiddelde. Alleen R. had een onvoldoende, jammer.",
        "Een meisje uit groep 6 slaapt al weken bij haar oma: ouders gescheiden, huis verkocht.",
    ],
)
def test_pupils_identified_by_initials_or_class_with_a_detail(classifier, text):
    assert_flag(classifier, make_post(text), "pupil_data", True)


def test_a_made_up_pupil_in_a_training_is_not_pupil_data(classifier):
    text = "Oefening voor de cursus: fictieve leerling in groep 4, BSN 111222333 (testnummer)."
    assert_flag(classifier, make_post(text), "pupil_data", False)


def test_an_undescribed_video_of_pupils_at_work_is_pupil_data(classifier):
    post = make_post(
        "Onze leerlingen van de techniekklas aan het lassen 🔥", media=(Media("video", ""),)
    )
    assert_flag(classifier, post, "pupil_data", True)


def test_an_old_class_photo_of_the_author_is_not_pupil_data(classifier):
    post = make_post(
        "Gevonden op zolder: mijn klassenfoto van 1983. Ik sta achteraan.",
        media=(Media("photo", "oude klassenfoto uit 1983 met kinderen en de meester"),),
    )
    assert_flag(classifier, post, "pupil_data", False)


def test_our_child_by_a_proud_parent_is_not_a_pupil(classifier):
    post = make_post(
        "Onze Sanne heeft vandaag haar zwemdiploma A gehaald én haar eerste rapport. Trotse papa!",
        bio="Conciërge | papa van twee",
    )
    assert_flag(classifier, post, "pupil_data", False)
