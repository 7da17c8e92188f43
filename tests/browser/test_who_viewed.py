"""The employee's "who viewed my data" shows the manager's and the doctor's accesses of
the day (issue 6, NEN 7513 §9)."""

import datetime as dt

import pytest

from poortwachter.absences.models import AbsenceCase, SickReport
from poortwachter.core import clock
from poortwachter.core.roles import Role
from poortwachter.organisations.models import DoctorAssignment
from tests.browser.flows import persona, screenshot, sign_in, sign_out, submit
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    EmployerFactory,
    EmploymentFactory,
)

pytestmark = pytest.mark.xdist_group("browser")


@pytest.mark.browser
def test_the_employee_sees_who_viewed_their_data_today(site, page):
    employer = EmployerFactory(name="Alfa Zorg B.V.")
    department = DepartmentFactory(employer=employer, name="Verpleging")
    eva = EmployeeFactory(employer=employer, first_name="Eva", last_name="Eigen")
    EmploymentFactory(employee=eva, employer=employer, department=department)
    day = clock.today() - dt.timedelta(days=2)
    case = AbsenceCase.objects.create(employer=employer, employee=eva, first_sick_day=day)
    report = SickReport.objects.create(
        case=case, employer=employer, employee=eva, first_sick_day=day,
        reported_at=clock.now(), phone="0612345678", care_street="Laan",
        care_house_number="1", care_postcode="1234 AB", care_city="Utrecht",
        expected_duration="days", safety_net_applies=False, work_accident=False,
        traffic_accident_third_party=False,
    )  # fmt: skip
    employee, employee_secret = persona(
        "eva@test.example", Role.EMPLOYEE, "Eva", "Eigen", employer=employer, employee=eva
    )
    eva.user = employee
    eva.save(update_fields=["user"])
    manager, manager_secret = persona(
        "mark@test.example", Role.MANAGER, "Mark", "Manager",
        employer=employer, department=department,
    )  # fmt: skip
    doctor, doctor_secret = persona("dora@test.example", Role.DOCTOR, "Dora", "Dokter")
    DoctorAssignment.objects.create(employer=employer, doctor=doctor, since=dt.date(2024, 1, 1))

    sign_in(page, site, manager, manager_secret)
    page.goto(f"{site}/werknemers/{eva.pk}/")
    assert "Eva" in page.locator("h1").inner_text()
    sign_out(page)
    sign_in(page, site, doctor, doctor_secret)
    page.goto(f"{site}/verzuim/meldingen/{report.pk}/")
    assert page.locator("main").is_visible()
    sign_out(page)

    sign_in(page, site, employee, employee_secret)
    page.goto(site + "/mijn-gegevens/")
    submit(page, page.get_by_role("link", name="Bekijk wie uw gegevens heeft ingezien"))
    table = page.get_by_role("table", name="Toegang tot uw gegevens")
    rows = [row.inner_text() for row in table.locator("tbody tr").all()]
    today = clock.today()
    stamp = f"{today.day}-{today.month}-{today.year}"
    # Signing in lands each of them on a list that shows Eva; then each opens her data.
    manager_rows = [row for row in rows if "Mark Manager" in row]
    doctor_rows = [row for row in rows if "Dora Dokter" in row]
    assert len(manager_rows) + len(doctor_rows) == len(rows), rows
    assert rows.index(manager_rows[-1]) < rows.index(doctor_rows[0]), "oldest first"
    opened = next(row for row in manager_rows if "persoonsgegevens" in row)
    assert "Leidinggevende" in opened
    assert "Alfa Zorg B.V." in opened
    assert stamp in opened
    read = next(row for row in doctor_rows if "ziekmelding" in row)
    assert "Bedrijfsarts" in read
    assert stamp in read
    assert all("overzicht" in row for row in rows if row not in (opened, read))
    screenshot(page, "employee-who-viewed.png")
