"""Who hears of what, at once (issue 19; R-AUTHZ-1, R-DOC-2, R-SICK-7, R-REINT-1/3).

The notifications are made in the transaction of the event; e-mail goes by the task
worker, never inside the request, and carries nothing personal."""

import datetime as dt

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from poortwachter.absences import services as absence_services
from poortwachter.absences.models import ServiceQueueItem, SickReport
from poortwachter.core import clock
from poortwachter.core.errors import ServiceError
from poortwachter.notifications import tasks
from poortwachter.notifications.models import Kind, Notification
from poortwachter.reintegration import services as reintegration_services
from poortwachter.reintegration import sync
from poortwachter.reintegration.models import Task
from tests.absences.conftest import sick_input
from tests.notifications.conftest import leaks, personal_strings
from tests.reintegration.conftest import make_case, plan_input, publish


def _body(**extra):
    return {
        "first_sick_day": clock.today().isoformat(), "phone": "0612345678",
        "care_street": "Lindelaan", "care_house_number": "12", "care_postcode": "3511 AB",
        "care_city": "Utrecht", "expected_duration": "days", "appointments_and_work": "",
        "safety_net_applies": "nee", "work_accident": "nee",
        "traffic_accident_third_party": "nee", **extra,
    }  # fmt: skip


def _who(kind) -> set[str]:
    rows = Notification.objects.filter(kind=kind).select_related("recipient")
    return {n.recipient.email.split("@")[0] for n in rows}


def test_a_sick_report_in_the_browser_signals_everyone_without_any_nightly_job(
    world, client_for, immediate_tasks
):
    """Done when (issue 19): the employee reports sick in the browser; at once there is
    the employee's confirmation, a notification for the manager and HR, the doctor's
    queue item and notification, and the case's first tasks; every e-mail is empty of
    names, dates, BSNs and case details."""
    response = client_for("employee").post(f"/verzuim/ziekmelden/{world.own_employee.pk}/", _body())
    assert response.status_code == 302
    report = SickReport.objects.get(employee=world.own_employee)
    assert _who(Kind.SICK_REPORT_RECEIVED) == {"employee"}
    assert _who(Kind.SICK_REPORT) == {"manager", "hr", "doctor"}
    assert ServiceQueueItem.objects.filter(report=report, handled_at__isnull=True).exists()
    assert Task.objects.filter(case=report.case).exists()  # not "Nog geen taken"
    # Nobody outside: not the other employer's HR, not the colleague's roles.
    assert not Notification.objects.filter(recipient=world.outsider).exists()
    assert not Notification.objects.filter(recipient=world.employer_admin).exists()
    # The e-mails (default: immediately), one per notification, content-free.
    addressed = sorted(m.to[0].split("@")[0] for m in mail.outbox)
    assert addressed == ["doctor", "employee", "hr", "manager"]
    forbidden = personal_strings(world, report)
    for message in mail.outbox:
        assert leaks(message, forbidden) == []
        assert "/meldingen/" in message.body
    # The employee's page shows the case's tasks straight away.
    page = client_for("employee").get("/verzuim/mijn-taken/").content.decode()
    assert "Nog geen taken" not in page


def test_nothing_is_sent_inside_the_request_the_job_is_stored_with_the_report(world, client_for):
    """With the database backend the request stores the notifications and their e-mail
    job in the report's transaction; the worker sends (a mail server that is down cannot
    fail or delay a sick report)."""
    client_for("hr").post(f"/verzuim/ziekmelden/{world.kitchen_employee.pk}/", _body())
    assert mail.outbox == []
    made = Notification.objects.filter(emailed_at__isnull=True)
    # Only the doctor: Kees has no account nor a manager in the world, and HR reported it.
    assert made.count() == 1
    jobs = DBTaskResult.objects.filter(task_path=f"{tasks.__name__}.deliver")
    queued = {pk for job in jobs for pk in job.args_kwargs["args"][0]}
    assert queued == set(made.values_list("pk", flat=True))
    for job in jobs:
        tasks.deliver.call(*job.args_kwargs["args"])
    assert [m.to for m in mail.outbox] == [[world.doctor.email]]
    # A second run of the job (a retry) sends nothing twice.
    for job in jobs:
        assert tasks.deliver.call(*job.args_kwargs["args"]) == 0


def test_a_refused_sick_report_leaves_no_notification(world, report_for):
    report_for("hr", world.own_employee)
    before = Notification.objects.count()
    with pytest.raises(ServiceError):
        report_for("hr", world.own_employee)  # a second open report is refused
    assert Notification.objects.count() == before


