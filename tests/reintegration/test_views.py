"""The pages of the re-integration file: who reaches what (every persona, and another
employer's case answers 404), the forms end to end, and an access event for every read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from poortwachter.audit.models import AccessEvent
from poortwachter.core import clock
from poortwachter.reintegration import sync
from poortwachter.reintegration.models import PlanVersion, Task, ThirdPartyReport
from tests.conftest import PERSONAS
from tests.reintegration.conftest import make_case, publish

FILE_READERS = {"employee": 200, "manager": 200, "hr": 200, "doctor": 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_case_file_answers_each_persona(world, client_for, long_case, persona):
    response = client_for(persona).get(f"/verzuim/dossiers/{long_case.pk}/")
    expected = FILE_READERS.get(persona, 404 if persona == "outsider" else 403)
    assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_another_employers_case_is_not_found_for_anyone_but_its_hr(world, client_for, persona):
    other = make_case(world.other_employee, days_ago=60)
    for path in ("", "plan/", "evaluaties/nieuw/", "rapporten/nieuw/", "re-integratieverslag.pdf"):
        response = client_for(persona).get(f"/verzuim/dossiers/{other.pk}/{path}")
        if persona == "outsider":
            assert response.status_code == 200, path
        else:
            assert response.status_code in (403, 404), (path, response.status_code)
            if path == "" and persona in FILE_READERS:
                assert response.status_code == 404  # never reveal the case exists


def test_reading_the_file_is_logged_with_the_employee(world, client_for, long_case):
    client = client_for("manager")
    before = AccessEvent.objects.count()
    client.get(f"/verzuim/dossiers/{long_case.pk}/")
    event = AccessEvent.objects.order_by("-id").first()
    assert AccessEvent.objects.count() == before + 1
    assert event.subject_employee_id == world.own_employee.pk
    assert event.actor_user_id == world.manager.pk
    assert event.purpose == "reintegration"


def _plan_post(world, case, advice, **changes):
    today = clock.today()
    data = {
        "advice_id": advice.pk, "drawn_up_on": today.isoformat(),
        "activities": "Aangepast werk, vier uur per dag.", "goals": "Terug in eigen werk.",
        "goal_date": today.replace(year=today.year + 1).isoformat(),
        "evaluation_moments": "Elke zes weken.", "next_evaluation_on": today.isoformat(),
        "case_manager_id": world.hr.pk, "employer_view": "Haalbaar.",
    }  # fmt: skip
    data.update(changes)
    return data


def test_hr_draws_up_and_revises_the_plan_through_the_page(world, client_for, long_case):
    client = client_for("hr")
    url = f"/verzuim/dossiers/{long_case.pk}/plan/"
    response = client.post(url, _plan_post(world, long_case, long_case.advice))
    assert response.status_code == 302
    response = client.post(url, _plan_post(world, long_case, long_case.advice,
                                           goals="Ander doel.", based_on=1))  # fmt: skip
    assert response.status_code == 400
    assert "Reden van de bijstelling" in response.content.decode()
    response = client.post(url, _plan_post(world, long_case, long_case.advice,
                                           goals="Ander doel.", based_on=1,
                                           change_reason="Na evaluatie."))  # fmt: skip
    assert response.status_code == 302
    assert PlanVersion.objects.filter(plan__case=long_case).count() == 2


def test_the_plan_page_refuses_medical_text_in_dutch(world, client_for, long_case):
    response = client_for("hr").post(
        f"/verzuim/dossiers/{long_case.pk}/plan/",
        _plan_post(world, long_case, long_case.advice, employer_view="Ze heeft een hernia."),
    )
    assert response.status_code == 400
    assert "medische" in response.content.decode().lower()
    assert not PlanVersion.objects.exists()


def test_no_plan_form_before_the_problem_analysis(world, client_for):
    case = make_case(world.own_employee, days_ago=10)
    response = client_for("hr").get(f"/verzuim/dossiers/{case.pk}/plan/")
    assert "nog geen probleemanalyse" in response.content.decode()


def test_the_employee_signs_on_their_own_page(world, client_for, long_case):
    client_for("hr").post(f"/verzuim/dossiers/{long_case.pk}/plan/",
                          _plan_post(world, long_case, long_case.advice))  # fmt: skip
    client = client_for("employee")
    url = f"/verzuim/dossiers/{long_case.pk}/plan/mijn-visie/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"number": 1, "employee_view": "Akkoord.", "signature": "akkoord"})
    assert response.status_code == 302
    assert PlanVersion.objects.get().is_signed
    response = client.post(url, {"number": 1, "employee_view": "Toch niet.", "signature": "later"})
    assert response.status_code == 400
    assert "ligt vast" in response.content.decode()


def test_an_upload_through_the_page_is_checked_by_content(world, client_for, long_case):
    client = client_for("hr")
    url = f"/verzuim/dossiers/{long_case.pk}/rapporten/nieuw/"
    fake = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00", content_type="application/pdf")
    data = {"title": "Rapport", "author": "agency", "received_on": clock.today().isoformat()}
    assert client.post(url, {**data, "upload": fake}).status_code == 400
    real = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert client.post(url, {**data, "upload": real}).status_code == 302
    report = ThirdPartyReport.objects.get()
    download = client.get(f"/verzuim/dossiers/{long_case.pk}/rapporten/{report.pk}/")
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert (
        client_for("manager")
        .get(f"/verzuim/dossiers/{long_case.pk}/rapporten/{report.pk}/")
        .status_code
        == 403
    )


def test_dashboards_show_each_role_its_own_tasks(world, client_for):
    case = make_case(world.own_employee, days_ago=38)
    sync.tasks_sync(case)
    other = make_case(world.other_employee, days_ago=38)
    sync.tasks_sync(other)
    hr_page = client_for("hr").get("/verzuim/taken/").content.decode()
    assert "Eva" in hr_page
    assert "Otto" not in hr_page
    doctor_page = client_for("doctor").get("/bedrijfsarts/taken/").content.decode()
    assert "Probleemanalyse" in doctor_page
    assert "Otto" not in doctor_page
    assert client_for("outsider").get("/verzuim/taken/").content.decode().count("Otto") >= 1
    event = AccessEvent.objects.filter(purpose="reintegration_tasks").latest("id")
    assert event.details["employee_ids"] == [world.other_employee.pk]


def test_the_doctor_completes_a_doctor_task_but_not_an_hr_task(world, client_for):
    case = make_case(world.own_employee, days_ago=38)
    sync.tasks_sync(case)
    doctor_task = Task.objects.get(case=case, code="problem_analysis")
    hr_task = Task.objects.filter(case=case, role="hr", status="open").first()
    client = client_for("doctor")
    url = f"/verzuim/dossiers/{case.pk}/taken/"
    assert client.post(f"{url}{hr_task.pk}/", {"status": "done"}).status_code == 403
    assert client.post(f"{url}{doctor_task.pk}/", {"status": "done"}).status_code == 302
    assert Task.objects.get(pk=doctor_task.pk).status == "done"
    publish(case, world.doctor)  # the file now shows it, and keeps the doctor's date
    sync.tasks_sync(case)
    assert Task.objects.get(pk=doctor_task.pk).done_on == clock.today()
