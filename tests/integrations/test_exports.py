"""Absence periods for payroll as CSV, XLSX and JSON (issue 20; R-MED-1, R-INC-1): the
API's content and nothing more, Dutch CSV conventions, no formula runs, in the log."""

import datetime as dt
import io
import json

from openpyxl import load_workbook

from poortwachter.absences.services import partial_recovery_record, sick_report_create
from poortwachter.audit.models import AccessEvent
from poortwachter.core import clock
from tests.absences.conftest import sick_input


def _setup(world, actor_of):
    hr = actor_of("hr")
    start = clock.today() - dt.timedelta(days=10)
    world.own_employee.personnel_number = "=HYPERLINK(1)"
    world.own_employee.save(update_fields=["personnel_number"])
    report = sick_report_create(
        actor=hr, employee=world.own_employee,
        data=sick_input(first_sick_day=start, appointments_and_work="CANARY-afspraak"),
    )  # fmt: skip
    partial_recovery_record(actor=hr, report=report, from_date=start + dt.timedelta(days=2),
                            hours_per_week=12, version=report.version)  # fmt: skip
    return start


def _url(world, kind, **extra):
    start = (clock.today() - dt.timedelta(days=30)).isoformat()
    query = f"van={start}&tot={clock.today().isoformat()}&bestand={kind}"
    return f"/werkgever/{world.employer.pk}/verzuimperiodes/?{query}" + "".join(
        f"&{k}={v}" for k, v in extra.items()
    )


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_csv_in_dutch_excel_dialect_without_formulas_or_medical_content(world, client_for,
                                                                         actor_of):  # fmt: skip
    start = _setup(world, actor_of)
    response = client_for("hr").get(_url(world, "csv"))
    assert response.status_code == 200
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.strip().splitlines()
    assert len(lines) == 3  # heading, the period, its partial recovery
    assert f"{start:%d-%m-%Y}" in lines[1]
    assert "'=HYPERLINK(1)" in lines[1]
    assert lines[2].endswith(";12,0")
    assert "CANARY" not in text
    assert AccessEvent.objects.filter(action="export", details__kind="absence_periods").exists()


def test_xlsx_and_json_carry_the_same_content(world, client_for, actor_of):
    _setup(world, actor_of)
    http = client_for("employer_admin")
    book = load_workbook(io.BytesIO(_body(http.get(_url(world, "xlsx")))))
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 3
    assert values[1][2] == "'=HYPERLINK(1)"
    data = json.loads(_body(http.get(_url(world, "json"))))
    (period,) = data["results"]
    assert set(period) == {
        "absence_id", "employee_id", "personnel_number", "start", "end", "partial_recoveries",
    }  # fmt: skip


def test_the_page_asks_for_the_period_and_refuses_an_end_before_the_start(world, client_for):
    http = client_for("hr")
    url = f"/werkgever/{world.employer.pk}/verzuimperiodes/"
    assert http.get(url).status_code == 200
    response = http.get(url + "?van=2026-05-01&tot=2026-04-01&bestand=csv")
    assert response.status_code == 200
    assert "tot" in response.context["form"].errors
    assert not AccessEvent.objects.filter(action="export").exists()
