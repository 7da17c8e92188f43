"""Every role's daily journey, walked once in Chromium as a person would (issue 15).

Each journey signs in with password and TOTP code, starts from the role's home page and
clicks on from there. On every page it reaches, the tour (``journeys.Tour``) checks
accessibility (axe-core, with its "needs review" contrast and ARIA results decided by the
test), real radio buttons and checkboxes, no sideways scroll at 360 px (the same page,
resized), no 4xx/5xx answer, no console error and no link to a refusal. The walk is at
1280x900; the phone width is checked on each page by resizing it, so each journey runs
once. With ``POORTWACHTER_SCREENSHOTS=1`` the walk writes the README's screenshots.

One world per journey, built with the factories and services before the browser starts.
"""

import datetime as dt
import json
import re
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page

from poortwachter.absences.models import AbsenceCase, PublishedAdvice, SickReport
from poortwachter.accounts import services as account_services
from poortwachter.accounts.models import User
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.core import clock
from poortwachter.core.roles import Role
from poortwachter.medical import policies as medical_policies
from poortwachter.medical import services as medical_services
from poortwachter.organisations import selectors as org_selectors
from poortwachter.organisations.models import DoctorAssignment, Employee, Employer
from poortwachter.reintegration import services as reintegration_services
from poortwachter.reintegration import sync
from poortwachter.reintegration.models import Evaluation, PlanVersion, UwvNotification
from poortwachter.retention.models import LegalHold
from tests.browser.flows import LOGIN, path_of, persona
from tests.browser.journeys import Tour, expect_text
from tests.factories import (
    PASSWORD,
    DepartmentFactory,
    EmployeeFactory,
    EmployerFactory,
    EmploymentFactory,
)
from tests.helpers import totp_code
from tests.reintegration.conftest import make_case, plan_input, publish

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-walks")]

#: Distinct pages (paths with ids as <id>) the journeys of this module reach together.
MIN_DISTINCT_PAGES = 40
_JOURNEYS = 8
_visited: dict[str, set[str]] = {}

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


# --- the world --------------------------------------------------------------------------


def _world() -> SimpleNamespace:
    """Alfa Zorg B.V.: a nursing department, a night shift under it, seven people; Nina
    has been sick for 290 days (advice, plan of action, 42nd-week notification due, late
    steps); Eva was sick earlier this year and has a plan of action to sign."""
    employer = EmployerFactory(name="Alfa Zorg B.V.", payroll_tax_number="123456789L01")
    nursing = DepartmentFactory(employer=employer, name="Verpleging")
    night = DepartmentFactory(employer=employer, name="Nachtdienst", parent=nursing)
    people = {}
    for number, first, last, department in [
        ("1001", "Eva", "Eigen", nursing),
        ("1002", "Kees", "Keukenmeester", nursing),
        ("1003", "Nina", "Nachtegaal", night),
        ("1004", "Sanne", "Smit", nursing),
        ("1005", "Piet", "Post", nursing),
        ("1006", "Fatma", "Yilmaz", night),
        ("1007", "Joost", "de Jong", nursing),
    ]:
        employee = EmployeeFactory(
            employer=employer, personnel_number=number, first_name=first, last_name=last,
            street="Lindelaan", house_number="12", postcode="3511 AB", city="Utrecht",
        )  # fmt: skip
        EmploymentFactory(
            employee=employee, employer=employer, department=department,
            job_title="Verpleegkundige", start_date=dt.date(2019, 3, 1),
        )  # fmt: skip
        people[first.lower()] = employee
    doctor, doctor_secret = persona("dora@test.example", Role.DOCTOR, "Dora", "Dokter")
    DoctorAssignment.objects.create(employer=employer, doctor=doctor, since=dt.date(2024, 1, 1))
    hr, hr_secret = persona("hanna@test.example", Role.HR, "Hanna", "Rekers", employer=employer)
    hr_actor = actor_for_user(hr)

    # Nina: long-term sick; the doctor advised, HR drew up a plan; the timeline's tasks
    # and the 42nd-week notification exist, several of them late.
    nina_case = make_case(people["nina"], days_ago=290)
    nina_advice = publish(nina_case, doctor)
    reintegration_services.plan_draw_up(
        actor=hr_actor, case=nina_case,
        data=plan_input(nina_case, nina_advice, hr, next_evaluation_on=clock.today()
                        - dt.timedelta(days=60)),
    )  # fmt: skip
    sync.tasks_sync(nina_case)

    # Eva: sick from day -150 to day -60, with an advice and a plan she has not signed.
    eva_case = make_case(people["eva"], days_ago=150)
    SickReport.objects.filter(case=eva_case).update(
        recovered_on=clock.today() - dt.timedelta(days=60)
    )
    AbsenceCase.objects.filter(pk=eva_case.pk).update(
        closed_on=clock.today() - dt.timedelta(days=60)
    )
    eva_case.refresh_from_db()
    eva_advice = publish(eva_case, doctor)
    reintegration_services.plan_draw_up(
        actor=hr_actor, case=eva_case, data=plan_input(eva_case, eva_advice, hr)
    )
    return SimpleNamespace(
        employer=employer, nursing=nursing, night=night, people=people, doctor=doctor,
        doctor_secret=doctor_secret, hr=hr, hr_secret=hr_secret, nina_case=nina_case,
        eva_case=eva_case,
    )  # fmt: skip


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _distinct_pages() -> Iterator[dict[str, set[str]]]:
    """Every journey that walked to its end adds the pages it reached; when all of them
    did, together they must have reached at least MIN_DISTINCT_PAGES distinct pages."""
    _visited.clear()
    yield _visited
    if len(_visited) == _JOURNEYS:
        union = set().union(*_visited.values())
        assert len(union) >= MIN_DISTINCT_PAGES, sorted(union)


