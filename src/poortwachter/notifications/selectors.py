"""Reading notifications and preferences, and finding who hears of an event.

The recipient finders return user ids of active accounts that hold the role in force
today; they are used by the services of the apps that emit events (absences,
re-integration), never by a page."""

import datetime as dt

from django.core.paginator import Page
from django.db.models import Q

from poortwachter.accounts.models import RoleAssignment
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.pages import PageRequest, page_of
from poortwachter.core.roles import Role
from poortwachter.notifications.models import Preference
from poortwachter.notifications.policies import notifications_visible_to
from poortwachter.organisations.models import Department, DoctorAssignment, current_employments


def unread_count(actor: Actor) -> int:
    """The header's count: one query on the (recipient, read_at) index."""
    return notifications_visible_to(actor).filter(read_at__isnull=True).count()


def notification_page(*, actor: Actor, page: PageRequest, unread_only: bool = False) -> Page:
    rows = notifications_visible_to(actor).order_by("-created_at", "-id")
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return page_of(rows, page)


def preference_of(user_id: int) -> Preference:
    """The user's preference, or the defaults (not saved) when they never chose."""
    return Preference.objects.filter(user_id=user_id).first() or Preference(user_id=user_id)


def preference_get(*, actor: Actor) -> Preference:
    assert actor.user_id is not None
    return preference_of(actor.user_id)


# --- who hears of an event --------------------------------------------------------------


def _holders(condition: Q) -> set[int]:
    rows = RoleAssignment.objects.filter(condition, user__is_active=True)
    return set(rows.values_list("user_id", flat=True))


def employee_users(employee_id: int) -> set[int]:
    """The employee's own account(s)."""
    return _holders(Q(role=Role.EMPLOYEE, employee_id=employee_id))


def hr_users(employer_id: int) -> set[int]:
    return _holders(Q(role=Role.HR, employer_id=employer_id))


def manager_users(employee_id: int, on: dt.date | None = None) -> set[int]:
    """Managers of the departments the employee works in today, or of a department
    above them (a manager of a department manages its sub-departments)."""
    departments = set(
        current_employments(on)
        .filter(employee_id=employee_id)
        .values_list("department_id", flat=True)
    )
    if not departments:
        return set()
    employer_ids = Department.objects.filter(pk__in=departments).values("employer_id")
    parents = dict(
        Department.objects.filter(employer_id__in=employer_ids).values_list("pk", "parent_id")
    )
    above: set[int] = set()
    for department in departments:
        current: int | None = department
        while current is not None and current not in above:
            above.add(current)
            current = parents.get(current)
    return _holders(Q(role=Role.MANAGER, department_id__in=above))


def doctor_users(employer_id: int, on: dt.date | None = None) -> set[int]:
    """The company doctors who serve the employer today."""
    day = on or clock.today()
    rows = DoctorAssignment.objects.filter(
        employer_id=employer_id, doctor__is_active=True, since__lte=day
    ).exclude(until__lt=day)
    return set(rows.values_list("doctor_id", flat=True))
