"""Reads of organisation data. Every list an actor sees goes through a scope in
``policies``; the selectors that show personal data record what they showed in the
access log (the same path for the pages and the API)."""

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Count, Prefetch, Q, QuerySet

from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_employee_event, audit_record
from poortwachter.core.actor import Actor
from poortwachter.core.pages import PageRequest, page_of
from poortwachter.core.roles import Role
from poortwachter.organisations import policies
from poortwachter.organisations.models import (
    Department,
    DoctorAssignment,
    Employee,
    Employer,
    Employment,
    current_employments,
)

#: What the employee lists show (``_employee_rows.html``): they load no more than that.
LIST_FIELDS = ("first_name", "name_prefix", "last_name", "personnel_number")


def department_subtree_ids(root_ids: frozenset[int] | set[int]) -> frozenset[int]:
    """The departments and everything below them (a manager of a department also
    manages its sub-departments)."""
    employer_ids = Department.objects.filter(pk__in=root_ids).values("employer_id")
    edges = list(
        Department.objects.filter(employer_id__in=employer_ids).values_list("pk", "parent_id")
    )
    children: dict[int, list[int]] = {}
    for pk, parent_id in edges:
        if parent_id is not None:
            children.setdefault(parent_id, []).append(pk)
    found, todo = set(root_ids), list(root_ids)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return frozenset(found)


# --- employees ------------------------------------------------------------------------


@dataclass(frozen=True)
class EmployeeFilters:
    """What a list of employees filters on; the HR page and the API take the same."""

    #: Part of the first or last name, or the whole personnel number.
    q: str = ""
    #: Employees with a current employment in this department.
    department_id: int | None = None

    @property
    def is_set(self) -> bool:
        return bool(self.q.strip()) or self.department_id is not None


class EmployeeListing(enum.Enum):
    """Which list asks: it decides the scope, the order, the fields and the purpose."""

    #: HR's page: the employers where the actor is HR, by name, with current contracts.
    HR = "hr_overview"
    #: The API: everyone the actor may see, by id, every field of the serializer.
    API = "api_employee_list"


def _filtered(employees: QuerySet[Employee], filters: EmployeeFilters) -> QuerySet[Employee]:
    query = filters.q.strip()
    if query:
        employees = employees.filter(
            Q(last_name__icontains=query)
            | Q(first_name__icontains=query)
            | Q(personnel_number__iexact=query)
        )
    if filters.department_id is not None:
        employees = employees.filter(
            pk__in=current_employments()
            .filter(department_id=filters.department_id)
            .values("employee_id")
        )
    return employees


def _with_current_employment(employees: QuerySet[Employee]) -> QuerySet[Employee]:
    """The page's people with their current contracts: two queries for any page."""
    contracts = (
        current_employments()
        .select_related("department")
        .only("employee", "job_title", "hours_per_week", "department__name")
    )
    return employees.only(*LIST_FIELDS).prefetch_related(
        Prefetch("employments", queryset=contracts, to_attr="current_employments")
    )


def _record_list(
    actor: Actor, action: str, page: Page, purpose: str, employer_id: int | None = None
) -> None:
    audit_record(
        actor=actor,
        action=action,
        employer_id=employer_id,
        purpose=purpose,
        subject_employee_ids=[employee.pk for employee in page],
    )


def employee_search(
    *,
    actor: Actor,
    filters: EmployeeFilters,
    page: PageRequest,
    listing: EmployeeListing = EmployeeListing.API,
) -> Page:
    """One page of the employees the actor may see, narrowed by ``filters``; recorded as
    a search when a filter is set (a plain read otherwise) with the employees shown."""
    if listing is EmployeeListing.HR:
        employees = _with_current_employment(policies.hr_employees_for(actor)).order_by(
            "last_name", "first_name", "pk"
        )
    else:
        employees = policies.employees_visible_to(actor).order_by("pk")
    shown = page_of(_filtered(employees, filters), page)
    action = Action.SEARCH if filters.is_set else Action.READ
    _record_list(actor, action, shown, purpose=listing.value)
    return shown


def team_members(*, actor: Actor, page: PageRequest) -> Page:
    """One page of the people currently in the departments the actor manages."""
    members = current_employments().filter(department_id__in=actor.managed_department_ids)
    employees = (
        policies.employees_visible_to(actor)
        .filter(pk__in=members.values("employee_id"))
        .order_by("last_name", "first_name", "pk")
    )
    shown = page_of(_with_current_employment(employees), page)
    _record_list(actor, Action.READ, shown, purpose="team_overview")
    return shown


def employee_get(*, actor: Actor, employee_id: int, purpose: str = "") -> Employee:
    """One employee record, fetched through the policy; the read is recorded."""
    employee = policies.get_employee_for(actor, employee_id)
    audit_employee_event(
        actor=actor,
        action=Action.READ,
        employee=employee,
        purpose=purpose,
    )
    return employee


def own_employees_get(*, actor: Actor, purpose: str) -> list[Employee]:
    """The actor's own employee records (one per employer), each read recorded as done
    in the employee's role, whatever else the actor is."""
    employees = [policies.get_employee_for(actor, pk) for pk in sorted(actor.employee_ids)]
    for employee in employees:
        audit_employee_event(
            actor=actor,
            action=Action.READ,
            employee=employee,
            purpose=purpose,
            role=Role.EMPLOYEE,
        )
    return employees


def employment_history(employee: Employee) -> QuerySet[Employment]:
    """The employments of an employee already fetched through a policy, latest first."""
    return employee.employments.select_related("department", "employer")


# --- employers ------------------------------------------------------------------------


def served_employers(*, actor: Actor) -> QuerySet[Employer]:
    """The employers a company doctor serves, with their number of current employees."""
    return (
        policies.employers_visible_to(actor)
        .filter(pk__in=policies.served_employer_ids(actor))
        .annotate(
            employee_count=Count(
                "employments__employee",
                filter=Q(employments__end_date__isnull=True),
                distinct=True,
            )
        )
    )


def employers_with_department_count(*, actor: Actor) -> QuerySet[Employer]:
    return policies.employers_visible_to(actor).annotate(
        department_count=Count("departments", distinct=True)
    )


def departments_of(employer: Employer) -> QuerySet[Department]:
    """The departments of an employer already fetched through a policy."""
    return employer.departments.select_related("parent")


def doctor_assignments_of(employer: Employer) -> QuerySet[DoctorAssignment]:
    return employer.doctor_assignments.select_related("doctor")


def departments_of_employers(employers: Iterable[Employer]) -> QuerySet[Department]:
    """The departments of employers already fetched through a policy (none for none)."""
    return Department.objects.filter(employer__in=employers).select_related("employer")