@pytest.fixture
def world(site) -> SimpleNamespace:
    return _world()


@pytest.fixture
def tour(request, desktop, site, _distinct_pages) -> Iterator[Tour]:
    walk = Tour(desktop, site, request.node.name.removeprefix("test_"))
    yield walk
    if walk.completed:
        _distinct_pages[walk.who] = set(walk.pages)
    print(walk.report())  # shown with a failure: every finding, not only the first


def sign_in(tour: Tour, user, secret: str, *, check_sign_in_pages: bool = False) -> None:
    """Password, then the code from the authenticator app; lands on the role's home."""
    page = tour.page
    page.goto(tour.site + LOGIN)
    if check_sign_in_pages:
        tour.check()
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")
    if check_sign_in_pages:
        tour.check()
    page.locator("input[name=code]").fill(totp_code(secret))
    with page.expect_navigation():
        page.locator("input[name=code]").press("Enter")
    assert not path_of(page).startswith("/accounts/"), page.locator("main").inner_text()
    tour.check()
    tour.check_keyboard_focus()


def fill_sick_report(page: Page, *, duration: str, work: str) -> None:
    page.get_by_label("Lopende afspraken en werkzaamheden").fill(work)
    page.get_by_label(duration, exact=True).check()  # the expected duration
    for question in ("vangnetbepaling", "arbeidsongeval", "verkeersongeval"):
        page.get_by_role("group", name=re.compile(question)).get_by_label("Nee").check()


def hours_shown_dutch(tour: Tour) -> None:
    """Dutch numbers use a decimal comma: "32,0 uur", never "32.0"."""
    text = tour.page.locator("main").inner_text()
    english = re.findall(r"(?<![\d.,])\d{1,3}\.\d{1,2}(?![\d.])", text)
    if english:
        tour.note(path_of(tour.page), "locale", f"numbers with a decimal point: {english[:5]}")


# --- the journeys -----------------------------------------------------------------------


