"""Reading exports (issue 20): the sample files of AFAS, Visma, Nmbrs, Loket and a plain
spreadsheet (docs/samples/import/, synthetic: R-DEV-1), Dutch dates and numbers, the
recognised headings, and what an import of a sample does to the records."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine

from poortwachter.accounts.models import RoleAssignment
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.csvformat import EXCEL_NL
from poortwachter.core.errors import ServiceError
from poortwachter.core.roles import Role
from poortwachter.imports import parsing, services
from poortwachter.imports.columns import REQUIRED, detect
from poortwachter.imports.models import ColumnMapping, ImportRow, ImportRun, Outcome, RunStatus
from poortwachter.imports.parsing import (
    BadValue,
    UnreadableFile,
    parse_date,
    parse_hours,
    read_table,
)
from poortwachter.organisations.models import Department, Employee, Employment
from poortwachter.organisations.services import EmployeeInput, employee_input_refusals
from tests.factories import DepartmentFactory, EmployeeFactory, EmployerFactory, UserFactory
from tests.imports.helpers import checked_run

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples" / "import"
SYSTEMS = ["afas.csv", "visma.csv", "nmbrs.csv", "loket.xlsx", "spreadsheet.xlsx"]
SYSTEM = Actor.system("test")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("17-5-1985", dt.date(1985, 5, 17)),
        ("17-05-1985", dt.date(1985, 5, 17)),
        ("17/05/1985", dt.date(1985, 5, 17)),
        ("17.5.1985", dt.date(1985, 5, 17)),
        ("1985-05-17", dt.date(1985, 5, 17)),
        ("1985-05-17T00:00:00", dt.date(1985, 5, 17)),
    ],
)
def test_dates_are_read_day_first_or_iso(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize(
    ("text", "code"),
    [("31-2-1980", "date"), ("17-5-85", "year"), ("maart 2020", "date"), ("5/17/1985", "date")],
)
def test_impossible_ambiguous_or_unreadable_dates_are_refused(text, code):
    with pytest.raises(BadValue) as refused:
        parse_date(text)
    assert refused.value.code == code


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("36", Decimal("36.0")),
        ("36,5", Decimal("36.5")),
        ("36.5", Decimal("36.5")),
        ("36,00", Decimal("36.0")),
        ("1.036,5", Decimal("1036.5")),
    ],
)
def test_hours_take_a_decimal_comma_or_point(text, hours):
    assert parse_hours(text) == hours


def test_hours_with_two_decimals_or_words_are_refused():
    with pytest.raises(BadValue, match="decimals"):
        parse_hours("32,25")
    with pytest.raises(BadValue, match="number"):
        parse_hours("fulltime")


def test_csv_separators_and_encodings():
    assert read_table(b"\xef\xbb\xbfa;b\r\n1;2\r\n").headings == ["a", "b"]
    assert read_table(b"a,b\n1,\n").rows == [(2, ["1", ""])]
    assert read_table(b"a\tb\n1\t2\n").rows == [(2, ["1", "2"])]
    assert read_table("naam;x\nZo\u00eb;1\n".encode("cp1252")).rows[0][1][0] == "Zoë"


@pytest.mark.parametrize("name", SYSTEMS)
def test_each_system_s_headings_are_recognised(name):
    table = read_table((SAMPLES / name).read_bytes())
    columns = detect(table.headings)
    assert set(columns) >= REQUIRED, set(REQUIRED) - set(columns)
    assert {"email", "end_date", "job_title", "manager", "name_prefix"} <= set(columns)


@pytest.fixture
def employer(db):
    employer = EmployerFactory()
    DepartmentFactory(employer=employer, name="Verpleging")
    DepartmentFactory(employer=employer, name="Keuken")
    return employer


def _import(employer, name, *, create_departments=False):
    run = services.run_create(
        actor=SYSTEM,
        employer=employer,
        filename=name,
        content=(SAMPLES / name).read_bytes(),
        create_departments=create_departments,
    )
    run = services.run_check(actor=SYSTEM, run=run)
    if run.counts["new"] or run.counts["changed"]:
        run = services.run_import(actor=SYSTEM, run=services.run_start(actor=SYSTEM, run=run))
    return run


@pytest.mark.parametrize("name", SYSTEMS)
def test_each_sample_imports_the_same_five_people_and_again_changes_nothing(employer, name):
    run = _import(employer, name)
    assert run.counts["new"] == 5, list(ImportRow.objects.filter(run=run).values("reasons"))
    zoe = Employee.objects.get(employer=employer, personnel_number="1001")
    assert (zoe.first_name, zoe.bsn, zoe.date_of_birth) == (
        "Zoë",
        "600000011",
        dt.date(1985, 5, 17),
    )
    assert zoe.employments.get().hours_per_week == Decimal("36.5")
    assert Employee.objects.get(personnel_number="1002").name_prefix == "van der"
    ended = Employment.objects.get(employee__personnel_number="1003")
    assert ended.end_date == dt.date(2025, 6, 30)
    again = _import(employer, name)
    assert again.counts == {**again.counts, "new": 0, "changed": 0, "unchanged": 5}


def test_changes_per_field_and_an_end_in_payroll_ends_the_employment(employer):
    _import(employer, "afas.csv")
    text = (SAMPLES / "afas.csv").read_bytes().decode("utf-8-sig")
    text = text.replace(";36,5;", ";32;").replace("1-9-2021;;24", "1-9-2021;31-12-2025;24")
    run = services.run_check(
        actor=SYSTEM,
        run=services.run_create(
            actor=SYSTEM,
            employer=employer,
            filename="afas.csv",
            content=text.encode(),
            create_departments=False,
        ),
    )
    assert run.counts["changed"] == 2
    changes = {
        r.personnel_number: r.changes for r in ImportRow.objects.filter(run=run, outcome="changed")
    }
    assert changes["1001"] == [["Uren per week", "36.5", "32.0"]]
    assert changes["1002"] == [["Datum uit dienst", "", "31-12-2025"]]
    services.run_import(actor=SYSTEM, run=services.run_start(actor=SYSTEM, run=run))
    assert Employment.objects.get(employee__personnel_number="1002").end_date == dt.date(
        2025, 12, 31
    )
    assert Employment.objects.get(employee__personnel_number="1001").hours_per_week == 32


def test_departments_are_created_only_on_request(db):
    employer = EmployerFactory()
    run = services.run_check(
        actor=SYSTEM,
        run=services.run_create(
            actor=SYSTEM,
            employer=employer,
            filename="nmbrs.csv",
            content=(SAMPLES / "nmbrs.csv").read_bytes(),
            create_departments=False,
        ),
    )
    assert run.counts["refused"] == 5
    assert (
        _import(employer, "nmbrs.csv", create_departments=True).counts["departments_created"] == 2
    )
    assert set(Department.objects.filter(employer=employer).values_list("name", flat=True)) == {
        "Verpleging",
        "Keuken",
    }


def test_a_department_the_file_would_create_passes_the_medical_text_guard(db):
    """R-SICK-3: a department made from the file is checked as "Afdeling toevoegen"
    checks one; a line naming a health condition as its department is refused and the
    department is not made, while the other lines are imported."""
    employer = EmployerFactory()
    text = (SAMPLES / "nmbrs.csv").read_text().replace(",Keuken,", ",Burn-out team,")
    run = services.run_check(
        actor=SYSTEM,
        run=services.run_create(
            actor=SYSTEM,
            employer=employer,
            filename="nmbrs.csv",
            content=text.encode(),
            create_departments=True,
        ),
    )
    refused = ImportRow.objects.filter(run=run, outcome=Outcome.REFUSED)
    assert refused.count() == text.count(",Burn-out team,") > 0
    for row in refused:
        assert row.reasons == [
            ["Afdeling", "Deze tekst lijkt gezondheidsgegevens te noemen; die horen hier niet."]
        ]
    run = services.run_import(actor=SYSTEM, run=services.run_start(actor=SYSTEM, run=run))
    assert run.counts["departments_created"] == 1
    assert list(Department.objects.filter(employer=employer).values_list("name", flat=True)) == [
        "Verpleging"
    ]


def test_the_named_manager_is_checked_not_assigned(employer):
    """Leidinggevende: a warning when the person named is not a manager of the line's
    department (or one above it); the import grants no role (docs/integrations.md)."""
    run = _import(employer, "afas.csv")
    warned = ImportRow.objects.get(run=run, personnel_number="1001")
    assert "geen leidinggevende van deze afdeling" in warned.warnings[0]
    manager = UserFactory(first_name="Monique", last_name="Manager")
    RoleAssignment.objects.create(
        user=manager,
        role=Role.MANAGER,
        employer=employer,
        department=Department.objects.get(name="Verpleging"),
    )
    roles = RoleAssignment.objects.count()
    run = _import(employer, "afas.csv")
    assert ImportRow.objects.get(run=run, personnel_number="1001").warnings == []
    assert RoleAssignment.objects.count() == roles


def test_a_saved_mapping_is_offered_for_the_next_import(employer):
    run = services.run_check(
        actor=SYSTEM,
        run=services.run_create(
            actor=SYSTEM,
            employer=employer,
            filename="x.csv",
            content=b"Nr;Sofi;Roep;Fam;Geb;Afd;Start;U\r\n7;600000011;A;B;1-1-1980;Keuken;1-1-2020;8\r\n",
            create_departments=False,
        ),
    )
    assert run.counts["missing_columns"] == len(REQUIRED)
    columns = {
        "personnel_number": "Nr",
        "bsn": "Sofi",
        "first_name": "Roep",
        "last_name": "Fam",
        "date_of_birth": "Geb",
        "department": "Afd",
        "start_date": "Start",
        "hours_per_week": "U",
    }
    services.columns_save(actor=SYSTEM, run=run, columns=columns, create_departments=False)
    assert services.run_check(actor=SYSTEM, run=run).counts["new"] == 1
    assert ColumnMapping.objects.get(employer=employer).columns == columns
    again = services.run_create(
        actor=SYSTEM,
        employer=employer,
        filename="x.csv",
        content=b"Nr;Sofi;Roep;Fam;Geb;Afd;Start;U\r\n" + b"8;x;A;B;;;;\r\n",
        create_departments=False,
    )
    assert again.columns == columns


def test_an_existing_employee_found_by_both_numbers_is_updated_not_duplicated(employer):
    EmployeeFactory(employer=employer, personnel_number="1001", bsn="600000011", first_name="Zoe")
    run = services.run_check(
        actor=SYSTEM,
        run=services.run_create(
            actor=SYSTEM,
            employer=employer,
            filename="afas.csv",
            content=(SAMPLES / "afas.csv").read_bytes(),
            create_departments=False,
        ),
    )
    row = ImportRow.objects.get(run=run, personnel_number="1001")
    assert row.outcome == Outcome.CHANGED
    assert ["Voornaam", "Zoe", "Zoë"] in row.changes


def test_a_department_change_shows_old_and_new(employer):
    _import(employer, "afas.csv")
    text = (SAMPLES / "afas.csv").read_bytes().decode("utf-8-sig")
    text = text.replace(
        "1002;Bram;van der;Berg;600000023;2-2-1990;bram.berg@voorbeeld.example;Keuken",
        "1002;Bram;van der;Berg;600000023;2-2-1990;bram.berg@voorbeeld.example;Verpleging",
    )
    run = services.run_check(
        actor=SYSTEM,
        run=services.run_create(
            actor=SYSTEM,
            employer=employer,
            filename="afas.csv",
            content=text.encode(),
            create_departments=False,
        ),
    )
    row = ImportRow.objects.get(run=run, outcome="changed")
    assert row.changes == [["Afdeling", "Keuken", "Verpleging"]]


def test_a_personnel_number_that_looks_like_a_formula_stays_text_in_the_report(employer):
    content = (
        b"Personeelsnummer;BSN;Voornaam;Achternaam;Geboortedatum;Afdeling;Datum in dienst;"
        b"Uren per week\r\n=HYPERLINK(1);600000011;A;B;1-1-1980;Keuken;1-1-2020;8\r\n"
    )
    run = services.run_check(
        actor=SYSTEM,
        run=services.run_create(
            actor=SYSTEM,
            employer=employer,
            filename="x.csv",
            content=content,
            create_departments=False,
        ),
    )
    report = "".join(services.report_lines(actor=SYSTEM, run=run, dialect=EXCEL_NL))
    assert ";'=HYPERLINK(1);" in report


def test_a_zip_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(parsing, "MAX_UNPACKED", 1000)
    with pytest.raises(UnreadableFile):
        read_table((SAMPLES / "loket.xlsx").read_bytes())


def test_a_file_with_too_many_lines_is_refused(monkeypatch):
    monkeypatch.setattr(parsing, "MAX_ROWS", 1)
    with pytest.raises(UnreadableFile):
        read_table(b"a;b\n1;2\n3;4\n")
    assert len(read_table(b"a;b\n1;2\n").rows) == 1


def test_a_file_not_imported_is_forgotten_after_a_day_and_reports_after_two_years(employer):
    """R-SEC-3: the uploaded file (BSNs, names) is not kept for an import that never
    happens, nor the values its preview showed; reports go after two years."""
    done = _import(employer, "afas.csv")
    text = (SAMPLES / "afas.csv").read_bytes().decode("utf-8-sig").replace(";36,5;", ";32;")
    waiting = services.run_check(
        actor=SYSTEM,
        run=services.run_create(
            actor=SYSTEM,
            employer=employer,
            filename="afas.csv",
            content=text.encode(),
            create_departments=False,
        ),
    )
    assert services.imports_daily(dt.date.today()) == {"files_forgotten": 0, "rows_deleted": 0}
    later = clock.now() + dt.timedelta(days=2)
    with time_machine.travel(later, tick=False):
        assert services.imports_daily(later.date())["files_forgotten"] == 1
    waiting.refresh_from_db()
    assert waiting.content == b""
    changed = ImportRow.objects.get(run=waiting, outcome="changed")
    assert changed.changes == [["Uren per week", "", ""]]
    much_later = clock.now() + dt.timedelta(days=3 * 365)
    with time_machine.travel(much_later, tick=False):
        services.imports_daily(much_later.date())
    assert not ImportRun.objects.filter(pk__in=[waiting.pk, done.pk]).exists()
    assert not ImportRow.objects.exists()


def test_an_invalid_bsn_is_not_also_reported_as_someone_else_s(employer):
    EmployeeFactory(employer=employer, personnel_number="1001", bsn="600000011")
    content = (SAMPLES / "afas.csv").read_bytes().replace(b"600000011", b"600000012")
    run = services.run_check(
        actor=SYSTEM,
        run=services.run_create(
            actor=SYSTEM,
            employer=employer,
            filename="afas.csv",
            content=content,
            create_departments=False,
        ),
    )
    row = ImportRow.objects.get(run=run, personnel_number="1001")
    assert [label for label, _message in row.reasons] == ["BSN"]
    assert "elfproef" in row.reasons[0][1]


def test_the_organisations_checks_the_import_relies_on(employer):
    """What the import calls in organisations (for the lead's merge: these must keep
    holding): ``employee_input_refusals`` refuses an end before the start and medical
    words in the job title without repeating them, and ``check_taken=False`` leaves
    "already in use" to the import's own matching."""
    taken = EmployeeFactory(employer=employer, personnel_number="77", bsn="600000011")
    data = EmployeeInput(
        personnel_number="77", first_name="A", name_prefix="", last_name="B",
        bsn=taken.bsn, date_of_birth=dt.date(1980, 1, 1), email="", phone="", street="",
        house_number="", postcode="", city="",
        department=Department.objects.get(employer=employer, name="Keuken"),
        job_title="Kok (burn-out)", start_date=dt.date(2020, 1, 1),
        hours_per_week=Decimal(8),
    )  # fmt: skip
    refusals = employee_input_refusals(
        employer=employer, data=data, end_date=dt.date(2019, 1, 1), check_taken=False
    )
    assert set(refusals.by_field) == {"end_date", "job_title"}
    assert "burn-out" not in " ".join(refusals.by_field["job_title"])
    assert {"bsn", "personnel_number"} <= set(
        employee_input_refusals(employer=employer, data=data).by_field
    )


def test_a_run_is_started_once_even_from_two_requests_at_once(employer):
    """Two presses of "Importeren" at once (two requests, each with the run as it was
    read): one starts the import, the other is refused, so one task writes the lines and
    no second one fails on them and marks a written import as failed."""
    run = checked_run(employer)
    second_request = ImportRun.objects.get(pk=run.pk)
    services.run_start(actor=SYSTEM, run=run)
    with pytest.raises(ServiceError, match="al gestart"):
        services.run_start(actor=SYSTEM, run=second_request)
    assert ImportRun.objects.get(pk=run.pk).status == RunStatus.IMPORTING
