"""The re-integration report (art. 6 Regeling procesgang) and the UWV notification as
PDF and JSON: the doctor's published advice is in it, nothing of the medical file is
(R-REP-1, R-MED-1)."""

import json

import pytest

from poortwachter.audit.models import AccessEvent
from poortwachter.reintegration import services, sync
from poortwachter.reintegration.models import NotificationKind, UwvNotification
from tests.medical.conftest import CANARIES, plant_file
from tests.privacy.pdf_text import pdf_text
from tests.reintegration.conftest import make_case, plan_input, publish

MEDICAL_CANARIES = [c for c in CANARIES.values() if c.startswith("CANARY-")]


@pytest.fixture
def eva_file(world, actor_of):
    """Eva's medical file full of canaries, her published advice, a plan she signed."""
    case = make_case(world.own_employee, days_ago=60)
    advice = publish(case, world.doctor)
    planted = plant_file(world, actor_of)
    data = plan_input(case, advice, world.hr)
    version = services.plan_draw_up(actor=actor_of("hr"), case=case, data=data)
    services.plan_employee_view(
        actor=actor_of("employee"),
        plan=version.plan,
        number=1,
        employee_view="Ik wil graag snel terug.",
        signature="akkoord",
    )
    return planted, advice, case


def _text(response) -> str:
    body = response.content
    if response["Content-Type"] == "application/pdf":
        return pdf_text(body)
    return body.decode()


@pytest.mark.parametrize("fmt", ["pdf", "json"])
@pytest.mark.parametrize("persona", ["hr", "employee"])
def test_the_report_holds_the_advice_and_no_medical_file_content(
    world, client_for, eva_file, fmt, persona
):
    _planted, advice, case = eva_file
    response = client_for(persona).get(f"/verzuim/dossiers/{case.pk}/re-integratieverslag.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    text = _text(response)
    assert advice.work_possible in text
    assert "Ik wil graag snel terug." in text
    assert "Terug in het eigen werk." in text
    assert not [c for c in MEDICAL_CANARIES if c in text]
    assert not [c for c in MEDICAL_CANARIES if c.encode() in response.content]
    event = AccessEvent.objects.filter(purpose="reintegration_report").latest("id")
    assert event.subject_employee_id == world.own_employee.pk
    assert event.action == ("print" if fmt == "pdf" else "export")


def test_the_json_report_follows_article_6(world, client_for, eva_file):
    _planted, advice, case = eva_file
    document = json.loads(
        client_for("hr").get(f"/verzuim/dossiers/{case.pk}/re-integratieverslag.json").content
    )
    assert document["administrative"]["first_sick_day"] == case.first_sick_day.isoformat()
    assert document["advices"][-1]["incapacity_percentage"] == advice.incapacity_percentage
    assert document["plan_of_action"][0]["signed_by_employee_at"]
    assert document["employee_view"]["on_plan"]["view"] == "Ik wil graag snel terug."
    assert set(document["advices"][-1]) >= {"work_possible", "work_not_possible"}
    assert not {"diagnosis", "complaints", "notes", "cas_code"} & set(document["advices"][-1])


@pytest.mark.parametrize("persona", ["manager", "doctor"])
def test_the_report_is_not_for_the_manager_or_the_doctor(world, client_for, eva_file, persona):
    _planted, _advice, case = eva_file
    response = client_for(persona).get(f"/verzuim/dossiers/{case.pk}/re-integratieverslag.pdf")
    assert response.status_code == 403


@pytest.mark.parametrize("fmt", ["pdf", "json"])
def test_the_42nd_week_form_has_what_uwv_needs(world, client_for, eva_file, fmt):
    _planted, _advice, case = eva_file
    world.employer.payroll_tax_number = "123456789L01"
    world.employer.save()
    notification = UwvNotification.objects.create(
        case=case, employer=world.employer, employee=world.own_employee,
        kind=NotificationKind.WEEK_42, due_on=case.first_sick_day,
    )  # fmt: skip
    url = f"/verzuim/dossiers/{case.pk}/uwv/{notification.pk}/melding.{fmt}"
    response = client_for("hr").get(url)
    assert response.status_code == 200
    text = _text(response)
    for expected in ("123456789L01", world.own_employee.bsn):
        assert expected in text
    assert not [c for c in MEDICAL_CANARIES if c in text]
    assert client_for("manager").get(url).status_code == 403


def test_the_case_file_shows_everything_to_hr_and_no_canary(world, client_for, eva_file):
    _planted, advice, case = eva_file
    sync.tasks_sync(case)
    for persona in ("hr", "employee", "manager", "doctor"):
        response = client_for(persona).get(f"/verzuim/dossiers/{case.pk}/")
        text = response.content.decode()
        assert response.status_code == 200
        assert advice.work_possible in text
        assert not [c for c in MEDICAL_CANARIES if c in text]
        if persona == "manager":
            assert world.own_employee.bsn not in text
