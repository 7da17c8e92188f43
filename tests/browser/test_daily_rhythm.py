"""The daily rhythm of absence work in the browser (issue 19): the manager's and HR's
absence calendar (month, week, a department), HR naming a case manager and finding the
case under "Mijn dossiers", a conversation note by the manager and the employee's
reaction. Each journey starts at the role's home page and clicks on from there; the
tour (``journeys.Tour``) checks every page at 1280 px and again at 360 px (no sideways
scrolling, axe), and with ``POORTWACHTER_SCREENSHOTS=1`` writes 1280 and 390 px shots."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from poortwachter.absences.models import LeavePeriod, PartialRecovery
from poortwachter.core import clock
from poortwachter.core.roles import Role
from poortwachter.reintegration.models import CaseManagerAssignment, ConversationNote
from tests.browser.flows import LOGIN, path_of, persona, screenshot
from tests.browser.journeys import Tour, expect_text
from tests.factories import (
    PASSWORD,
    DepartmentFactory,
    EmployeeFactory,
    EmployerFactory,
    EmploymentFactory,
)
from tests.helpers import totp_code
from tests.reintegration.conftest import make_case, publish

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-walks")]


def _world() -> SimpleNamespace:
    """Alfa Zorg B.V.: Eva (nursing) sick for 40 days and partly back since yesterday,
    Nina (night shift, under nursing) on leave, Kees (kitchen) sick for 3 days."""
    employer = EmployerFactory(name="Alfa Zorg B.V.")
    nursing = DepartmentFactory(employer=employer, name="Verpleging")
    night = DepartmentFactory(employer=employer, name="Nachtdienst", parent=nursing)
    kitchen = DepartmentFactory(employer=employer, name="Keuken")
    people = {}
    for first, last, department in [
        ("Eva", "Eigen", nursing), ("Nina", "Nachtegaal", night),
        ("Kees", "Keukenmeester", kitchen), ("Sanne", "Smit", nursing),
    ]:  # fmt: skip
        employee = EmployeeFactory(employer=employer, first_name=first, last_name=last)
        EmploymentFactory(employee=employee, employer=employer, department=department)
        people[first.lower()] = employee
    doctor, _ = persona("dora@test.example", Role.DOCTOR, "Dora", "Dokter")
    eva_case = make_case(people["eva"], days_ago=40)
    publish(eva_case, doctor, days_after=10)
    PartialRecovery.objects.create(
        report=eva_case.reports.get(), from_date=clock.today() - dt.timedelta(days=1),
        hours_per_week=16,
    )  # fmt: skip
    LeavePeriod.objects.create(
        employer=employer, employee=people["nina"], start=clock.today() - dt.timedelta(days=30),
        end=clock.today() + dt.timedelta(days=80),
    )  # fmt: skip
    make_case(people["kees"], days_ago=3)
    return SimpleNamespace(
        employer=employer, nursing=nursing, kitchen=kitchen, people=people, eva_case=eva_case
    )


@pytest.fixture
def world(site) -> SimpleNamespace:
    return _world()


def sign_in(tour: Tour, user, secret: str) -> None:
    page = tour.page
    page.goto(tour.site + LOGIN)
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")
    page.locator("input[name=code]").fill(totp_code(secret))
    with page.expect_navigation():
        page.locator("input[name=code]").press("Enter")
    assert not path_of(page).startswith("/accounts/"), page.locator("main").inner_text()
    tour.check()


def test_manager_calendar_and_conversation_note(tour, world):
    manager, secret = persona("mark@test.example", Role.MANAGER, "Mark", "Manager",
                              employer=world.employer, department=world.nursing)  # fmt: skip
    page = tour.page
    sign_in(tour, manager, secret)
    assert path_of(page) == "/team/verzuim/"

    # The calendar from the team page: today, the team only, never a cause.
    tour.follow("Verzuimkalender: wie is er deze maand afwezig", shot="manager-calendar-month")
    expect_text(tour, "Vandaag zijn 2 personen afwezig.")
    today = page.locator("main .calendar-day--today").inner_text()
    assert "Eva Eigen" in today
    assert "gedeeltelijk hersteld" in today
    assert "Nina Nachtegaal" in today
    assert "verlof" in today
    assert "Kees" not in page.locator("main").inner_text()
    # Printed: no header, filters or navigation; the month as a seven-column grid.
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("main .calendar-nav").is_visible()
    columns = page.evaluate(
        "getComputedStyle(document.querySelector('.calendar')).gridTemplateColumns"
    )
    assert len(columns.split()) == 7
    screenshot(page, "manager-calendar-print.png")
    page.emulate_media(media="screen")
    tour.follow("Volgende maand")
    tour.follow("Vorige maand")
    tour.follow("Vandaag")
    page.locator("main form").get_by_label("Week", exact=True).check()
    tour.submit("Tonen", shot="manager-calendar-week")
    assert page.locator("main .calendar-day").count() == 7
    tour.follow("Vorige week")

    # A conversation note in Eva's file: medical text is refused, then it is recorded.
    tour.follow("Verzuim in mijn team", within="header")
    row = page.locator("main tr", has_text="Eva Eigen")
    with page.expect_navigation():
        row.get_by_role("link", name="Dossier").click()
    tour.check()
    tour.follow("Gespreksverslag vastleggen", shot="manager-conversation-note")
    page.get_by_label("Datum van het gesprek").fill(clock.today().isoformat())
    page.get_by_label("Deelnemers").fill("Eva Eigen (werknemer), Mark Manager")
    page.get_by_label("Gemaakte afspraken").fill("Zij heeft een burn-out en slikt medicijnen.")
    tour.submit("Gespreksverslag opslaan", refusal=True)
    assert not ConversationNote.objects.exists()
    page.get_by_label("Gemaakte afspraken").fill(
        "Eva werkt vier uur per dag in aangepast werk; over twee weken spreken we weer."
    )
    tour.submit("Gespreksverslag opslaan")
    expect_text(tour, "Het gespreksverslag is vastgelegd", lambda p: p.locator(".messages"))
    assert ConversationNote.objects.get().written_by == manager
    tour.assert_clean(min_pages=4)


def test_hr_calendar_case_manager_and_my_cases(tour, world):
    hr, secret = persona("hanna@test.example", Role.HR, "Hanna", "Rekers",
                         employer=world.employer)  # fmt: skip
    page = tour.page
    sign_in(tour, hr, secret)
    assert path_of(page) == "/verzuim/overzicht/"

    tour.follow("Verzuimkalender: wie is er deze maand afwezig", shot="hr-calendar-month")
    expect_text(tour, "Vandaag zijn 3 personen afwezig.")
    page.locator("main form").get_by_label("Afdeling").select_option(label="Keuken")
    tour.submit("Tonen")
    today = page.locator("main .calendar-day--today").inner_text()
    assert "Kees Keukenmeester" in today
    assert "Eva" not in today

    # Mijn dossiers is empty until HR names themself case manager of Eva's case.
    tour.follow("Verzuimoverzicht", within="header")
    tour.follow("Mijn dossiers als casemanager")
    expect_text(tour, "U bent van geen lopend dossier de casemanager.")
    tour.follow("Verzuimoverzicht", within="header")
    tour.follow("Eva Eigen")
    tour.follow("Naar het re-integratiedossier", fallback=f"/verzuim/dossiers/{world.eva_case.pk}/")
    tour.follow("wijzigen", shot="hr-case-manager")
    page.get_by_label("Casemanager", exact=True).select_option(label="Hanna Rekers")
    tour.submit("Casemanager opslaan")
    expect_text(tour, "De casemanager is vastgelegd", lambda p: p.locator(".messages"))
    assert CaseManagerAssignment.objects.get().manager == hr
    tour.follow("Mijn dossiers", within="header", shot="hr-my-cases")
    expect_text(tour, "Eva Eigen")
    tour.assert_clean(min_pages=6)


def test_employee_reacts_to_a_conversation_note(tour, world):
    eva = world.people["eva"]
    user, secret = persona("eva@test.example", Role.EMPLOYEE, "Eva", "Eigen",
                           employer=world.employer, employee=eva)  # fmt: skip
    eva.user = user
    eva.save(update_fields=["user"])
    ConversationNote.objects.create(
        case=world.eva_case, employer=world.employer, employee=eva, held_on=clock.today(),
        participants="Eva Eigen, Mark Manager", agreements="Vier uur per dag aangepast werk.",
        author_role="manager",
    )  # fmt: skip
    page = tour.page
    sign_in(tour, user, secret)
    tour.follow("Mijn re-integratie", within="header")
    tour.follow(re.compile("dossier", re.I), fallback=f"/verzuim/dossiers/{world.eva_case.pk}/")
    expect_text(tour, "Vier uur per dag aangepast werk.")
    tour.follow("Reageren op dit verslag", shot="employee-note-reaction")
    page.get_by_label("Uw reactie op het gespreksverslag").fill(
        "Akkoord, ik wil wel na twee weken naar vijf uur."
    )
    tour.submit("Reactie opslaan")
    expect_text(tour, "Uw reactie is opgeslagen", lambda p: p.locator(".messages"))
    expect_text(tour, "Akkoord, ik wil wel na twee weken naar vijf uur.")
    tour.assert_clean(min_pages=4)
