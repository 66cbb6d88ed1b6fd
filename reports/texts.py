"""What the protocol's articles say in plain words, and what to do per flag, nl and en.

Kept apart from the templates so the HTML and the plain-text e-mail say the same.
The advice follows the protocol itself: correct openly rather than delete silently,
give a reason when something comes down, ask when in doubt (rule 8), call in help
when a discussion derails (rule 7).
"""

PROTOCOL_PLAIN = {
    "de overlap werk en privé": {
        "nl": "Het protocol geldt voor alles waarbij werk en privé elkaar raken.",
        "en": "The protocol covers everything where work and private life overlap.",
    },
    "richtlijn 1": {
        "nl": "Richtlijn 1: deel geen vertrouwelijke informatie van de organisatie, en vraag"
        " toestemming voordat je een gesprek publiceert.",
        "en": "Rule 1: do not share confidential information of the organisation, and ask"
        " permission before you publish a conversation.",
    },
    "richtlijn 2": {
        "nl": "Richtlijn 2: geen vertrouwelijke of schadelijke informatie over ouders,"
        " leerlingen of collega's zonder hun goedkeuring.",
        "en": "Rule 2: no confidential or harmful information about parents, pupils or"
        " colleagues without their consent.",
    },
    "richtlijn 4": {
        "nl": "Richtlijn 4: maak duidelijk dat je op persoonlijke titel schrijft; spreek je"
        " namens de organisatie, noem dan organisatie en functie.",
        "en": "Rule 4: make clear you write in a personal capacity; when you speak for the"
        " organisation, name the organisation and your function.",
    },
    "overwegingen vooraf": {
        "nl": "Overwegingen vooraf: sociale omgangsvormen gelden online net zo goed als"
        " offline; laster, beledigingen en obsceniteiten zijn niet geoorloofd.",
        "en": "Before you post: social manners apply online as they do offline; slander,"
        " insults and obscenities are not allowed.",
    },
}

ADVICE = {
    "work_overlap": {
        "nl": "Ter informatie: deze berichten raken aan je werk, dus het protocol geldt."
        " Meestal is dat prima; let op de andere punten hieronder.",
        "en": "For your information: these posts touch your work, so the protocol applies."
        " Usually that is fine; mind the other points below.",
    },
    "missing_disclaimer": {
        "nl": "Zet in je bio dat je op persoonlijke titel schrijft (bijvoorbeeld 'Berichten"
        " op persoonlijke titel'). Spreek je namens de school, noem dan de organisatie en je"
        " functie, of laat het officiële account het bericht plaatsen.",
        "en": "Add to your bio that you write in a personal capacity (for example 'Views are"
        " my own'). When you speak for the school, name the organisation and your function,"
        " or let the official account post it.",
    },
    "pupil_data": {
        "nl": "Haal het bericht weg of pas het aan, en geef daarbij de reden (zoals het"
        " protocol vraagt). Gegevens en beelden van leerlingen en ouders deel je alleen met"
        " hun toestemming. Twijfel je? Vraag het je leidinggevende (richtlijn 8).",
        "en": "Take the post down or edit it, and give the reason (as the protocol asks)."
        " Share data and pictures of pupils and parents only with their consent. In doubt?"
        " Ask your manager (rule 8).",
    },
    "confidential": {
        "nl": "Corrigeer het zelf en open: pas het bericht aan of haal het weg en zeg erbij"
        " dat jij het hebt aangepast en waarom. Overleg bij twijfel met je leidinggevende of"
        " de afdeling communicatie (richtlijn 8).",
        "en": "Correct it yourself and openly: edit or remove the post and say that you"
        " changed it and why. When in doubt, talk to your manager or the communications"
        " team (rule 8).",
    },
    "incivility": {
        "nl": "Pas het bericht aan of haal het weg, en zeg erbij dat jij het hebt aangepast."
        " Loopt een online discussie uit de hand, neem dan direct contact op met je"
        " leidinggevende of de afdeling communicatie (richtlijn 7).",
        "en": "Edit or remove the post, and say that you changed it. If an online"
        " discussion gets out of hand, contact your manager or the communications team"
        " straight away (rule 7).",
    },
}

MANAGEMENT = {
    "nl": "Je hebt een leidinggevende functie. Volgens richtlijn 5 word je dan altijd gezien"
    " als medewerker van de organisatie, ook als je een privémening geeft. Ga daarom extra"
    " zorgvuldig na of je iets op persoonlijke titel kunt publiceren.",
    "en": "You hold a management role. Under rule 5 people will then always see you as part"
    " of the organisation, even when you give a private opinion. Check with extra care"
    " whether you can publish something in a personal capacity.",
}

REAUTH = {
    "nl": "We konden dit account niet lezen omdat de toegang verlopen of ingetrokken is."
    " Vraag de beheerder om een nieuwe koppeling, of meld je af voor dit account als je"
    " dat liever hebt.",
    "en": "We could not read this account because its access expired or was revoked. Ask"
    " the administrator to reconnect it, or leave it out if you prefer.",
}

