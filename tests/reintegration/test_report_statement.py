"""The re-integration report holds the job description and the employer's current
judgement on suitable work and on the employment relationship (art. 6 Regeling
procesgang, sub a and i–k; issue 16, R-REINT-2, R-SICK-3): HR writes them on a page
reached from the case file, each text passes the medical-text guard, and they show in
the report's JSON and PDF."""

import json

from poortwachter.audit.models import AccessEvent
from poortwachter.reintegration.models import ReportStatement
from tests.privacy.pdf_text import pdf_text
from tests.reintegration.conftest import make_case

JOB = "FUNCTIE-91c2 Verpleegkundige op de afdeling, 32 uur, met nachtdiensten."
SUITABLE = "PASSEND-4d7e Administratief werk op de afdeling is passend, vier uur per dag."
EMPLOYMENT = "RELATIE-0b5a Goede samenwerking met de leidinggevende; geen conflict."


def _post(client, case, **changes):
    data = {"job_description": JOB, "suitable_work_judgement": SUITABLE,
            "employment_judgement": EMPLOYMENT, **changes}  # fmt: skip
    return client.post(f"/verzuim/dossiers/{case.pk}/verslaggegevens/", data)


def test_hr_writes_the_statements_and_they_are_in_the_report(world, client_for, long_case):
    client = client_for("hr")
    page = client.get(f"/verzuim/dossiers/{long_case.pk}/").content.decode()
    assert f"/verzuim/dossiers/{long_case.pk}/verslaggegevens/" in page  # reachable
    assert _post(client, long_case).status_code == 302
    statement = ReportStatement.objects.get(case=long_case)
    assert statement.job_description == JOB
    assert AccessEvent.objects.filter(target_type="reintegration.reportstatement").exists()
    report = json.loads(client.get(f"/verzuim/dossiers/{long_case.pk}/re-integratieverslag.json")
                        .content)  # fmt: skip
    assert report["employer_statement"]["job_description"] == JOB
    assert report["employer_statement"]["suitable_work_judgement"] == SUITABLE
    assert report["employer_statement"]["employment_judgement"] == EMPLOYMENT
    pdf = pdf_text(client.get(f"/verzuim/dossiers/{long_case.pk}/re-integratieverslag.pdf")
                   .content)  # fmt: skip
    for marker in ("FUNCTIE-91c2", "PASSEND-4d7e", "RELATIE-0b5a"):
        assert marker in pdf
    # The employee, who receives the report too, reads the same.
    own = json.loads(client_for("employee").get(
        f"/verzuim/dossiers/{long_case.pk}/re-integratieverslag.json").content)  # fmt: skip
    assert own["employer_statement"]["employment_judgement"] == EMPLOYMENT


def test_a_changed_judgement_replaces_the_current_one(world, client_for, long_case):
    client = client_for("hr")
    _post(client, long_case)
    _post(client, long_case, suitable_work_judgement="Nu ook klantcontact, zes uur per dag.")
    assert ReportStatement.objects.get().suitable_work_judgement.startswith("Nu ook")
    assert ReportStatement.objects.count() == 1


def test_medical_text_is_refused_in_every_field(world, client_for, long_case):
    client = client_for("hr")
    for field in ("job_description", "suitable_work_judgement", "employment_judgement"):
        response = _post(client, long_case, **{field: "Zij heeft een hernia en een burn-out."})
        assert response.status_code == 400, field
        assert "medische" in response.content.decode().lower()
    assert not ReportStatement.objects.exists()


def test_without_statements_the_pdf_says_they_are_missing(world, client_for, long_case):
    pdf = pdf_text(client_for("hr").get(
        f"/verzuim/dossiers/{long_case.pk}/re-integratieverslag.pdf").content)  # fmt: skip
    assert "nog niet ingevuld" in pdf


def test_hr_cannot_write_them_for_another_employers_case(world, client_for):
    other = make_case(world.other_employee, days_ago=60)
    assert _post(client_for("hr"), other).status_code == 404
    assert not ReportStatement.objects.exists()
