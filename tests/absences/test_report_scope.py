"""The readers' scope of sick reports said on the report's own columns (issue 21,
R-AUTHZ-1): the same reports for every persona as the scope through the employee table,
and the ``InSubquery`` condition the team pages use gives the same rows as ``__in``."""

import pytest

from poortwachter.absences import policies
from poortwachter.absences.models import SickReport
from poortwachter.core.queries import InSubquery
from poortwachter.organisations.models import Employee, current_employments
from poortwachter.organisations.policies import employees_visible_to

PERSONAS = [
    "employee", "manager", "hr", "doctor", "outsider", "employer_admin", "assistant",
    "service_admin", "privacy_officer",
]  # fmt: skip


@pytest.fixture
def reports(world, report_for):
    """A report for someone in each place: own, team, sub-team, kitchen, other employer;
    one of them recovered, so open and closed reports are both in play."""
    made = [
        report_for("hr", world.own_employee),
        report_for("hr", world.night_employee),
        report_for("hr", world.kitchen_employee),
        report_for("outsider", world.other_employee),
    ]
    return made


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_scope_is_the_same_as_through_the_employee_table(world, actor_of, reports, persona):
    actor = actor_of(persona)
    condition = policies._scope(actor, readers=True)
    before = (
        set(SickReport.objects.filter(employee__in=Employee.objects.filter(condition)))
        if condition is not None
        else set()
    )
    assert set(policies.reports_visible_to(actor)) == before


def test_the_scope_covers_each_reader_as_the_rules_say(world, actor_of, reports):
    own, night, kitchen, other = reports
    visible = {p: set(policies.reports_visible_to(actor_of(p))) for p in PERSONAS}
    assert visible["employee"] == {own}
    assert visible["manager"] == {own, night}  # the department and its sub-department
    assert visible["hr"] == visible["doctor"] == {own, night, kitchen}
    assert visible["outsider"] == {other}
    for nobody in ("employer_admin", "assistant", "service_admin", "privacy_officer"):
        assert visible[nobody] == set()


def test_every_report_carries_its_employees_employer(reports):
    """What the scope relies on: the service sets the report's employer from the employee."""
    for report in reports:
        assert report.employer_id == report.employee.employer_id


def test_in_subquery_gives_the_same_rows_as_in(world, actor_of):
    team = current_employments().filter(department=world.department)
    by_in = set(Employee.objects.filter(pk__in=team.values("employee_id")))
    by_array = set(Employee.objects.filter(InSubquery("pk", team.values("employee_id"))))
    assert by_array == by_in == {world.own_employee}
    nobody = current_employments().filter(department=world.other_department, pk__lt=0)
    assert not Employee.objects.filter(InSubquery("pk", nobody.values("employee_id"))).exists()


def test_the_manager_sees_the_team_and_themself(world, actor_of):
    assert set(employees_visible_to(actor_of("manager"))) == {
        world.own_employee,
        world.night_employee,
    }
