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

from poortwachter.absences.models import AdviceDuration, ExpectedDuration
from poortwachter.accounts.models import RoleRequest
from poortwachter.audit.labels import purpose_label
from poortwachter.audit.models import Action, Outcome
from poortwachter.core import own_data
from poortwachter.core.roles import Role
from poortwachter.documents.pdf import FAMILY, PoortwachterPdf
from poortwachter.privacy.own_data import Document

HEADING_FILL = (230, 230, 230)
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
    if account.get("role_requests"):
        _subheading(pdf, _("Aanvragen vier ogen"))
        _grid(
            pdf,
            [_("Aanvraag"), _("Rol"), _("Werkgever"), _("Aangevraagd op"), _("Aangevraagd door"),
             _("Uitkomst"), _("Besloten op"), _("Besloten door")],
            [
                [RoleRequest.Kind(r["kind"]).label, _code("role", r["role"]), r["employer"],
                 r["requested_at"], r["requested_by"], RoleRequest.Outcome(r["outcome"]).label,
                 r["decided_at"], r["decided_by"]]
                for r in account["role_requests"]
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
    """A two-column table: label (bold), value."""
    rows = [[str(label), _text(_code(key, values[key]))] for key, label in fields]
    _Table(pdf, (65, 125), bold_first_column=True).draw(None, rows)
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
    widths = col_widths or (1,) * len(headings)
    _Table(pdf, widths).draw(list(headings), [[_text(v) for v in values] for values in rows])
    pdf.ln(2)


class _Table:
    """A plain table: left-aligned cells that wrap at spaces (a word too long for its
    column breaks between characters), a line above and below every row, a grey bold
    heading row repeated on each new page, and rows that never split across pages.

    fpdf2's ``FPDF.table`` draws the same, but lays each cell out twice through its
    general line breaker (per character, re-measuring the line so far): about 2 ms a
    cell, seconds for an access log of a few hundred rows (issue 21). Here each word is
    measured once, from the font's own width table, and each line is one ``text()``.
    """

    PAD_X, PAD_Y = 1.2, 0.8

    def __init__(
        self, pdf: FPDF, col_widths: Sequence[float], *, bold_first_column: bool = False
    ) -> None:
        self.pdf = pdf
        total = sum(col_widths)
        self.widths = [w * pdf.epw / total for w in col_widths]
        self.bold_first_column = bold_first_column
        self.size = pdf.font_size_pt
        self.line_height = pdf.font_size * 1.4
        self._measured: dict[tuple[str, str], float] = {}

    def draw(self, headings: list[str] | None, rows: list[list[str]]) -> None:
        pdf = self.pdf
        if headings is not None:
            self._row(headings, heading=True, first=True)
        for row in rows:
            self._row(row, heading=False, first=False)
        pdf.set_xy(pdf.l_margin, pdf.get_y())
        pdf.set_font(FAMILY, "", self.size)

    def _row(self, cells: list[str], *, heading: bool, first: bool) -> None:
        pdf = self.pdf
        styles = ["B" if heading or (self.bold_first_column and i == 0) else ""
                  for i in range(len(cells))]  # fmt: skip
        lines = [
            self._wrap(text, style, width - 2 * self.PAD_X)
            for text, style, width in zip(cells, styles, self.widths, strict=True)
        ]
        height = max(len(each) for each in lines) * self.line_height + 2 * self.PAD_Y
        y = pdf.get_y()
        if y + height > pdf.page_break_trigger and not pdf.in_footer:
            self._line(y)
            pdf.add_page()
            y = pdf.get_y()
            if self._headings is not None and not heading:
                self._row(self._headings, heading=True, first=True)
                y = pdf.get_y()
        if heading:
            self._headings = cells
            pdf.set_fill_color(*HEADING_FILL)
            pdf.rect(pdf.l_margin, y, sum(self.widths), height, style="F")
        self._line(y)
        x = pdf.l_margin
        baseline = 0.5 * self.line_height + 0.3 * pdf.font_size
        for text_lines, style, width in zip(lines, styles, self.widths, strict=True):
            pdf.set_font(FAMILY, style, self.size)
            for n, line in enumerate(text_lines):
                pdf.text(x + self.PAD_X, y + self.PAD_Y + n * self.line_height + baseline, line)
            x += width
        pdf.set_y(y + height)
        self._line(y + height)

    _headings: list[str] | None = None

    def _line(self, y: float) -> None:
        self.pdf.line(self.pdf.l_margin, y, self.pdf.l_margin + sum(self.widths), y)

    def _width(self, text: str, style: str) -> float:
        key = (style, text)
        width = self._measured.get(key)
        if width is None:
            self.pdf.set_font(FAMILY, style, self.size)
            width = self._measured[key] = self.pdf.get_string_width(text)
        return width

    def _wrap(self, text: str, style: str, width: float) -> list[str]:
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for word in paragraph.split(" "):
                candidate = f"{line} {word}" if line else word
                if self._width(candidate, style) <= width:
                    line = candidate
                    continue
                if line:
                    lines.append(line)
                line = ""
                while word and self._width(word, style) > width:
                    cut = max(1, next(
                        (i for i in range(len(word), 0, -1)
                         if self._width(word[:i], style) <= width), 1
                    ))  # fmt: skip
                    lines.append(word[:cut])
                    word = word[cut:]
                line = word
            lines.append(line)
        return lines


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
