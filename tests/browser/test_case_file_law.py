"""The case file's pages of issue 16 on a phone (390 CSS pixels), in Chromium: HR records
a voluntary extension, a wage sanction, an expert opinion with UWV's outcome, the early
IVA choice and the employer's part of the re-integration report, each reached from the
case file and back there after saving. The tour checks every page as a person meets it
(axe, no sideways scroll at 360 px, no 4xx/5xx, no console error); with
``POORTWACHTER_SCREENSHOTS=1`` it writes screenshots (R-REINT-2, R-REINT-3)."""

import datetime as dt

import pytest

from poortwachter.absences.models import WageExtension, WageSanction
from poortwachter.core import clock
from poortwachter.core.roles import Role
from poortwachter.reintegration.models import EarlyIva, ExpertOpinion, ReportStatement
from tests.browser.flows import persona, sign_in
from tests.browser.journeys import Tour, expect_text
from tests.factories import DepartmentFactory, EmployeeFactory, EmployerFactory, EmploymentFactory
from tests.reintegration.conftest import make_case

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _fill(page, fields: dict[str, str]) -> None:
    """Fill fields by their label as a person reads it ("(niet verplicht)" may follow)."""
    main = page.locator("main")
    for label, value in fields.items():
        main.get_by_label(label).first.fill(value)


def test_hr_records_the_steps_of_issue_16_on_a_phone(site, phone_page):
    employer = EmployerFactory(name="Alfa Zorg B.V.")
    department = DepartmentFactory(employer=employer, name="Verpleging")
    eva = EmployeeFactory(employer=employer, first_name="Eva", last_name="Eigen")
    EmploymentFactory(employee=eva, employer=employer, department=department)
    hr, secret = persona("hanna@test.example", Role.HR, "Hanna", "Hr", employer=employer)
    # Sick for 300 days (week 43): inside the early IVA window (weeks 3 to 68).
    case = make_case(eva, days_ago=300)
    today = clock.today()
    end = case.first_sick_day + dt.timedelta(days=728)  # the end of the 104 weeks
    file_path = f"/verzuim/dossiers/{case.pk}/"
    page = phone_page
    tour = Tour(page, site, "hr")
    sign_in(page, site, hr, secret)
    tour.open(file_path)

    tour.follow("Vrijwillige verlenging vastleggen", shot="law-extension")
    _fill(page, {"Datum van het gezamenlijke verzoek aan UWV": (today - dt.timedelta(days=14))
                 .isoformat(), "Datum van de beslissing van UWV": today.isoformat(),
                 "Verlenging in weken": "13"})  # fmt: skip
    tour.submit("Verlenging opslaan")
    expect_text(tour, "13 weken")
    assert WageExtension.objects.get(case=case).weeks == 13

    tour.follow("Loonsanctie vastleggen", shot="law-sanction")
    sanction_start = end + dt.timedelta(weeks=13)  # after the extension
    _fill(page, {"Datum van de beschikking van UWV": today.isoformat(),
                 "Eerste dag van de loonsanctie": sanction_start.isoformat(),
                 "Laatste dag van de loonsanctie": (sanction_start + dt.timedelta(days=363))
                 .isoformat()})  # fmt: skip
    tour.submit("Loonsanctie opslaan")
    expect_text(
        tour, f"{sanction_start.day}-{sanction_start.month}-{sanction_start.year} tot en met"
    )
    assert WageSanction.objects.get(case=case).days == 364

    tour.follow("Deskundigenoordeel vastleggen", shot="law-opinion")
    _fill(page, {"Aangevraagd op": today.isoformat(),
                 "Toelichting op de vraag": "Is het werk in het magazijn passend?"})  # fmt: skip
    page.locator("main input[name=requested_by]").first.check()
    page.locator("main input[name=subject]").first.check()
    tour.submit("Aanvraag opslaan")
    expect_text(tour, "Nog geen oordeel ontvangen.")
    tour.follow("Oordeel vastleggen", shot="law-opinion-outcome")
    _fill(page, {"Oordeel ontvangen op": today.isoformat(),
                 "Oordeel van UWV": "Het aangeboden werk is passend."})  # fmt: skip
    tour.submit("Oordeel opslaan")
    expect_text(tour, "Het aangeboden werk is passend.")
    assert ExpertOpinion.objects.get(case=case).outcome_on == today

    tour.follow("Vervroegde IVA-aanvraag", shot="law-early-iva")
    _fill(page, {"Besloten op": (today - dt.timedelta(days=7)).isoformat(),
                 "Aangevraagd bij UWV op": today.isoformat()})  # fmt: skip
    tour.submit("Opslaan")
    assert EarlyIva.objects.get(case=case).applied_on == today

    tour.follow("Gegevens voor het re-integratieverslag", shot="law-report-statement")
    _fill(page, {"Functieomschrijving": "Verpleegkundige op de afdeling, 32 uur.",
                 "Actueel oordeel over passend werk": "Administratief werk is passend.",
                 "Actueel oordeel over de arbeidsverhouding": "Goede samenwerking."})  # fmt: skip
    tour.submit("Opslaan")
    assert ReportStatement.objects.get(case=case).job_description.startswith("Verpleegkundige")
    assert page.url.endswith(file_path)
    tour.assert_clean(min_pages=6)
