"""Reading an export of an HR or payroll system (issue 20): CSV as Dutch and English
systems write it (UTF-8 with or without a byte order mark, Windows-1252 from older Excel,
``;``, ``,`` or a tab between fields) and XLSX (the first sheet). Every cell comes out as
text; dates and numbers are read from that text by ``parse_date`` and ``parse_hours``,
which know the Dutch ways of writing them (``17-5-1985``, ``36,5``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from openpyxl import load_workbook

#: The first bytes of a ZIP archive, which an XLSX file is.
ZIP_MAGIC = b"PK\x03\x04"
MAX_BYTES = 20 * 1024 * 1024
#: What an XLSX may unpack to; a real export of 100,000 people is far below it.
MAX_UNPACKED = 200 * 1024 * 1024
#: Data lines in one file (the target is 10,000 in under a minute).
MAX_ROWS = 100_000


class UnreadableFile(Exception):
    """The file is neither CSV nor XLSX we can read; the message is for the user."""


@dataclass(frozen=True)
class Table:
    headings: list[str]
    #: Each data row with its line number in the file (the heading is line 1).
    rows: list[tuple[int, list[str]]]
    kind: str  # "csv" or "xlsx"


def read_table(content: bytes) -> Table:
    """The headings and data rows of the file; empty rows are left out."""
    if content.startswith(ZIP_MAGIC):
        return _read_xlsx(content)
    return _read_csv(content)


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _read_csv(content: bytes) -> Table:
    text = _decode(content)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    if not first.count(delimiter):
        raise UnreadableFile("no delimiter")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines = list(reader)
    except csv.Error:
        raise UnreadableFile("csv error") from None
    return _table(lines, "csv")


def _read_xlsx(content: bytes) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise UnreadableFile("xlsx error") from None
    if unpacked > MAX_UNPACKED:
        raise UnreadableFile("xlsx too large unpacked")  # a "zip bomb"
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UnreadableFile("xlsx error") from None
    sheet = book.worksheets[0]
    lines = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return _table(lines, "xlsx")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return str(value)


def _table(lines: list[list[str]], kind: str) -> Table:
    numbered = [
        (number, [cell.strip() for cell in line])
        for number, line in enumerate(lines, start=1)
        if any(cell.strip() for cell in line)
    ]
    if not numbered:
        raise UnreadableFile("empty")
    (_first, headings), *rows = numbered
    if len(rows) > MAX_ROWS:
        raise UnreadableFile("too many rows")
    width = len(headings)
    return Table(
        headings=headings,
        rows=[(number, (cells + [""] * width)[:width]) for number, cells in rows],
        kind=kind,
    )


class BadValue(Exception):
    """A cell that cannot be read as what its column holds; ``code`` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?$")


def parse_date(text: str) -> dt.date:
    """``17-5-1985``, ``17/05/1985``, ``17.05.1985`` (day first, as in the Netherlands) or
    ISO ``1985-05-17`` (also with a time, as XLSX cells and some exports give it). A
    two-digit year is refused rather than guessed (``BadValue("year")``)."""
    text = text.strip()
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DMY.match(text):
        if len(match.group(3)) == 2:
            raise BadValue("year")
        day, month, year = (int(part) for part in match.groups())
    else:
        raise BadValue("date")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadValue("date") from None


def parse_hours(text: str) -> Decimal:
    """``36``, ``36,5``, ``36.5`` or ``36,00``; at most one decimal place is kept, as
    the employment holds it (``BadValue("decimals")`` for ``36,25``)."""
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(".", "")
    cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise BadValue("number") from None
    if not value.is_finite():
        raise BadValue("number")
    if value != value.quantize(Decimal("0.1")):
        raise BadValue("decimals")
    return value.quantize(Decimal("0.1"))
