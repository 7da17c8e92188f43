"""The own-data document (``privacy.own_data``) as a readable Dutch PDF.

fpdf2's core fonts are Latin-1 only, so a name like "Žofia Øster-Łukasz" would fail:
the PDF uses DejaVu Sans (vendored in ``fonts/`` with its licence), and fpdf2 embeds only
the glyphs used. The PDF shows what the JSON holds, with codes turned into Dutch labels.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fpdf import FPDF
from fpdf.fonts import FontFace

from poortwachter.absences.models import AdviceDuration, ExpectedDuration
from poortwachter.audit.labels import purpose_label
from poortwachter.audit.models import Action, Outcome
from poortwachter.core import own_data
from poortwachter.core.roles import Role
from poortwachter.documents.pdf import FAMILY, PoortwachterPdf
from poortwachter.privacy.own_data import Document

BOLD = FontFace(emphasis="BOLD")
HEADINGS = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
EMPTY = "–"

_ACCOUNT_FIELDS = [
    ("email", gettext_lazy("E-mailadres")),
    ("first_name", gettext_lazy("Voornaam")),
    ("last_name", gettext_lazy("Achternaam")),
    ("date_joined", gettext_lazy("Account aangemaakt")),
    ("last_sign_in", gettext_lazy("Laatst ingelogd")),
]
_EMPLOYEE_FIELDS = [
    ("personnel_number", gettext_lazy("Personeelsnummer")),
    ("first_name", gettext_lazy("Voornaam")),
    ("name_prefix", gettext_lazy("Tussenvoegsel")),
    ("last_name", gettext_lazy("Achternaam")),
    ("bsn", gettext_lazy("BSN")),
    ("date_of_birth", gettext_lazy("Geboortedatum")),
    ("email", gettext_lazy("E-mailadres")),
    ("phone", gettext_lazy("Telefoonnummer")),
    ("street", gettext_lazy("Straat")),
    ("house_number", gettext_lazy("Huisnummer")),
    ("postcode", gettext_lazy("Postcode")),
    ("city", gettext_lazy("Plaats")),
    ("is_synthetic", gettext_lazy("Synthetische gegevens")),
    ("created_at", gettext_lazy("Vastgelegd op")),
    ("updated_at", gettext_lazy("Laatst gewijzigd")),
]
_REPORT_FIELDS = [
    ("first_sick_day", gettext_lazy("Eerste ziektedag")),
    ("reported_at", gettext_lazy("Gemeld op")),
    ("reported_by", gettext_lazy("Gemeld door")),
    ("phone", gettext_lazy("Telefoonnummer tijdens verzuim")),
    ("care_street", gettext_lazy("Straat (verpleegadres)")),
    ("care_house_number", gettext_lazy("Huisnummer")),
    ("care_postcode", gettext_lazy("Postcode")),
    ("care_city", gettext_lazy("Plaats")),
    ("expected_duration", gettext_lazy("Verwachte duur")),
    ("appointments_and_work", gettext_lazy("Lopende afspraken en werkzaamheden")),
    ("safety_net_applies", gettext_lazy("Valt onder een vangnetbepaling")),
    ("work_accident", gettext_lazy("Verband met een arbeidsongeval")),
    ("traffic_accident_third_party", gettext_lazy("Verkeersongeval met aansprakelijke derde")),
    ("recovered_on", gettext_lazy("Hersteld per")),
    ("recovery_reported_at", gettext_lazy("Herstel gemeld op")),
    ("version", gettext_lazy("Versie")),
    ("created_at", gettext_lazy("Vastgelegd op")),
    ("updated_at", gettext_lazy("Laatst gewijzigd")),
]
_EMERGENCY_FIELDS = [
    ("text", gettext_lazy("Wat collega's moeten weten of doen")),
    ("visible_to_manager", gettext_lazy("Zichtbaar voor mijn leidinggevende")),
    ("visible_to_hr", gettext_lazy("Zichtbaar voor HR")),
    ("tell_colleagues", gettext_lazy("Welke collega's het mogen weten")),
    ("consent_given_at", gettext_lazy("Toestemming gegeven op")),
    ("withdrawn_at", gettext_lazy("Ingetrokken op")),
    ("active", gettext_lazy("Van kracht")),
]
_ADVICE_FIELDS = [
    ("incapacity", gettext_lazy("Arbeidsongeschiktheid")),
    ("work_possible", gettext_lazy("Wat u wel kunt")),
    ("work_not_possible", gettext_lazy("Wat u niet kunt")),
    ("implications_for_work", gettext_lazy("Gevolgen voor het werk")),
    ("advice_duration", gettext_lazy("Verwachte duur")),
    ("expected_return_on", gettext_lazy("Verwachte werkhervatting")),
    ("adjustments_advice", gettext_lazy("Advies over aanpassingen, voorzieningen of interventies")),
    ("published_at", gettext_lazy("Gepubliceerd op")),
    ("current", gettext_lazy("Geldend advies")),
]
_CODES: dict[str, Any] = {
    "expected_duration": ExpectedDuration,
    "advice_duration": AdviceDuration,
    "role": Role,
    "actor_role": Role,
    "action": Action,
    "outcome": Outcome,
}
_FACTOR_TYPES = {
    "totp": gettext_lazy("Authenticator-app (TOTP)"),
    "webauthn": gettext_lazy("Beveiligingssleutel of passkey"),
    "recovery_codes": gettext_lazy("Herstelcodes"),
}
_QUEUE_STATUS = {
    "handled": gettext_lazy("opgepakt door de arbodienst"),
    "waiting": gettext_lazy("wacht op de arbodienst"),
}


def render_pdf(document: Document) -> bytes:
    pdf = _OwnDataPdf(generated_at=document["generated_at"])
    pdf.add_page()
    _intro(pdf, document)
    _account_section(pdf, document["account"])
    for record in document["employee_records"]:
        _record_section(pdf, record)
    return bytes(pdf.output())


class _OwnDataPdf(PoortwachterPdf):
    def __init__(self, *, generated_at: dt.datetime) -> None:
        super().__init__(title=_("Mijn gegevens"), generated_at=generated_at)


# --- sections ----------------------------------------------------------------------


def _intro(pdf: FPDF, document: Document) -> None:
    pdf.set_font(FAMILY, "B", 16)
    pdf.multi_cell(0, 9, _("Mijn gegevens bij de werkgever"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=9)
    intro = _(
        "Dit overzicht toont alles wat Poortwachter aan de kant van uw werkgever over u "
        "bewaart (stand van %(when)s). Medische gegevens staan hier niet in: die bewaart "
        "alleen de bedrijfsarts, en u vraagt ze bij de arbodienst op."
    ) % {"when": _text(document["generated_at"])}
    pdf.multi_cell(0, 5, intro, new_x="LMARGIN", new_y="NEXT")


def _account_section(pdf: FPDF, account: Document) -> None:
    _heading(pdf, _("Uw account"))
    _facts(pdf, account, _ACCOUNT_FIELDS)
    _subheading(pdf, _("Rollen"))
    _grid(
        pdf,
        [_("Rol"), _("Werkgever"), _("Afdeling"), _("Werknemer"), _("Toegekend op"),
         _("Toegekend door")],
        [
            [_code("role", g["role"]), g["employer"], g["department"], g["employee_record"],
             g["granted_at"], g["granted_by"]]
            for g in account["roles"]
        ],
    )  # fmt: skip
    _subheading(pdf, _("Tweede factoren (alleen het soort, nooit de geheimen)"))
    _grid(
        pdf,
        [_("Soort"), _("Ingesteld op"), _("Laatst gebruikt")],
        [[_FACTOR_TYPES.get(f["type"], f["type"]), f["created_at"], f["last_used_at"]]
         for f in account["second_factors"]],
    )  # fmt: skip


def _record_section(pdf: FPDF, record: Document) -> None:
    employee = record["employee"]
    name = " ".join(
        part for part in (employee["first_name"], employee["name_prefix"], employee["last_name"])
        if part
    )  # fmt: skip
    pdf.add_page()  # each employer's record on its own pages
    _heading(pdf, f"{name} – {record['employer']['name']}")
    _subheading(pdf, _("Persoonsgegevens"))
    _facts(pdf, employee, _EMPLOYEE_FIELDS)
    _subheading(pdf, _("Dienstverbanden"))
    _grid(
        pdf,
        [_("Functie"), _("Afdeling"), _("Uren per week"), _("Van"), _("Tot")],
        [[e["job_title"], e["department"], e["hours_per_week"], e["start_date"], e["end_date"]]
         for e in record["employments"]],
    )  # fmt: skip
    _subheading(pdf, _("Afdelingen"))
    _grid(
        pdf,
        [_("Afdeling"), _("Valt onder")],
        [[d["name"], d["parent"]] for d in record["departments"]],
    )
    _absence_sections(pdf, record)
    _registered_sections(pdf, record)
    _access_log_section(pdf, record["access_log"])


def _registered_sections(pdf: FPDF, record: Document) -> None:
    """The sections other apps add (``core.own_data``): each row as label and value."""
    for section in own_data.sections():
        _subheading(pdf, str(section.title))
        rows = record.get(section.key, [])
        if not rows:
            _none(pdf)
        for row in rows:
            labelled = {
                key: section.choices.get(key, {}).get(value, value) for key, value in row.items()
            }
            _facts(pdf, labelled, section.fields)


def _absence_sections(pdf: FPDF, record: Document) -> None:
    _subheading(pdf, _("Verzuimdossiers"))
    _grid(
        pdf,
        [_("Eerste ziektedag"), _("Dagen tussen perioden"), _("Afgesloten per"),
         _("Einde loondoorbetaling")],
        [[c["first_sick_day"], c["gap_days"], c["closed_on"], c["wage_continuation_ends"]]
         for c in record["absence_cases"]],
    )  # fmt: skip
    _subheading(pdf, _("Ziekmeldingen"))
    if not record["sick_reports"]:
        _none(pdf)
    for report in record["sick_reports"]:
        _sick_report(pdf, report)
    _subheading(pdf, _("Verlof (zwangerschap en bevalling)"))
    _grid(
        pdf,
        [_("Begin"), _("Einde"), _("Vastgelegd op")],
        [[p["start"], p["end"], p["recorded_at"]] for p in record["leave_periods"]],
    )
    _subheading(pdf, _("Noodinformatie"))
    if record["emergency_info"] is None:
        _none(pdf)
    else:
        _facts(pdf, record["emergency_info"], _EMERGENCY_FIELDS)
    _subheading(pdf, _("Adviezen van de bedrijfsarts"))
    if not record["advices"]:
        _none(pdf)
    for advice in record["advices"]:
        _advice(pdf, advice)


def _advice(pdf: FPDF, advice: Document) -> None:
    """One advice; the percentage always with the doctor and date it came from (R-INC-1)."""
    title = _("Advies van %(day)s") % {"day": _text(advice["advised_on"])}
    pdf.set_font(FAMILY, "B", 9)
    pdf.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=9)
    incapacity = _("%(percentage)s%% arbeidsongeschikt, vastgesteld door bedrijfsarts "
                   "%(doctor)s op %(day)s") % {
        "percentage": advice["incapacity_percentage"], "doctor": advice["doctor"],
        "day": _text(advice["advised_on"]),
    }  # fmt: skip
    values = {**advice, "incapacity": incapacity, "advice_duration": advice["expected_duration"]}
    _facts(pdf, values, _ADVICE_FIELDS)


def _sick_report(pdf: FPDF, report: Document) -> None:
    title = _("Ziekmelding vanaf %(day)s") % {"day": _text(report["first_sick_day"])}
    pdf.set_font(FAMILY, "B", 9)
    pdf.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=9)
    _facts(pdf, report, _REPORT_FIELDS)
    queue = report["service_queue"]
    if queue is not None:
        status = _("%(status)s (ontvangen %(received)s, opgepakt %(handled)s)") % {
            "status": _QUEUE_STATUS[queue["status"]],
            "received": _text(queue["received_at"]),
            "handled": _text(queue["handled_at"]),
        }
        _facts(pdf, {"queue": status}, [("queue", gettext_lazy("Arbodienst"))])
    if report["partial_recoveries"]:
        _grid(
            pdf,
            [_("Gedeeltelijk herstel vanaf"), _("Gewerkte uren per week"), _("Vastgelegd door"),
             _("Vastgelegd op")],
            [[p["from_date"], p["hours_per_week"], p["recorded_by"], p["recorded_at"]]
             for p in report["partial_recoveries"]],
        )  # fmt: skip


def _access_log_section(pdf: FPDF, events: list[Document]) -> None:
    _subheading(pdf, _("Wie uw gegevens heeft ingezien of gewijzigd"))
    pdf.set_font(FAMILY, size=7)
    _grid(
        pdf,
        [_("Wanneer"), _("Handeling"), _("Uitkomst"), _("Rol"), _("Naam"), _("Namens"),
         _("Doel"), _("Soort gegeven")],
        [[e["occurred_at"], _code("action", e["action"]), _code("outcome", e["outcome"]),
          _code("actor_role", e["actor_role"]), e["actor_name"], e["on_behalf_of"],
          purpose_label(e["purpose"]), _target_label(e["target_type"])]
         for e in events],
        col_widths=(22, 18, 17, 33, 30, 20, 30, 20),
    )  # fmt: skip
    pdf.set_font(FAMILY, size=9)


# --- building blocks -----------------------------------------------------------------


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(4)
    pdf.set_font(FAMILY, "B", 13)
    pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=9)


def _subheading(pdf: FPDF, text: str) -> None:
    pdf.ln(2)
    pdf.set_font(FAMILY, "B", 10.5)
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=9)


def _none(pdf: FPDF) -> None:
    pdf.multi_cell(0, 5, _("Geen."), new_x="LMARGIN", new_y="NEXT")


def _facts(pdf: FPDF, values: Document, fields: Iterable[tuple[str, Any]]) -> None:
    """A two-column table: label, value."""
    with pdf.table(col_widths=(65, 125), first_row_as_headings=False, **_table_style(pdf)) as table:
        for key, label in fields:
            row = table.row()
            row.cell(str(label), style=BOLD)
            row.cell(_text(_code(key, values[key])))
    pdf.ln(2)


def _grid(
    pdf: FPDF,
    headings: Sequence[str],
    rows: Sequence[Sequence[Any]],
    col_widths: Sequence[float] | None = None,
) -> None:
    if not rows:
        _none(pdf)
        return
    with pdf.table(col_widths=col_widths, headings_style=HEADINGS, **_table_style(pdf)) as table:
        table.row(list(headings))
        for values in rows:
            table.row([_text(value) for value in values])
    pdf.ln(2)


def _table_style(pdf: FPDF) -> dict[str, Any]:
    return {
        "text_align": "LEFT",
        "borders_layout": "HORIZONTAL_LINES",
        "line_height": pdf.font_size * 1.4,
        "padding": (0.8, 1.2),
    }


def _code(key: str, value: Any) -> Any:
    """A stored code as its Dutch label; an unknown code (e.g. "system") as it is."""
    choices = _CODES.get(key)
    if choices is None or value is None:
        return value
    try:
        return choices(value).label
    except ValueError:
        return value


def _target_label(target_type: str) -> str:
    """ "organisations.employee" as "werknemer"."""
    if not target_type:
        return ""
    try:
        return str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type


def _text(value: Any) -> str:
    """One value as Dutch readers write it."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%d-%m-%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return str(value)
