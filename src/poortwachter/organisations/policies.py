"""Who may see and change which organisation data. Querysets are where leaks happen, so
every read starts from one of the scopes below (DESIGN.md boundary 3).

Employee records are administrative data (names, contact details, employment): HR and the
employer administrator see their own employer's, a manager the people currently in the
departments they manage, an employee their own record, a company doctor the employees of
the employers the doctor serves. The service administrator and the privacy officer see
no employee records.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.errors import NotFound
from poortwachter.core.queries import InSubquery
from poortwachter.core.roles import Role
from poortwachter.organisations.models import (
    Department,
    DoctorAssignment,
    Employee,
    Employer,
    Employment,
    current_employments,
)

# --- route gates: who may open which pages ------------------------------------------


def can_see_team(actor: Actor) -> bool:
    """A manager's team page."""
    return actor.has_role(Role.MANAGER)


def can_list_employees(actor: Actor) -> bool:
    """HR's list of its employers' employees."""
    return actor.has_role(Role.HR)


def can_open_employee_pages(actor: Actor) -> bool:
    """An employee's record page (which record is decided by ``get_employee_for``)."""
    return actor.has_role(Role.HR, Role.MANAGER, Role.EMPLOYER_ADMIN)


def can_manage_people_somewhere(actor: Actor) -> bool:
    """Adding employees and ending employments at some employer (which one is decided by
    ``can_manage_people``)."""
    return actor.has_role(Role.HR, Role.EMPLOYER_ADMIN)


def can_see_served_employers(actor: Actor) -> bool:
    """The company doctor's list of the employers the doctor serves."""
    return actor.has_role(Role.DOCTOR)


def can_administer_employers(actor: Actor) -> bool:
    """The occupational health service's pages of employers and their doctors."""
    return actor.has_role(Role.SERVICE_ADMIN)


def can_open_structure_pages(actor: Actor) -> bool:
    """An employer's departments (which employer is decided by ``can_manage_structure``)."""
    return actor.has_role(Role.SERVICE_ADMIN, Role.EMPLOYER_ADMIN)


def hr_employer_ids(actor: Actor) -> frozenset[int]:
    """The employers where the actor works as HR."""
    return actor.employer_ids(Role.HR)


def served_employer_ids(actor: Actor) -> frozenset[int]:
    if not actor.has_role(Role.DOCTOR) or actor.user_id is None:
        return frozenset()
    today = clock.today()
    return frozenset(
        DoctorAssignment.objects.filter(doctor_id=actor.user_id, since__lte=today)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .values_list("employer_id", flat=True)
    )


def employers_visible_to(actor: Actor) -> QuerySet[Employer]:
    if actor.has_role(Role.SERVICE_ADMIN):
        return Employer.objects.all()
    ids = actor.employer_ids() | served_employer_ids(actor)
    return Employer.objects.filter(pk__in=ids)


def get_employer_for(actor: Actor, employer_id: int) -> Employer:
    employer = employers_visible_to(actor).filter(pk=employer_id).first()
    if employer is None:
        raise NotFound
    return employer


def can_create_employer(actor: Actor) -> bool:
    return actor.has_role(Role.SERVICE_ADMIN)


def can_manage_structure(actor: Actor, employer_id: int) -> bool:
    """Departments and the link of doctors to the employer."""
    return actor.has_role(Role.SERVICE_ADMIN) or actor.holds(Role.EMPLOYER_ADMIN, employer_id)


def can_manage_people(actor: Actor, employer_id: int) -> bool:
    """Add employees and end employments: the employer's own HR or administrator. Not the
    service administrator: employee records are the employer's data."""
    return actor.holds(Role.HR, employer_id) or actor.holds(Role.EMPLOYER_ADMIN, employer_id)


def can_assign_doctor(actor: Actor) -> bool:
    # Who reaches an employer's caseload is a medical-side decision (R-ACC-1), never
    # taken by an account that could then serve the employer itself (issue 18).
    return actor.has_role(Role.SERVICE_ADMIN) and not actor.has_conflicting_duties