WEEKLY = {
    "nl": {
        "subject_some": "Je sociale media in week {week}: {n} bericht(en) om naar te kijken",
        "subject_none": "Je sociale media in week {week}: niets gevonden",
        "greeting": "Hoi {name},",
        "intro": "Dit is je wekelijkse overzicht van je openbare berichten van week {week}"
        " ({start} t/m {end}), naast het protocol sociale media van {org}. Alleen jij krijgt"
        " dit overzicht; niemand anders ziet je bevindingen.",
        "none": "We hebben deze week niets gevonden in je {n} bericht(en). Goed bezig!",
        "none_no_posts": "We hebben deze week geen nieuwe openbare berichten van je gezien.",
        "summary": "In {n} van je {total} bericht(en) zagen we iets om naar te kijken:",
        "what_to_do": "Wat kun je doen?",
        "view_post": "Bekijk het bericht",
        "on": "op",
        "severity": "ernst",
        "why": "Waarom",
        "protocol": "Protocol",
        "redacted_note": "Namen, nummers en adressen van leerlingen en ouders zijn in dit"
        " overzicht vervangen door [LEERLING-1], [TELEFOONNUMMER] enzovoort.",
        "reauth_title": "Accounts die we niet konden lezen",
        "doubt": "Twijfel je of een bericht kan? Vraag het je leidinggevende of {contact}"
        " (richtlijn 8).",
        "doubt_no_contact": "Twijfel je of een bericht kan? Vraag het je leidinggevende"
        " (richtlijn 8).",
        "not_a_verdict": "Dit overzicht is een hulpmiddel, geen oordeel: een computer kan"
        " zich vergissen. Jij beslist wat je met je berichten doet.",
        "opt_out": "Meedoen is vrijwillig. Wil je stoppen? Laat het {contact} weten; je"
        " berichten en bevindingen worden dan meteen gewist.",
        "opt_out_no_contact": "Meedoen is vrijwillig. Wil je stoppen? Laat het de beheerder"
        " weten; je berichten en bevindingen worden dan meteen gewist.",
        "notice": "Hoe we met je gegevens omgaan",
        "web_intro": "Bekijk je bevindingen online en laat weten als iets niet klopt (de"
        " link werkt één keer):",
        "web_link": "Bekijk en reageer",
    },
    "en": {
        "subject_some": "Your social media in week {week}: {n} post(s) to look at",
        "subject_none": "Your social media in week {week}: nothing found",
        "greeting": "Hi {name},",
        "intro": "This is your weekly overview of your public posts of week {week}"
        " ({start} to {end}), checked against the social media protocol of {org}. Only you"
        " receive this overview; nobody else sees your findings.",
        "none": "We found nothing this week in your {n} post(s). Well done!",
        "none_no_posts": "We saw no new public posts of yours this week.",
        "summary": "In {n} of your {total} post(s) we saw something to look at:",
        "what_to_do": "What can you do?",
        "view_post": "View the post",
        "on": "on",
        "severity": "severity",
        "why": "Why",
        "protocol": "Protocol",
        "redacted_note": "Names, numbers and addresses of pupils and parents are replaced in"
        " this overview by [PUPIL-1], [PHONE NUMBER] and so on.",
        "reauth_title": "Accounts we could not read",
        "doubt": "In doubt whether a post is fine? Ask your manager or {contact} (rule 8).",
        "doubt_no_contact": "In doubt whether a post is fine? Ask your manager (rule 8).",
        "not_a_verdict": "This overview is an aid, not a judgement: a computer can be"
        " wrong. You decide what to do with your posts.",
        "opt_out": "Taking part is voluntary. Want to stop? Tell {contact}; your posts and"
        " findings are then erased at once.",
        "opt_out_no_contact": "Taking part is voluntary. Want to stop? Tell the"
        " administrator; your posts and findings are then erased at once.",
        "notice": "How we handle your data",
        "web_intro": "See your findings online and tell us when something is not right (the"
        " link works once):",
        "web_link": "View and respond",
    },
}

SELF_AUDIT = {
    "nl": {
        "title": "Zelfcheck van je sociale media",
        "subject": "Je zelfcheck sociale media: {n} bericht(en) om naar te kijken",
        "subject_none": "Je zelfcheck sociale media: niets gevonden",
        "intro": "Dit is je zelfcheck van {source}: {total} openbare bericht(en){period},"
        " naast het protocol sociale media van {org}. Alleen jij ziet deze uitkomst.",
        "period": " van {first} t/m {last}",
        "source_archive": "je gedownloade gegevens ({name})",
        "source_accounts": "je gekoppelde accounts (laatste {days} dagen)",
        "unread": "Niet gelezen",
    },
    "en": {
        "title": "Self-audit of your social media",
        "subject": "Your social media self-audit: {n} post(s) to look at",
        "subject_none": "Your social media self-audit: nothing found",
        "intro": "This is your self-audit of {source}: {total} public post(s){period},"
        " checked against the social media protocol of {org}. Only you see this result.",
        "period": " from {first} to {last}",
        "source_archive": "your downloaded data ({name})",
        "source_accounts": "your registered accounts (last {days} days)",
        "unread": "Not read",
    },
}
