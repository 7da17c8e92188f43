"""The re-integration file in the browser (issue 5): HR draws up a plan of action on the
doctor's advice, the employee adds their view and signs, HR revises it (a new version),
and HR downloads the re-integration report: the doctor's advice is in it, nothing of the
medical file is."""

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from poortwachter.accounts.selectors import actor_for_user
from poortwachter.core import clock
from poortwachter.core.roles import Role
from poortwachter.organisations.models import DoctorAssignment
from poortwachter.reintegration.models import PlanVersion
from tests.browser.flows import main_button, persona, screenshot, sign_in, sign_out, submit
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    EmployerFactory,
    EmploymentFactory,
)
from tests.medical.conftest import CANARIES, plant_file
from tests.privacy.pdf_text import pdf_text
from tests.reintegration.conftest import ADVICE_TEXT, make_case, publish

pytestmark = pytest.mark.xdist_group("browser")


def _world():
    employer = EmployerFactory(name="Alfa Zorg B.V.")
    department = DepartmentFactory(employer=employer, name="Verpleging")
    eva = EmployeeFactory(employer=employer, first_name="Eva", last_name="Eigen")
    EmploymentFactory(employee=eva, employer=employer, department=department)
    doctor, _ = persona("dora@test.example", Role.DOCTOR, "Dora", "Dokter")
    assistant, _ = persona("anna@test.example", Role.ASSISTANT, "Anna", "Assistent")
    DoctorAssignment.objects.create(employer=employer, doctor=doctor, since=dt.date(2024, 1, 1))
    hr = persona("hanna@test.example", Role.HR, "Hanna", "Personeelszaken", employer=employer)
    own = persona("eva@test.example", Role.EMPLOYEE, "Eva", "Eigen", employer=employer,
                   employee=eva)  # fmt: skip
    case = make_case(eva, days_ago=60)
    advice = publish(case, doctor)
    world = SimpleNamespace(own_employee=eva, assistant=assistant, doctor=doctor)
    plant_file(world, lambda name: actor_for_user(getattr(world, name)))
    return case, advice, hr, own


@pytest.mark.browser
def test_hr_and_the_employee_make_and_revise_a_plan_and_hr_downloads_the_report(
    site, page, tmp_path: Path
):
    case, advice, (hr, hr_secret), (eva, eva_secret) = _world()
    file_url = f"{site}/verzuim/dossiers/{case.pk}/"
    day = (advice.advised_on + dt.timedelta(days=7)).isoformat()

    sign_in(page, site, hr, hr_secret)
    page.goto(file_url)
    submit(page, page.get_by_role("link", name="Plan van aanpak opstellen"))
    assert ADVICE_TEXT in page.locator("main").inner_text()
    page.get_by_label("Datum van het plan").fill(day)
    page.get_by_label("Activiteiten", exact=False).fill("Aangepast werk, vier uur per dag.")
    page.get_by_label("Doel", exact=True).fill("Terug in het eigen werk.")
    page.get_by_label("Termijn: doel bereikt uiterlijk op").fill(
        (clock.today() + dt.timedelta(days=60)).isoformat()
    )
    page.get_by_label("Evaluatiemomenten").fill("Elke zes weken.")
    page.get_by_label("Eerstvolgende evaluatie").fill(
        (clock.today() + dt.timedelta(days=30)).isoformat()
    )
    page.get_by_label("Visie van de werkgever").fill("Volledige terugkeer is haalbaar.")
    screenshot(page, "hr-plan-of-action.png")
    submit(page, main_button(page, "Plan van aanpak opslaan"))
    assert "opgeslagen" in page.locator(".messages").inner_text()
    sign_out(page)

    sign_in(page, site, eva, eva_secret)
    page.goto(file_url)
    submit(page, page.get_by_role("link", name="Mijn visie op het plan van aanpak en ondertekenen"))
    page.get_by_label("Uw visie op het plan van aanpak").fill("Ik wil rustig opbouwen.")
    page.get_by_label("Ondertekenen voor akkoord", exact=False).check()
    submit(page, main_button(page, "Opslaan"))
    assert "ondertekend" in page.locator(".messages").inner_text()
    sign_out(page)

    sign_in(page, site, hr, hr_secret, offset=1)  # the first code is used up
    page.goto(file_url)
    submit(page, page.get_by_role("link", name="Plan van aanpak bijstellen"))
    assert "ondertekend en ligt vast" in page.locator("main").inner_text()
    page.get_by_label("Doel", exact=True).fill("Terug in aangepast werk.")
    page.get_by_label("Reden van de bijstelling").fill("Na de eerste evaluatie.")
    submit(page, main_button(page, "Bijstelling opslaan"))
    versions = PlanVersion.objects.filter(plan__case=case).order_by("number")
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].is_signed
    assert versions[0].goals == "Terug in het eigen werk."
    assert versions[1].changed_fields == ["goals"]

    page.goto(file_url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Re-integratieverslag (PDF)").click()
    path = tmp_path / "verslag.pdf"
    download_info.value.save_as(path)
    text = pdf_text(path.read_bytes())
    assert ADVICE_TEXT in text
    assert "Ik wil rustig opbouwen." in text
    assert "Terug in aangepast werk." in text
    leaked = [c for c in CANARIES.values() if c.startswith("CANARY-") and c in text]
    assert not leaked
