"""CSV in two dialects (issue 15): one that Dutch Excel opens as it is (UTF-8 with a byte
order mark, ``;`` between fields, a decimal comma), the default of every download; and a
plain one for machines (``,`` between fields, a decimal point, no byte order mark), asked
for with ``?formaat=machine``. Dutch Excel reads a file without the mark as Windows-1252
(mangling "ë") and a ``,`` file as one column.

Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return: CSV injection, OWASP) is written with a leading apostrophe in
the spreadsheet dialect, so a name or a job title typed as ``=HYPERLINK(...)`` shows as
text in Excel instead of acting; the machines' dialect keeps values exactly."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

#: The query parameter and its value that ask for the machines' dialect.
FORMAT_PARAM = "formaat"
MACHINE = "machine"
BOM = "\ufeff"


@dataclass(frozen=True)
class CsvDialect:
    delimiter: str
    decimal: str
    bom: bool
    #: Text is made inert for a spreadsheet (never a formula it runs).
    inert: bool = False


EXCEL_NL = CsvDialect(delimiter=";", decimal=",", bom=True, inert=True)
PLAIN = CsvDialect(delimiter=",", decimal=".", bom=False)
#: Tab-separated, for a terminal (``poortwachter stats``).
TABS = CsvDialect(delimiter="\t", decimal=".", bom=False)
#: What a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def dialect_for(value: str | None) -> CsvDialect:
    """The dialect a download asked for: plain for ``machine``, Dutch Excel otherwise."""
    return PLAIN if value == MACHINE else EXCEL_NL


def inert(text: str) -> str:
    """Text as a spreadsheet shows it, never as a formula it runs."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: Any, dialect: CsvDialect) -> Any:
    """A value as the dialect writes it: floats and decimals with its decimal sign, text
    inert where the dialect is for a spreadsheet."""
    if isinstance(value, str):
        return inert(value) if dialect.inert else value
    if isinstance(value, bool) or not isinstance(value, (float, Decimal)):
        return value
    return str(value).replace(".", dialect.decimal)


class _Echo:
    def write(self, value: str) -> str:
        return value


def lines(rows: Iterable[Iterable[Any]], dialect: CsvDialect) -> Iterator[str]:
    """The rows as CSV lines in the dialect (the first one starts with the byte order
    mark when the dialect has one), for a streamed or a whole response."""
    writer = csv.writer(_Echo(), delimiter=dialect.delimiter)
    first = True
    for row in rows:
        line = writer.writerow([cell(v, dialect) for v in row])
        if first and dialect.bom:
            line = BOM + line
        first = False
        yield line