def test_employee(tour, world):
    eva = world.people["eva"]
    user, secret = persona("eva@test.example", Role.EMPLOYEE, "Eva", "Eigen",
                           employer=world.employer, employee=eva)  # fmt: skip
    eva.user = user
    eva.save(update_fields=["user"])
    page = tour.page

    sign_in(tour, user, secret, check_sign_in_pages=True)
    assert path_of(page) == "/verzuim/"

    # Report sick: the form knows the address; a few days, nothing special.
    tour.follow("Ziek melden", shot="employee-report-sick")
    assert page.get_by_label("Postcode").input_value() == "3511 AB"
    main = page.locator("main").inner_text()
    if re.search(r"\bde werknemer\b", main, re.I):
        tour.note(path_of(page), "text", "an employee reporting themself reads 'de werknemer'")
    fill_sick_report(page, duration="Enkele dagen", work="Overdracht van de nachtdienst.")
    tour.submit("Ziekmelding versturen")
    expect_text(tour, "De ziekmelding is vastgelegd", lambda p: p.locator(".messages"))
    report = SickReport.objects.get(employee=eva, recovered_on__isnull=True)
    assert report.first_sick_day == clock.today()
    if "104 weken" in page.locator("main").inner_text():
        tour.note(path_of(page), "text", "a few days' absence: the end of 104 weeks announced")

    # Partly back at work, then fully recovered, on the report's own page.
    page.get_by_label("Vanaf").fill((clock.today() + dt.timedelta(days=1)).isoformat())
    page.get_by_label("Gewerkte uren per week").fill("16")
    tour.submit("Gedeeltelijk herstel melden")
    expect_text(tour, "16", lambda p: p.locator("main"))
    assert report.partials.count() == 1
    page.get_by_label("Hersteld per").fill((clock.today() + dt.timedelta(days=2)).isoformat())
    tour.submit("Volledig herstel melden")
    expect_text(tour, "Het herstel is gemeld", lambda p: p.locator(".messages"))
    report.refresh_from_db()
    assert report.recovered_on == clock.today() + dt.timedelta(days=2)

    # Emergency information: nothing shared yet, then shared with the manager.
    tour.follow("Mijn verzuim", within="header")
    tour.follow(re.compile("Noodinformatie"))
    main = page.locator("main").inner_text()
    if "Intrekken" in main or "gedeeld op" in main:
        tour.note(
            path_of(page), "text", "offers withdrawal or 'gedeeld op' before anything is shared"
        )
    page.get_by_label("Wat moeten collega's weten of doen in een noodgeval?").fill(
        "Bij onwel worden: suikerklontje in mijn bureaula, dan 112 bellen."
    )
    page.get_by_label("Mijn leidinggevende mag dit zien").check()
    tour.submit("Opslaan")
    shared = page.locator("main").inner_text()
    if not re.search(r"gedeeld op \d{1,2}[- ]", shared):
        tour.note(path_of(page), "text", "the notice of sharing shows no date")

    # The doctor's advice about me.
    tour.follow("Mijn verzuim", within="header")
    tour.follow("Adviezen van de bedrijfsarts over mij")
    tour.follow("Bekijken")
    expect_text(tour, "ADVIES-7f3a")

    # Plan of action: my view, signed for receipt ("gezien"), not as agreement.
    tour.follow("Mijn re-integratie", within="header")
    tour.follow("mijn plan van aanpak", shot="employee-plan-of-action")
    page.get_by_label("Uw visie op het plan van aanpak").fill(
        "Ik wil eerst rustig opbouwen en dan pas naar vier uur per dag."
    )
    seen = page.locator("main form").get_by_label(re.compile(r"gezien", re.I))
    if seen.count():
        seen.first.check()
    else:
        tour.note(path_of(page), "plan", "no way to sign for receipt ('gezien') without agreeing")
        page.get_by_label(re.compile("Ik ga akkoord")).check()
    tour.submit(page.locator("main form").get_by_role("button").last)
    version = PlanVersion.objects.get(plan__case=world.eva_case, number=1)
    assert version.is_signed
    assert version.employee_view.startswith("Ik wil eerst rustig opbouwen")
    tour.follow("Terug naar mijn dossier")
    expect_text(tour, "Ondertekend")

    # Who viewed my data, and everything about me as PDF and JSON.
    tour.follow("Mijn gegevens", within="header")
    hours_shown_dutch(tour)
    pdf = tour.download("Download als PDF (om te lezen)")
    assert pdf.startswith(b"%PDF")
    own = json.loads(tour.download("Download als JSON (voor een ander systeem)"))
    assert "Eigen" in json.dumps(own)
    tour.follow("Bekijk wie uw gegevens heeft ingezien")
    assert page.get_by_role("table", name="Toegang tot uw gegevens").count() == 1
    tour.follow("Mijn account", within="header")

    tour.assert_clean(min_pages=14)


