"""What the web pages say, in Dutch and English (the e-mails' texts live in reports.texts)."""

from __future__ import annotations

UI: dict[str, dict[str, str]] = {
    "nl": {
        "site": "Sociale media-check",
        "skip": "Naar de inhoud",
        "nav": "Hoofdmenu",
        "nav_findings": "Mijn bevindingen",
        "nav_draft": "Concept checken",
        "nav_self_audit": "Zelfcheck van een export",
        "nav_accounts": "Mijn accounts",
        "nav_consent": "Toestemming en gegevens",
        "nav_trends": "Trends",
        "sign_out": "Uitloggen",
        "sign_out_everywhere": "Log uit op alle apparaten",
        "other_lang": "English",
        "other_lang_code": "en",
        "sign_in_title": "Inloggen",
        "sign_in_intro": "Vul je e-mailadres van school in. Is het bij ons bekend, dan krijg je"
        " een link waarmee je inlogt. Alleen jij ziet je bevindingen.",
        "email": "E-mailadres",
        "send_link": "Stuur me een link",
        "bad_address": "Dit is geen e-mailadres. Vul het in als naam@school.nl.",
        "link_sent_title": "Kijk in je mailbox",
        "link_sent": "Als dit adres bij ons bekend is, hebben we er een link naartoe gestuurd."
        " De link werkt {minutes} minuten en één keer. Niets ontvangen? Kijk in je map met"
        " ongewenste mail, of vraag een nieuwe link aan.",
        "link_open_title": "Inloggen",
        "link_open": "Klik op de knop om in te loggen.",
        "link_button": "Inloggen",
        "link_refused_title": "Deze link werkt niet meer",
        "link_used": "Deze link is al gebruikt. Een link werkt maar één keer.",
        "link_expired": "Deze link is verlopen.",
        "link_altered": "Deze link klopt niet: misschien is hij niet helemaal gekopieerd.",
        "link_unknown": "Deze link is niet (meer) geldig.",
        "new_link": "Vraag een nieuwe link aan",
        "signed_out_title": "Je bent uitgelogd",
        "signed_out": "Je bent uitgelogd. Tot ziens!",
        "sign_in_again": "Opnieuw inloggen",
        "error_forbidden_title": "Dat ging niet",
        "error_forbidden": "Dit formulier is verlopen of kwam niet van deze site. Ga terug,"
        " laad de pagina opnieuw en probeer het nog eens.",
        "error_not_found_title": "Niet gevonden",
        "error_not_found": "Deze pagina bestaat niet, of is niet van jou.",
        "error_too_large_title": "Bestand te groot",
        "error_too_large": "Dit bestand is groter dan {mb} MB. Vraag bij het platform een"
        " export van alleen je berichten aan (zonder foto's en video's).",
        "error_too_many_title": "Even wachten",
        "error_too_many": "Er zijn te veel links aangevraagd. Probeer het over 15 minuten opnieuw.",
        "back": "Terug naar het begin",
        "findings_title": "Mijn bevindingen",
        "findings_intro": "Je openbare berichten die naast het protocol sociale media van"
        " {org} iets opleverden, per week. Alleen jij ziet dit.",
        "findings_none": "Er zijn geen bevindingen bij je berichten. Goed bezig!",
        "week": "Week {number} ({start} t/m {end})",
        "weeks": "Weken",
        "accounts_status": "Je accounts",
        "status_ok": "wordt gelezen",
        "status_needs_reauth": "moet opnieuw gekoppeld worden",
        "status_failed": "kon niet gelezen worden",
        "last_read": "laatst gelezen {when}",
        "never_read": "nog niet gelezen",
        "dispute": "Klopt dit niet? Reageer",
        "dispute_legend": "Waarom klopt dit niet?",
        "dispute_note": "Toelichting (mag leeg blijven)",
        "dispute_send": "Verstuur reactie",
        "disputed": "Je reactie: {reason}. Dit punt komt niet meer in je e-mails.",
        "withdraw": "Reactie intrekken",
        "reason_not_me": "Dit bericht is niet van mij, of mijn account is gehackt",
        "reason_removed": "Ik heb het bericht al weggehaald of aangepast",
        "reason_wrong_pupil_data": "Klopt niet: er staat geen leerling of ouder in",
        "reason_wrong_incivility": "Klopt niet: dit is geen belediging",
        "reason_wrong_confidential": "Klopt niet: dit is niet vertrouwelijk",
        "reason_wrong_missing_disclaimer": "Klopt niet: ik schrijf duidelijk op persoonlijke titel",
        "reason_wrong_work_overlap": "Klopt niet: dit gaat niet over mijn werk",
        "reason_wrong": "Klopt niet, om een andere reden",
        "not_me_title": "Niet jouw bericht?",
        "not_me": "Je gaf aan dat een bericht van {platform} {handle} niet van jou is. Is dit"
        " account niet (meer) van jou, of gehackt? Haal het dan hier weg; wij lezen het dan"
        " niet meer en wissen de berichten ervan.",
        "draft_title": "Concept checken",
        "draft_intro": "Plak hier een bericht dat je wilt plaatsen. We bewaren het niet.",
        "draft_text": "Je concept",
        "draft_account": "Voor welk account?",
        "draft_no_account": "Geen account (zonder bio)",
        "draft_check": "Check",
        "draft_none": "Geen aandachtspunten gevonden. Twijfel je toch? Vraag het je"
        " leidinggevende (richtlijn 8).",
        "draft_some": "Dit concept krijgt {n} aandachtspunt(en):",
        "upload_title": "Zelfcheck van een export",
        "upload_intro": "Download je gegevens bij het platform (X, Facebook, Instagram,"
        " LinkedIn, Mastodon of Bluesky) en kies hier het zip-bestand of het bestand met je"
        " berichten. We lezen het meteen, bewaren niets en wissen het bestand na afloop."
        " Hoogstens {mb} MB.",
        "upload_file": "Je export",
        "upload_handle": "Je gebruikersnaam (als de export die niet noemt)",
        "upload_send": "Controleer",
        "upload_busy": "Bezig met lezen…",
        "upload_read": "{n} bericht(en) gelezen…",
        "upload_failed": "Deze export kon niet gelezen worden: {reason}",
        "upload_download": "Download dit rapport (HTML)",
        "upload_uploading": "Uploaden: {pct}%",
        "accounts_title": "Mijn accounts",
        "accounts_intro": "Alleen deze accounts worden gelezen, en alleen openbare berichten.",
        "accounts_none": "Je hebt nog geen account aangemeld.",
        "platform": "Platform",
        "handle": "Gebruikersnaam",
        "status": "Status",
        "account_kind": "Soort account",
        "kind_personal": "Persoonlijk",
        "kind_official": "Officieel (namens school)",
        "add_account": "Account toevoegen",
        "add": "Toevoegen",
        "remove": "Weghalen",
        "remove_confirm": "Weghalen wist ook de berichten en bevindingen van dit account.",
        "reauthorise": "Opnieuw koppelen",
        "reauth_title": "Opnieuw koppelen: {platform} {handle}",
        "account_added": "Account toegevoegd.",
        "account_bad_account": "Kies een platform en een soort account.",
        "account_bad_handle": "Dit is geen gebruikersnaam (bijvoorbeeld @jansen).",
        "account_taken": "Dit account is al aangemeld. Is het van jou? Vraag het de beheerder.",
        "account_removed": "Account weggehaald; de berichten en bevindingen ervan zijn gewist.",
        "consent_title": "Toestemming en gegevens",
        "consent_version": "Versie van de toestemmingstekst: {version}",
        "consent_given": "Je doet mee sinds {date}, met toestemmingstekst versie {version}.",
        "consent_new": "Er is een nieuwe versie van de toestemmingstekst ({version}). Lees"
        " hem en geef opnieuw toestemming als je wilt blijven meedoen.",
        "consent_out": "Je doet nu niet mee. Wil je (weer) meedoen? Lees de tekst en geef"
        " toestemming.",
        "consent_missing": "De toestemmingstekst is hier niet beschikbaar; vraag de beheerder.",
        "consent_name": "Je naam",
        "consent_agree": "Ik heb de tekst gelezen en doe mee",
        "opt_out_title": "Stoppen",
        "opt_out": "Stoppen wist meteen al je accounts, berichten, bevindingen en reacties."
        " Dit kan niet ongedaan worden gemaakt.",
        "opt_out_confirm": "Ja, wis alles en stop",
        "opt_out_button": "Stop en wis mijn gegevens",
        "opted_out": "Je doet niet meer mee. Al je accounts, berichten, bevindingen en"
        " reacties zijn gewist.",
        "export_title": "Mijn gegevens",
        "export": "Download alles wat we over je bewaren (JSON).",
        "export_button": "Download mijn gegevens",
        "trends_title": "Trends",
        "trends_intro": "Het trendrapport: aantallen per week, soort, platform, school en rol,"
        " nooit over één persoon.",
    },
    "en": {
        "site": "Social media check",
        "skip": "Skip to content",
        "nav": "Main menu",
        "nav_findings": "My findings",
        "nav_draft": "Check a draft",
        "nav_self_audit": "Self-audit an export",
        "nav_accounts": "My accounts",
        "nav_consent": "Consent and data",
        "nav_trends": "Trends",
        "sign_out": "Sign out",
        "sign_out_everywhere": "Sign out on all devices",
        "other_lang": "Nederlands",
        "other_lang_code": "nl",
        "sign_in_title": "Sign in",
        "sign_in_intro": "Type your school e-mail address. If we know it, you receive a link"
        " to sign in with. Only you see your findings.",
        "email": "E-mail address",
        "send_link": "Send me a link",
        "bad_address": "This is not an e-mail address. Type it as name@school.nl.",
        "link_sent_title": "Check your inbox",
        "link_sent": "If we know this address, we have sent a link to it. The link works for"
        " {minutes} minutes and once. Nothing arrived? Look in your junk mail, or ask for a"
        " new link.",
        "link_open_title": "Sign in",
        "link_open": "Press the button to sign in.",
        "link_button": "Sign in",
        "link_refused_title": "This link no longer works",
        "link_used": "This link was used already. A link works only once.",
        "link_expired": "This link has expired.",
        "link_altered": "This link is not right: perhaps it was not copied whole.",
        "link_unknown": "This link is not (or no longer) valid.",
        "new_link": "Ask for a new link",
        "signed_out_title": "You are signed out",
        "signed_out": "You are signed out. Goodbye!",
        "sign_in_again": "Sign in again",
        "error_forbidden_title": "That did not work",
        "error_forbidden": "This form has expired or did not come from this site. Go back,"
        " reload the page and try again.",
        "error_not_found_title": "Not found",
        "error_not_found": "This page does not exist, or is not yours.",
        "error_too_large_title": "File too large",
        "error_too_large": "This file is larger than {mb} MB. Ask the platform for an export"
        " of your posts only (without photos and videos).",
        "error_too_many_title": "Please wait",
        "error_too_many": "Too many links were requested. Try again in 15 minutes.",
        "back": "Back to the start",
        "findings_title": "My findings",
        "findings_intro": "Your public posts that raised something against the social media"
        " protocol of {org}, by week. Only you see this.",
        "findings_none": "There are no findings about your posts. Well done!",
        "week": "Week {number} ({start} to {end})",
        "weeks": "Weeks",
        "accounts_status": "Your accounts",
        "status_ok": "being read",
        "status_needs_reauth": "needs to be reconnected",
        "status_failed": "could not be read",
        "last_read": "last read {when}",
        "never_read": "not read yet",
        "dispute": "Not right? Respond",
        "dispute_legend": "Why is this not right?",
        "dispute_note": "Note (may stay empty)",
        "dispute_send": "Send response",
        "disputed": "Your response: {reason}. This no longer appears in your e-mails.",
        "withdraw": "Withdraw response",
        "reason_not_me": "This post is not mine, or my account was compromised",
        "reason_removed": "I already removed or fixed the post",
        "reason_wrong_pupil_data": "Wrong: there is no pupil or parent in it",
        "reason_wrong_incivility": "Wrong: this is not an insult",
        "reason_wrong_confidential": "Wrong: this is not confidential",
        "reason_wrong_missing_disclaimer": "Wrong: I clearly write in a personal capacity",
        "reason_wrong_work_overlap": "Wrong: this is not about my work",
        "reason_wrong": "Wrong, for another reason",
        "not_me_title": "Not your post?",
        "not_me": "You said a post of {platform} {handle} is not yours. Is this account not"
        " (or no longer) yours, or compromised? Then remove it here: we stop reading it and"
        " erase its posts.",
        "draft_title": "Check a draft",
        "draft_intro": "Paste a post you want to publish. We do not keep it.",
        "draft_text": "Your draft",
        "draft_account": "For which account?",
        "draft_no_account": "No account (without a bio)",
        "draft_check": "Check",
        "draft_none": "Nothing found. Still in doubt? Ask your manager (protocol rule 8).",
        "draft_some": "This draft gets {n} flag(s):",
        "upload_title": "Self-audit an export",
        "upload_intro": "Download your data from the platform (X, Facebook, Instagram,"
        " LinkedIn, Mastodon or Bluesky) and choose the zip file or the file with your posts"
        " here. We read it at once, keep nothing and delete the file when done. At most"
        " {mb} MB.",
        "upload_file": "Your export",
        "upload_handle": "Your user name (if the export does not say it)",
        "upload_send": "Check",
        "upload_busy": "Reading…",
        "upload_read": "{n} post(s) read…",
        "upload_failed": "This export could not be read: {reason}",
        "upload_download": "Download this report (HTML)",
        "upload_uploading": "Uploading: {pct}%",
        "accounts_title": "My accounts",
        "accounts_intro": "Only these accounts are read, and only public posts.",
        "accounts_none": "You have not registered an account yet.",
        "platform": "Platform",
        "handle": "User name",
        "status": "Status",
        "account_kind": "Kind of account",
        "kind_personal": "Personal",
        "kind_official": "Official (for the school)",
        "add_account": "Add an account",
        "add": "Add",
        "remove": "Remove",
        "remove_confirm": "Removing also erases this account's posts and findings.",
        "reauthorise": "Reconnect",
        "reauth_title": "Reconnect: {platform} {handle}",
        "account_added": "Account added.",
        "account_bad_account": "Choose a platform and a kind of account.",
        "account_bad_handle": "This is not a user name (for example @jansen).",
        "account_taken": "This account is registered already. Is it yours? Ask the administrator.",
        "account_removed": "Account removed; its posts and findings are erased.",
        "consent_title": "Consent and data",
        "consent_version": "Version of the consent text: {version}",
        "consent_given": "You take part since {date}, under consent text version {version}.",
        "consent_new": "There is a new version of the consent text ({version}). Read it and"
        " consent again if you want to keep taking part.",
        "consent_out": "You do not take part now. Want to (re)join? Read the text and consent.",
        "consent_missing": "The consent text is not available here; ask the administrator.",
        "consent_name": "Your name",
        "consent_agree": "I have read the text and take part",
        "opt_out_title": "Stop",
        "opt_out": "Stopping erases all your accounts, posts, findings and responses at once."
        " This cannot be undone.",
        "opt_out_confirm": "Yes, erase everything and stop",
        "opt_out_button": "Stop and erase my data",
        "opted_out": "You no longer take part. All your accounts, posts, findings and"
        " responses are erased.",
        "export_title": "My data",
        "export": "Download everything we keep about you (JSON).",
        "export_button": "Download my data",
        "trends_title": "Trends",
        "trends_intro": "The trends report: counts by week, kind, platform, school and role,"
        " never about one person.",
    },
}

