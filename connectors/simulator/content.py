"""Deterministic accounts and posts for the simulator, the same for the same seed.

The texts are our own templates, Dutch and English, in the mix the tool meets:
mostly harmless private posts, some about school life, and a fair share that
the protocol's rules should flag (a pupil named with a class, an insult, news
that is "nog niet officieel", a class photo described in alt text, speaking for
the school without saying in what function). Every account's timeline is drawn
from `random.Random` seeded with (seed, platform, handle), so it does not depend
on which account was asked for first.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

# No organisation's school names live in code: the demo passes the config's own.
DEFAULT_SCHOOLS = ("de school",)
PUPILS = ("Daan", "Sem", "Lotte", "Fenna", "Noah", "Mila", "Liam", "Saar", "Finn", "Tess", "Yara")
COLLEAGUES = ("Marieke", "Joost", "Esther", "Bram", "Ilse", "Ruud")
OTHERS = ("buurman_kees", "hsv_voetbal", "bieb_eemland", "fietsclub_zon", "tuinvereniging")
FIRST_NAMES = ("anna", "tim", "sanne", "erik", "lisa", "mark", "fleur", "koen", "eva", "bas")
ROLES = (
    ("juf", "leerkracht"),
    ("meester", "leerkracht"),
    ("docent", "docent"),
    ("dir", "directeur"),
)

# (language, template). Slots: {pupil} {group} {school} {colleague} {day} {n}
PRIVATE = (
    ("nl", "Zondag de Utrechtse Heuvelrug rondgefietst, {n} km. Benen van elastiek!"),
    ("nl", "Eindelijk de moestuin omgespit. De courgettes doen het dit jaar goed."),
    ("nl", "Wie weet een goed recept voor pompoensoep? Heb er drie over."),
    ("nl", "Wat een wedstrijd gisteren, {n}-2 gewonnen in de laatste minuut."),
    ("nl", "Net terug van een weekje Texel. Wind, zand en te veel poffertjes."),
    ("nl", "Boekentip: net een thriller uit in twee avonden, echt een aanrader."),
    ("nl", "Onze kat heeft vannacht een muis binnengebracht. Gezellig."),
    ("nl", "Koor gaat weer beginnen op {day}avond, zin in!"),
    ("en", "Finally finished the garden shed. Only took {n} weekends."),
    ("en", "Sunday long run done: {n} km along the river, legs are gone."),
    ("en", "Anyone else watching the cycling this week? Brilliant stage today."),
    ("en", "Baked sourdough for the first time. It is more of a frisbee."),
    ("en", "Concert tonight with my band, first gig in ages."),
)
SCHOOL = (
    (
        "nl",
        "Wat een mooie ochtend met groep {group} op {school}, iedereen deed mee met de voorleeswedstrijd.",
    ),
    ("nl", "Studiedag vandaag op {school}: veel geleerd over rekenonderwijs."),
    ("nl", "De nieuwe schoolbibliotheek van {school} is open. Kom kijken op {day}!"),
    ("en", "Great science morning with group {group} at {school}, volcanoes everywhere."),
    ("en", "Parents evening at {school} went well, thanks to all who came."),
)
FLAGGED = (
    ("nl", "{pupil} uit groep {group} las vandaag voor het eerst een heel boek, wat een held!"),
    ("nl", "Trots op {pupil} (groep {group}) die de rekenwedstrijd van {school} won."),
    ("nl", "Nog niet officieel, maar {school} krijgt volgend jaar een nieuwe directeur. Ssst!"),
    (
        "nl",
        "Hoorde in de teamvergadering dat twee groepen worden samengevoegd. Nog niet bekend bij ouders.",
    ),
    ("nl", "Collega {colleague} is al weken ziek thuis, er speelt van alles privé."),
    ("nl", "Die ouders bij het hek vanochtend zijn echt complete idioten."),
    ("nl", "Namens {school}: de ouderavond van {day} gaat niet door."),
    ("nl", "Wat een sukkels bij de gemeente, drie maanden wachten op een vergunning."),
    ("en", "So proud of {pupil} from group {group} today, finally cracked long division!"),
    ("en", "Not official yet, but {school} is closing its second location next year."),
    ("en", "The new inspector is a complete moron, honestly."),
    ("en", "On behalf of {school}: the school trip is moved to {day}."),
)
REPLIES = (
    ("nl", "Helemaal mee eens!"),
    ("nl", "Haha, herkenbaar. Hier precies hetzelfde."),
    ("nl", "Ik kom ook, tot {day}!"),
    ("en", "Couldn't agree more."),
    ("en", "Thanks for sharing, lovely to see."),
    ("nl", "Klopt, {pupil} uit groep {group} vertelde het me ook al."),
)
REPOSTED = (
    ("nl", "Zaterdag open dag bij de tuinvereniging, iedereen welkom!"),
    ("nl", "Vrijwilligers gezocht voor de jeugdtraining op {day}."),
    ("en", "New exhibition opens at the library next week."),
)
ALT_TEXTS = (
    ("nl", "Leerlingen van groep {group} bij de geiten op de kinderboerderij"),
    ("nl", "Klassenfoto van groep {group} op het schoolplein van {school}"),
    ("nl", "Een bord pompoensoep op een houten tafel"),
    ("nl", "Fiets tegen een hek, heide op de achtergrond"),
    ("en", "Children of group {group} holding their science projects"),
    ("en", "Sunset over the river"),
    ("en", ""),
)
DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag")

KIND_WEIGHTS = (("own", 75), ("reply", 15), ("repost", 10))
VISIBILITY_WEIGHTS = (("public", 80), ("unlisted", 8), ("private", 8), ("direct", 4))
THEME_WEIGHTS = ((PRIVATE, 55), (SCHOOL, 20), (FLAGGED, 25))


@dataclass(frozen=True, slots=True)
class SimMedia:
    alt_text: str
    kind: str = "photo"


@dataclass(frozen=True, slots=True)
class SimPost:
    """A platform-neutral post; each platform module renders it in its own shape."""

    key: int  # unique across the simulator: seeds ids, cids and rkeys
    created_at: datetime
    text: str
    lang: str
    kind: str  # own | reply | repost
    visibility: str  # public | unlisted | private | direct
    media: tuple[SimMedia, ...] = ()
    other: str = ""  # the account replied to or reposted
    published_at: datetime | None = None  # when it appeared, where it claims another date
    edited_at: datetime | None = None

    @property
    def appeared(self) -> datetime:
        """When the platform received the post (its ids are made then)."""
        return self.published_at or self.created_at


@dataclass(slots=True)
class SimAccount:
    platform: str
    handle: str
    user_id: str
    name: str
    bio: str
    posts: list[SimPost] = field(default_factory=list)  # newest first


def stable_int(*parts: object, bits: int = 62) -> int:
    """A deterministic integer for the parts (not Python's salted hash)."""
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> (64 - bits)


def stable_fraction(*parts: object) -> float:
    """A deterministic number in [0, 1) for the parts."""
    return stable_int(*parts, bits=53) / 2**53


def _pick(rng: random.Random, weighted):
    items, weights = zip(*weighted, strict=True)
    return rng.choices(items, weights=weights)[0]


def _fill(rng: random.Random, template: str, schools: tuple[str, ...]) -> str:
    return template.format(
        pupil=rng.choice(PUPILS),
        group=rng.randint(1, 8),
        school=rng.choice(schools),
        colleague=rng.choice(COLLEAGUES),
        day=rng.choice(DAYS),
        n=rng.randint(3, 90),
    )


def make_post(
    rng: random.Random, key: int, created_at: datetime, schools: tuple[str, ...]
) -> SimPost:
    """One post drawn from `rng`: its kind, visibility, language, text and media."""
    kind = _pick(rng, KIND_WEIGHTS)
    visibility = _pick(rng, VISIBILITY_WEIGHTS)
    if kind == "repost":
        lang, template = rng.choice(REPOSTED)
    elif kind == "reply":
        lang, template = rng.choice(REPLIES)
    else:
        lang, template = rng.choice(_pick(rng, THEME_WEIGHTS))
    media: tuple[SimMedia, ...] = ()
    if kind == "own" and rng.random() < 0.2:
        media = tuple(
            SimMedia(_fill(rng, rng.choice(ALT_TEXTS)[1], schools))
            for _ in range(rng.randint(1, 3))
        )
    return SimPost(
        key=key,
        created_at=created_at,
        text=_fill(rng, template, schools),
        lang=lang,
        kind=kind,
        visibility=visibility,
        media=media,
        other=rng.choice(OTHERS) if kind != "own" else "",
    )


def make_account(
    seed: int,
    platform: str,
    handle: str,
    user_id: str,
    *,
    posts: int,
    end: datetime,
    span: timedelta,
    schools: tuple[str, ...],
) -> SimAccount:
    """An account with `posts` posts spread over `span` before `end`, newest first."""
    rng = random.Random(f"{seed}|{platform}|{handle}")
    prefix, role = rng.choice(ROLES)
    school = rng.choice(schools)
    bio = rng.choice(
        (
            f"{prefix.capitalize()} bij {school}. Berichten op persoonlijke titel.",
            f"{role.capitalize()} | fietsen, lezen, koken",
            f"{role.capitalize()} at {school}. Views my own.",
            "Papa, hardloper, koffieliefhebber.",
        )
    )
    seconds = max(int(span.total_seconds()), posts)
    offsets = sorted(rng.sample(range(seconds), posts))  # distinct seconds, oldest first
    timeline = [
        make_post(
            rng,
            stable_int(seed, platform, handle, index),
            end - span + timedelta(seconds=offset, milliseconds=rng.randint(0, 999)),
            schools,
        )
        for index, offset in enumerate(offsets)
    ]
    timeline.reverse()
    return SimAccount(platform, handle, user_id, handle.replace("_", " ").title(), bio, timeline)


def handles(seed: int, platform: str, count: int) -> list[str]:
    """`count` plausible, distinct handles for a platform (e.g. juf_anna_03)."""
    rng = random.Random(f"{seed}|handles|{platform}")
    names = []
    for index in range(count):
        prefix, _ = rng.choice(ROLES)
        name = f"{prefix}_{rng.choice(FIRST_NAMES)}_{index:02d}"
        names.append(name.replace("_", "-") + ".bsky.social" if platform == "bluesky" else name)
    return names
