"""Reading notifications and preferences, and finding who hears of an event.

The recipient finders return user ids of active accounts that hold the role in force
today; they are used by the services of the apps that emit events (absences,
re-integration), never by a page."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db import connection
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


@dataclass
class EventRecipients:
    """Everyone who may hear of an event about one employee, by why (user ids of active
    accounts): ``managers`` of the departments the employee works in today or above them,
    ``hr`` of the employer, the ``doctors`` serving it today, the employee's ``own``
    account(s). The same sets as ``manager_users``, ``hr_users``, ``doctor_users`` and
    ``employee_users``, in one statement (issue 21)."""

    managers: set[int] = field(default_factory=set)
    hr: set[int] = field(default_factory=set)
    doctors: set[int] = field(default_factory=set)
    own: set[int] = field(default_factory=set)


# One statement: the departments above the employee's current ones (a recursive CTE,
# standard SQL on SQLite and PostgreSQL), their managers, HR of the employer, the serving
# doctors and the employee's own accounts. Every value is a parameter; the tables are the
# models' (the test against the single finders fails if one is renamed).
_RECIPIENTS_SQL = """
WITH RECURSIVE above (id, parent_id) AS (
    SELECT d.id, d.parent_id FROM organisations_department d
    WHERE d.id IN (
        SELECT e.department_id FROM organisations_employment e
        WHERE e.employee_id = %s AND e.start_date <= %s
          AND (e.end_date IS NULL OR e.end_date >= %s))
    UNION
    SELECT d.id, d.parent_id FROM organisations_department d JOIN above a ON d.id = a.parent_id
)
SELECT r.role, r.user_id FROM accounts_roleassignment r
    JOIN accounts_user u ON u.id = r.user_id
WHERE u.is_active = %s AND (
       (r.role = %s AND r.department_id IN (SELECT id FROM above))
    OR (r.role = %s AND r.employer_id = %s)
    OR (r.role = %s AND r.employee_id = %s))
UNION ALL
SELECT %s, a.doctor_id FROM organisations_doctorassignment a
    JOIN accounts_user u ON u.id = a.doctor_id
WHERE u.is_active = %s AND a.employer_id = %s AND a.since <= %s
  AND (a.until IS NULL OR a.until >= %s)
"""


def event_recipients(
    employee_id: int, employer_id: int, on: dt.date | None = None
) -> EventRecipients:
    """Who may hear of an event about this employee, in one query (issue 21)."""
    day = on or clock.today()
    params: list[int | str | bool | dt.date] = [
        employee_id, day, day, True,
        Role.MANAGER.value, Role.HR.value, employer_id, Role.EMPLOYEE.value, employee_id,
        Role.DOCTOR.value, True, employer_id, day, day,
    ]  # fmt: skip
    found = EventRecipients()
    by_role = {
        Role.MANAGER.value: found.managers, Role.HR.value: found.hr,
        Role.EMPLOYEE.value: found.own, Role.DOCTOR.value: found.doctors,
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_RECIPIENTS_SQL, params)
        for role, user_id in cursor.fetchall():
            by_role[role].add(user_id)
    return found
