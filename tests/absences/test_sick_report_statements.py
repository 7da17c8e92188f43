"""What one sick report costs and what it still makes (issue 21; R-SICK-1/2, R-DOC-2,
R-REINT-3, issue 19).

The statement count is pinned so it cannot creep back: a sick report did 47 statements
after issue 19 and 20 (recipients per kind, one notification INSERT and one e-mail job
per kind, a timeline read of seven empty tables and its tasks inserted one by one, a
webhook query). Each test below also pins that what those statements made is still made,
and the same as the general task sync would make."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from poortwachter.absences import services
from poortwachter.absences.models import LeavePeriod, PublishedAdvice, SickReport
from poortwachter.core import clock
from poortwachter.core.roles import Role
from poortwachter.integrations import services as integrations
from poortwachter.integrations.models import WebhookDelivery
from poortwachter.notifications import selectors as recipients
from poortwachter.notifications import tasks
from poortwachter.notifications.models import Delivery, Kind, Notification, Preference
from poortwachter.organisations.models import DoctorAssignment, Employment
from poortwachter.reintegration import sync
from poortwachter.reintegration.models import Task, UwvNotification
from tests.absences.conftest import sick_input
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    EmploymentFactory,
    UserFactory,
    grant,
)

#: Session, user, roles, the employee through the policy; then in one transaction (here
#: a savepoint pair, the test's own transaction around it): the check, lock, employment,
#: last period and what a new case needs in one statement, the case, the report, the
#: service's queue item, the recipients, the notifications, their one e-mail job, the
#: tasks, the access event. No webhook query: the employer has none.
SICK_REPORT_STATEMENTS = 15


def _body(day: dt.date | None = None) -> dict:
    return {
        "first_sick_day": (day or clock.today()).isoformat(), "phone": "0612345678",
        "care_street": "Lindelaan", "care_house_number": "12", "care_postcode": "3511 AB",
        "care_city": "Utrecht", "expected_duration": "days",
        "appointments_and_work": "Klantafspraak donderdag verzetten.",
        "safety_net_applies": "nee", "work_accident": "nee",
        "traffic_accident_third_party": "nee",
    }  # fmt: skip


def _statements(client, employee) -> tuple[int, int, list[str]]:
    with (
        CaptureQueriesContext(connections["default"]) as main,
        CaptureQueriesContext(connections["medical"]) as medical,
    ):
        response = client.post(f"/verzuim/ziekmelden/{employee.pk}/", _body())
    assert response.status_code == 302, response.content[:500]
    return len(main), len(medical), [q["sql"][:120] for q in main.captured_queries]


def test_a_sick_report_costs_a_pinned_number_of_statements_and_makes_everything(world, client_for):
    """HR reports Eva sick through the whole middleware: the statements are counted, and
    the manager, the doctor and Eva herself are told (HR reported it), in one INSERT with
    one e-mail job for all three; the case has its first tasks (issue 19)."""
    client = client_for("hr")
    client.post(f"/verzuim/ziekmelden/{world.kitchen_employee.pk}/", _body())  # warm-up
    DBTaskResult.objects.all().delete()
    Notification.objects.all().delete()
    main, medical, sql = _statements(client, world.own_employee)
    assert (main, medical) == (SICK_REPORT_STATEMENTS, 0), "\n".join(sql)
    report = SickReport.objects.get(employee=world.own_employee)
    made = list(Notification.objects.all())  # those of this report only (cleared above)
    got = {(n.recipient_id, n.kind, n.link) for n in made}
    assert got == {
        (world.manager.pk, Kind.SICK_REPORT, f"/verzuim/meldingen/{report.pk}/"),
        (world.doctor.pk, Kind.SICK_REPORT, "/bedrijfsarts/werkvoorraad/"),
        (world.employee.pk, Kind.SICK_REPORT_RECEIVED, "/verzuim/"),
    }
    jobs = DBTaskResult.objects.filter(task_path=f"{tasks.__name__}.deliver")
    assert [sorted(job.args_kwargs["args"][0]) for job in jobs] == [sorted(n.pk for n in made)]
    assert Task.objects.filter(case=report.case).exists()
    # What the general sync would make of the case, the first tasks already are.
    again = sync.tasks_sync(report.case)
    assert (again["created"], again["updated"], again["notifications"]) == (0, 0, 0)


def test_a_webhook_of_the_employer_still_gets_the_sick_report(world, client_for, actor_of):
    """The flag that spares the webhook query is set when a webhook is registered."""
    integrations.webhook_register(
        actor=actor_of("employer_admin"), employer=world.employer,
        url="https://hooks.example.org/poortwachter",
    )  # fmt: skip
    world.employer.refresh_from_db()
    assert world.employer.has_webhooks
    main, _medical, _sql = _statements(client_for("hr"), world.own_employee)
    assert main == SICK_REPORT_STATEMENTS + 3  # the hooks, their delivery, its job
    delivery = WebhookDelivery.objects.get()
    assert delivery.event_type == "absence.started"
    assert delivery.payload["data"]["employee_id"] == world.own_employee.pk


@pytest.mark.parametrize(
    "situation",
    ["plain", "backdated", "safety_net", "leave", "loose_advice", "fixed_term", "relapse"],
)
def test_a_new_cases_first_tasks_are_what_the_general_sync_makes(world, actor_of, situation):
    """``tasks_open`` (the new case, from what it is known to hold) against
    ``tasks_sync`` (asking the database everything): after the report the sync finds
    nothing to add or change, in every situation that reaches outside the new case."""
    employee = world.own_employee
    today = clock.today()
    day = today
    overrides = {}
    if situation == "backdated":
        day = today - dt.timedelta(days=300)  # the 42nd-week notification is near
    elif situation == "safety_net":
        overrides["safety_net_applies"] = True
    elif situation == "leave":
        day = today - dt.timedelta(days=20)
        LeavePeriod.objects.create(
            employer=world.employer, employee=employee, start=day - dt.timedelta(days=10),
            end=today + dt.timedelta(days=60),
        )  # fmt: skip
    elif situation == "loose_advice":
        day = today - dt.timedelta(days=60)
        PublishedAdvice.objects.create(
            employer=world.employer, employee=employee, case=None, doctor=world.doctor,
            advised_on=day + dt.timedelta(days=5), published_at=clock.now(),
            source_ref="loose-1", work_possible="Licht werk.", work_not_possible="Niet tillen.",
            expected_duration="weeks_6_months_3", incapacity_percentage=50,
        )  # fmt: skip
    elif situation == "fixed_term":
        Employment.objects.filter(employee=employee).update(end_date=today + dt.timedelta(days=30))
    elif situation == "relapse":
        first = services.sick_report_create(
            actor=actor_of("hr"), employee=employee,
            data=sick_input(first_sick_day=today - dt.timedelta(days=30)),
        )  # fmt: skip
        SickReport.objects.filter(pk=first.pk).update(recovered_on=today - dt.timedelta(days=10))
    report = services.sick_report_create(
        actor=actor_of("hr"), employee=employee,
        data=sick_input(first_sick_day=day, **overrides),
    )  # fmt: skip
    tasks_made = set(Task.objects.filter(case=report.case).values_list("code", "n", "status"))
    uwv_made = set(UwvNotification.objects.filter(case=report.case).values_list("kind", "due_on"))
    if situation != "leave":  # leave from before the first sick day moves every step
        assert tasks_made
    if situation == "safety_net":
        assert {kind for kind, _due in uwv_made} == {"safety_net"}
    if situation == "fixed_term":
        assert {kind for kind, _due in uwv_made} == {"left_service"}
    if situation == "relapse":
        assert report.case.first_sick_day == today - dt.timedelta(days=30)  # joined
    with transaction.atomic():
        again = sync.tasks_sync(report.case)
    assert (again["created"], again["updated"], again["notifications"]) == (0, 0, 0)
    assert (
        set(Task.objects.filter(case=report.case).values_list("code", "n", "status")) == tasks_made
    )


def test_the_recipients_in_one_query_are_those_of_the_single_finders(world):
    """``event_recipients`` against ``manager_users``/``hr_users``/``doctor_users``/
    ``employee_users``: managers up the department tree, not of a sibling department or
    an inactive account, HR of the employer only, doctors serving today only."""
    deep = DepartmentFactory(
        employer=world.employer, name="Nacht-Zuid", parent=world.sub_department
    )
    employee = EmployeeFactory(employer=world.employer)
    EmploymentFactory(employee=employee, employer=world.employer, department=deep)
    night_manager = UserFactory(email="nacht@test.example")
    grant(night_manager, Role.MANAGER, employer=world.employer, department=world.sub_department)
    kitchen_manager = UserFactory(email="keuken@test.example")
    grant(
        kitchen_manager, Role.MANAGER, employer=world.employer, department=world.sibling_department
    )
    gone = UserFactory(email="weg@test.example", is_active=False)
    grant(gone, Role.HR, employer=world.employer)
    former = UserFactory(email="oud@test.example")
    grant(former, Role.DOCTOR)
    DoctorAssignment.objects.create(
        employer=world.employer, doctor=former, since=dt.date(2020, 1, 1),
        until=clock.today() - dt.timedelta(days=1),
    )  # fmt: skip
    for person in (employee, world.own_employee, world.other_employee):
        found = recipients.event_recipients(person.pk, person.employer_id)
        assert found.managers == recipients.manager_users(person.pk)
        assert found.hr == recipients.hr_users(person.employer_id)
        assert found.doctors == recipients.doctor_users(person.employer_id)
        assert found.own == recipients.employee_users(person.pk)
    found = recipients.event_recipients(employee.pk, world.employer.pk)
    assert found.managers == {world.manager.pk, night_manager.pk}
    assert found.hr == {world.hr.pk}
    assert found.doctors == {world.doctor.pk}


def test_the_one_job_of_a_sick_report_follows_each_recipients_choice(world, report_for):
    """One job for the whole event (issue 21) still e-mails per recipient as each chose
    (issue 19): the manager chose the digest, the doctor the app only, the employee did
    not choose (immediately); HR reported it and hears nothing."""
    Preference.objects.create(user=world.manager, delivery=Delivery.DIGEST)
    Preference.objects.create(user=world.doctor, delivery=Delivery.IN_APP)
    report_for("hr", world.own_employee)
    (job,) = DBTaskResult.objects.filter(task_path=f"{tasks.__name__}.deliver")
    assert tasks.deliver.call(*job.args_kwargs["args"]) == 1
    assert [m.to for m in mail.outbox] == [[world.employee.email]]
    assert Notification.objects.filter(recipient=world.manager, emailed_at__isnull=True).exists()