MAIL = {
    "nl": {
        "subject": "Je inloglink voor de sociale media-check",
        "greeting": "Hoi {name},",
        "greeting_no_name": "Hoi,",
        "body": "Met deze link log je in bij de sociale media-check van {org}. Hij werkt"
        " {minutes} minuten en één keer:",
        "button": "Inloggen",
        "not_you": "Heb je geen link aangevraagd? Dan kun je deze e-mail negeren; zonder de"
        " link kan niemand inloggen.",
    },
    "en": {
        "subject": "Your sign-in link for the social media check",
        "greeting": "Hi {name},",
        "greeting_no_name": "Hi,",
        "body": "With this link you sign in to the social media check of {org}. It works for"
        " {minutes} minutes and once:",
        "button": "Sign in",
        "not_you": "Did you not ask for a link? Then you can ignore this e-mail; without the"
        " link nobody can sign in.",
    },
}

# Reasons for a dispute: one for every flag, the flag's own "wrong", and one "other".
COMMON_REASONS = ("not_me", "removed")
REASONS = (
    "not_me",
    "removed",
    "wrong_pupil_data",
    "wrong_incivility",
    "wrong_confidential",
    "wrong_missing_disclaimer",
    "wrong_work_overlap",
    "wrong",
)


def reasons_for(flag: str) -> tuple[str, ...]:
    """The reasons offered for a finding of `flag`, the flag's own "wrong" first."""
    own = f"wrong_{flag}"
    return (own, "wrong", *COMMON_REASONS) if own in REASONS else ("wrong", *COMMON_REASONS)