def employees_visible_to(actor: Actor) -> QuerySet[Employee]:
    whole_employer = actor.employer_ids(Role.HR, Role.EMPLOYER_ADMIN) | served_employer_ids(actor)
    condition = Q(employer_id__in=whole_employer) | Q(pk__in=actor.employee_ids)
    if actor.managed_department_ids:
        team = current_employments().filter(department_id__in=actor.managed_department_ids)
        condition |= Q(InSubquery("pk", team.values("employee_id")))
    if not whole_employer and not actor.employee_ids and not actor.managed_department_ids:
        return Employee.objects.none()
    return Employee.objects.filter(condition)


def get_employee_for(actor: Actor, employee_id: int) -> Employee:
    employee = employees_visible_to(actor).select_related("employer").filter(pk=employee_id).first()
    if employee is None:
        raise NotFound
    return employee


def departments_visible_to(actor: Actor) -> QuerySet[Department]:
    if actor.has_role(Role.SERVICE_ADMIN):
        return Department.objects.all()
    employer_ids = actor.employer_ids(Role.HR, Role.EMPLOYER_ADMIN)
    return Department.objects.filter(
        Q(employer_id__in=employer_ids) | Q(pk__in=actor.managed_department_ids)
    )


def hr_employees_for(actor: Actor) -> QuerySet[Employee]:
    """HR's list: the employees of the employers where the actor is HR, not the actor's
    own record at another employer."""
    return employees_visible_to(actor).filter(employer_id__in=hr_employer_ids(actor))


def hr_departments_for(actor: Actor) -> QuerySet[Department]:
    """The departments HR's list filters on."""
    return departments_visible_to(actor).filter(employer_id__in=hr_employer_ids(actor))


def get_employment_for(actor: Actor, employee: Employee, employment_id: int) -> Employment:
    """One of the employments of ``employee`` (already fetched through
    ``get_employee_for``); anything else is not found."""
    employment = Employment.objects.filter(employee=employee, pk=employment_id).first()
    if employment is None:
        raise NotFound
    return employment


def get_doctor_assignment_for(
    actor: Actor, employer: Employer, assignment_id: int
) -> DoctorAssignment:
    """One of ``employer``'s doctor assignments, for whoever assigns doctors."""
    assignment = None
    if can_assign_doctor(actor):
        assignment = DoctorAssignment.objects.filter(employer=employer, pk=assignment_id).first()
    if assignment is None:
        raise NotFound
    return assignment


def assignable_doctors_for(actor: Actor) -> QuerySet:
    """The accounts with the doctor's role, for whoever assigns doctors to employers."""
    users = get_user_model().objects
    if not can_assign_doctor(actor):
        return users.none()
    return users.filter(role_assignments__role=Role.DOCTOR).distinct()


def get_department_for(actor: Actor, department_id: int) -> Department:
    department = departments_visible_to(actor).filter(pk=department_id).first()
    if department is None:
        raise NotFound
    return department


def get_department_at(actor: Actor, employer: Employer, department_id: int) -> Department:
    """A department of ``employer``, an employer already fetched through
    ``get_employer_for``: who may see the employer may name its departments."""
    department = None
    if employers_visible_to(actor).filter(pk=employer.pk).exists():
        department = Department.objects.filter(employer=employer, pk=department_id).first()
    if department is None:
        raise NotFound
    return department


def get_employee_at(actor: Actor, employer: Employer, employee_id: int) -> Employee:
    """An employee of ``employer``, an employer already fetched through
    ``get_employer_for`` (to bind an account to the record, say)."""
    employee = None
    if employers_visible_to(actor).filter(pk=employer.pk).exists():
        employee = Employee.objects.filter(employer=employer, pk=employee_id).first()
    if employee is None:
        raise NotFound
    return employee


def can_see_own_record(actor: Actor) -> bool:
    """The employee's own page: their employee records and employments."""
    return actor.has_role(Role.EMPLOYEE)
