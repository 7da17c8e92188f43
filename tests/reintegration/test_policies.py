"""The re-integration file's fetchers and audited reads (issue 14): a record of one case
is not found through another case's address, even one the actor may read; refusals
inside the scope are 403; a form's submit records no read, showing it does."""

import pytest

from poortwachter.audit.models import AccessEvent
from poortwachter.core.errors import Forbidden, NotFound
from poortwachter.reintegration import policies, selectors
from poortwachter.reintegration.models import TaskRole
from tests.reintegration.conftest import make_case, publish
from tests.reintegration.matrix_objects import reintegration_objects


@pytest.fixture
def objects(world):
    publish(make_case(world.own_employee, days_ago=60), world.doctor)
    make_case(world.kitchen_employee, days_ago=20)
    return reintegration_objects(world)


FETCHERS = {
    "uwv_own": policies.get_notification_for,
    "third_party_own": policies.get_third_party_report_for,
    "task_own": policies.get_task_for,
}


@pytest.mark.parametrize("thing", FETCHERS)
def test_a_record_is_found_through_its_own_case_only(actor_of, objects, thing):
    hr, fetch = actor_of("hr"), FETCHERS[thing]
    found = fetch(hr, objects["case_own"], objects[thing])
    assert (found.pk, found.case_id) == (objects[thing], objects["case_own"])
    with pytest.raises(NotFound):  # HR reads Kees's case, but the record is Eva's
        fetch(hr, objects["case_kitchen"], objects[thing])
    with pytest.raises(NotFound):  # another employer's HR learns nothing
        fetch(actor_of("outsider"), objects["case_own"], objects[thing])


def test_refusals_inside_the_scope_are_forbidden(actor_of, objects):
    manager, employee, case = actor_of("manager"), actor_of("employee"), objects["case_own"]
    with pytest.raises(Forbidden):
        policies.get_notification_for(manager, case, objects["uwv_own"])
    with pytest.raises(Forbidden):
        policies.get_third_party_report_for(manager, case, objects["third_party_own"])
    with pytest.raises(Forbidden):  # an HR task: the employee cannot complete it
        policies.get_task_for(employee, case, objects["task_own"])
    with pytest.raises(Forbidden):
        policies.get_writable_case_for(manager, case)
    with pytest.raises(Forbidden):
        policies.get_reportable_case_for(manager, case)
    assert policies.get_reportable_case_for(employee, case).pk == case
    with pytest.raises(NotFound):  # HR reads Eva's case but does not sign her plan
        policies.get_signable_case_for(actor_of("hr"), case)
    assert policies.get_signable_case_for(employee, case).pk == case


def test_a_form_page_records_its_read_and_a_submit_does_not(world, actor_of, objects):
    hr, case_id = actor_of("hr"), objects["case_own"]
    before = AccessEvent.objects.count()
    selectors.case_get(
        actor=hr, case_id=case_id, fetch=policies.get_writable_case_for, shown=False, form="plan"
    )
    assert AccessEvent.objects.count() == before
    selectors.case_get(actor=hr, case_id=case_id, fetch=policies.get_writable_case_for, form="plan")
    event = AccessEvent.objects.latest("id")
    assert (event.action, event.purpose, event.subject_employee_id) == (
        "read",
        "reintegration",
        world.own_employee.pk,
    )
    assert event.details == {"case_id": case_id, "form": "plan"}


def test_the_employee_reading_their_own_file_acts_as_employee(world, actor_of, objects):
    selectors.case_get(actor=actor_of("employee"), case_id=objects["case_own"])
    assert AccessEvent.objects.latest("id").actor_role == "employee"


def test_the_employees_dashboard_holds_their_own_tasks_and_cases(world, actor_of, objects):
    dashboard = selectors.task_dashboard(actor=actor_of("employee"), role=TaskRole.EMPLOYEE)
    assert dashboard.tasks == []  # Eva's only task is HR's
    assert [case.employee_id for case in dashboard.cases] == [world.own_employee.pk]
    event = AccessEvent.objects.latest("id")
    assert (event.purpose, event.actor_role) == ("own_data", "employee")
    assert event.details["employee_ids"] == [world.own_employee.pk]
    hr_dashboard = selectors.task_dashboard(actor=actor_of("hr"), role=TaskRole.HR)
    assert [task.pk for task in hr_dashboard.tasks] == [objects["task_own"]]
