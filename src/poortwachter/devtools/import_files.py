"""Synthetic import files (R-DEV-1, issue 20): a payroll export of ``count`` made-up
employees, as a plain spreadsheet with Dutch headings writes it, with the twenty kinds
of mistakes the import must refuse spread through it. Used by the import's tests and by
``benchmarks/import_employees.py``. Deterministic for a seed."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from poortwachter.core.bsn import bsn_sequence
from poortwachter.core.csvformat import EXCEL_NL, lines

HEADINGS = [
    "Personeelsnummer", "BSN", "Voornaam", "Tussenvoegsel", "Achternaam", "Geboortedatum",
    "E-mail", "Afdeling", "Datum in dienst", "Datum uit dienst", "Uren per week",
    "Functie", "Leidinggevende",
]  # fmt: skip
_COL = {name: index for index, name in enumerate(HEADINGS)}
_FIRST = ["Anna", "Bram", "Chantal", "Daan", "Eline", "Fleur", "Gijs", "Hanna", "Isa", "Joost"]
_PREFIX = ["", "", "", "van", "de", "van der", "ter"]
_LAST = ["Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters"]
_JOBS = ["Verpleegkundige", "Kok", "Medewerker logistiek", "Teamleider", "Planner"]
_HOURS = ["40", "36", "32", "24,5", "16"]

#: The twenty kinds of mistakes; the last four need five existing employees.
MISTAKES = (
    "missing_first_name", "invalid_bsn", "impossible_date", "unreadable_date",
    "two_digit_year", "end_before_start", "hours_out_of_range", "hours_not_a_number",
    "hours_two_decimals", "unknown_department", "duplicate_personnel_number",
    "duplicate_bsn", "too_young", "bad_email", "too_long", "medical_job_title",
    "number_and_bsn_of_two_people", "bsn_of_another_number", "number_with_another_bsn",
    "earlier_employment",
)  # fmt: skip
NEEDS_EXISTING = MISTAKES[-4:]


@dataclass(frozen=True)
class Existing:
    """An employee already in Poortwachter, employed since 1 January 2020."""

    personnel_number: str
    bsn: str


@dataclass
class SyntheticFile:
    rows: list[list[str]]
    #: mistake kind → the file's line numbers that carry it (the heading is line 1)
    mistakes: dict[str, list[int]] = field(default_factory=dict)

    @property
    def refused_lines(self) -> set[int]:
        return {line for lines_ in self.mistakes.values() for line in lines_}

    def csv_bytes(self) -> bytes:
        return "".join(lines([HEADINGS, *self.rows], EXCEL_NL)).encode()


def employee_file(
    count: int,
    *,
    departments: Sequence[str] = ("Verpleging", "Keuken"),
    existing: Sequence[Existing] = (),
    mistakes: bool = True,
    seed: int = 1,
    bsn_start: int = 60_000_000,
) -> SyntheticFile:
    rng = random.Random(seed)
    bsns = bsn_sequence(bsn_start)
    rows = []
    for i in range(count):
        prefix = rng.choice(_PREFIX)
        rows.append([
            f"{100000 + i}", next(bsns), rng.choice(_FIRST), prefix, rng.choice(_LAST),
            f"{rng.randint(1, 28)}-{rng.randint(1, 12)}-{rng.randint(1960, 2000)}",
            f"w{100000 + i}@voorbeeld.example", rng.choice(list(departments)),
            f"1-{rng.randint(1, 12)}-{rng.randint(2015, 2024)}", "", rng.choice(_HOURS),
            rng.choice(_JOBS), "",
        ])  # fmt: skip
    result = SyntheticFile(rows=rows)
    if not mistakes:
        return result
    kinds = [k for k in MISTAKES if k not in NEEDS_EXISTING or len(existing) >= 5]
    step = max(1, count // (len(kinds) + 1))
    if count < 2 * len(kinds) + 2:
        raise ValueError("too few rows for every kind of mistake")
    for n, kind in enumerate(kinds, start=1):
        index = n * step - 1
        result.mistakes[kind] = [index + 2]
        _spoil(rows, index, kind, existing, bsns, result)
    return result


def _set(rows: list[list[str]], index: int, column: str, value: str) -> None:
    rows[index][_COL[column]] = value


def _spoil(rows, index, kind, existing, bsns, result) -> None:
    spoil = {
        "missing_first_name": ("Voornaam", ""),
        "invalid_bsn": ("BSN", "123456789"),
        "impossible_date": ("Geboortedatum", "31-2-1980"),
        "unreadable_date": ("Datum in dienst", "maart 2020"),
        "two_digit_year": ("Geboortedatum", "17-5-85"),
        "end_before_start": ("Datum uit dienst", "1-1-2014"),
        "hours_out_of_range": ("Uren per week", "72"),
        "hours_not_a_number": ("Uren per week", "fulltime"),
        "hours_two_decimals": ("Uren per week", "32,25"),
        "unknown_department": ("Afdeling", "Afdeling die niet bestaat"),
        "too_young": ("Geboortedatum", "1-1-2014"),
        "bad_email": ("E-mail", "geen-adres"),
        "too_long": ("Achternaam", "X" * 101),
        "medical_job_title": ("Functie", "Kok (burn-out)"),
    }
    if kind in spoil:
        _set(rows, index, *spoil[kind])
    elif kind == "duplicate_personnel_number":
        _set(rows, index, "Personeelsnummer", rows[index - 1][_COL["Personeelsnummer"]])
        result.mistakes[kind] = [index + 1, index + 2]
    elif kind == "duplicate_bsn":
        _set(rows, index, "BSN", rows[index - 1][_COL["BSN"]])
        result.mistakes[kind] = [index + 1, index + 2]
    elif kind == "number_and_bsn_of_two_people":
        _set(rows, index, "Personeelsnummer", existing[0].personnel_number)
        _set(rows, index, "BSN", existing[1].bsn)
    elif kind == "bsn_of_another_number":
        _set(rows, index, "BSN", existing[2].bsn)
    elif kind == "number_with_another_bsn":
        _set(rows, index, "Personeelsnummer", existing[3].personnel_number)
        _set(rows, index, "BSN", next(bsns))
    elif kind == "earlier_employment":
        _set(rows, index, "Personeelsnummer", existing[4].personnel_number)
        _set(rows, index, "BSN", existing[4].bsn)
        _set(rows, index, "Datum in dienst", "1-1-2010")
        _set(rows, index, "Geboortedatum", "1-1-1980")
