"""The words of the trends report in Dutch and English, in one place per language."""

from __future__ import annotations

DEFAULT_WEEKS = 12  # the period a trends report covers unless told otherwise

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Trends sociale media",
        "period": "{first} t/m {last} ({start} tot en met {end}), vergeleken met {previous_first} t/m {previous_last}",
        "generated": "Gemaakt op {date}.",
        "privacy": (
            "Dit rapport telt bevindingen per week, vlag, regel, platform, school en functie. "
            "Het bevat geen berichten, fragmenten, namen, e-mailadressen of accounts. Een "
            "groep (een school, een functie, een platform) staat er alleen apart in als er "
            "ten minste {k} deelnemers in zitten; bij een platform tellen de deelnemers met "
            "een account op dat platform."
        ),
        "withheld": (
            "Er doen {n} mensen met een account mee, minder dan {k}. Aantallen over zo "
            "weinig mensen zeggen iets over personen, daarom toont dit rapport geen aantallen."
        ),
        "summary": "Samenvatting",
        "people": "Deelnemers (opt-in)",
        "posting_people": "Deelnemers met ten minste één account",
        "accounts": "Accounts",
        "weeks": "Weken",
        "first_week": "Eerste week",
        "last_week": "Laatste week",
        "previous_first_week": "Eerste week van de periode ervoor",
        "min_group_size": "Kleinste groep die getoond wordt",
        "suppression": "Niet apart getoonde groepen",
        "change": "Verandering per vlag",
        "change_intro": "Bevindingen in deze {n} weken tegenover de {n} weken ervoor.",
        "by_week": "Bevindingen per week",
        "by_rule": "Meest voorkomende regels",
        "by_rule_intro": "De {n} regels met de meeste bevindingen; alle regels staan in by_rule.csv.",
        "by_platform": "Per platform",
        "by_school": "Per school",
        "by_role": "Per functie",
        "files": "Dezelfde tabellen staan als CSV-bestanden naast dit rapport.",
        "other": "overig",
        "unspecified": "(niet ingevuld)",
        "total": "Totaal",
        "no_base": "—",
        "chart_by_week": "Bevindingen per week en vlag",
        "chart_by_platform": "Bevindingen per platform",
        "chart_by_rule": "Meest voorkomende regels",
        "chart_alt": "{title}, {first} t/m {last}. De aantallen staan ook in de tabel.",
        "findings": "Bevindingen",
        "col_week": "Week",
        "col_week_start": "Vanaf",
        "col_flag": "Code",
        "col_title": "Vlag",
        "col_rule": "Regel",
        "col_protocol": "Protocol",
        "col_description": "Waar de regel op let",
        "col_findings": "Bevindingen",
        "col_previous_period": "Periode ervoor",
        "col_current_period": "Deze periode",
        "col_change": "Verschil",
        "col_change_pct": "Verschil %",
        "col_platform": "Platform",
        "col_school": "School",
        "col_role": "Functie",
        "col_people": "Deelnemers",
        "col_total": "Totaal",
        "col_item": "Onderdeel",
        "col_value": "Waarde",
        "suppressed_platform": "Platforms niet apart getoond",
        "suppressed_school": "Scholen niet apart getoond",
        "suppressed_role": "Functies niet apart getoond",
        "dimension_platform": "Platforms",
        "dimension_school": "Scholen",
        "dimension_role": "Functies",
        "none_suppressed": "{dimension}: alle groepen hebben ten minste {k} deelnemers.",
        "too_small": "{dimension}: {n} {groups} met minder dan {k} deelnemers niet apart getoond.",
        "added": (
            " Ook {n} {groups} met meer deelnemers niet apart getoond, zodat '{other}' zelf "
            "ten minste {k} deelnemers telt en niet uit de totalen af te leiden is."
        ),
        "pooled": " Ze zijn samengeteld in de rij '{other}' ({people} deelnemers).",
        "left_out": " Ze zijn weggelaten: samen hebben ze minder dan {k} deelnemers.",
        "group": "groep",
        "groups": "groepen",
    },
    "en": {
        "title": "Social media trends",
        "period": "{first} to {last} ({start} to {end} inclusive), compared with {previous_first} to {previous_last}",
        "generated": "Made on {date}.",
        "privacy": (
            "This report counts findings per week, flag, rule, platform, school and role. It "
            "holds no posts, excerpts, names, e-mail addresses or accounts. A group (a school, "
            "a role, a platform) is shown on its own only when it has at least {k} "
            "participants; for a platform, the participants with an account on it count."
        ),
        "withheld": (
            "{n} people with an account take part, fewer than {k}. Counts about so few "
            "people are counts about persons, so this report shows none."
        ),
        "summary": "Summary",
        "people": "Participants (opted in)",
        "posting_people": "Participants with at least one account",
        "accounts": "Accounts",
        "weeks": "Weeks",
        "first_week": "First week",
        "last_week": "Last week",
        "previous_first_week": "First week of the previous period",
        "min_group_size": "Smallest group shown",
        "suppression": "Groups not shown on their own",
        "change": "Change per flag",
        "change_intro": "Findings in these {n} weeks against the {n} weeks before.",
        "by_week": "Findings per week",
        "by_rule": "Most frequent rules",
        "by_rule_intro": "The {n} rules with the most findings; by_rule.csv lists all rules.",
        "by_platform": "Per platform",
        "by_school": "Per school",
        "by_role": "Per role",
        "files": "The same tables are in the CSV files beside this report.",
        "other": "other",
        "unspecified": "(not given)",
        "total": "Total",
        "no_base": "—",
        "chart_by_week": "Findings per week and flag",
        "chart_by_platform": "Findings per platform",
        "chart_by_rule": "Most frequent rules",
        "chart_alt": "{title}, {first} to {last}. The table gives the same numbers.",
        "findings": "Findings",
        "col_week": "Week",
        "col_week_start": "From",
        "col_flag": "Code",
        "col_title": "Flag",
        "col_rule": "Rule",
        "col_protocol": "Protocol",
        "col_description": "What the rule looks for",
        "col_findings": "Findings",
        "col_previous_period": "Previous period",
        "col_current_period": "This period",
        "col_change": "Change",
        "col_change_pct": "Change %",
        "col_platform": "Platform",
        "col_school": "School",
        "col_role": "Role",
        "col_people": "Participants",
        "col_total": "Total",
        "col_item": "Item",
        "col_value": "Value",
        "suppressed_platform": "Platforms not shown on their own",
        "suppressed_school": "Schools not shown on their own",
        "suppressed_role": "Roles not shown on their own",
        "dimension_platform": "Platforms",
        "dimension_school": "Schools",
        "dimension_role": "Roles",
        "none_suppressed": "{dimension}: every group has at least {k} participants.",
        "too_small": "{dimension}: {n} {groups} with fewer than {k} participants not shown on their own.",
        "added": (
            " Also {n} larger {groups} not shown on their own, so that '{other}' itself has "
            "at least {k} participants and cannot be worked out from the totals."
        ),
        "pooled": " They are counted together in the row '{other}' ({people} participants).",
        "left_out": " They are left out: together they have fewer than {k} participants.",
        "group": "group",
        "groups": "groups",
    },
}
