"""The fetchers and scopes the converted views and API use instead of looking rows up
themselves (issue 14): a child object is found only under a parent the actor may see,
and anything else is "not found"."""

import pytest

from poortwachter.core import clock
from poortwachter.core.errors import NotFound
from poortwachter.core.roles import Role
from poortwachter.organisations import policies
from poortwachter.organisations.models import DoctorAssignment, Employment
from poortwachter.security import policies as security_policies
from poortwachter.security.models import SecurityReport
from tests.factories import grant


def test_a_department_is_found_only_at_its_own_employer(world, actor_of):
    actor = actor_of("employer_admin")
    assert policies.get_department_at(actor, world.employer, world.department.pk) == (
        world.department
    )
    with pytest.raises(NotFound):
        policies.get_department_at(actor, world.employer, world.other_department.pk)
    with pytest.raises(NotFound):  # an employer the actor cannot see, however it got it
        policies.get_department_at(actor, world.other_employer, world.other_department.pk)


def test_an_employee_is_found_only_at_its_own_employer(world, actor_of):
    actor = actor_of("service_admin")
    found = policies.get_employee_at(actor, world.employer, world.kitchen_employee.pk)
    assert found == world.kitchen_employee
    with pytest.raises(NotFound):
        policies.get_employee_at(actor, world.employer, world.other_employee.pk)
    with pytest.raises(NotFound):
        policies.get_employee_at(actor_of("hr"), world.other_employer, world.other_employee.pk)


def test_an_employment_is_found_only_under_its_employee(world, actor_of):
    actor = actor_of("hr")
    own = Employment.objects.get(employee=world.own_employee)
    kitchen = Employment.objects.get(employee=world.kitchen_employee)
    assert policies.get_employment_for(actor, world.own_employee, own.pk) == own
    with pytest.raises(NotFound):
        policies.get_employment_for(actor, world.own_employee, kitchen.pk)


def test_a_doctor_assignment_is_found_only_by_who_assigns_doctors(world, actor_of):
    assignment = DoctorAssignment.objects.get(employer=world.employer)
    found = policies.get_doctor_assignment_for(
        actor_of("service_admin"), world.employer, assignment.pk
    )
    assert found == assignment
    with pytest.raises(NotFound):
        policies.get_doctor_assignment_for(
            actor_of("service_admin"), world.other_employer, assignment.pk
        )
    with pytest.raises(NotFound):
        policies.get_doctor_assignment_for(
            actor_of("employer_admin"), world.employer, assignment.pk
        )


def test_only_who_assigns_doctors_sees_the_doctors_to_choose_from(world, actor_of):
    assert list(policies.assignable_doctors_for(actor_of("service_admin"))) == [world.doctor]
    assert not policies.assignable_doctors_for(actor_of("employer_admin")).exists()


def test_hr_lists_its_own_employers_people_not_its_own_record_elsewhere(world, actor_of):
    grant(world.hr, Role.EMPLOYEE, employer=world.other_employer, employee=world.other_employee)
    actor = actor_of("hr")
    assert world.other_employee in policies.employees_visible_to(actor)
    assert set(policies.hr_employees_for(actor)) == {
        world.own_employee, world.night_employee, world.kitchen_employee
    }  # fmt: skip
    assert not policies.hr_employees_for(actor_of("employer_admin")).exists()


def test_only_the_service_administrator_finds_a_security_report(world, actor_of):
    report = SecurityReport.objects.create(created_at=clock.now(), trigger="page")
    found = security_policies.get_report_for(actor_of("service_admin"), report.pk)
    assert found == report
    for persona in ("employer_admin", "privacy_officer", "doctor"):
        with pytest.raises(NotFound):
            security_policies.get_report_for(actor_of(persona), report.pk)