def test_manager(tour, world):
    manager, secret = persona("mark@test.example", Role.MANAGER, "Mark", "Manager",
                              employer=world.employer, department=world.nursing)  # fmt: skip
    kees = world.people["kees"]
    page = tour.page

    sign_in(tour, manager, secret)
    assert path_of(page) == "/team/verzuim/"
    tour.follow("Mijn team", within="header")
    hours_shown_dutch(tour)
    tour.follow("Kees Keukenmeester")

    # Report Kees sick from the team's absence page.
    tour.follow("Verzuim in mijn team", within="header")
    row = page.locator("main tr", has_text="Kees Keukenmeester")
    with page.expect_navigation():
        row.get_by_role("link", name="Ziek melden").click()
    tour.check()
    fill_sick_report(
        page, duration="Een tot twee weken", work="Dienst van zaterdag ruilen met Piet."
    )
    tour.submit("Ziekmelding versturen")
    expect_text(tour, "De ziekmelding is vastgelegd", lambda p: p.locator(".messages"))
    assert SickReport.objects.filter(employee=kees, reported_by=manager).exists()

    # The doctor's advice about Nina, in the night shift under the manager's department.
    tour.follow("Verzuim in mijn team", within="header", shot="manager-team-absence")
    row = page.locator("main tr", has_text="Nina Nachtegaal")
    with page.expect_navigation():
        row.get_by_role("link").first.click()
    tour.check()
    expect_text(tour, "ADVIES-7f3a")
    tour.follow("Advies bekijken")
    expect_text(tour, "Niet tillen.")
    tour.follow("Verzuimstatistiek", within="header")

    tour.assert_clean(min_pages=7)


