"""Evaluations, notifications to UWV, third parties' reports and the task dashboard's
tasks (R-REINT-2, R-REINT-3)."""

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from poortwachter.absences.models import PartialRecovery
from poortwachter.core import clock
from poortwachter.core.errors import ServiceError
from poortwachter.reintegration import documents, services, sync
from poortwachter.reintegration.models import (
    Evaluation,
    NotificationKind,
    ReminderKind,
    Task,
    TaskReminder,
    TaskStatus,
    ThirdPartyReport,
    UwvNotification,
)
from poortwachter.reintegration.timeline import UWV_42_WEEK_NOTIFICATION, public_holidays
from tests.reintegration.conftest import make_case, plan_input, publish


def _with_plan(world, actor_of, case):
    return services.plan_draw_up(
        actor=actor_of("hr"), case=case, data=plan_input(case, case.advice, world.hr)
    )


def _evaluation(**changes):
    values = {
        "kind": "periodic",
        "held_on": clock.today(),
        "outcome": "Opbouw gaat goed.",
        "employer_view": "Tevreden.",
        "employee_view": "",
        "plan_needs_revision": False,
    }
    values.update(changes)
    return services.EvaluationInput(**values)


# --- evaluations ---------------------------------------------------------------------


def test_an_evaluation_needs_a_plan_first(world, actor_of, long_case):
    with pytest.raises(ServiceError, match="eerst een plan van aanpak"):
        services.evaluation_record(actor=actor_of("hr"), case=long_case, data=_evaluation())


def test_hr_records_an_evaluation_with_both_views(world, actor_of, long_case):
    version = _with_plan(world, actor_of, long_case)
    evaluation = services.evaluation_record(
        actor=actor_of("hr"), case=long_case,
        data=_evaluation(employee_view="Ik merk vooruitgang.", plan_needs_revision=True),
    )  # fmt: skip
    assert evaluation.plan_version == version
    assert evaluation.employee_view == "Ik merk vooruitgang."
    done = Task.objects.get(case=long_case, code="plan_of_action")
    assert done.status == TaskStatus.DONE


def test_evaluation_dates_and_text_are_checked(world, actor_of, long_case):
    _with_plan(world, actor_of, long_case)
    data = _evaluation(held_on=clock.today() + dt.timedelta(days=1), outcome="Zij had een hernia.")
    with pytest.raises(ServiceError) as refused:
        services.evaluation_record(actor=actor_of("hr"), case=long_case, data=data)
    assert {"held_on", "outcome"} <= set(refused.value.message_dict)
    before_plan = _evaluation(held_on=long_case.first_sick_day)
    with pytest.raises(ServiceError) as refused:
        services.evaluation_record(actor=actor_of("hr"), case=long_case, data=before_plan)
    assert "held_on" in refused.value.message_dict
    assert not Evaluation.objects.exists()


def test_only_one_first_year_evaluation(world, actor_of, long_case):
    _with_plan(world, actor_of, long_case)
    services.evaluation_record(
        actor=actor_of("hr"), case=long_case, data=_evaluation(kind="first_year")
    )
    with pytest.raises(ServiceError) as refused:
        services.evaluation_record(
            actor=actor_of("hr"), case=long_case, data=_evaluation(kind="first_year")
        )
    assert "kind" in refused.value.message_dict


def test_the_manager_cannot_record_an_evaluation(world, actor_of, long_case):
    _with_plan(world, actor_of, long_case)
    with pytest.raises(PermissionDenied):
        services.evaluation_record(actor=actor_of("manager"), case=long_case, data=_evaluation())


# --- notifications to UWV --------------------------------------------------------------


def test_the_42nd_week_notification_gets_its_deadline_from_the_timeline(world):
    case = make_case(world.own_employee, days_ago=270)
    publish(case, world.doctor)
    sync.tasks_sync(case)
    notification = UwvNotification.objects.get(case=case, kind=NotificationKind.WEEK_42)
    task = Task.objects.get(case=case, code=UWV_42_WEEK_NOTIFICATION)
    assert notification.due_on == task.due_on
    day_295 = case.first_sick_day + dt.timedelta(days=294)
    assert day_295 <= notification.due_on <= day_295 + dt.timedelta(days=4)  # a working day


def test_no_42nd_week_notification_for_a_short_case(world):
    case = make_case(world.own_employee, days_ago=20)
    sync.tasks_sync(case)
    assert not UwvNotification.objects.filter(case=case).exists()


