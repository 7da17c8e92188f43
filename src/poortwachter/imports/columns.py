"""The fields an import fills and the column headings that name them in the exports of
AFAS, Visma, Nmbrs, Loket and a plain spreadsheet (issue 20; docs/integrations.md).

A heading is compared after normalising: lower case, accents, spaces, dots, dashes,
slashes and underscores removed ("E-mail werk" and "email_werk" are the same)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Field:
    key: str
    label: Any
    required: bool
    headings: tuple[str, ...]


FIELDS: tuple[Field, ...] = (
    Field(
        "personnel_number",
        _("Personeelsnummer"),
        True,
        (
            "personeelsnummer",
            "personeelsnr",
            "persnr",
            "pers nr",
            "medewerker",
            "medewerkernummer",
            "werknemernummer",
            "werknemersnummer",
            "employee number",
            "employee id",
            "employeeid",
            "employee no",
            "personnel number",
        ),
    ),
    Field(
        "bsn",
        _("BSN"),
        True,
        (
            "bsn",
            "burgerservicenummer",
            "sofinummer",
            "sofi nr",
            "sofinr",
            "bsn sofinummer",
            "social security number",
            "citizen service number",
        ),
    ),
    Field(
        "first_name",
        _("Voornaam"),
        True,
        (
            "voornaam",
            "roepnaam",
            "voornamen",
            "first name",
            "firstname",
            "given name",
            "nickname",
        ),
    ),
    Field(
        "name_prefix",
        _("Tussenvoegsel"),
        False,
        (
            "tussenvoegsel",
            "tussenvoegsels",
            "voorvoegsel",
            "voorvoegsels",
            "prefix",
            "name prefix",
            "infix",
        ),
    ),
    Field(
        "last_name",
        _("Achternaam"),
        True,
        (
            "achternaam",
            "geslachtsnaam",
            "naam",
            "last name",
            "lastname",
            "surname",
            "family name",
        ),
    ),
    Field(
        "date_of_birth",
        _("Geboortedatum"),
        True,
        (
            "geboortedatum",
            "geb datum",
            "gebdatum",
            "date of birth",
            "birthdate",
            "birth date",
            "dob",
        ),
    ),
    Field(
        "email",
        _("E-mailadres"),
        False,
        (
            "e-mail",
            "email",
            "e-mailadres",
            "emailadres",
            "e-mail werk",
            "e-mailadres werk",
            "e-mailadres zakelijk",
            "zakelijk e-mailadres",
            "email work",
            "work email",
            "business email",
            "email address",
        ),
    ),
    Field(
        "department",
        _("Afdeling"),
        True,
        (
            "afdeling",
            "afdelingsnaam",
            "organisatorische eenheid",
            "organisatie-eenheid",
            "organisatieeenheid",
            "department",
            "department name",
            "org unit",
        ),
    ),
    Field(
        "start_date",
        _("Datum in dienst"),
        True,
        (
            "datum in dienst",
            "in dienst",
            "indienst",
            "begindatum",
            "begindatum contract",
            "startdatum",
            "ingangsdatum",
            "datum indiensttreding",
            "start date",
            "startdate",
            "hire date",
            "date of hire",
            "employment start date",
        ),
    ),
    Field(
        "end_date",
        _("Datum uit dienst"),
        False,
        (
            "datum uit dienst",
            "uit dienst",
            "uitdienst",
            "einddatum",
            "einddatum contract",
            "datum uitdiensttreding",
            "end date",
            "enddate",
            "termination date",
            "employment end date",
        ),
    ),
    Field(
        "hours_per_week",
        _("Uren per week"),
        True,
        (
            "uren per week",
            "contracturen",
            "contracturen per week",
            "uren",
            "arbeidsduur",
            "arbeidsduur per week",
            "parttime uren",
            "hours per week",
            "contract hours",
            "weekly hours",
            "hours",
        ),
    ),
    Field(
        "job_title",
        _("Functie"),
        False,
        (
            "functie",
            "functienaam",
            "functieomschrijving",
            "job title",
            "function",
            "position",
            "job",
        ),
    ),
    Field(
        "manager",
        _("Leidinggevende"),
        False,
        (
            "leidinggevende",
            "manager",
            "direct leidinggevende",
            "naam leidinggevende",
            "leidinggevende e-mail",
            "supervisor",
            "line manager",
        ),
    ),
)
FIELD_KEYS = tuple(field.key for field in FIELDS)
REQUIRED = frozenset(field.key for field in FIELDS if field.required)
LABELS = {field.key: field.label for field in FIELDS}


def normalise(heading: str) -> str:
    text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    return re.sub(r"[\s._/\-()]+", "", text.lower())


_KNOWN = {normalise(h): field.key for field in FIELDS for h in field.headings}


def detect(headings: list[str], saved: dict[str, str] | None = None) -> dict[str, str]:
    """Field → heading of this file: the employer's saved choice when the file has that
    heading, else the first heading that is a known name for the field."""
    present = set(headings)
    mapping: dict[str, str] = {}
    for key, heading in (saved or {}).items():
        if key in LABELS and heading in present:
            mapping[key] = heading
    taken = set(mapping.values())
    for heading in headings:
        known = _KNOWN.get(normalise(heading))
        if known and known not in mapping and heading not in taken:
            mapping[known] = heading
            taken.add(heading)
    return mapping