def test_hr(tour, world):
    page = tour.page
    nina_case = world.nina_case
    sanne = world.people["sanne"]

    sign_in(tour, world.hr, world.hr_secret)
    assert path_of(page) == "/verzuim/overzicht/"

    # From the home page to a sick report for Sanne: the overview points to the
    # employees, Sanne's page has the button.
    tour.follow("Werknemers", fallback="/werknemers/")
    tour.follow("Sanne Smit")
    tour.follow("Ziek melden", fallback=f"/verzuim/ziekmelden/{sanne.pk}/")
    fill_sick_report(
        page, duration="Twee tot zes weken", work="Rooster van volgende week aanpassen."
    )
    tour.submit("Ziekmelding versturen")
    assert SickReport.objects.filter(employee=sanne, reported_by=world.hr).exists()

    # Nina's case file: late steps flagged, with how late.
    tour.follow("Verzuimoverzicht", within="header")
    tour.follow("Nina Nachtegaal")
    tour.follow("Naar het re-integratiedossier", shot="hr-case-file")
    case_text = page.locator("main").inner_text()
    if not re.search(r"\d+ dag(en)? te laat", case_text):
        tour.note(path_of(page), "deadlines", "late steps are not flagged with how many days late")
    case_file = path_of(page)

    # A revision of the plan of action.
    tour.follow("Plan van aanpak bijstellen")
    page.get_by_label("Doel", exact=True).fill("Terug in aangepast werk, zes uur per dag.")
    page.get_by_label("Reden van de bijstelling").fill("Na het gesprek met de casemanager.")
    tour.submit("Bijstelling opslaan")
    assert PlanVersion.objects.filter(plan__case=nina_case).count() == 2

    # An evaluation.
    tour.follow("Evaluatie vastleggen")
    page.get_by_label("Soort evaluatie").select_option("periodic")
    page.get_by_label("Gehouden op").fill(clock.today().isoformat())
    page.get_by_label("Uitkomst en afspraken").fill(
        "Opbouw gaat volgens plan; volgende stap zes uur."
    )
    page.get_by_label("Visie van de werkgever", exact=True).fill("Goede voortgang.")
    tour.submit("Evaluatie opslaan")
    assert Evaluation.objects.filter(case=nina_case).count() == 1

    # The 42nd-week notification to UWV, recorded as sent.
    assert path_of(page) == case_file
    tour.follow(re.compile("42e week"))
    page.get_by_label("Verstuurd op").fill(clock.today().isoformat())
    page.get_by_label("Werkgeversportaal UWV (eHerkenning)").check()
    page.get_by_label("Kenmerk of ontvangstbevestiging van UWV").fill("UWV-2026-0042")
    tour.submit("Vastleggen als verstuurd")
    assert UwvNotification.objects.get(case=nina_case, kind="week_42").sent_on == clock.today()

    # A third party's report, then the re-integration report as PDF.
    tour.open(case_file)
    tour.follow("Rapport van een derde toevoegen")
    page.get_by_label("Omschrijving").fill("Voortgangsrapport re-integratiebureau")
    page.get_by_label("Ontvangen op").fill(clock.today().isoformat())
    page.get_by_label("Opgesteld door").select_option(index=1)
    page.locator("main input[type=file]").set_input_files(
        {"name": "voortgang.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    tour.submit("Toevoegen")
    report_pdf = tour.download("Re-integratieverslag (PDF)")
    assert report_pdf.startswith(b"%PDF")

    # Statistics and their exports.
    tour.follow("Verzuimstatistiek", within="header", shot="hr-statistics")
    hours_shown_dutch(tour)
    if re.search(r"\b20\d\d-(0[1-9]|1[0-2]|K[1-4])\b", page.locator("main").inner_text()):
        tour.note(path_of(page), "locale", "months or quarters shown as 2025-12 / 2026-K1")
    csvs = [
        tour.download(link)
        for link in page.locator("main .exports a", has_text="CSV").all_inner_texts()
    ]
    if not any(c.startswith(b"\xef\xbb\xbf") and b";" in c for c in csvs):
        tour.note(path_of(page), "locale", "no CSV that Dutch Excel opens (UTF-8 BOM, ';')")
    assert tour.download("Excel (XLSX)").startswith(b"PK")
    assert tour.download(re.compile("PDF")).startswith(b"%PDF")
    tour.follow("Oorzakenstatistiek van de bedrijfsarts")
    tour.follow("Taken re-integratie", within="header")

    # A legal hold on Nina's data.
    tour.follow("Werknemers", within="header")
    tour.follow("Nina Nachtegaal")
    hours_shown_dutch(tour)
    tour.follow("Bewaartermijnen en bewaarblokkades")
    page.get_by_label("Arbeidsconflict").check()
    page.get_by_label("Toelichting").fill("Geschil over de passende arbeid, advocaat ingeschakeld.")
    tour.submit("Blokkade plaatsen")
    assert LegalHold.objects.filter(employee=world.people["nina"]).count() == 1

    # A new employee: five mistakes, all shown after one submit, everything kept.
    tour.follow("Werknemers", within="header")
    tour.follow("Werknemer toevoegen")
    fields = {
        "Personeelsnummer": "1001",  # taken (the service's check)
        "Voornaam": "Daan", "Achternaam": "Dekker",
        "BSN": "123456789",  # fails the eleven test (the service's check)
        "Geboortedatum": "2020-01-01",  # thirteen at the start? no (cross-field)
        "E-mailadres": "daan@",  # not an address (the field's check)
        "Functie": "",  # required (the field's check)
        "In dienst per": "2026-01-01", "Uren per week": "75",  # more than 60
    }  # fmt: skip
    for label, value in fields.items():
        page.get_by_label(label, exact=False).first.fill(value)
    page.get_by_label("Afdeling").select_option(label="Verpleging")
    tour.submit("Werknemer toevoegen", shot="hr-add-employee-errors")
    invalid = max(
        page.locator("main .field-error").count(),
        page.locator("main [aria-invalid=true]").count(),
    )
    if invalid < 5:
        tour.note(path_of(page), "form errors", f"one submit shows {invalid} of 6 errors")
    assert page.get_by_label("Voornaam").input_value() == "Daan"
    corrected = {"Personeelsnummer": "1010", "BSN": "111222333", "Geboortedatum": "1990-04-02",
                 "E-mailadres": "daan@werknemer.example", "Functie": "Helpende",
                 "Uren per week": "24"}  # fmt: skip
    for label, value in corrected.items():
        page.get_by_label(label, exact=False).first.fill(value)
    tour.submit("Werknemer toevoegen")
    assert Employee.objects.filter(employer=world.employer, personnel_number="1010").exists()

    tour.assert_clean(min_pages=15)


def test_employer_admin(tour, world):
    admin, secret = persona("bram@test.example", Role.EMPLOYER_ADMIN, "Bram", "Beheerder",
                            employer=world.employer)  # fmt: skip
    page = tour.page

    sign_in(tour, admin, secret)
    assert path_of(page) == f"/werkgever/{world.employer.pk}/accounts/"
    # An employee's account uses the address in the personnel records.
    page.get_by_label("E-mailadres").fill(world.people["kees"].email)
    page.get_by_label("Voornaam").fill("Kees")
    page.get_by_label("Achternaam").fill("Keukenmeester")
    page.get_by_label("Rol", exact=True).select_option(Role.EMPLOYEE)
    page.get_by_label(re.compile(r"^Personeelsnummer")).fill("1002")
    tour.submit("Account aanmaken")
    kees = User.objects.filter(email=world.people["kees"].email).first()
    assert kees is not None, page.locator("main").inner_text()
    assert kees.role_assignments.count() == 1
    if not path_of(page).startswith("/accounts-beheer/"):
        tour.follow("Kees Keukenmeester")

    tour.follow("Beheer werkgever", within="header")
    tour.follow("Afdelingen beheren")
    page.get_by_label("Naam van de afdeling").fill("Dagbesteding")
    tour.submit(page.locator("main form").get_by_role("button").last)
    expect_text(tour, "Dagbesteding")
    tour.follow("Beheer werkgever", within="header")
    tour.follow("Werknemer toevoegen")

    tour.assert_clean(min_pages=4)


def test_doctor(tour, world):
    page = tour.page
    nina = world.people["nina"]

    sign_in(tour, world.doctor, world.doctor_secret)
    tour.follow("Mijn werkgevers", within="header")
    tour.follow("Oorzakenstatistiek", within="header")
    tour.follow("Taken re-integratie", within="header")
    tour.follow("Medische dossiers", within="header")
    tour.follow("Nina Nachtegaal")
    file_path = path_of(page)
    today = clock.today().isoformat()

    # A consultation dated next year is refused, with everything typed kept.
    tour.follow("Consult")
    page.get_by_label("Datum").fill((clock.today() + dt.timedelta(days=400)).isoformat())
    page.get_by_label("Soort contact").select_option("spreekuur")
    page.get_by_label("Verslag").fill("Gesprek over opbouw; slaapt slecht.")
    tour.submit("Vastleggen", refusal=True)
    if path_of(page) == file_path:
        tour.note(file_path, "doctor's file", "a consultation dated next year was accepted")
        tour.follow("Consult")
        page.get_by_label("Verslag").fill("Gesprek over opbouw; slaapt slecht.")
    page.get_by_label("Datum").fill(today)
    tour.submit("Vastleggen")
    assert path_of(page) == file_path

    # A correction is a new version; the old text stays visible in the file's history.
    correct = page.locator("main").get_by_role("link", name=re.compile(r"corrig", re.I))
    if correct.count():
        with page.expect_navigation():
            correct.first.click()
        tour.check()
        page.get_by_label("Verslag").fill("Gesprek over opbouw; slaapt beter.")
        reason = page.get_by_label("Reden van de correctie")
        if reason.count():
            reason.fill("Verkeerd genoteerd tijdens het gesprek.")
        tour.submit(page.locator("main").get_by_role("button", name=re.compile("vastleggen", re.I)))
        expect_text(tour, "slaapt beter")
        # The earlier version stays in the file's history (folded away).
        assert "slaapt slecht" in (page.locator("main").text_content() or "")
    else:
        tour.note(file_path, "doctor's file", "an entry cannot be corrected")

    tour.follow("Klachten en diagnose")
    page.get_by_label("Datum").fill(today)
    page.get_by_label("Klachten", exact=True).fill("Vermoeidheid, concentratieproblemen.")
    page.get_by_label("Diagnose", exact=False).first.fill("Overspanning.")
    page.get_by_label("CAS-code", exact=False).fill("P78")
    tour.submit("Vastleggen")

    tour.follow("Beperkingen en mogelijkheden (FML)")
    page.get_by_label("Datum").fill(today)
    page.get_by_label("Mogelijkheden: wat gaat wel").fill("Administratief werk, vier uur per dag.")
    page.locator("main form input[type=checkbox]").first.check()
    tour.submit("Vastleggen")

    tour.follow("Mate van arbeidsongeschiktheid")
    page.get_by_label("Datum").fill(today)
    page.get_by_label("Mate van arbeidsongeschiktheid (%)").fill("50")
    tour.submit("Vastleggen")
    expect_text(tour, "50%")

    # The advice, with an expected date of return.
    tour.follow("Advies aan de werkgever", shot="doctor-advice")
    page.get_by_label("Datum van het advies").fill(today)
    page.get_by_label("Wat kan de werknemer wel (mogelijkheden)").fill(
        "Administratief werk, vier uur per dag."
    )
    page.get_by_label("Wat kan de werknemer (nog) niet (beperkingen in het werk)").fill(
        "Geen nachtdiensten."
    )
    page.get_by_label("Verwachte duur").select_option("weeks_6_months_3")
    return_on = clock.today() + dt.timedelta(days=60)
    page.get_by_label("Verwachte datum van werkhervatting").fill(return_on.isoformat())
    page.get_by_label("Mate van arbeidsongeschiktheid (%)").fill("50")
    tour.submit("Publiceren")
    published = PublishedAdvice.objects.filter(employee=nina, advised_on=clock.today()).first()
    assert published is not None, tour.report()
    expect_text(tour, "gepubliceerd", lambda p: p.locator(".messages"))

    tour.assert_clean(min_pages=11)


def test_assistant(tour, world):
    assistant, secret = persona("anna@test.example", Role.ASSISTANT, "Anna", "Assistent")
    nina = world.people["nina"]
    access = medical_policies.get_access_for(actor_for_user(world.doctor), nina.pk)
    medical_services.entry_add(
        access=access, kind="consult",
        data={"held_on": clock.today() - dt.timedelta(days=3), "kind": "spreekuur",
              "notes": "Eerste spreekuur."},
    )  # fmt: skip
    access = medical_policies.get_access_for(actor_for_user(world.doctor), nina.pk)
    medical_services.delegation_grant(access=access, assistant=assistant)
    page = tour.page

    sign_in(tour, assistant, secret)
    tour.follow("Nina Nachtegaal")
    expect_text(tour, "Eerste spreekuur.")
    tour.follow("Consult")
    page.get_by_label("Datum").fill(clock.today().isoformat())
    page.get_by_label("Soort contact").select_option("phone")
    page.get_by_label("Verslag").fill("Telefonisch: afspraak verzet naar volgende week.")
    tour.submit("Vastleggen")
    expect_text(tour, "afspraak verzet")

    tour.assert_clean(min_pages=3)


def test_service_admin(tour, world):
    admin, secret = persona("sam@test.example", Role.SERVICE_ADMIN, "Sam", "Servicebeheer")
    page = tour.page

    sign_in(tour, admin, secret)
    assert path_of(page) == "/arbodienst/werkgevers/"
    page.get_by_label("Naam", exact=True).fill("Beta Bouw B.V.")
    page.get_by_label("KvK-nummer", exact=False).fill("87654321")
    tour.submit("Werkgever aanmaken")
    beta = Employer.objects.get(name="Beta Bouw B.V.")
    if path_of(page) != "/arbodienst/werkgevers/":
        tour.follow("Beheer arbodienst", within="header")

    # A doctor's account, issued by the service (R-ACC-1): the role is requested, a
    # second person approves it (four eyes; tests/browser/test_four_eyes.py walks that),
    # and then the doctor is assigned to Beta Bouw.
    tour.follow("Alle accounts beheren")
    page.get_by_label("E-mailadres").fill("bert@test.example")
    page.get_by_label("Voornaam").fill("Bert")
    page.get_by_label("Achternaam").fill("Bedrijfsarts")
    page.get_by_label("Rol", exact=True).select_option(Role.DOCTOR)
    tour.submit("Account aanmaken")
    bert = User.objects.filter(email="bert@test.example").first()
    assert bert is not None, page.locator("main").inner_text()
    if not path_of(page).startswith("/accounts-beheer/"):
        tour.follow("Bert Bedrijfsarts")
    expect_text(tour, "Aanvragen die op een tweede persoon wachten")
    tour.follow("Aanvragen vier ogen", within="header")
    expect_text(tour, "U hebt deze aanvraag zelf ingediend")
    second, _ = persona("bas@test.example", Role.SERVICE_ADMIN, "Bas", "Tweede")
    account_services.role_request_decide(
        actor=actor_for_user(second), role_request=bert.role_requests.get(), approve=True
    )

    tour.follow("Beheer arbodienst", within="header")
    tour.follow("Beta Bouw B.V.")
    doctors = page.get_by_label("Bedrijfsarts", exact=True)
    bert_option = doctors.locator("option", has_text="Bert").get_attribute("value")
    doctors.select_option(bert_option)
    tour.submit("Toewijzen")
    assert DoctorAssignment.objects.filter(employer=beta, doctor=bert).exists()
    tour.follow("Afdelingen")

    tour.follow("Beveiliging", within="header")
    tour.submit("Nu controleren")
    tour.follow("Mijn account", within="header")  # their own factors and sign-ins

    tour.assert_clean(min_pages=8)


def test_privacy_officer(tour, world):
    officer, secret = persona("pia@test.example", Role.PRIVACY_OFFICER, "Pia", "Privacy")
    # Something to find: HR opened Eva's data this morning.
    org_selectors.employee_get(actor=actor_for_user(world.hr), employee_id=world.people["eva"].pk)
    page = tour.page

    sign_in(tour, officer, secret)
    assert path_of(page) == "/privacy/toegangslog/"
    tour.check(shot="privacy-access-log")
    text = page.locator("main table").inner_text()
    raw = re.findall(r"\b(?:[a-z]+_[a-z_]+|account \d+|werknemer \d+)\b", text)
    if raw:
        tour.note(
            path_of(page), "raw codes", f"the log shows codes, not labels: {sorted(set(raw))[:6]}"
        )

    search = page.locator("main form.filters").get_by_label(re.compile(r"naam", re.I))
    if search.count():
        search.first.fill("Eigen")
        tour.submit(page.locator("main form.filters").get_by_role("button").first)
        rows = page.locator("main table tbody tr")
        assert rows.count() >= 1
        expect_text(tour, "Eva Eigen", lambda p: p.locator("main table"))
    else:
        tour.note(path_of(page), "search", "the access log cannot be searched by name")
    csv = tour.download(re.compile("CSV"))
    assert csv
    tour.follow("Mijn account", within="header")  # their own factors and sign-ins

    tour.assert_clean(min_pages=2)
