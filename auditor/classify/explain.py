"""Severity and the protocol's rule 5: a management role raises severity one step."""

from auditor.model import SEVERITIES

ROLE_NOTE_NL = (
    " Je hebt een leidinggevende functie: dan word je altijd gezien als medewerker van de"
    " organisatie, ook als je een privémening geeft (richtlijn 5). Daarom weegt dit"
    " zwaarder."
)
ROLE_NOTE_EN = (
    " You hold a management role: people will always see you as part of the organisation,"
    " even when you give a private opinion (protocol rule 5). That is why this weighs"
    " more."
)


def raise_severity(severity: str) -> str:
    """One step up, never past high."""
    return SEVERITIES[min(SEVERITIES.index(severity) + 1, len(SEVERITIES) - 1)]
