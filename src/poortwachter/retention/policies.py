"""Who sees retention status and places or lifts legal holds, and who purges.

- HR of the employer: the retention status of its employees, and legal holds on them.
  Not a manager, not the employer administrator (no absence data), not the occupational
  health service, not the privacy officer, never another employer's HR.
- The purge runs only as the system actor (the scheduled ``retention`` command), never
  for a signed-in user.
"""

from django.db.models import QuerySet

from poortwachter.core.actor import Actor
from poortwachter.core.errors import NotFound
from poortwachter.core.roles import Role
from poortwachter.organisations.models import Employee
from poortwachter.retention.models import LegalHold


def can_see_retention_status(actor: Actor) -> bool:
    """HR's retention page (which employees is decided by ``retention_subjects_for``)."""
    return actor.has_role(Role.HR)


def retention_subjects_for(actor: Actor) -> QuerySet[Employee]:
    employer_ids = actor.employer_ids(Role.HR)
    if not employer_ids:
        return Employee.objects.none()
    return Employee.objects.filter(employer_id__in=employer_ids)


def get_retention_subject_for(actor: Actor, employee_id: int) -> Employee:
    employee = (
        retention_subjects_for(actor).select_related("employer").filter(pk=employee_id).first()
    )
    if employee is None:
        raise NotFound
    return employee


def can_manage_holds(actor: Actor, employer_id: int) -> bool:
    return actor.holds(Role.HR, employer_id)


def get_legal_hold_for(actor: Actor, employee: Employee, hold_id: int) -> LegalHold:
    hold = (
        LegalHold.objects.filter(
            employee=employee, employer_id__in=actor.employer_ids(Role.HR), pk=hold_id
        )
        .select_related("employee")
        .first()
    )
    if hold is None:
        raise NotFound
    return hold


def can_purge(actor: Actor) -> bool:
    return actor.is_system
