"""Writes the synthetic sample exports in docs/samples/import/ (R-DEV-1): the same five
made-up people as AFAS, Visma, Nmbrs, Loket and a plain spreadsheet export them, with
each system's usual headings, separator, encoding, date and number notation. The tests
read the committed files; run this to make them again:

    .venv/bin/python -m tests.imports.make_samples
"""

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples" / "import"

#: personnel number, BSN, first name, prefix, last name, birth, e-mail, department,
#: start, end, hours, job, manager
PEOPLE = [
    (
        "1001",
        "600000011",
        "Zoë",
        "",
        "Jansen",
        dt.date(1985, 5, 17),
        "zoe.jansen@voorbeeld.example",
        "Verpleging",
        dt.date(2019, 3, 1),
        None,
        "36,5",
        "Verpleegkundige",
        "Monique Manager",
    ),
    (
        "1002",
        "600000023",
        "Bram",
        "van der",
        "Berg",
        dt.date(1990, 2, 2),
        "bram.berg@voorbeeld.example",
        "Keuken",
        dt.date(2021, 9, 1),
        None,
        "24",
        "Kok",
        "",
    ),
    (
        "1003",
        "600000035",
        "Chantal",
        "de",
        "Vries",
        dt.date(1978, 11, 30),
        "",
        "Verpleging",
        dt.date(2010, 1, 1),
        dt.date(2025, 6, 30),
        "32",
        "Teamleider",
        "",
    ),
    (
        "1004",
        "600000047",
        "Daan",
        "",
        "Smit",
        dt.date(2001, 7, 4),
        "daan.smit@voorbeeld.example",
        "Keuken",
        dt.date(2024, 4, 15),
        None,
        "16",
        "Afwasser",
        "",
    ),
    (
        "1005",
        "600000059",
        "Eline",
        "",
        "Bakker",
        dt.date(1969, 12, 24),
        "eline.bakker@voorbeeld.example",
        "Verpleging",
        dt.date(2015, 6, 1),
        None,
        "40",
        "Planner",
        "",
    ),
]


def _dmy(day, pad=False):
    if day is None:
        return ""
    return f"{day:%d-%m-%Y}" if pad else f"{day.day}-{day.month}-{day.year}"


def _csv(name, headings, rows, sep, encoding, bom=False):
    text = "\r\n".join(sep.join(cells) for cells in [headings, *rows]) + "\r\n"
    data = text.encode(encoding)
    (SAMPLES / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def write() -> None:
    SAMPLES.mkdir(parents=True, exist_ok=True)
    # AFAS Profit: UTF-8 with BOM, ";" and a decimal comma, day-month-year.
    _csv(
        "afas.csv",
        [
            "Medewerker",
            "Roepnaam",
            "Voorvoegsel",
            "Achternaam",
            "BSN",
            "Geboortedatum",
            "E-mail werk",
            "Organisatorische eenheid",
            "Begindatum contract",
            "Einddatum contract",
            "Uren per week",
            "Functie",
            "Leidinggevende",
        ],
        [
            [
                p[0],
                p[2],
                p[3],
                p[4],
                p[1],
                _dmy(p[5]),
                p[6],
                p[7],
                _dmy(p[8]),
                _dmy(p[9]),
                p[10],
                p[11],
                p[12],
            ]
            for p in PEOPLE
        ],
        ";",
        "utf-8",
        bom=True,
    )
    # Visma (Raet/Youforce): Windows-1252, ";", dd-mm-yyyy.
    _csv(
        "visma.csv",
        [
            "Persnr",
            "Voornaam",
            "Voorvoegsels",
            "Geslachtsnaam",
            "Sofinummer",
            "Geb.datum",
            "E-mailadres",
            "Afdeling",
            "Datum in dienst",
            "Datum uit dienst",
            "Arbeidsduur per week",
            "Functienaam",
            "Manager",
        ],
        [
            [
                p[0],
                p[2],
                p[3],
                p[4],
                p[1],
                _dmy(p[5], True),
                p[6],
                p[7],
                _dmy(p[8], True),
                _dmy(p[9], True),
                p[10],
                p[11],
                p[12],
            ]
            for p in PEOPLE
        ],
        ";",
        "cp1252",
    )
    # Nmbrs: English headings, ",", ISO dates, a decimal point.
    _csv(
        "nmbrs.csv",
        [
            "Employee number",
            "First name",
            "Prefix",
            "Last name",
            "BSN",
            "Birthdate",
            "Email",
            "Department",
            "Start date",
            "End date",
            "Hours per week",
            "Function",
            "Manager",
        ],
        [
            [
                p[0],
                p[2],
                p[3],
                p[4],
                p[1],
                p[5].isoformat(),
                p[6],
                p[7],
                p[8].isoformat(),
                p[9].isoformat() if p[9] else "",
                p[10].replace(",", "."),
                p[11],
                p[12],
            ]
            for p in PEOPLE
        ],
        ",",
        "utf-8",
    )
    # Loket.nl: XLSX with real date and number cells (the BSN a number too).
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Personeelsnummer",
            "Roepnaam",
            "Voorvoegsel",
            "Achternaam",
            "Burgerservicenummer",
            "Geboortedatum",
            "E-mailadres zakelijk",
            "Afdeling",
            "Datum in dienst",
            "Datum uit dienst",
            "Parttime uren",
            "Functie",
            "Leidinggevende",
        ]
    )
    for p in PEOPLE:
        sheet.append(
            [
                int(p[0]),
                p[2],
                p[3],
                p[4],
                int(p[1]),
                p[5],
                p[6],
                p[7],
                p[8],
                p[9],
                float(p[10].replace(",", ".")),
                p[11],
                p[12],
            ]
        )
    book.save(SAMPLES / "loket.xlsx")
    # A plain spreadsheet with Dutch headings, all cells text.
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "personeelsnummer",
            "BSN",
            "voornaam",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "e-mail",
            "afdeling",
            "datum in dienst",
            "datum uit dienst",
            "contracturen",
            "functie",
            "leidinggevende",
        ]
    )
    for p in PEOPLE:
        sheet.append(
            [
                p[0],
                p[1],
                p[2],
                p[3],
                p[4],
                _dmy(p[5]),
                p[6],
                p[7],
                _dmy(p[8]),
                _dmy(p[9]),
                p[10],
                p[11],
                p[12],
            ]
        )
    book.save(SAMPLES / "spreadsheet.xlsx")


if __name__ == "__main__":
    write()
