"""The re-integration report and the UWV notifications as readable Dutch PDFs: exactly
what their JSON holds (``documents``), with codes as Dutch labels. DejaVu Sans (vendored
with the own-data export) so every name prints; fpdf2 embeds only the glyphs used."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fpdf.fonts import FontFace

from poortwachter.core import clock
from poortwachter.documents.pdf import FAMILY, PoortwachterPdf
from poortwachter.reintegration.documents import Document
from poortwachter.reintegration.models import SentVia

BOLD = FontFace(emphasis="BOLD")
EMPTY = "–"

_ADVICE = [
    ("doctor", gettext_lazy("Bedrijfsarts")),
    ("incapacity_percentage", gettext_lazy("Arbeidsongeschiktheid (%)")),
    ("work_possible", gettext_lazy("Wat de werknemer wel kan")),
    ("work_not_possible", gettext_lazy("Wat de werknemer niet kan")),
    ("implications_for_work", gettext_lazy("Gevolgen voor het werk")),
    ("expected_duration_label", gettext_lazy("Verwachte duur")),
    ("expected_return_on", gettext_lazy("Verwachte werkhervatting")),
    ("adjustments_advice", gettext_lazy("Advies over aanpassingen, voorzieningen of interventies")),
]
_VERSION = [
    ("drawn_up_on", gettext_lazy("Datum van het plan")),
    ("based_on_advice_of", gettext_lazy("Gebaseerd op het advies van")),
    ("activities", gettext_lazy("Activiteiten")),
    ("goals", gettext_lazy("Doel")),
    ("goal_date", gettext_lazy("Termijn")),
    ("evaluation_moments", gettext_lazy("Evaluatiemomenten")),
    ("next_evaluation_on", gettext_lazy("Eerstvolgende evaluatie")),
    ("case_manager", gettext_lazy("Casemanager")),
    ("employer_view", gettext_lazy("Visie van de werkgever")),
    ("employee_view", gettext_lazy("Visie van de werknemer")),
    ("change_reason", gettext_lazy("Reden van de bijstelling")),
    ("changed_by", gettext_lazy("Vastgelegd door")),
    ("changed_at", gettext_lazy("Vastgelegd op")),
    ("signed_by_employee_at", gettext_lazy("Ondertekend door de werknemer op")),
    ("employee_signature_label", gettext_lazy("Ondertekend door de werknemer")),
]
_EVALUATION = [
    ("held_on", gettext_lazy("Gehouden op")),
    ("outcome", gettext_lazy("Uitkomst en afspraken")),
    ("employer_view", gettext_lazy("Visie van de werkgever")),
    ("employee_view", gettext_lazy("Visie van de werknemer")),
    ("plan_needs_revision", gettext_lazy("Plan van aanpak bijstellen")),
    ("long_term_agreement", gettext_lazy("Afspraak voor de lange termijn")),
]


class _Pdf(PoortwachterPdf):
    def __init__(self, title: str, generated_at: dt.datetime) -> None:
        super().__init__(title=title, generated_at=generated_at)
        self.title_page(title)

    def heading(self, text: str) -> None:
        self.ln(3)
        self.set_font(FAMILY, "B", 12)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FAMILY, size=9)

    def paragraph(self, text: str) -> None:
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def facts(self, values: Document, fields: Iterable[tuple[str, Any]]) -> None:
        style = {"text_align": "LEFT", "borders_layout": "HORIZONTAL_LINES",
                 "line_height": self.font_size * 1.4, "padding": (0.8, 1.2)}  # fmt: skip
        with self.table(col_widths=(60, 130), first_row_as_headings=False, **style) as table:
            for key, label in fields:
                row = table.row()
                row.cell(str(label), style=BOLD)
                row.cell(_text(values.get(key)))
        self.ln(2)


def _text(value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            if len(value) == 10:
                return f"{dt.date.fromisoformat(value):%d-%m-%Y}"
            return f"{dt.datetime.fromisoformat(value):%d-%m-%Y %H:%M}"
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or EMPTY
    return str(value)


def _generated(document: Document) -> dt.datetime:
    return dt.datetime.fromisoformat(document["generated_at"])


def report_pdf(document: Document) -> bytes:
    """The re-integratieverslag, in the order of art. 6 Regeling procesgang."""
    pdf = _Pdf(_("Re-integratieverslag"), _generated(document))
    pdf.paragraph(
        _("Opgesteld volgens artikel 6 van de Regeling procesgang eerste en tweede ziektejaar. "
          "Dit verslag bevat geen medische gegevens: alleen het advies dat de bedrijfsarts "
          "voor de werkgever heeft gepubliceerd.")
    )  # fmt: skip
    admin = document["administrative"]
    pdf.heading(_("1. Administratieve gegevens"))
    flat = {
        "employer": admin["employer"]["name"], "payroll": admin["employer"]["payroll_tax_number"],
        "employee": admin["employee"]["name"], "number": admin["employee"]["personnel_number"],
        "bsn": admin["employee"]["bsn"], "born": admin["employee"]["date_of_birth"],
        "job": (admin["employment"] or {}).get("job_title"),
        "department": (admin["employment"] or {}).get("department"),
        "hours": (admin["employment"] or {}).get("hours_per_week"),
        "first": admin["first_sick_day"], "end": admin["wage_continuation_ends"],
        "closed": admin["closed_on"],
    }  # fmt: skip
    pdf.facts(flat, [
        ("employer", _("Werkgever")), ("payroll", _("Loonheffingennummer")),
        ("employee", _("Werknemer")), ("number", _("Personeelsnummer")), ("bsn", _("BSN")),
        ("born", _("Geboortedatum")), ("job", _("Functie")), ("department", _("Afdeling")),
        ("hours", _("Uren per week")), ("first", _("Eerste ziektedag")),
        ("end", _("Einde loondoorbetaling")), ("closed", _("Hersteld per")),
    ])  # fmt: skip
    _statement_section(pdf, document)
    pdf.heading(_("2. Oordeel en advies van de bedrijfsarts"))
    for advice in document["advices"] or [None]:
        if advice is None:
            pdf.paragraph(_("Geen advies gepubliceerd."))
            continue
        pdf.paragraph(_("Advies van %(day)s") % {"day": _text(advice["advised_on"])})
        pdf.facts(advice, _ADVICE)
    pdf.heading(_("3. Plan van aanpak en bijstellingen"))
    for version in document["plan_of_action"] or [None]:
        if version is None:
            pdf.paragraph(_("Geen plan van aanpak vastgelegd."))
            continue
        pdf.paragraph(_("Versie %(n)s") % {"n": version["version"]})
        pdf.facts(version, _VERSION)
    pdf.heading(_("4. Evaluaties"))
    for evaluation in document["evaluations"] or [None]:
        if evaluation is None:
            pdf.paragraph(_("Geen evaluaties vastgelegd."))
            continue
        pdf.paragraph(evaluation["kind_label"])
        pdf.facts(evaluation, _EVALUATION)
    _rest_of_report(pdf, document)
    return bytes(pdf.output())


def _statement_section(pdf: _Pdf, document: Document) -> None:
    """Art. 6: the job description and the employer's current judgements (issue 16), and
    what moved the end of the wage continuation."""
    wage = document["wage_continuation"]
    if wage["extension"]:
        pdf.paragraph(_("Vrijwillige verlenging van de loondoorbetaling (artikel 24 WIA): "
                        "%(weeks)s weken, toegestaan door UWV op %(day)s.")
                      % {"weeks": wage["extension"]["weeks"],
                         "day": _text(wage["extension"]["decided_on"])})  # fmt: skip
    if sanction := wage["wage_sanction"]:
        pdf.paragraph(
            _("Loonsanctie UWV van %(start)s tot en met %(end)s (beschikking van %(day)s).")
            % {"start": _text(sanction["starts_on"]), "end": _text(sanction["ends_on"]),
               "day": _text(sanction["decided_on"])}
        )  # fmt: skip
    statement = document["employer_statement"]
    pdf.heading(_("Functie en actueel oordeel van de werkgever"))
    if statement is None:
        pdf.paragraph(_("De werkgever heeft de functieomschrijving en het actuele oordeel nog "
                        "niet ingevuld."))  # fmt: skip
        return
    pdf.facts(statement, [
        ("job_description", _("Functieomschrijving")),
        ("suitable_work_judgement", _("Actueel oordeel over passend werk")),
        ("employment_judgement", _("Actueel oordeel over de arbeidsverhouding")),
    ])  # fmt: skip


def _rest_of_report(pdf: _Pdf, document: Document) -> None:
    pdf.heading(_("5. Oordeel van de werknemer"))
    view = document["employee_view"]
    if view["on_plan"]:
        pdf.paragraph(
            _("Over het plan van aanpak (versie %(n)s): %(view)s")
            % {"n": view["on_plan"]["version"], "view": view["on_plan"]["view"]}
        )
    if view["in_evaluation"]:
        pdf.paragraph(_("Bij de evaluatie van %(day)s: %(view)s")
                      % {"day": _text(view["in_evaluation"]["held_on"]),
                         "view": view["in_evaluation"]["view"]})  # fmt: skip
    if not view["on_plan"] and not view["in_evaluation"]:
        pdf.paragraph(_("De werknemer heeft (nog) geen eigen oordeel gegeven."))
    for opinion in document["expert_opinions"]:
        pdf.paragraph(
            _("Deskundigenoordeel aangevraagd op %(day)s: %(subject)s %(question)s")
            % {"day": _text(opinion["requested_on"]), "subject": opinion["subject_label"],
               "question": opinion["question"]}
        )  # fmt: skip
        if opinion["outcome_on"]:
            day = _text(opinion["outcome_on"])
            pdf.paragraph(
                _("Oordeel van UWV van %(day)s: %(outcome)s")
                % {"day": day, "outcome": opinion["outcome"]}
            )
    pdf.heading(_("6. Rapporten van derden"))
    for report in document["third_party_reports"] or [None]:
        if report is None:
            pdf.paragraph(_("Geen."))
            continue
        pdf.paragraph(f"{_text(report['received_on'])} – {report['author_label']}: "
                      f"{report['title']}")  # fmt: skip


def uwv_pdf(document: Document) -> bytes:
    """A printable copy of the notification to UWV, with its deadline."""
    document = {**document, "generated_at": document.get("generated_at") or _now_iso()}
    pdf = _Pdf(document["form_label"], _generated(document))
    pdf.paragraph(
        _("Uiterlijk te melden op %(day)s, via het werkgeversportaal van UWV, Digipoort of "
          "het formulier.") % {"day": _text(document["due_on"])}
    )  # fmt: skip
    flat = {
        "employer": document["employer"]["name"],
        "payroll": document["employer"]["payroll_tax_number"],
        "employee": document["employee"]["name"], "bsn": document["employee"]["bsn"],
        "born": document["employee"]["date_of_birth"], "first": document["first_sick_day"],
    }  # fmt: skip
    fields = [
        ("employer", _("Werkgever")), ("payroll", _("Loonheffingennummer")),
        ("employee", _("Werknemer")), ("bsn", _("BSN")), ("born", _("Geboortedatum")),
        ("first", _("Eerste ziektedag")),
    ]  # fmt: skip
    if "expected_duration" in document:
        duration = document["expected_duration"] or {}
        works, contact = document["works_now"], document["contact_person"] or {}
        flat["duration"] = duration.get("label")
        flat["return"] = duration.get("expected_return_on")
        flat["service"] = document["occupational_health_service"]
        flat["doctor"] = document["company_doctor"]
        flat["works"] = (
            _("ja, %(hours)s uur per week") % {"hours": works["hours_per_week"]}
            if works["works"] else _("nee")
        )  # fmt: skip
        flat["contact"] = f"{contact['name']} ({contact['email']})" if contact else None
        fields += [("duration", _("Verwachte duur (advies bedrijfsarts)")),
                   ("return", _("Verwachte werkhervatting")), ("service", _("Arbodienst")),
                   ("doctor", _("Bedrijfsarts")), ("works", _("Werkt de werknemer nu?")),
                   ("contact", _("Contactpersoon"))]  # fmt: skip
    elif "recovered_on" in document:
        flat["recovered"] = document["recovered_on"]
        fields.append(("recovered", _("Hersteld per")))
    elif "employment_ended_on" in document:
        flat["ended"] = document["employment_ended_on"]
        fields.append(("ended", _("Laatste dag van het dienstverband")))
    else:
        flat["safety_net"] = True
        fields.append(("safety_net", _("Valt onder een vangnetbepaling")))
    sent = document["sent"] or {}
    flat["sent_on"] = sent.get("on")
    flat["sent_via"] = SentVia(sent["via"]).label if sent.get("via") else None
    flat["reference"] = sent.get("reference")
    fields += [("sent_on", _("Verstuurd op")), ("sent_via", _("Verstuurd via")),
               ("reference", _("Kenmerk"))]  # fmt: skip
    pdf.facts(flat, fields)
    return bytes(pdf.output())


def _now_iso() -> str:
    return clock.now().isoformat()
