"""Absence periods for payroll as CSV, XLSX and JSON (issue 20; R-MED-1, R-INC-1): the
same content as the API, nothing more. One line per period, and one more per partial
recovery (from which day, how many hours a week). A cell that starts like a formula is
written as text, so a spreadsheet never runs it."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from poortwachter.core import csvformat
from poortwachter.core.csvformat import CsvDialect


def headings() -> list[str]:
    return [
        _("Verzuimnummer"), _("Werknemer-id"), _("Personeelsnummer"), _("Eerste ziektedag"),
        _("Laatste ziektedag"), _("Gedeeltelijk herstel vanaf"), _("Uren per week"),
    ]  # fmt: skip


def inert(value: Any) -> Any:
    """Text as a spreadsheet shows it, never as a formula it runs."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def rows(periods: list[dict[str, Any]]) -> Iterator[list[Any]]:
    for period in periods:
        ids = [period["absence_id"], period["employee_id"], inert(period["personnel_number"])]
        yield [*ids, period["start"], period["end"], None, None]
        for partial in period["partial_recoveries"]:
            yield [*ids, period["start"], period["end"], partial["from"], partial["hours_per_week"]]


def _csv_value(value: Any, dialect: CsvDialect) -> Any:
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y") if dialect.bom else value.isoformat()
    return "" if value is None else value


def csv_lines(periods: list[dict[str, Any]], dialect: CsvDialect) -> Iterator[str]:
    table = [headings(), *([_csv_value(v, dialect) for v in row] for row in rows(periods))]
    return csvformat.lines(table, dialect)


def xlsx_bytes(periods: list[dict[str, Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Verzuimperiodes")[:31]
    sheet.append(headings())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(periods):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD-MM-YYYY"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def json_bytes(periods: list[dict[str, Any]]) -> bytes:
    return json.dumps({"results": periods}, cls=DjangoJSONEncoder).encode()
