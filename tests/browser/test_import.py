"""HR's journey through the employee import (issue 20), in Chromium: from the employee
list to "Werknemers importeren", upload a synthetic Nmbrs export with a refused line,
read the preview (refusal with its reason), import, download the report. Every page is
checked by the tour (axe, real checkboxes, no sideways scroll at 360 px, no 4xx/5xx, no
console error); with ``POORTWACHTER_SCREENSHOTS=1`` it writes screenshots at 1280 and
390 px (R-AUTHZ-1, R-DEV-1)."""

from pathlib import Path

import pytest
from django.test import override_settings

from poortwachter.core.roles import Role
from poortwachter.organisations.models import Employee
from tests.browser.flows import persona, sign_in
from tests.browser.journeys import Tour, expect_text
from tests.factories import DepartmentFactory, EmployerFactory
from tests.helpers import IMMEDIATE_TASKS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "import" / "nmbrs.csv"


def test_hr_imports_employees_from_a_payroll_export(site, page, tmp_path):
    employer = EmployerFactory(name="Alfa Zorg B.V.")
    DepartmentFactory(employer=employer, name="Verpleging")
    DepartmentFactory(employer=employer, name="Keuken")
    hr, secret = persona("hr@test.example", Role.HR, "Hanna", "Hr", employer=employer)
    export = tmp_path / "nmbrs.csv"
    text = SAMPLE.read_text()
    export.write_text(
        text + "1006,Fleur,,Visser,123456789,1990-01-01,,Keuken,2022-01-01,,24,Kok,\n"
    )
    tour = Tour(page, site, "hr")
    with override_settings(TASKS=IMMEDIATE_TASKS):
        sign_in(page, site, hr, secret)
        tour.open("/werknemers/")
        tour.follow("Werknemers importeren", shot="import-start")
        page.locator("input[type=file]").set_input_files(str(export))
        tour.submit("Bestand controleren", shot="import-preview")
        expect_text(tour, "BSN: Dit is geen geldig BSN")
        expect_text(tour, "De geweigerde regel wordt overgeslagen.")
        assert not Employee.objects.filter(employer=employer).exists()
        tour.follow("Nieuw")
        expect_text(tour, "1005")
        tour.submit("Importeren", shot="import-done")
        expect_text(tour, "Ingelezen: 5 nieuwe werknemers")
        report = tour.download("Rapport downloaden (CSV)").decode("utf-8-sig")
    assert report.splitlines()[0] == (
        "regel;personeelsnummer;uitkomst;gewijzigde velden;redenen;waarschuwingen"
    )
    assert "7;1006;geweigerd;;BSN: Dit is geen geldig BSN" in report
    assert Employee.objects.filter(employer=employer).count() == 5
    tour.assert_clean(min_pages=3)