def test_a_safety_net_case_gets_an_early_notification_without_saying_which(world):
    case = make_case(world.own_employee, days_ago=2, safety_net=True)
    sync.tasks_sync(case)
    notification = UwvNotification.objects.get(case=case)
    assert notification.kind == NotificationKind.SAFETY_NET
    assert notification.due_on == case.first_sick_day + dt.timedelta(days=3)
    field_names = {f.name for f in UwvNotification._meta.get_fields()}
    assert not {"provision", "safety_net_kind", "which"} & field_names


def test_hr_records_the_notification_as_sent_once(world, actor_of):
    case = make_case(world.own_employee, days_ago=290)
    publish(case, world.doctor)
    sync.tasks_sync(case)
    notification = UwvNotification.objects.get(case=case, kind=NotificationKind.WEEK_42)
    with pytest.raises(ServiceError) as refused:
        services.notification_mark_sent(
            actor=actor_of("hr"), notification=notification, sent_on=clock.today(), sent_via="fax"
        )
    assert "sent_via" in refused.value.message_dict
    sent = services.notification_mark_sent(
        actor=actor_of("hr"), notification=notification, sent_on=clock.today(),
        sent_via="portal", reference="UWV-123",
    )  # fmt: skip
    assert sent.sent_on == clock.today()
    assert sent.recorded_by == world.hr
    task = Task.objects.get(case=case, code=UWV_42_WEEK_NOTIFICATION)
    assert task.status == TaskStatus.DONE
    assert task.done_on == clock.today()
    with pytest.raises(ServiceError, match="al als verstuurd"):
        services.notification_mark_sent(
            actor=actor_of("hr"),
            notification=notification,
            sent_on=clock.today(),
            sent_via="portal",
        )


def _sent_42(world, actor_of, *, days_ago=300):
    case = make_case(world.own_employee, days_ago=days_ago)
    publish(case, world.doctor)
    sync.tasks_sync(case)
    notification = UwvNotification.objects.get(case=case, kind=NotificationKind.WEEK_42)
    services.notification_mark_sent(actor=actor_of("hr"), notification=notification,
                                    sent_on=clock.today(), sent_via="portal")  # fmt: skip
    return case


def test_a_recovery_after_the_42nd_week_notification_needs_a_recovery_notice(world, actor_of):
    """Issue 16: after the 42nd-week notification UWV is told of the full recovery, within
    two working days of the first day back [B, docs/poortwachter.md]: back on a Monday,
    due that Wednesday. Back on Thursday 24-12-2026: Friday 25 and Saturday 26 (Christmas)
    and Sunday 27 are no working days, so due Tuesday 29-12-2026."""
    assert sync._after_working_days(dt.date(2026, 12, 24), 2) == dt.date(2026, 12, 29)
    assert sync._after_working_days(dt.date(2026, 12, 7), 2) == dt.date(2026, 12, 9)
    case = _sent_42(world, actor_of)
    assert not UwvNotification.objects.filter(case=case, kind=NotificationKind.RECOVERY).exists()
    back = clock.today() + dt.timedelta(days=7 - clock.today().weekday())  # next Monday
    while {back + dt.timedelta(days=n) for n in range(3)} & (
        public_holidays(back.year) | public_holidays(back.year + 1)
    ):
        back += dt.timedelta(days=7)
    case.reports.update(recovered_on=back)
    case.closed_on = back
    case.save()
    assert case in sync.cases_to_sync()  # the daily job finds it, open tasks or not
    sync.tasks_sync(case)
    notice = UwvNotification.objects.get(case=case, kind=NotificationKind.RECOVERY)
    assert notice.due_on == back + dt.timedelta(days=2)
    sync.tasks_sync(case)  # idempotent: one notice
    assert UwvNotification.objects.filter(case=case, kind=NotificationKind.RECOVERY).count() == 1


def test_no_recovery_notice_without_a_sent_42nd_week_notification(world):
    case = make_case(world.own_employee, days_ago=40)
    case.reports.update(recovered_on=clock.today())
    case.closed_on = clock.today()
    case.save()
    sync.tasks_sync(case)
    assert not UwvNotification.objects.filter(case=case, kind=NotificationKind.RECOVERY).exists()


