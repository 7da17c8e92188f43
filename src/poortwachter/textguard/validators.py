"""The Django validator for free text written on the employer side (R-SICK-3)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from ._guard import GuardResult, check


def gettext_noop(message: str) -> str:
    """Marks a string for makemessages without needing settings at import time."""
    return message


# Stable category codes with their Dutch labels, as shown to the user.
CATEGORY_LABELS: dict[str, str] = {
    "illness": gettext_noop("ziekte of aandoening"),
    "symptom": gettext_noop("klacht of symptoom"),
    "body_part": gettext_noop("lichaamsdeel"),
    "treatment": gettext_noop("behandeling of onderzoek"),
    "medication": gettext_noop("medicatie"),
    "care_provider": gettext_noop("zorgverlener"),
    "pregnancy": gettext_noop("zwangerschap"),
    "mental_health": gettext_noop("psychische gezondheid"),
    "safety_net": gettext_noop("welke vangnetbepaling"),
    "incapacity_percentage": gettext_noop("arbeidsongeschiktheids- of beschikbaarheidspercentage"),
    "cause": gettext_noop("oorzaak van de ziekte"),
    # The word-sense model's words (_model.py, issue 17 tenth round): no single word is
    # medical, the sentence they stand in reads so.
    "model": gettext_noop("mogelijk gezondheidsinformatie"),
}

# A way out of a false alarm: what to write instead, by the category of the first match.
SUGGESTIONS: dict[str, str] = {
    "illness": gettext_noop(
        'Schrijf wat er voor het werk geregeld is, bijvoorbeeld: "Is ziek; de taken van '
        'deze week gaan naar Sanne."'
    ),
    "treatment": gettext_noop(
        'Noem geen behandeling of zorgverlener; schrijf bijvoorbeeld: "Heeft dinsdag een '
        'afspraak, vrij van 9 tot 12 uur."'
    ),
    "medication": gettext_noop(
        'Noem geen medicijnen; schrijf wat het werk vraagt, bijvoorbeeld: "Tijdelijk niet '
        'rijden met de bedrijfsauto."'
    ),
    "incapacity_percentage": gettext_noop(
        'Schrijf uren en taken, bijvoorbeeld: "Werkt ma, wo en vr 4 uur." Een percentage '
        "stelt alleen de bedrijfsarts vast."
    ),
    "safety_net": gettext_noop("Vul alleen in of een vangnetregeling geldt (ja/nee), niet welke."),
    "cause": gettext_noop(
        "Gebruik voor een bedrijfs- of verkeersongeval de ja/nee-vragen van de ziekmelding, "
        "geen beschrijving van de oorzaak."
    ),
}
SUGGESTIONS["model"] = gettext_noop(
    "Deze woorden lijken samen iets over de gezondheid te zeggen. Wel mag bijvoorbeeld: "
    '"Is afwezig; de taken van deze week gaan naar Sanne."'
)
SUGGESTIONS["symptom"] = SUGGESTIONS["illness"]
SUGGESTIONS["body_part"] = SUGGESTIONS["illness"]
SUGGESTIONS["mental_health"] = SUGGESTIONS["illness"]
SUGGESTIONS["pregnancy"] = SUGGESTIONS["illness"]
SUGGESTIONS["care_provider"] = SUGGESTIONS["treatment"]
ADVICE_SUGGESTION = gettext_noop(
    "Het advies gaat naar de werkgever: beschrijf wat de werknemer wel en niet kan in het "
    'werk, bijvoorbeeld: "Niet langer dan 30 minuten staan; niet boven schouderhoogte '
    'werken met de rechterarm", zonder diagnose, oorzaak, behandeling of medicatie.'
)

MAX_TERMS_IN_MESSAGE = 8
MAX_TERM_LENGTH = 60


class MedicalTextError(ValidationError):
    """Refused text. ``result`` carries the matches, so a form can highlight them."""

    def __init__(self, message: str, result: GuardResult):
        super().__init__(message, code="medical_text")
        self.result = result


def _shown(term: str) -> str:
    term = " ".join(term.split())
    return term if len(term) <= MAX_TERM_LENGTH else term[: MAX_TERM_LENGTH - 1] + "…"


def refusal_message(
    result: GuardResult, profile: str = "employer", advice: str | None = None
) -> str:
    """The Dutch message for a refused text: the matched terms only, never the text, and
    a suggestion how to write it instead. ``advice`` replaces the sentence on what to
    describe, for fields that are not about appointments and work (a legal hold's
    reason, say)."""
    seen: set[str] = set()
    parts: list[str] = []
    together: list[str] = []  # the model's words: one label for all (issue 17)
    for match in result.matches:
        key = match.term.casefold()
        if key in seen:
            continue
        seen.add(key)
        if match.category == "model":
            together.append(f'"{_shown(match.term)}"')
            continue
        parts.append(f'"{_shown(match.term)}": {gettext(CATEGORY_LABELS[match.category])}')
    if together:
        parts.append(f"{', '.join(together)}: {gettext(CATEGORY_LABELS['model'])}")
    more = len(parts) - MAX_TERMS_IN_MESSAGE
    listed = "; ".join(parts[:MAX_TERMS_IN_MESSAGE])
    if more > 0:
        listed += gettext("; en nog %(count)d") % {"count": more}
    first = result.matches[0].category if result.matches else "illness"
    suggestion = ADVICE_SUGGESTION if profile == "advice" else SUGGESTIONS[first]
    message = gettext(
        "Deze tekst lijkt medische informatie te bevatten (%(terms)s). Medische gegevens "
        'mogen hier niet worden vastgelegd (AP-beleidsregels "De zieke werknemer"). '
        "Beschrijf alleen afspraken en werk, zonder aard of oorzaak van de ziekte."
    ) % {"terms": listed}
    if advice is not None:
        # The same refusal, with the field's own advice in place of the last sentence.
        default = gettext(
            "Beschrijf alleen afspraken en werk, zonder aard of oorzaak van de ziekte."
        )
        message = message.replace(default, advice) if default in message else f"{message} {advice}"
    return message + " " + gettext(suggestion)


def validate_no_medical_text(value: str, profile: str = "employer") -> None:
    """Raise ``MedicalTextError`` (a ``ValidationError``) when ``value`` looks medical.

    The message names the matched terms and their category, never the whole text; callers
    must not log refused text or the message (R-SICK-3, R-SICK-4).
    """
    result = check(value or "", profile=profile)
    if result.medical:
        raise MedicalTextError(refusal_message(result, profile), result)
