"""Accessibility with axe-core in Chromium, and the phone layout of the manager's team
page. The product aims at WCAG 2.1 AA (the Dutch government standard, EN 301 549)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from poortwachter.core.roles import Role
from tests.browser.flows import LOGIN, path_of, screenshot, sign_in
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    EmployerFactory,
    EmploymentFactory,
    UserFactory,
    enrol_totp,
    grant,
)

# The browser tests run in two xdist groups (tests/browser/conftest.py), each on one worker.
pytestmark = pytest.mark.xdist_group("browser")

BLOCKING_IMPACTS = {"critical", "serious"}


def blocking_violations(page) -> list[str]:
    """axe's critical and serious findings, one line per rule with the offending nodes."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + ", ".join(" ".join(map(str, node["target"])) for node in v["nodes"])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


def employer_with_staff():
    employer = EmployerFactory(name="Alfa Zorg B.V.")
    department = DepartmentFactory(employer=employer, name="Verpleging")
    night = DepartmentFactory(employer=employer, name="Nachtdienst", parent=department)
    employees = []
    # Fixed names and numbers keep the screenshots the same from run to run.
    for number, first, last, where in [
        ("1001", "Eva", "Eigen", department),
        ("1002", "Nina", "van der Nachtegaal-Groenewoud", night),
        ("1003", "Kees", "Keukenmeester", department),
    ]:
        employee = EmployeeFactory(
            employer=employer, personnel_number=number, first_name=first, last_name=last
        )
        EmploymentFactory(
            employee=employee,
            employer=employer,
            department=where,
            job_title="Verpleegkundige niveau 4, afdeling intensieve zorg",
        )
        employees.append(employee)
    return employer, department, employees


@pytest.mark.browser
def test_sign_in_page_has_no_serious_accessibility_violations(site, page):
    page.goto(site + LOGIN)
    assert page.locator("input[name=login]").count() == 1
    assert blocking_violations(page) == []


@pytest.mark.browser
def test_hr_employee_list_has_no_serious_accessibility_violations(site, page):
    employer, _, employees = employer_with_staff()
    hr = UserFactory(email="hr@test.example", first_name="Hanna", last_name="Rekers")
    grant(hr, Role.HR, employer=employer)
    secret = enrol_totp(hr)

    sign_in(page, site, hr, secret)
    page.goto(site + "/werknemers/")
    assert page.locator("main table tbody tr").count() == len(employees)
    screenshot(page, "hr-employees.png")
    assert blocking_violations(page) == []


@pytest.mark.browser
def test_manager_team_page_fits_a_phone(site, phone_page):
    employer, department, employees = employer_with_staff()
    manager = UserFactory(email="leiding@test.example", first_name="Lotte", last_name="Leidsman")
    grant(manager, Role.MANAGER, employer=employer, department=department)
    secret = enrol_totp(manager)

    sign_in(phone_page, site, manager, secret)
    # A manager lands on the team's absence; the team list is one link away.
    assert path_of(phone_page) == "/team/verzuim/"
    phone_page.goto(site + "/team/")
    body = phone_page.locator("main").inner_text()
    for employee in employees:  # the sub-department's member too
        assert employee.last_name in body
    assert "Vraag nooit naar de aard of oorzaak van ziekte" in body
    screenshot(phone_page, "manager-team-phone.png")

    # Nothing makes the whole page scroll sideways; a wide table scrolls in its own box.
    width = phone_page.evaluate("document.documentElement.clientWidth")
    assert width == 390
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= width
    overflowing = phone_page.evaluate(
        """w => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w + 0.5)
            .filter(e => !(e.parentElement && e.parentElement.closest('.table-scroll')))
            .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""",
        width,
    )
    assert overflowing == []
    # No table cell is shorter than its text (text would run into the next row).
    clipped_cells = phone_page.evaluate(
        """() => [...document.querySelectorAll('main td, main th')]
            .filter(c => c.getClientRects().length && c.scrollHeight > c.clientHeight + 1)
            .map(c => `${c.dataset.label || c.tagName}: ${c.scrollHeight} > ${c.clientHeight}`)"""
    )
    assert clipped_cells == []
    sign_out_button = phone_page.locator("header").get_by_role("button", name="Uitloggen")
    assert sign_out_button.is_visible()
