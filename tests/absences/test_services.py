"""Sick and recovery reports (R-SICK-1 to R-SICK-7, R-DOC-2, R-INC-1) through the
services, the one write path the pages and the API share."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from poortwachter.absences import selectors, services
from poortwachter.absences.models import (
    AbsenceCase,
    EmergencyInfo,
    ServiceQueueItem,
    SickReport,
)
from poortwachter.audit.models import AccessEvent, Action
from poortwachter.core import clock
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.notifications import tasks
from poortwachter.reintegration import sync
from tests.absences.conftest import DAY
from tests.helpers import IMMEDIATE_TASKS

MEDICAL = "Ze heeft rugklachten en gaat naar de fysiotherapeut."


def test_sick_report_has_exactly_the_fields_the_law_allows():
    """R-SICK-1/R-SICK-2 by construction: no field for nature, cause, diagnosis,
    treatment or a percentage. A new field must be argued here, not slipped in."""
    allowed = {
        "id",
        "created_at",
        "updated_at",
        "case",
        "employer",
        "employee",
        "first_sick_day",
        "reported_at",
        "reported_by",
        "phone",
        "care_street",
        "care_house_number",
        "care_postcode",
        "care_city",
        "expected_duration",
        "appointments_and_work",
        "safety_net_applies",
        "work_accident",
        "traffic_accident_third_party",
        "recovered_on",
        "recovery_reported_at",
        "version",
    }
    concrete = {f.name for f in SickReport._meta.concrete_fields}
    assert concrete == allowed


@pytest.mark.parametrize(
    ("persona", "subject"),
    [("employee", "own_employee"), ("manager", "night_employee"), ("hr", "kitchen_employee")],
)
def test_who_may_report_sick(world, report_for, persona, subject):
    employee = getattr(world, subject)
    with override_settings(TASKS=IMMEDIATE_TASKS):
        report = report_for(persona, employee)
    assert report.case.first_sick_day == clock.today()
    assert ServiceQueueItem.objects.filter(report=report, handled_at__isnull=True).exists()
    event = AccessEvent.objects.get(action=Action.CREATE, target_id=str(report.pk))
    assert event.subject_employee_id == employee.pk
    # R-DOC-2: the doctor serving the employer is told there is an item, and no more
    # (issue 19: the others who hear of it are tested in tests/notifications).
    [message] = [m for m in mail.outbox if m.to == [world.doctor.email]]
    assert employee.last_name not in message.body
    assert employee.first_name not in message.body


def test_the_doctors_mail_is_a_job_stored_with_the_report(world, report_for, settings):
    """The request never talks to the mail server: the job is stored in the report's
    transaction and the worker sends it, so a mail server that is down cannot fail or
    delay a sick report."""
    settings.EMAIL_BACKEND = "tests.absences.test_services.UnreachableMailServer"
    report_for("hr", world.kitchen_employee)
    assert mail.outbox == []
    [job] = DBTaskResult.objects.filter(task_path=f"{tasks.__name__}.deliver")
    with pytest.raises(ConnectionRefusedError):
        tasks.deliver.call(*job.args_kwargs["args"])
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.deliver.call(*job.args_kwargs["args"]) == 1
    assert mail.outbox[0].to == [world.doctor.email]


class UnreachableMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("no mail server")


@pytest.mark.parametrize(
    ("persona", "subject"),
    [
        ("manager", "kitchen_employee"),  # not in the manager's departments
        ("manager", "other_employee"),
        ("hr", "other_employee"),
        ("outsider", "own_employee"),
        ("employee", "kitchen_employee"),  # a colleague
        ("employer_admin", "own_employee"),
        ("doctor", "own_employee"),
        ("assistant", "own_employee"),
        ("service_admin", "own_employee"),
        ("privacy_officer", "own_employee"),
    ],
)
def test_who_may_not_report_sick(world, report_for, persona, subject):
    with pytest.raises(Forbidden):
        report_for(persona, getattr(world, subject))
    assert not SickReport.objects.exists()


@pytest.mark.parametrize("persona", ["employee", "manager", "hr"])
def test_medical_text_is_refused_and_nothing_is_kept(world, report_for, persona):
    before = AccessEvent.objects.count()
    with pytest.raises(ServiceError) as refused:
        report_for(persona, world.own_employee, appointments_and_work=MEDICAL)
    assert "rugklachten" in str(refused.value)
    assert not SickReport.objects.exists()
    assert not AbsenceCase.objects.exists()
    assert AccessEvent.objects.count() == before
    assert not any("rug" in str(e.details) for e in AccessEvent.objects.all())


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"first_sick_day": clock.today() + DAY}, "toekomst"),
        ({"first_sick_day": clock.today() - dt.timedelta(days=400)}, "meer dan een jaar"),
        ({"care_postcode": "12345"}, "postcode"),
        ({"phone": "bel me"}, "telefoonnummer"),
        ({"expected_duration": "forever"}, "verwachte duur"),
        ({"care_city": "  "}, "verplicht"),
        ({"care_house_number": "ziek"}, "huisnummer"),
        ({"care_street": "Burn-out en depressie, opgenomen GGZ"}, "medische informatie"),
        ({"care_city": "hernia"}, "medische informatie"),
    ],
)
def test_bad_input_is_refused_in_dutch(world, report_for, overrides, message):
    with pytest.raises(ServiceError, match=message):
        report_for("hr", world.own_employee, **overrides)
    assert not SickReport.objects.exists()


def test_not_employed_on_the_first_sick_day(world, report_for):
    world.own_employee.employments.update(start_date=clock.today() - 10 * DAY)
    with pytest.raises(ServiceError, match="niet in dienst"):
        report_for("hr", world.own_employee, first_sick_day=clock.today() - 20 * DAY)
    world.own_employee.employments.update(end_date=clock.today() - 5 * DAY)
    with pytest.raises(ServiceError, match="niet in dienst"):
        report_for("hr", world.own_employee, first_sick_day=clock.today() - 2 * DAY)
    assert not SickReport.objects.exists()


@pytest.mark.parametrize("street", ["Kliniekweg", "Ziekenhuislaan", "Gasthuisstraat"])
def test_street_names_that_look_medical_are_addresses(world, report_for, street):
    report = report_for("hr", world.own_employee, care_street=street)
    assert report.care_street == street


def test_one_open_report_at_a_time(world, report_for):
    report_for("employee", world.own_employee, first_sick_day=clock.today() - 3 * DAY)
    with pytest.raises(ServiceError, match="loopt al"):
        report_for("hr", world.own_employee)
    assert SickReport.objects.count() == 1


def test_not_before_or_inside_an_earlier_period(world, report_for, actor_of):
    report = report_for("hr", world.own_employee, first_sick_day=clock.today() - 20 * DAY)
    services.recovery_report(
        actor=actor_of("hr"),
        report=report,
        recovered_on=clock.today() - 10 * DAY,
        version=report.version,
    )
    with pytest.raises(ServiceError, match="eerdere ziekteperiode"):
        report_for("hr", world.own_employee, first_sick_day=clock.today() - 15 * DAY)


def test_a_relapse_within_four_weeks_joins_the_case_and_moves_the_end(world, report_for, actor_of):
    hr = actor_of("hr")
    first = report_for("hr", world.own_employee, first_sick_day=clock.today() - 60 * DAY)
    services.recovery_report(
        actor=hr, report=first, recovered_on=clock.today() - 40 * DAY, version=first.version
    )
    second = report_for("hr", world.own_employee, first_sick_day=clock.today() - 13 * DAY)
    assert second.case_id == first.case_id
    case = AbsenceCase.objects.get(pk=first.case_id)
    assert case.gap_days == 27
    assert case.closed_on is None
    assert SickReport.objects.count() == 2  # still two reports for frequency counts


def test_four_weeks_fit_starts_a_new_case(world, report_for, actor_of):
    first = report_for("hr", world.own_employee, first_sick_day=clock.today() - 60 * DAY)
    services.recovery_report(
        actor=actor_of("hr"),
        report=first,
        recovered_on=clock.today() - 40 * DAY,
        version=first.version,
    )
    second = report_for("hr", world.own_employee, first_sick_day=clock.today() - 12 * DAY)
    assert second.case_id != first.case_id


def test_leave_does_not_break_the_adding_up(world, report_for, actor_of):
    hr = actor_of("hr")
    first = report_for("hr", world.own_employee, first_sick_day=clock.today() - 200 * DAY)
    services.recovery_report(
        actor=hr, report=first, recovered_on=clock.today() - 150 * DAY, version=first.version
    )
    services.leave_period_record(
        actor=hr,
        employee=world.own_employee,
        start=clock.today() - 145 * DAY,
        end=clock.today() - 30 * DAY,
    )
    second = report_for("hr", world.own_employee, first_sick_day=clock.today() - 20 * DAY)
    assert second.case_id == first.case_id  # 5 + 9 fit days, the leave not counted


def test_recovery_rules(world, report_for, actor_of):
    hr = actor_of("hr")
    report = report_for("hr", world.own_employee, first_sick_day=clock.today() - 5 * DAY)
    with pytest.raises(ServiceError, match="na de eerste ziektedag"):
        services.recovery_report(
            actor=hr, report=report, recovered_on=report.first_sick_day, version=report.version
        )
    with pytest.raises(ServiceError, match="twee weken vooruit"):
        services.recovery_report(
            actor=hr, report=report, recovered_on=clock.today() + 20 * DAY, version=report.version
        )
    done = services.recovery_report(
        actor=hr, report=report, recovered_on=clock.today(), version=report.version
    )
    assert done.recovered_on == clock.today()
    assert AbsenceCase.objects.get(pk=report.case_id).closed_on == clock.today()
    with pytest.raises(ServiceError, match="al herstel"):
        services.recovery_report(
            actor=hr, report=done, recovered_on=clock.today(), version=done.version
        )


def test_concurrent_edits_do_not_overwrite_each_other(world, report_for, actor_of):
    report = report_for("hr", world.own_employee, first_sick_day=clock.today() - 30 * DAY)
    stale = report.version
    services.partial_recovery_record(
        actor=actor_of("manager"),
        report=report,
        from_date=clock.today() - 5 * DAY,
        hours_per_week=Decimal("16"),
        version=stale,
    )
    with pytest.raises(services.ConcurrentChange):
        services.recovery_report(
            actor=actor_of("hr"), report=report, recovered_on=clock.today(), version=stale
        )
    assert SickReport.objects.get(pk=report.pk).recovered_on is None


def test_partial_recovery_is_in_hours_below_the_contract(world, report_for, actor_of):
    report = report_for("hr", world.own_employee, first_sick_day=clock.today() - 30 * DAY)
    for hours in ("0", "32", "40"):  # the factory contract is 32 hours
        with pytest.raises(ServiceError, match="uren"):
            services.partial_recovery_record(
                actor=actor_of("hr"),
                report=report,
                from_date=clock.today() - 2 * DAY,
                hours_per_week=Decimal(hours),
                version=report.version,
            )
    services.partial_recovery_record(
        actor=actor_of("hr"),
        report=report,
        from_date=clock.today() - 2 * DAY,
        hours_per_week=Decimal("20"),
        version=report.version,
    )


def test_emergency_info_is_the_employees_own_choice(world, actor_of, report_for):
    with pytest.raises(Forbidden):
        services.emergency_info_set(
            actor=actor_of("hr"),
            employee=world.own_employee,
            text="x",
            visible_to_manager=True,
            visible_to_hr=True,
        )
    info = services.emergency_info_set(
        actor=actor_of("employee"),
        employee=world.own_employee,
        text="Ik heb diabetes. Bij een hypo: geef suiker en bel 112.",
        visible_to_manager=True,
        visible_to_hr=False,
    )
    assert info.consent_given_at is not None
    from poortwachter.absences.policies import emergency_info_for

    assert emergency_info_for(actor_of("manager"), world.own_employee) is not None
    assert emergency_info_for(actor_of("hr"), world.own_employee) is None
    assert emergency_info_for(actor_of("outsider"), world.own_employee) is None
    assert emergency_info_for(actor_of("employer_admin"), world.own_employee) is None
    services.emergency_info_withdraw(actor=actor_of("employee"), employee=world.own_employee)
    info = EmergencyInfo.objects.get(employee=world.own_employee)
    assert info.text == ""
    assert info.withdrawn_at is not None
    assert emergency_info_for(actor_of("manager"), world.own_employee) is None


def test_leave_recorded_by_hr_during_an_open_report_moves_the_end_of_wage_continuation(
    world, report_for, actor_of
):
    """Art. 7:629 lid 10 BW, DOMAIN.md §1 (issue 16): pregnancy and maternity leave inside
    a case does not count towards the 104 weeks. Sick since 30 days ago, HR records 112
    days of leave from 10 days ago: the end moves from first sick day + 728 days to + 840,
    on the stored case and in its Poortwachter timeline alike."""
    hr, today = actor_of("hr"), clock.today()
    report = report_for("hr", world.own_employee, first_sick_day=today - 30 * DAY)
    assert selectors.wage_continuation_ends(report.case) == today - 30 * DAY + 728 * DAY
    services.leave_period_record(
        actor=hr, employee=world.own_employee, start=today - 10 * DAY, end=today + 101 * DAY
    )
    assert selectors.wage_continuation_ends(report.case) == today - 30 * DAY + 840 * DAY
    line = sync.case_timeline(report.case, today)
    assert line is not None
    assert line.leave_days == 112
    assert line.wage_continuation_ends == today - 30 * DAY + 840 * DAY
