"""The absence policies that moved out of the pages and the API (issue 14): the fetchers
answer 404 outside the actor's scope and 403 where the actor sees but may not act. The
route gates (``can_report_absence`` and the like) are checked per route and persona by
the access matrix (tests/test_access_matrix.py)."""

import pytest

from poortwachter.absences import policies
from poortwachter.absences.models import ServiceQueueItem
from poortwachter.core.errors import Forbidden, NotFound


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("hr", True), ("outsider", False), ("manager", False), ("employee", False),
     ("doctor", False), ("employer_admin", False)],
)  # fmt: skip
def test_only_hr_of_the_employer_administers_leave(world, actor_of, persona, allowed):
    assert policies.can_administer_leave(actor_of(persona), world.own_employee) is allowed


def test_the_leave_employee_is_fetched_for_hr_of_the_employer(world, actor_of):
    employee = policies.get_leave_employee_for(actor_of("hr"), world.own_employee.pk)
    assert employee == world.own_employee


def test_the_leave_employee_is_forbidden_to_whoever_sees_but_is_not_hr(world, actor_of):
    with pytest.raises(Forbidden):
        policies.get_leave_employee_for(actor_of("manager"), world.own_employee.pk)


def test_the_leave_employee_does_not_exist_for_another_employer(world, actor_of):
    with pytest.raises(NotFound):
        policies.get_leave_employee_for(actor_of("outsider"), world.own_employee.pk)


def test_a_writable_report_is_fetched_for_a_writer(world, actor_of, report_for):
    report = report_for("hr", world.own_employee)
    for persona in ("employee", "manager", "hr"):
        assert policies.get_writable_report_for(actor_of(persona), report.pk) == report


def test_a_report_the_doctor_reads_is_not_writable_for_the_doctor(world, actor_of, report_for):
    report = report_for("hr", world.own_employee)
    with pytest.raises(Forbidden):
        policies.get_writable_report_for(actor_of("doctor"), report.pk)


@pytest.mark.parametrize("persona", ["outsider", "employer_admin", "privacy_officer"])
def test_a_report_outside_the_scope_is_not_found_for_writing(world, actor_of, report_for, persona):
    report = report_for("hr", world.own_employee)
    with pytest.raises(NotFound):
        policies.get_writable_report_for(actor_of(persona), report.pk)


@pytest.mark.parametrize("persona", ["employee", "manager", "hr", "doctor"])
def test_a_case_is_found_by_the_readers_of_its_reports(world, actor_of, report_for, persona):
    report = report_for("hr", world.own_employee)
    assert policies.get_case_for(actor_of(persona), report.case_id) == report.case


@pytest.mark.parametrize("persona", ["outsider", "employer_admin", "service_admin"])
def test_a_case_does_not_exist_for_anyone_else(world, actor_of, report_for, persona):
    report = report_for("hr", world.own_employee)
    with pytest.raises(NotFound):
        policies.get_case_for(actor_of(persona), report.case_id)


def test_a_queue_item_is_found_for_the_doctor_who_serves_the_employer(world, actor_of, report_for):
    report = report_for("hr", world.own_employee)
    item = ServiceQueueItem.objects.get(report=report)
    assert policies.get_queue_item_for(actor_of("doctor"), item.pk) == item


@pytest.mark.parametrize("persona", ["hr", "outsider", "assistant"])
def test_a_queue_item_does_not_exist_for_anyone_else(world, actor_of, report_for, persona):
    report = report_for("hr", world.own_employee)
    item = ServiceQueueItem.objects.get(report=report)
    with pytest.raises(NotFound):
        policies.get_queue_item_for(actor_of(persona), item.pk)


def test_the_hr_overview_covers_only_the_employers_where_the_actor_is_hr(
    world, actor_of, report_for
):
    own = report_for("hr", world.own_employee)
    report_for("outsider", world.other_employee)
    assert list(policies.hr_overview_reports(actor_of("hr"))) == [own]
    assert not policies.hr_overview_reports(actor_of("manager")).exists()
    departments = set(policies.hr_overview_departments(actor_of("hr")))
    assert world.other_department not in departments
    assert world.department in departments
