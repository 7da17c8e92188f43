"""The report as data (API, command ``--json``), CSV and XLSX. Every format renders a
suppressed :class:`~poortwachter.statistics.selectors.Report`; a hidden cell is written
as "onderdrukt" (CSV, XLSX) or ``null`` with ``"suppressed": true`` (JSON)."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from poortwachter.core import csvformat
from poortwachter.core.csvformat import EXCEL_NL, CsvDialect
from poortwachter.statistics.selectors import Cell, Report


def cell_as_dict(cell: Cell) -> dict[str, Any]:
    return {
        "key": cell.key,
        "label": cell.label,
        "suppressed": cell.suppressed,
        "employees": cell.employees,
        "absence_percentage": cell.absence_pct,
        "report_frequency": cell.frequency,
        "new_reports": cell.new_reports,
        "zero_absence_percentage": cell.zero_absence_pct,
    }


def as_dict(report: Report) -> dict[str, Any]:
    head = report.headline
    return {
        "employer": {"id": report.employer_id, "name": report.employer_name},
        "scope": report.scope_label,
        "department": report.department_id,
        "period": {
            "from": report.period.start.isoformat(),
            "to": report.period.end.isoformat(),
            "days": report.period.days,
        },
        "min_group": report.min_group,
        "suppressed": report.suppressed,
        "metrics": {
            "employees": head.employees,
            "average_headcount": report.average_headcount,
            "absence_percentage": head.absence_pct,
            "report_frequency": head.frequency,
            "new_reports": head.new_reports,
            "ended_reports": report.ended_reports,
            "average_duration_days": report.average_duration,
            "zero_absence_percentage": head.zero_absence_pct,
            "frequent_absentees": report.frequent_absentees,
        },
        "duration_classes": {
            "weeks": [
                {"key": k, "label": label, "count": n, "suppressed": n is None}
                for k, label, n in report.week_classes
            ],
            "vernet": [
                {"key": k, "label": label, "count": n, "suppressed": n is None}
                for k, label, n in report.vernet_classes
            ],
        },
        "departments": [cell_as_dict(c) for c in report.departments],
        "months": [cell_as_dict(c) for c in report.months],
        "quarters": [cell_as_dict(c) for c in report.quarters],
    }


def _value(value: Any, suppressed: bool) -> Any:
    if suppressed:
        return _("onderdrukt")
    return "" if value is None else value


def headline_rows(report: Report) -> list[tuple[str, Any]]:
    h, hidden = report.headline, report.suppressed
    rows = [
        (_("Werkgever"), report.employer_name),
        (_("Groep"), report.scope_label),
        (_("Periode"), f"{report.period.start:%d-%m-%Y} – {report.period.end:%d-%m-%Y}"),
        (_("Drempel (kleinste getoonde groep)"), report.min_group),
        (_("Aantal werknemers"), _value(h.employees, hidden)),
        (_("Gemiddeld aantal werknemers"), _value(report.average_headcount, hidden)),
        (_("Verzuimpercentage"), _value(h.absence_pct, hidden)),
        (_("Meldingsfrequentie (per werknemer per jaar)"), _value(h.frequency, hidden)),
        (_("Nieuwe ziekmeldingen"), _value(h.new_reports, hidden)),
        (_("Beëindigde ziekmeldingen"), _value(report.ended_reports, hidden)),
        (_("Gemiddelde verzuimduur (dagen)"), _value(report.average_duration, hidden)),
        (_("Nulverzuim (%)"), _value(h.zero_absence_pct, hidden)),
        (_("Frequent verzuimers (3 of meer meldingen in 12 maanden)"),
         _value(report.frequent_absentees, hidden)),
    ]  # fmt: skip
    return rows


def cell_headings(first: str) -> list[str]:
    return [
        first, _("Werknemers"), _("Verzuimpercentage"), _("Meldingsfrequentie"),
        _("Nieuwe ziekmeldingen"), _("Nulverzuim (%)"),
    ]  # fmt: skip


def cell_row(cell: Cell) -> list[Any]:
    values = [cell.employees, cell.absence_pct, cell.frequency, cell.new_reports,
              cell.zero_absence_pct]  # fmt: skip
    return [cell.label, *(_value(v, cell.suppressed) for v in values)]


def class_rows(report: Report) -> list[tuple[str, list[tuple[str, Any]]]]:
    hidden = report.suppressed
    return [
        (_("Duur van beëindigde meldingen"),
         [(label, _value(n, hidden or n is None)) for _k, label, n in report.week_classes]),
        (_("Duurklassen (Vernet)"),
         [(label, _value(n, hidden or n is None)) for _k, label, n in report.vernet_classes]),
    ]  # fmt: skip


def sections(report: Report) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The tables of the report, in order: (title, headings, rows)."""
    out: list[tuple[str, list[str], list[list[Any]]]] = [
        (_("Kengetallen"), [_("Kengetal"), _("Waarde")], [list(r) for r in headline_rows(report)])
    ]
    for title, rows in class_rows(report):
        out.append((title, [_("Klasse"), _("Aantal")], [list(r) for r in rows]))
    for title, first, cells in (
        (_("Per afdeling"), _("Afdeling"), report.departments),
        (_("Per maand"), _("Maand"), report.months),
        (_("Per kwartaal"), _("Kwartaal"), report.quarters),
    ):
        out.append((title, cell_headings(first), [cell_row(c) for c in cells]))
    return out


def as_csv(report: Report, dialect: CsvDialect = EXCEL_NL) -> str:
    """The report's tables one under the other; for Dutch Excel unless ``dialect`` says
    otherwise (``core.csvformat``)."""

    def rows():
        for title, headings, table in sections(report):
            yield [title]
            yield headings
            yield from table
            yield []

    return "".join(csvformat.lines(rows(), dialect))


def as_xlsx(report: Report) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Verzuimstatistiek")[:31]
    for title, headings, rows in sections(report):
        sheet.append([title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.append(headings)
        for row in rows:
            sheet.append(row)
        sheet.append([])
    sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
