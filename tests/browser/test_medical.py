"""The company doctor in the browser (issue 4): records a consultation, publishes an
advice; the manager then sees the advice and nothing of the medical file."""

import datetime as dt

import pytest

from poortwachter.absences.models import AbsenceCase, SickReport
from poortwachter.core import clock
from poortwachter.core.roles import Role
from poortwachter.organisations.models import DoctorAssignment
from tests.browser.flows import main_button, persona, screenshot, sign_in, sign_out, submit
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    EmployerFactory,
    EmploymentFactory,
)

pytestmark = pytest.mark.xdist_group("browser")

PRIVATE_NOTE = "Slaapt slecht, veel piekeren over thuissituatie."


@pytest.mark.browser
def test_doctor_records_a_consultation_and_the_manager_sees_only_the_advice(site, page):
    employer = EmployerFactory(name="Alfa Zorg B.V.")
    department = DepartmentFactory(employer=employer, name="Verpleging")
    eva = EmployeeFactory(employer=employer, first_name="Eva", last_name="Eigen")
    EmploymentFactory(employee=eva, employer=employer, department=department)
    day = clock.today() - dt.timedelta(days=10)
    case = AbsenceCase.objects.create(employer=employer, employee=eva, first_sick_day=day)
    report = SickReport.objects.create(
        case=case, employer=employer, employee=eva, first_sick_day=day,
        reported_at=clock.now(), phone="0612345678", care_street="Laan",
        care_house_number="1", care_postcode="1234 AB", care_city="Utrecht",
        expected_duration="weeks_2_6", safety_net_applies=False, work_accident=False,
        traffic_accident_third_party=False,
    )  # fmt: skip
    doctor, doctor_secret = persona("dora@test.example", Role.DOCTOR, "Dora", "Dokter")
    DoctorAssignment.objects.create(employer=employer, doctor=doctor, since=dt.date(2024, 1, 1))
    manager, manager_secret = persona(
        "mark@test.example", Role.MANAGER, "Mark", "Manager",
        employer=employer, department=department,
    )  # fmt: skip

    sign_in(page, site, doctor, doctor_secret)
    page.goto(site + "/bedrijfsarts/dossiers/")
    submit(page, page.get_by_role("link", name="Eva Eigen"))
    submit(page, page.get_by_role("link", name="Consult", exact=True))
    page.get_by_label("Datum").fill(clock.today().isoformat())
    page.get_by_label("Soort contact").select_option("spreekuur")
    page.get_by_label("Verslag").fill(PRIVATE_NOTE)
    submit(page, main_button(page, "Vastleggen"))
    assert PRIVATE_NOTE in page.locator("main").inner_text()

    submit(page, page.get_by_role("link", name="Advies aan de werkgever"))
    page.get_by_label("Wat kan de werknemer wel (mogelijkheden)").fill(
        "Administratief werk, vier uur per dag."
    )
    page.get_by_label("Wat kan de werknemer (nog) niet (beperkingen in het werk)").fill(
        "Geen nachtdiensten."
    )
    page.get_by_label("Verwachte duur").select_option("weeks_2_6")
    page.get_by_label("Mate van arbeidsongeschiktheid (%)").fill("50")
    # Issue 15: an expected return date used to answer 500 on publishing.
    back = clock.today() + dt.timedelta(days=30)
    page.get_by_label("Verwachte datum van werkhervatting").fill(back.isoformat())
    screenshot(page, "doctor-advice.png")
    submit(page, main_button(page, "Publiceren"))
    assert "gepubliceerd" in page.locator(".messages").inner_text()
    shown = f"{back.day}-{back.month}-{back.year}"
    assert shown in page.locator("main").inner_text()  # the doctor's file shows it
    sign_out(page)

    sign_in(page, site, manager, manager_secret)
    page.goto(f"{site}/verzuim/meldingen/{report.pk}/")
    main = page.locator("main").inner_text()
    assert "Administratief werk, vier uur per dag." in main
    assert "Geen nachtdiensten." in main
    assert "50" in main
    assert "Dora Dokter" in main
    assert shown in main
    assert PRIVATE_NOTE not in main
    page.goto(f"{site}/bedrijfsarts/dossiers/{eva.pk}/")
    assert PRIVATE_NOTE not in page.content()
    assert "403" in page.title() or "geen toegang" in page.content().lower()
