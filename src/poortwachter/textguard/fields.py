"""The guard for master-data fields: personal names and workplaces (issue 18, finding 5).

The employer profile is tuned for sentences about absence. Two kinds of short field need
a different reading to avoid refusing what is not health data:

- **Personal names.** Dutch surnames include medical-looking words: Koorts, Kramp,
  Pijnappel, Knie, Van der Hoest, Verkoudijk (a near-miss of "verkouden"). A name is not
  a statement about anyone's health, and refusing a person's own name is both wrong and
  unfixable for the user. So in a field that looks like a name (letters joined by
  spaces, hyphens, apostrophes or full stops; at most five words) one capitalised word
  that matches is read as a name. Everything else is refused as in the employer
  profile: a lowercase medical word ("Jan depressie"), an abbreviation in capitals
  ("CVA"), two or more matching words, a phrase, and anything that is not name-shaped
  ("Monteur (na CVA en depressie alleen halve dagen)").
- **Workplaces** (job titles, department names). At a care employer a job or a
  department is named after a care profession or speciality: "Fysiotherapeut",
  "GZ-psycholoog", "Cardiologie", "Spoedeisende hulp". Those are the employee's work,
  not their health: matches of the category *care_provider* are allowed there; illness,
  symptoms, treatment, medication, mental health, pregnancy, body parts, causes and
  percentages stay refused. A department named after the treatment it gives ("Dialyse",
  "Fysiotherapie", "Revalidatie Noord") is a workplace too: one treatment word that opens
  the field, followed only by names, numbers and joining words.
"""

import re

from ._guard import GuardResult, check
from ._model import CATEGORY as _MODEL_CATEGORY

_NAME_SHAPE = re.compile(r"[^\W\d_]+(?:[ '’.-]+[^\W\d_]+)*[.]?")
#: A word as the guard reads it: letters joined by single hyphens or apostrophes.
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_MAX_NAME_WORDS = 5
_WORKPLACE_ALLOWED = frozenset({"care_provider"})


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and any(ch.islower() for ch in word[1:])


def _fields_check(text: str) -> GuardResult:
    """The guard without the word-sense model's words: a name or a workplace is no
    sentence, and the model learnt sentences (issue 17, tenth round)."""
    result = check(text)
    kept = tuple(m for m in result.matches if m.category != _MODEL_CATEGORY)
    return result if len(kept) == len(result.matches) else GuardResult(bool(kept), kept)


def check_name(text: str) -> GuardResult:
    result = _fields_check(text)
    if not result.medical:
        return result
    stripped = text.strip()
    words = [m.span() for m in _NAME_WORD.finditer(text)]
    if not _NAME_SHAPE.fullmatch(stripped) or len(words) > _MAX_NAME_WORDS:
        return result
    # Which name word holds each match: every match must be a capitalised part of one
    # and the same word (a double surname like "Koorts-Pijnappel" counts as one).
    holders = {
        next((span for span in words if span[0] <= m.start and m.end <= span[1]), None)
        for m in result.matches
        if _capitalised(m.term)
    }
    all_capitalised = all(_capitalised(m.term) for m in result.matches)
    if all_capitalised and len(holders) == 1 and None not in holders:
        return GuardResult(medical=False, matches=())
    return result


#: What may follow a department named after its treatment: a name, a number or code, a
#: location ("Dialyse Noord", "Revalidatie 2", "Fysiotherapie en Ergotherapie").
_WORKPLACE_TAIL = re.compile(r"(?:[\s,&/-]+(?:[A-Z0-9][\w-]*|en|afdeling|team|unit|locatie))*\s*")


def check_workplace(text: str) -> GuardResult:
    remaining = tuple(
        m for m in _fields_check(text).matches if m.category not in _WORKPLACE_ALLOWED
    )
    if _named_after_treatment(text, remaining):
        return GuardResult(medical=False, matches=())
    return GuardResult(medical=bool(remaining), matches=remaining)


def _named_after_treatment(text: str, matches) -> bool:
    """A department or job named after the care it gives ("Dialyse", "Fysiotherapie",
    "Revalidatie Noord", "Dialyseverpleegkundige"): one treatment word that opens the
    field, followed by nothing but names, numbers and joining words. "Hij heeft dialyse"
    or "Fysiotherapie na de operatie" stay refused."""
    if len(matches) != 1 or matches[0].category != "treatment" or matches[0].start != 0:
        return False
    return _WORKPLACE_TAIL.fullmatch(text[matches[0].end :]) is not None
