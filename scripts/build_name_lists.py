"""Rebuild the first-name list and its guard list of names that are also words.

Sources (see auditor/classify/data/intl/NOTICE):
- first names: the `lst_first_name` list of the deduce package (LGPL-3.0-or-later),
  about 15,000 first names of people living in the Netherlands, Dutch and
  international; plus the first names of the Faker package's person providers (MIT)
  for the languages families in Dutch schools often speak, Cyrillic ones transliterated
  to the Latin spelling a Dutch school would use (Оксана -> Oksana);
- common words: the frequent British English words of SCOWL (Debian
  `wbritish-small`), less the entries that are far more often a name (ENGLISH_NAMES),
  plus the Dutch words below (DUTCH_WORDS), chosen by hand from the names whose
  lowercase form is in the OpenTaal Dutch word list (Debian `wdutch`) because that list
  also holds many names in lowercase; and every name from Faker's lists whose lowercase
  form is a Dutch word ("Beste", "Dag").

Usage: pip download --no-deps deduce==3.0.6 faker==40.63.0 -d /tmp/names
       apt-get install wdutch wbritish-small
       python scripts/build_name_lists.py /tmp/names/deduce-3.0.6-py3-none-any.whl \\
           /tmp/names/faker-40.63.0-py3-none-any.whl
"""

import ast
import re
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "auditor/classify/data/intl"
MEMBER = "deduce/data/lookup/src/names/lst_first_name/items.txt"
FAKER_LOCALES = (
    "en_GB en_US en_IE en_IN en_NG en_KE en_PK nl_NL nl_BE de_DE fr_FR fr_BE es_ES es_MX"
    " pt_PT pt_BR it_IT pl_PL ro_RO tr_TR hu_HU cs_CZ sk_SK hr_HR sl_SI lt_LT lv_LV et_EE"
    " fi_FI sv_SE no_NO da_DK id_ID az_AZ sw yo_NG ig_NG ha_NG tw_GH zu_ZA uk_UA ru_RU bg_BG"
).split()
FIRST_NAME_FIELDS = ("first_names", "first_names_male", "first_names_female")
LATIN_NAME = re.compile(r"[A-ZÀ-ÞĀ-Ž][a-zà-ÿā-ž'-]+")
CYRILLIC = dict(
    zip(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэъё",
        "a b v h g d e ie zh z y i i i k l m n o p r s t u f kh ts ch sh shch _ iu ia y e _ io".split(),
        strict=True,
    )
)
ENGLISH = "/usr/share/dict/british-english-small"
DUTCH = "/usr/share/dict/dutch"
ENGLISH_NAMES = set(
    "Amir Ani Cooper Dean Derrick Don Earl Eddy Emir Gill Glen Harry Hunter Ken Lee Levy"
    " Mads Maria Martin Mason Matt Matts Maxim Maxima Miller Mike Nick Peter Ray Rob Sally"
    " Sari Victor Warren".split()
)
DUTCH_WORDS = set(
    "Aan Al Alle Anders Anemoon April Aster Baan Bas Beer Ben Berk Bloem Bouwen Broer Bruin"
    " Ceder Dan De Dik Dille Door Elke Engel Fleur Helder Hoi Jarig Jouw Juli Kas Kerst"
    " Kiem Klaar Kok Lam Lelie Lente Lieve Linde Maan Madelief Mees Mei Meis Merel Min"
    " Mus Nader Onder Parel Pluk Raaf Rijk Roos Sla Tak Tien Tijm Uiltje Vlinder Vos"
    " Wiel Wil Zilver Zomer Zus Zusje Zwaan".split()
)


def transliterate(name: str) -> str:
    out = "".join(CYRILLIC.get(c, c) for c in name.lower()).replace("_", "")
    return out[:1].upper() + out[1:]


def faker_names(wheel: str) -> set[str]:
    """First names from Faker's person providers, read as Python literals (not imported)."""
    names: set[str] = set()
    with zipfile.ZipFile(wheel) as archive:
        for locale in FAKER_LOCALES:
            source = archive.read(f"faker/providers/person/{locale}/__init__.py").decode("utf-8")
            for node in ast.walk(ast.parse(source)):
                targets = [t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)]
                target = getattr(node, "target", None)
                if isinstance(target, ast.Name):
                    targets.append(target.id)
                value = getattr(node, "value", None)
                if not set(targets) & set(FIRST_NAME_FIELDS) or value is None:
                    continue
                try:
                    literal = ast.literal_eval(value)
                except ValueError:
                    continue  # built from other fields (first_names = male + female)
                for name in literal:
                    name = transliterate(name) if re.search("[а-яё]", name.lower()) else name
                    if LATIN_NAME.fullmatch(name):
                        names.add(name)
    return names


def main(deduce_wheel: str, faker_wheel: str) -> None:
    with zipfile.ZipFile(deduce_wheel) as archive:
        raw = archive.read(MEMBER).decode("utf-8").splitlines()
    dutch_names = {n.strip() for n in raw if len(n.strip()) > 1 and n.strip()[0].isupper()}
    names = sorted(dutch_names | faker_names(faker_wheel))
    english = {w for w in Path(ENGLISH).read_text(encoding="utf-8").split() if w.islower()}
    dutch = {w for w in Path(DUTCH).read_text(encoding="utf-8").split() if w.islower()}
    missing = {w for w in DUTCH_WORDS if w.lower() not in dutch or w not in names}
    if missing:
        raise SystemExit(f"not a name and a Dutch word: {sorted(missing)}")
    # Names from other languages that are Dutch words ("Beste", "Dag") are guarded too.
    foreign = set(names) - dutch_names
    guard = [
        n
        for n in names
        if (n.lower() in english and n not in ENGLISH_NAMES)
        or n in DUTCH_WORDS
        or (n in foreign and n.lower() in dutch)
    ]
    write(OUT / "first_names/items.txt", names)
    write(OUT / "common_word_names/items.txt", guard)
    write(OUT / "foreign_names/items.txt", sorted(foreign))
    print(
        f"{len(names)} first names ({len(dutch_names)} from deduce), {len(guard)} also common words"
    )


def write(path: Path, items: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(items) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