def test_recovery_tells_manager_hr_and_doctor_not_the_reporter(world, actor_of, report_for):
    report = report_for("employee", world.own_employee)
    Notification.objects.all().delete()
    absence_services.recovery_report(
        actor=actor_of("manager"), report=report, version=report.version,
        recovered_on=clock.today() + dt.timedelta(days=1),
    )  # fmt: skip
    assert _who(Kind.RECOVERY) == {"hr", "doctor"}  # the manager reported it


def test_an_advice_published_tells_employee_manager_and_hr(world, actor_of, report_for):
    report_for("employee", world.own_employee)
    Notification.objects.all().delete()
    advice = absence_services.advice_publish(
        actor=actor_of("doctor"), employee=world.own_employee, source_ref="notify-1",
        data=absence_services.AdviceInput(
            advised_on=clock.today(), work_possible="Licht werk.",
            work_not_possible="Niet tillen.", implications_for_work="",
            expected_duration="weeks_2_6", incapacity_percentage=50, adjustments_advice="",
        ),
    )  # fmt: skip
    assert _who(Kind.ADVICE_PUBLISHED) == {"employee", "manager", "hr"}
    assert {n.link for n in Notification.objects.all()} == {f"/verzuim/advies/{advice.pk}/"}


def test_a_plan_and_its_revision_wait_for_the_employees_signature(world, actor_of):
    case = make_case(world.own_employee, days_ago=60)
    advice = publish(case, world.doctor)
    version = reintegration_services.plan_draw_up(
        actor=actor_of("hr"), case=case, data=plan_input(case, advice, world.hr)
    )
    assert _who(Kind.PLAN_TO_SIGN) == {"employee"}
    reintegration_services.plan_revise(
        actor=actor_of("hr"), plan=version.plan, based_on=1,
        data=plan_input(case, advice, world.hr, goals="Terug in aangepast werk.",
                        change_reason="Het doel is bijgesteld."),
    )  # fmt: skip
    signs = Notification.objects.filter(kind=Kind.PLAN_TO_SIGN)
    assert signs.count() == 2
    assert {n.link for n in signs} == {f"/verzuim/dossiers/{case.pk}/plan/mijn-visie/"}


def test_withdrawn_emergency_information_tells_those_who_could_see_it(world, actor_of, report_for):
    report_for("employee", world.own_employee)
    eva = actor_of("employee")
    absence_services.emergency_info_set(
        actor=eva, employee=world.own_employee, text="Bij onwel worden 112 bellen.",
        visible_to_manager=True, visible_to_hr=False,
    )  # fmt: skip
    absence_services.emergency_info_withdraw(actor=eva, employee=world.own_employee)
    # The doctor sees it always; the manager was chosen; HR was not.
    assert _who(Kind.EMERGENCY_INFO_WITHDRAWN) == {"manager", "doctor"}


def test_reminders_before_and_after_a_due_date_and_hr_when_a_legal_deadline_passes(
    world, immediate_tasks
):
    case = make_case(world.own_employee, days_ago=38)  # problem analysis due in 4 days
    sync.tasks_sync(case)
    sync.reminders_queue(clock.today())
    soon = Notification.objects.filter(kind=Kind.TASK_DUE_SOON).count()
    sync.reminders_queue(clock.today())
    assert Notification.objects.filter(kind=Kind.TASK_DUE_SOON).count() == soon  # once
    assert "doctor" in _who(Kind.TASK_DUE_SOON)
    sync.reminders_queue(clock.today() + dt.timedelta(days=10))
    late = Notification.objects.filter(kind=Kind.TASK_OVERDUE).count()
    sync.reminders_queue(clock.today() + dt.timedelta(days=10))
    assert Notification.objects.filter(kind=Kind.TASK_OVERDUE).count() == late  # once
    assert "doctor" in _who(Kind.TASK_OVERDUE)
    assert "hr" in _who(Kind.DEADLINE_PASSED) | _who(Kind.TASK_OVERDUE)
    assert _who(Kind.DEADLINE_PASSED) <= {"hr"}
    forbidden = personal_strings(world, *SickReport.objects.filter(case=case))
    assert mail.outbox
    for message in mail.outbox:
        assert leaks(message, forbidden) == []


def test_sick_report_service_from_the_api_signals_the_same(world, actor_of):
    report = absence_services.sick_report_create(
        actor=actor_of("manager"), employee=world.night_employee, data=sick_input()
    )
    # Nina has no account; HR and the doctor hear of it; the manager reported it.
    assert _who(Kind.SICK_REPORT) == {"hr", "doctor"}
    assert Task.objects.filter(case=report.case).exists()
