"""Regular expressions for the shapes of school language and of personal data.

Each is compiled once. None has nested or overlapping quantifiers, so matching time
stays linear in the length of the text (benchmarks/speed.py feeds each one a
pathological input).
"""

import re

# A class or year group: "groep 7", "group 6", "groep 1/2", "#groep3", "grp 5", "groep Zeehondjes",
# "3havo", "4 vwo", "2V", "1B", "klas 2b", "Year 6", "Y6", "class 4B".
CLASS_REF = re.compile(
    r"""
    \b(?:groep(?:en)?|grp\.?|group)\s?[1-8](?:\s?(?:/|-|en|t/m)\s?[1-8])?(?!\d)
    | \bgroep\s(?-i:[A-Z][a-z]{2,})\b
    | \b[1-6]\s?(?:havo|vwo|vmbo|mavo|atheneum|gymnasium|tto|tl|kb|bb|gt|kgt|mh|hv|vh)\b
    | \b(?-i:[1-6][ABCEFHTV])\d?\b
    | (?<=\buit\s)[1-6][a-z]\d?\b | (?<=\bin\s)[1-6][a-z]\d?\b | (?<=\bfrom\s)[1-6][a-z]\d?\b
    | \bklas\s?[1-6][a-z]?\b
    | \b(?:v?so|sbo)[-\s]?[1-6]\b
    | \b(?:year|yr)\s?(?:1[0-3]|[1-9])\b(?!\s?(?:old|olds|ago|years))
    | \b(?-i:Y(?:1[0-3]|[1-9]))\b
    | \bclass\s?[1-6][A-Za-z]\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

# "(4)", "(groep 5)", "(4H)", "(10 jaar)": a detail in brackets right after a first name
BRACKET_DETAIL = re.compile(
    r"\s?\(\s?(?:\d{1,2}(?:\s?jaar|\s?years?)?|[^()]{0,20}?\d[^()]{0,12})\)"
)

# An age alone in brackets after a name, "(7)", "(10 jaar)": a person, but whose child?
AGE_BRACKET = re.compile(r"\s?\(\s?\d{1,2}(?:\s?jaar|\s?years?)?\s?\)")

# An age in words: "a 10-year-old boy", "een jongen van 10 jaar", "leerling van 14"
AGE_PHRASE = re.compile(
    r"\b\d{1,2}[- ](?:year[- ]old|jarige|jaar oud|jaar)\b|\bvan\s(?:[4-9]|1\d)\b(?![.,:]\d)",
    re.IGNORECASE,
)

# A title and a surname, as parents are named to teachers: "Mrs Jansen", "de familie De Vries"
HONORIFIC_NAME = re.compile(
    r"\b(?:Mrs|Mr|Ms|Miss|Mevrouw|mevrouw|Meneer|meneer|mevr\.|dhr\.|[Ff]amilie)\.?\s+((?:[Vv]an |[Dd]e |[Dd]en |[Tt]er )?[A-Z][a-zà-ÿ'-]+)"
)

# A year of the last century: a photo from then shows no current pupils
OLD_YEAR = re.compile(r"(?<!\d)19\d\d(?!\d)")

# Initials: "J.", "J.K.", "J.v.D."
INITIAL = re.compile(r"(?<![\w.])[A-Z]\.(?:[A-Z]\.|(?:v|vd|v\.d|d|de|t)\.){0,3}(?![\w.])")

PHONE_HINT = re.compile(r"(?:\+|(?<!\d)0)\d(?:[\s().-]?\d){7,13}")

BSN_CANDIDATE = re.compile(
    r"(?<![\d.,/-])(?:\d{9}|\d{4}[. ]\d{2}[. ]\d{3}|\d{3}[. ]\d{3}[. ]\d{3}|\d{2}[. ]\d{3}[. ]\d{2}[. ]\d{2})(?![\d/-]|[.,]\d)"
)

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}(?![\w-])")

POSTCODE = re.compile(r"(?<!\d)[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}(?![A-Za-z])")

STREET = re.compile(
    r"(?<![\w-])[A-Z][a-zà-ÿ'-]{1,30}"
    r"(?:straat|laan|weg|plein|gracht|kade|dijk|singel|hof|pad|steeg|dreef|park|erf|"
    r"baan|wal|markt|ring|allee|boulevard|plantsoen|hoeve|akker|dam)(?![\w-])"
    r"(?:\s\d{1,4}\s?[a-zA-Z]?(?![\w]))?"
    r"|(?<!\w)\d{1,4}\s[A-Z][a-z]{2,20}\s(?:Street|Road|Lane|Avenue|Drive|Close|Crescent|Gardens)\b"
)

_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    "december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec|january|february|"
    "march|may|june|july|august|october"
)
DATE = re.compile(
    rf"(?<!\d)(?:[0-3]?\d[-/.][01]?\d[-/.](?:19|20)\d{{2}}|[0-3]?\d\s(?:{_MONTHS})\.?\s(?:19|20)\d{{2}}"
    rf"|(?:{_MONTHS})\s[0-3]?\d,?\s(?:19|20)\d{{2}})(?!\d)",
    re.IGNORECASE,
)

NUMBER_AFTER_CUE = re.compile(r"\s{0,3}(?:is|:|#|nr\.?|no\.?|nummer)?\s{0,3}(\d{4,10})(?!\d)", re.I)

# A school grade with decimals: "een 5,4", "4,5 voor begrijpend lezen"
GRADE = re.compile(r"(?<![\d,.])(?:10|[1-9]),\d{1,2}(?![\d,.]|\s?%|\s?procent)")

# Dutch education pay scales and functions: "LB", "LD-functie", "schaal L11", "D13"
PAY_GRADE = re.compile(
    r"(?<![\w-])(?:L[A-E](?:-functie)?|L1[0-3]|D1[1-6]|schaal \d{1,2}|(?:[Pp]ay )?[Ss]cale \d{1,2})(?![\w])"
)

# "Their mother doesn't know yet", "de ouders weten het nog niet": news not yet told.
NOT_YET_TOLD = re.compile(
    r"\b(?:weet|weten)\s+(?:het\s+|dat\s+|er\s+)?(?:\w+\s+){0,2}?nog\s+(?:niet|niets|niks|van\s+niets)\b"
    r"|\b(?:doesn't|don't|do not|does not|didn't)\s+know\s+(?:it\s+|about\s+it\s+)?yet\b"
    r"|\b(?:haven't|hasn't|have not|has not)\s+been\s+told\b"
    r"|\bnog\s+niet\s+(?:\w+\s+){0,3}?(?:gecommuniceerd|gedeeld|verteld|gemeld|bekendgemaakt|aangekondigd)\b"
    r"|\bnot\s+(?:yet\s+)?(?:been\s+)?(?:shared|communicated|told|announced)\s+(?:with|to)\b"
    r"|\bnog\s+niet\s+(?:bekend\s+bij|op\s+de\s+hoogte)\b"
    r"|\b(?:morgen|straks|pas|vanavond|volgende\s+week)\s+(?:hoort|horen)\s+(?:\w+\s+){0,2}?het\b"
    r"|\bvoordat\s+(?:de\s+|het\s+|zijn\s+|haar\s+)?\w+\s+het\s+(?:weet|weten)\b"
    r"|\bbefore\s+(?:the\s+)?(?:hr|parents|staff|team|she|he|they)\s+(?:even\s+)?(?:knows?|called|told|heard)\b",
    re.IGNORECASE,
)

# A curse glued to people ("kutleerlingen", "tyfusvolk"); "kutweer" has no one to hurt.
CURSED_PEOPLE = re.compile(
    r"\b(?:kut|kanker|tyfus|tering|klere|pleuris)-?"
    r"(?:leerling|kind|joch|ouder|vader|moeder|collega|wijf|vent|volk|mensen|buren|buurman"
    r"|buurvrouw|docent|leraar|juf|meester|directeur|baas|student|jongen|meid|gast|klant)\w*",
    re.IGNORECASE,
)

# "you absolute melt", "jij vuile ...": an intensifier after "you" makes any noun an insult.
VOCATIVE_INSULT = re.compile(
    r"\byou\s+(?:absolute|utter|complete|total|massive|fucking|bloody|stupid|pathetic|filthy)\s+[a-z]+"
    r"|\b(?:jij|jullie)\s+(?:vuile|stomme|domme|achterlijke|vieze|gore|smerige|zielige)\s+[a-z]+",
    re.IGNORECASE,
)

# Youth sports teams: "JO11", "MO13-2", "U14"
SPORT_TEAM = re.compile(r"\b(?:JO|MO|U)(?:[6-9]|1\d|2[0-3])(?:-\d{1,2})?\b")

# A plain grade given or got: "een 4 gaf", "a 3 for", "kreeg een 2"
GRADE_GIVEN = re.compile(
    r"\b(?:een|a|an)\s(?:10|[1-9])(?:[,.]\d)?\s(?:gaf|gegeven|kreeg|gekregen|haalde|gehaald|had|voor|for|on)\b",
    re.IGNORECASE,
)