def test_an_employment_ending_while_sick_is_reported_by_its_last_day(world):
    """DOMAIN.md §1 (vangnet cases): sick when the employment ends, UWV is told by the last
    working day; the case's employer's last employment of the employee decides."""
    case = make_case(world.own_employee, days_ago=30)
    last_day = clock.today() + dt.timedelta(days=10)
    world.own_employee.employments.update(end_date=last_day)
    sync.tasks_sync(case)
    notice = UwvNotification.objects.get(case=case, kind=NotificationKind.LEFT_SERVICE)
    assert notice.due_on == last_day


def test_no_left_service_notice_when_the_employee_recovered_first(world):
    case = make_case(world.own_employee, days_ago=30)
    case.reports.update(recovered_on=clock.today() - dt.timedelta(days=5))
    case.closed_on = clock.today() - dt.timedelta(days=5)
    case.save()
    world.own_employee.employments.update(end_date=clock.today())
    sync.tasks_sync(case)
    assert not UwvNotification.objects.filter(
        case=case, kind=NotificationKind.LEFT_SERVICE
    ).exists()


def test_the_42nd_week_notification_carries_what_uwv_asks(world, actor_of, client_for):
    """The service and company doctor, whether and how many hours the employee works,
    and the contact person (the plan's case manager); what is missing is named."""
    case = make_case(world.own_employee, days_ago=290)
    case.advice = publish(case, world.doctor)
    sync.tasks_sync(case)
    notification = UwvNotification.objects.get(case=case, kind=NotificationKind.WEEK_42)
    data = documents.uwv_notification(notification)
    assert data["contact_person"] is None
    assert "een contactpersoon (de casemanager in het plan van aanpak)" in (
        documents.missing_uwv_data(data)
    )
    _with_plan(world, actor_of, case)
    PartialRecovery.objects.create(report=case.reports.get(), from_date=clock.today(),
                                   hours_per_week=Decimal(16))  # fmt: skip
    data = documents.uwv_notification(notification)
    assert data["contact_person"]["email"] == world.hr.email
    assert data["works_now"] == {"works": True, "hours_per_week": "16.0"}
    assert data["company_doctor"] == world.doctor.get_full_name()
    page = client_for("hr").get(f"/verzuim/dossiers/{case.pk}/uwv/{notification.pk}/")
    assert page.status_code == 200
    page = html.unescape(page.content.decode())
    assert "uur per week" in page
    assert world.doctor.get_full_name() in page


# --- third parties' reports --------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _upload(actor, case, content, declared="application/pdf", title="Voortgangsrapport"):
    return services.report_upload(
        actor=actor, case=case, title=title, author="agency", received_on=clock.today(),
        content=content, declared_type=declared,
    )  # fmt: skip


def test_hr_uploads_a_pdf_or_png_recognised_by_content(world, actor_of, long_case):
    report = _upload(actor_of("hr"), long_case, PDF)
    assert report.content_type == "application/pdf"
    assert bytes(report.data) == PDF
    assert _upload(actor_of("hr"), long_case, PNG, "image/png").content_type == "image/png"


@pytest.mark.parametrize(
    ("content", "declared"),
    [
        (b"MZ\x90\x00 not a pdf", "application/pdf"),  # an executable calling itself a PDF
        (PDF, "image/png"),  # a PDF claiming to be an image
        (b"<html><script>alert(1)</script>", "text/html"),
        (b"", "application/pdf"),
    ],
)
def test_disguised_or_empty_uploads_are_refused(world, actor_of, long_case, content, declared):
    with pytest.raises(ServiceError) as refused:
        _upload(actor_of("hr"), long_case, content, declared)
    assert "upload" in refused.value.message_dict
    assert not ThirdPartyReport.objects.exists()


def test_an_upload_over_10_mb_is_refused(world, actor_of, long_case):
    too_big = PDF + b"0" * (10 * 1024 * 1024)
    with pytest.raises(ServiceError) as refused:
        _upload(actor_of("hr"), long_case, too_big)
    assert "10 MB" in refused.value.message_dict["upload"][0]


def test_an_upload_title_passes_the_guard(world, actor_of, long_case):
    with pytest.raises(ServiceError) as refused:
        _upload(actor_of("hr"), long_case, PDF, title="Verslag psycholoog over de depressie")
    assert "title" in refused.value.message_dict


# --- tasks and reminders --------------------------------------------------------------------


