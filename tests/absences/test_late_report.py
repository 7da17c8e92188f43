"""A sick report more than a year late (issue 16, R-SICK-1, R-SICK-3, R-REINT-3): HR of the
employer may enter it with a stated reason (through the medical-text guard) instead of
being refused; the timeline then shows the report to the service as late, with its days.

Source of the deadline: Regeling procesgang art. 2.1 ("tijdig"); one week is practice
(docs/poortwachter.md, assumption 2): a first sick day of Monday 6-1-2025 is due at the
service by Sunday 12-1-2025 (day 7).
"""

import datetime as dt

import pytest
from django.utils import timezone

from poortwachter.absences.models import LateReport, SickReport
from poortwachter.reintegration import sync
from poortwachter.reintegration.models import Task, UwvNotification
from tests.reintegration.conftest import make_case

D = dt.date
TODAY = D(2026, 3, 2)
FIRST = D(2025, 1, 6)  # 420 days before 2-3-2026: more than a year back


def _body(world, **extra):
    return {
        "first_sick_day": FIRST.isoformat(), "phone": "0612345678",
        "care_street": "Lindelaan", "care_house_number": "12", "care_postcode": "3511 AB",
        "care_city": "Utrecht", "expected_duration": "longer", "appointments_and_work": "",
        "safety_net_applies": "nee", "work_accident": "nee",
        "traffic_accident_third_party": "nee", **extra,
    }  # fmt: skip


@pytest.fixture
def on_2_march_2026(time_machine):
    noon = dt.datetime(2026, 3, 2, 12, tzinfo=timezone.get_current_timezone())
    time_machine.move_to(noon, tick=False)


def _url(world):
    return f"/verzuim/ziekmelden/{world.own_employee.pk}/"


def test_hr_enters_a_report_more_than_a_year_late_with_a_reason(world, client_for,
                                                                on_2_march_2026):  # fmt: skip
    client = client_for("hr")
    assert "Reden van de late melding" in client.get(_url(world)).content.decode()
    reason = "Melding was per abuis niet doorgezet door de vorige leidinggevende."
    response = client.post(_url(world), _body(world, late_reason=reason))
    assert response.status_code == 302, response.content.decode()[:2000]
    report = SickReport.objects.get()
    assert LateReport.objects.get(report=report).reason == reason
    # The report to the service: due 12-1-2025, done 2-3-2026: 365 days to 12-1-2026,
    # then 19 (January) + 28 (February) + 2 = 414 days late.
    sync.tasks_sync(report.case)
    task = Task.objects.get(case=report.case, code="report_to_service")
    assert task.due_on == D(2025, 1, 12)
    assert task.done_on == TODAY
    assert task.days_late == 414
    line = sync.case_timeline(report.case)
    assert line is not None
    milestone = line.milestone("report_to_service")
    assert milestone is not None
    assert milestone.days_late == 414
    page = client.get(f"/verzuim/dossiers/{report.case_id}/").content.decode()
    assert "414 dagen te laat" in page
    assert "te laat vastgelegd op 2-3-2026" in page
    assert reason in page


def test_without_a_reason_hr_is_asked_for_one(world, client_for, on_2_march_2026):
    response = client_for("hr").post(_url(world), _body(world))
    assert response.status_code == 200  # the form again, with the refusal
    assert "Schrijf waarom de ziekmelding nu pas wordt vastgelegd" in response.content.decode()
    assert not SickReport.objects.exists()


def test_a_medical_reason_is_refused(world, client_for, on_2_march_2026):
    response = client_for("hr").post(
        _url(world), _body(world, late_reason="Ze had een hernia en lag in het ziekenhuis.")
    )
    assert "medische" in response.content.decode().lower()
    assert not SickReport.objects.exists()


def test_a_manager_is_still_refused_and_cannot_give_a_reason(world, client_for, on_2_march_2026):
    client = client_for("manager")
    assert "Reden van de late melding" not in client.get(_url(world)).content.decode()
    response = client.post(_url(world), _body(world, late_reason="Vergeten door HR."))
    assert "meer dan een jaar terug" in response.content.decode()
    assert not SickReport.objects.exists()


def test_a_report_within_the_year_needs_no_reason(world, client_for, on_2_march_2026):
    response = client_for("hr").post(_url(world), _body(world, first_sick_day="2026-02-23"))
    assert response.status_code == 302
    assert not LateReport.objects.exists()


def test_a_notification_to_uwv_sent_late_is_marked_late(world, client_for, on_2_march_2026):
    """uwv.nl: the 42nd-week notification on the first working day after week 42."""
    case = make_case(world.own_employee, days_ago=(TODAY - D(2025, 1, 6)).days)
    notification = UwvNotification.objects.create(
        case=case, employer=case.employer, employee=case.employee, kind="week_42",
        due_on=D(2025, 10, 27), sent_on=D(2025, 11, 3), sent_via="portal",
    )  # fmt: skip
    assert notification.days_late == 7
    page = client_for("hr").get(f"/verzuim/dossiers/{case.pk}/").content.decode()
    assert "verstuurd op 3-11-2025" in page
    assert "7 dagen te laat" in page


def test_the_api_refuses_a_report_a_year_late(world, client_for, on_2_march_2026):
    """The API has no field for the reason: its answer names a field it has."""
    body = {
        "employee": world.own_employee.pk, "first_sick_day": FIRST.isoformat(),
        "phone": "0612345678", "care_street": "Lindelaan", "care_house_number": "12",
        "care_postcode": "3511 AB", "care_city": "Utrecht", "expected_duration": "longer",
        "appointments_and_work": "", "safety_net_applies": False, "work_accident": False,
        "traffic_accident_third_party": False,
    }  # fmt: skip
    response = client_for("hr").post("/api/v1/sick-reports/", body,
                                      content_type="application/json")  # fmt: skip
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["attr"] for e in errors] == ["first_sick_day"]
    assert "meer dan een jaar terug" in errors[0]["detail"]
    assert not SickReport.objects.exists()
