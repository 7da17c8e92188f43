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
}

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


def refusal_message(result: GuardResult, advice: str | None = None) -> str:
    """The Dutch message for a refused text: the matched terms only, never the text.
    ``advice`` is the last sentence, what to write instead, for fields that are not about
    appointments and work (a legal hold's reason, say)."""
    seen: set[str] = set()
    parts: list[str] = []
    for match in result.matches:
        key = match.term.casefold()
        if key in seen:
            continue
        seen.add(key)
        parts.append(f'"{_shown(match.term)}": {gettext(CATEGORY_LABELS[match.category])}')
    more = len(parts) - MAX_TERMS_IN_MESSAGE
    listed = "; ".join(parts[:MAX_TERMS_IN_MESSAGE])
    if more > 0:
        listed += gettext("; en nog %(count)d") % {"count": more}
    message = gettext(
        "Deze tekst lijkt medische informatie te bevatten (%(terms)s). Medische gegevens "
        'mogen hier niet worden vastgelegd (AP-beleidsregels "De zieke werknemer"). '
        "Beschrijf alleen afspraken en werk, zonder aard of oorzaak van de ziekte."
    ) % {"terms": listed}
    if advice is None:
        return message
    # The same refusal, with the field's own advice in place of the last sentence.
    default = gettext("Beschrijf alleen afspraken en werk, zonder aard of oorzaak van de ziekte.")
    return message.replace(default, advice) if default in message else f"{message} {advice}"


def validate_no_medical_text(value: str) -> None:
    """Raise ``MedicalTextError`` (a ``ValidationError``) when ``value`` looks medical.

    The message names the matched terms and their category, never the whole text; callers
    must not log refused text or the message (R-SICK-3, R-SICK-4).
    """
    result = check(value or "")
    if result.medical:
        raise MedicalTextError(refusal_message(result), result)
