"""Case managers (issue 19, R-REINT-2, R-REINT-3): HR assigns one per case (a user holding
HR at the employer), every change is kept (who, when, from, to), a plan naming another
one changes it too, HR's overview and "Mijn dossiers" show it, and the reminders of HR's
tasks go to the case manager first (``selectors.task_assignees``)."""

import datetime as dt

import pytest

from poortwachter.audit.models import AccessEvent
from poortwachter.core import clock
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.core.roles import Role
from poortwachter.reintegration import selectors, services
from poortwachter.reintegration.models import CaseManagerAssignment, Task, TaskRole
from tests.factories import UserFactory, grant
from tests.reintegration.conftest import make_case, plan_input

DAY = dt.timedelta(days=1)


@pytest.fixture
def second_hr(world):
    user = UserFactory(first_name="Henk", last_name="Tweede", email="hr2@test.example")
    grant(user, Role.HR, employer=world.employer)
    return user


def _assign(client, case, user):
    return client.post(f"/verzuim/dossiers/{case.pk}/casemanager/", {"manager_id": user.pk})


def test_hr_assigns_and_changes_with_a_history(world, client_for, long_case, second_hr):
    client = client_for("hr")
    assert _assign(client, long_case, world.hr).status_code == 302
    assert _assign(client, long_case, second_hr).status_code == 302
    history = selectors.case_manager_history(long_case)
    assert [(h.previous_id, h.manager_id, h.assigned_by_id) for h in history] == [
        (world.hr.pk, second_hr.pk, world.hr.pk),
        (None, world.hr.pk, world.hr.pk),
    ]
    assert selectors.current_case_manager(long_case) == second_hr
    page = client.get(f"/verzuim/dossiers/{long_case.pk}/casemanager/").content.decode()
    assert "Henk Tweede" in page
    event = AccessEvent.objects.filter(target_type__contains="casemanagerassignment").last()
    assert event is not None
    assert event.subject_employee_id == world.own_employee.pk


def test_only_someone_holding_hr_at_the_employer_can_be_case_manager(world, client_for, long_case):
    client = client_for("hr")
    for user in (world.manager, world.outsider, world.employee):
        response = _assign(client, long_case, user)
        assert response.status_code == 400
        assert not CaseManagerAssignment.objects.exists()


def test_the_same_case_manager_again_is_refused(world, actor_of, long_case):
    services.case_manager_assign(actor=actor_of("hr"), case=long_case, manager_id=world.hr.pk)
    with pytest.raises(ServiceError):
        services.case_manager_assign(actor=actor_of("hr"), case=long_case, manager_id=world.hr.pk)


def test_only_hr_assigns(world, actor_of, long_case):
    for persona in ("manager", "employee", "doctor"):
        with pytest.raises(Forbidden):
            services.case_manager_assign(
                actor=actor_of(persona), case=long_case, manager_id=world.hr.pk
            )


def test_a_plan_naming_another_case_manager_changes_it(world, actor_of, long_case, second_hr):
    services.case_manager_assign(actor=actor_of("hr"), case=long_case, manager_id=second_hr.pk)
    services.plan_draw_up(
        actor=actor_of("hr"), case=long_case,
        data=plan_input(long_case, long_case.advice, world.hr),
    )  # fmt: skip
    assert selectors.current_case_manager(long_case) == world.hr
    latest = selectors.case_manager_history(long_case)[0]
    assert (latest.previous_id, latest.manager_id) == (second_hr.pk, world.hr.pk)


def test_hr_overview_and_case_file_show_the_assigned_case_manager(
    world, client_for, actor_of, long_case, second_hr
):
    services.case_manager_assign(actor=actor_of("hr"), case=long_case, manager_id=second_hr.pk)
    client = client_for("hr")
    assert "Henk Tweede" in client.get("/verzuim/overzicht/").content.decode()
    assert "Henk Tweede" in client.get(f"/verzuim/dossiers/{long_case.pk}/").content.decode()
    assert client.get("/verzuim/overzicht/", {"sorteer": "casemanager"}).status_code == 200


def test_my_cases_lists_the_case_managers_open_cases_with_deadlines(
    world, client_for, actor_of, long_case, second_hr
):
    kees = make_case(world.kitchen_employee, days_ago=20)
    services.case_manager_assign(actor=actor_of("hr"), case=long_case, manager_id=world.hr.pk)
    services.case_manager_assign(actor=actor_of("hr"), case=kees, manager_id=second_hr.pk)
    Task.objects.create(
        case=long_case, employer=world.employer, employee=world.own_employee, code="late",
        label="Probleemanalyse", role=TaskRole.HR, due_on=clock.today() - 3 * DAY,
    )  # fmt: skip
    response = client_for("hr").get("/verzuim/mijn-dossiers/")
    rows = response.context["rows"]
    assert [row.case.pk for row in rows] == [long_case.pk]
    assert rows[0].deadlines.week == 9
    assert [step.days_late for step in rows[0].deadlines.late] == [3]
    text = response.content.decode()
    assert "Eva" in text
    assert "Kees" not in text


def test_my_cases_of_another_employers_hr_is_empty(world, client_for, actor_of, long_case):
    services.case_manager_assign(actor=actor_of("hr"), case=long_case, manager_id=world.hr.pk)
    response = client_for("outsider").get("/verzuim/mijn-dossiers/")
    assert response.status_code == 200
    assert response.context["rows"] == []


def _hr_task(world, case, due_on):
    return Task.objects.create(
        case=case, employer=world.employer, employee=case.employee, code="plan",
        label="Plan van aanpak", role=TaskRole.HR, due_on=due_on,
    )  # fmt: skip


def test_reminders_go_to_the_case_manager_first(world, actor_of, long_case, second_hr):
    task = _hr_task(world, long_case, clock.today() + 3 * DAY)
    # No case manager: every HR user of the employer.
    assert {u.email for u in selectors.task_assignees(task)} == {world.hr.email, second_hr.email}
    services.case_manager_assign(actor=actor_of("hr"), case=long_case, manager_id=second_hr.pk)
    assert [u.email for u in selectors.task_assignees(task)] == [second_hr.email]
    # Past the date: the case manager first, and HR of the employer too.
    assert [u.email for u in selectors.task_assignees(task, overdue=True)] == [
        second_hr.email,
        world.hr.email,
    ]


def test_a_case_manager_who_left_hr_is_passed_over(world, actor_of, long_case, second_hr):
    task = _hr_task(world, long_case, clock.today() + 3 * DAY)
    services.case_manager_assign(actor=actor_of("hr"), case=long_case, manager_id=second_hr.pk)
    second_hr.is_active = False
    second_hr.save()
    assert selectors.task_assignees(task) == [world.hr]


def test_the_api_gives_the_case_manager_and_history(world, client_for, actor_of, long_case):
    services.case_manager_assign(actor=actor_of("hr"), case=long_case, manager_id=world.hr.pk)
    for persona in ("employee", "manager", "hr"):
        data = client_for(persona).get(f"/api/v1/absence-cases/{long_case.pk}/case-manager/").json()
        assert data["current"]["id"] == world.hr.pk
        assert data["history"][0]["previous"] is None
    assert (
        client_for("outsider")
        .get(f"/api/v1/absence-cases/{long_case.pk}/case-manager/")
        .status_code
        == 404
    )
