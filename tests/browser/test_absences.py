"""Sick and recovery reports in the browser (issue 3): an employee reports themself sick
and recovered; a manager reports a team member and is refused on a medical sentence; HR
sees the list, and no cause anywhere on it."""

import datetime as dt

import pytest

from poortwachter.absences.models import SickReport
from poortwachter.core import clock
from poortwachter.core.roles import Role
from tests.browser.flows import main_button, persona, screenshot, sign_in, submit
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    EmployerFactory,
    EmploymentFactory,
)

pytestmark = pytest.mark.xdist_group("browser")


def _team():
    employer = EmployerFactory(name="Alfa Zorg B.V.")
    department = DepartmentFactory(employer=employer, name="Verpleging")
    eva = EmployeeFactory(
        employer=employer, first_name="Eva", last_name="Eigen", street="Lindelaan",
        house_number="12", postcode="3511 AB", city="Utrecht", phone="0612345678",
    )  # fmt: skip
    EmploymentFactory(employee=eva, employer=employer, department=department)
    return employer, department, eva


def _fill_report(page, text: str) -> None:
    page.get_by_label("Lopende afspraken en werkzaamheden").fill(text)
    for question in ("vangnetbepaling", "arbeidsongeval", "verkeersongeval"):
        page.get_by_role("group", name=question, exact=False).get_by_label("Nee").check()


def _manager_at_the_report_form(site, page):
    """Mark, Eva's manager, signed in, on the form to report Eva sick: (eva, manager)."""
    employer, department, eva = _team()
    manager, secret = persona("mark@test.example", Role.MANAGER, employer=employer,
                               department=department)  # fmt: skip
    sign_in(page, site, manager, secret)
    page.goto(site + "/team/verzuim/")
    submit(page, page.get_by_role("link", name="Ziek melden"))
    return eva, manager


@pytest.mark.browser
def test_employee_reports_sick_and_recovered(site, page):
    employer, _department, eva = _team()
    user, secret = persona("eva@test.example", Role.EMPLOYEE, employer=employer, employee=eva)
    sign_in(page, site, user, secret)
    page.goto(site + "/verzuim/")
    submit(page, page.get_by_role("link", name="Ziek melden"))
    assert page.get_by_label("Postcode").input_value() == "3511 AB"  # prefilled, changeable
    _fill_report(page, "Presentatie van vrijdag gaat naar Joost.")
    screenshot(page, "employee-report-sick.png")
    submit(page, main_button(page, "Ziekmelding versturen"))
    assert "De ziekmelding is vastgelegd" in page.locator(".messages").inner_text()
    report = SickReport.objects.get(employee=eva)
    assert report.first_sick_day == clock.today()

    page.get_by_label("Hersteld per").fill((clock.today() + dt.timedelta(days=1)).isoformat())
    submit(page, main_button(page, "Volledig herstel melden"))
    assert "Het herstel is gemeld" in page.locator(".messages").inner_text()
    report.refresh_from_db()
    assert report.recovered_on == clock.today() + dt.timedelta(days=1)


@pytest.mark.browser
def test_manager_is_refused_on_a_medical_sentence(site, page):
    eva, manager = _manager_at_the_report_form(site, page)
    assert page.locator("#medical-notice").is_visible()
    _fill_report(page, "Eva heeft een hernia en moet naar de fysiotherapeut.")
    # As you type, the check marks what would be refused (htmx, no inline script).
    page.locator("#text-check mark").first.wait_for()
    marked = page.locator("#text-check mark").all_inner_texts()
    assert any("hernia" in term.lower() for term in marked)
    response = submit(page, main_button(page, "Ziekmelding versturen"))
    assert response.status == 200  # the form again, with the refusal
    error = page.locator(".field-error").first.inner_text()
    assert "hernia" in error
    assert not SickReport.objects.exists()
    screenshot(page, "manager-refused-medical-text.png")

    _fill_report(page, "Dienst van zaterdag ruilen met Piet.")
    submit(page, main_button(page, "Ziekmelding versturen"))
    assert SickReport.objects.filter(employee=eva, reported_by=manager).exists()


@pytest.mark.browser
def test_hr_sees_the_list_without_any_cause(site, page):
    employer, _department, eva = _team()
    hr, secret = persona("hanna@test.example", Role.HR, employer=employer)
    from poortwachter.absences.services import SickReportInput, sick_report_create
    from poortwachter.accounts.selectors import actor_for_user

    sick_report_create(
        actor=actor_for_user(hr), employee=eva,
        data=SickReportInput(
            first_sick_day=clock.today() - dt.timedelta(days=2), phone="0612345678",
            care_street="Lindelaan", care_house_number="12", care_postcode="3511 AB",
            care_city="Utrecht", expected_duration="weeks_1_2",
            appointments_and_work="Rooster van volgende week aanpassen.",
            safety_net_applies=False, work_accident=True, traffic_accident_third_party=False,
        ),
    )  # fmt: skip
    sign_in(page, site, hr, secret)
    page.goto(site + "/verzuim/overzicht/")
    table = page.locator("main table")
    assert "Eva Eigen" in table.inner_text()
    headers = [h.lower() for h in page.locator("main table th").all_inner_texts()]
    for forbidden in ("oorzaak", "diagnose", "klacht", "reden", "percentage"):
        assert not any(forbidden in h for h in headers)
    assert page.locator(".notice").first.is_visible()  # R-AWARE-1 where HR works
    screenshot(page, "hr-absence-list.png")
    submit(page, page.get_by_role("link", name="Eva Eigen"))
    body = page.locator("main").inner_text().lower()
    for forbidden in ("oorzaak:", "diagnose:", "klachten:"):
        assert forbidden not in body
