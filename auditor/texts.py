"""Names of flags and severities as people read them, in Dutch and English."""

FLAG_TITLES = {
    "work_overlap": {"nl": "Raakt aan je werk", "en": "Touches your work"},
    "missing_disclaimer": {
        "nl": "Persoonlijke titel of functie ontbreekt",
        "en": "Personal-capacity disclaimer or function missing",
    },
    "pupil_data": {
        "nl": "Mogelijk gegevens van leerlingen of ouders",
        "en": "Possible data of pupils or parents",
    },
    "confidential": {"nl": "Vertrouwelijke informatie", "en": "Confidential information"},
    "incivility": {"nl": "Onbeleefd of beledigend", "en": "Uncivil or insulting"},
}

SEVERITY_TITLES = {
    "low": {"nl": "laag", "en": "low"},
    "medium": {"nl": "middel", "en": "medium"},
    "high": {"nl": "hoog", "en": "high"},
}