# How to reconnect an account whose token expired. Tokens never pass through the web app
# (the registry keeps only the name of the secret), so these are steps, not a button.
REAUTH_STEPS = {
    "nl": {
        "x": "Maak in het ontwikkelaarsportaal van X een nieuwe token aan en geef die aan"
        " de beheerder; die zet hem onder dezelfde naam in het geheimenbestand.",
        "facebook": "Geef in Facebook (Instellingen, Apps en websites) de app van de school"
        " opnieuw toegang en laat de beheerder de nieuwe token instellen.",
        "mastodon": "Maak op je Mastodon-server (Voorkeuren, Ontwikkeling) een nieuwe"
        " toegangscode met alleen leesrechten en geef die aan de beheerder.",
        "bluesky": "Maak in Bluesky (Instellingen, Privacy en beveiliging, App-wachtwoorden)"
        " een nieuw app-wachtwoord en geef dat aan de beheerder. Openbare berichten worden"
        " ook zonder wachtwoord gelezen.",
        "other": "Vraag de beheerder om het account opnieuw te koppelen.",
    },
    "en": {
        "x": "Create a new token in X's developer portal and give it to the administrator,"
        " who puts it under the same name in the secrets file.",
        "facebook": "Give the school's app access again in Facebook (Settings, Apps and"
        " websites) and let the administrator set the new token.",
        "mastodon": "Create a new access token with read-only rights on your Mastodon server"
        " (Preferences, Development) and give it to the administrator.",
        "bluesky": "Create a new app password in Bluesky (Settings, Privacy and security, App"
        " passwords) and give it to the administrator. Public posts are read without one too.",
        "other": "Ask the administrator to reconnect the account.",
    },
}