def test_tasks_sync_is_idempotent_and_follows_the_file(world, actor_of, long_case):
    first = sync.tasks_sync(long_case)
    assert first["created"] > 0
    assert sync.tasks_sync(long_case) == {"created": 0, "updated": 0, "notifications": 0}
    codes = set(Task.objects.filter(case=long_case).values_list("code", flat=True))
    assert {"report_to_service", "problem_analysis", "plan_of_action"} <= codes
    assert "wia_application" not in codes  # week 93 is far beyond the horizon
    analysis = Task.objects.get(case=long_case, code="problem_analysis")
    assert analysis.status == TaskStatus.DONE
    assert analysis.done_on == long_case.advice.advised_on
    assert analysis.role == "doctor"


def test_tasks_of_a_case_that_ended_lapse(world, long_case):
    sync.tasks_sync(long_case)
    long_case.reports.update(recovered_on=clock.today())
    long_case.closed_on = clock.today()
    long_case.save()
    sync.tasks_sync(long_case)
    assert not Task.objects.filter(case=long_case, status=TaskStatus.OPEN).exists()


def test_the_role_holder_completes_a_task(world, actor_of, long_case):
    sync.tasks_sync(long_case)
    task = Task.objects.filter(case=long_case, status=TaskStatus.OPEN, role="hr").first()
    with pytest.raises(PermissionDenied):
        services.task_set_status(actor=actor_of("employee"), task=task, status="done")
    done = services.task_set_status(actor=actor_of("hr"), task=task, status="done")
    assert done.status == TaskStatus.DONE
    assert done.done_by == world.hr
    sync.tasks_sync(long_case)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE


def test_reminders_are_sent_once_per_task_and_kind_without_content(
    world, actor_of, immediate_tasks
):
    case = make_case(world.own_employee, days_ago=38)  # problem analysis due in 4 days
    sync.tasks_sync(case)
    today = clock.today()
    sync.reminders_queue(today)
    sync.reminders_queue(today)
    before = TaskReminder.objects.filter(kind=ReminderKind.BEFORE)
    assert before.exists()
    assert all(r.sent_at for r in before)
    assert before.values("task").distinct().count() == before.count()
    sent = list(mail.outbox)
    assert sent
    assert {m.to[0] for m in sent} >= {world.doctor.email}
    for message in sent:
        text = message.subject + message.body
        assert "Eva" not in text
        assert "Eigen" not in text
        assert "probleemanalyse" not in text.lower()
        assert "Log in" in text
    # After the due date: one more, once.
    later = today + dt.timedelta(days=10)
    mail.outbox.clear()
    sync.reminders_queue(later)
    sync.reminders_queue(later)
    after = TaskReminder.objects.filter(kind=ReminderKind.AFTER)
    assert after.exists()
    assert after.values("task").distinct().count() == after.count()
    every = TaskReminder.objects.all()
    assert len(sent) + len(mail.outbox) == sum(r.recipients for r in every)


def test_the_daily_job_syncs_and_queues_reminders(world, immediate_tasks):
    case = make_case(world.own_employee, days_ago=38)
    summary = sync.reintegration_daily(clock.today())
    assert summary["cases"] >= 1
    assert summary["created"] > 0
    assert Task.objects.filter(case=case).exists()
    assert summary["reminders_before"] >= 1
    again = sync.reintegration_daily(clock.today())
    assert again["created"] == 0
    assert again["reminders_before"] == 0


def test_the_job_is_registered_with_the_scheduler():
    from poortwachter.scheduling.registry import jobs

    assert "reintegration" in {job.name for job in jobs()}


def test_a_step_done_late_is_shown_as_late_not_plain_done(world, client_for):
    """Issue 16: the report to the occupational health service is due on day 7; a case
    reported on day 21 shows that step done, 14 days late, in the timeline and the file."""
    case = make_case(world.own_employee, days_ago=20)
    case.reports.update(reported_at=clock.now())  # day 21: reported today
    sync.tasks_sync(case)
    task = Task.objects.get(case=case, code="report_to_service")
    assert (task.status, task.done_on) == (TaskStatus.DONE, clock.today())
    assert task.days_late == 14
    milestone = sync.case_timeline(case, clock.today()).milestone("report_to_service")
    assert milestone.days_late == 14
    page = client_for("hr").get(f"/verzuim/dossiers/{case.pk}/").content.decode()
    assert "14 dagen te laat" in page


def test_a_step_done_in_time_has_no_days_late(world):
    case = make_case(world.own_employee, days_ago=20)
    sync.tasks_sync(case)
    assert Task.objects.get(case=case, code="report_to_service").days_late is None
