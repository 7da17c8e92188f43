"""Who sees which statistics (category F of docs/access-matrix.md): HR the whole
employer, a manager their own team (the departments they manage, with sub-departments),
both suppressed. Nobody else on the employer side; the company doctor works on the
medical side (``medical.cause_statistics``).

A statistics *scope* is a node of the department tree: the employer (HR), a manager's
team, or one department inside either. Its ``root`` is where the actor's view starts,
so that suppression can check every step from there down to the node."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, NotFound, field_errors
from poortwachter.core.roles import Role
from poortwachter.organisations.models import Department, Employer
from poortwachter.organisations.policies import get_employer_for, served_employer_ids
from poortwachter.statistics.models import CauseReport

READERS = (Role.HR, Role.MANAGER)


@dataclass(frozen=True)
class StatisticsScope:
    employer: Employer
    #: The departments at the top of the actor's view (``None``: the whole employer).
    root_ids: frozenset[int] | None
    #: The department asked for (``None``: the whole view).
    department: Department | None
    #: The role the actor uses here (HR or manager).
    role: str


def can_read_statistics(actor: Actor) -> bool:
    return actor.has_role(*READERS)


def can_read_cause_reports(actor: Actor) -> bool:
    return actor.has_role(Role.HR)


def hr_employer_ids(actor: Actor) -> frozenset[int]:
    return actor.employer_ids(Role.HR)


def cause_reports_visible_to(actor: Actor) -> QuerySet[CauseReport]:
    """HR: their employer's published cause reports. A doctor: those they published for
    the employers they serve."""
    condition_ids = hr_employer_ids(actor)
    qs = CauseReport.objects.select_related("department", "employer")
    if condition_ids:
        return qs.filter(employer_id__in=condition_ids)
    if actor.has_role(Role.DOCTOR):
        return qs.filter(employer_id__in=served_employer_ids(actor), published_by_id=actor.user_id)
    return qs.none()


def scope_departments(scope: StatisticsScope) -> QuerySet[Department]:
    """The departments a scope may be narrowed to: the employer's (HR) or the manager's
    own, by name."""
    if scope.root_ids is None:
        departments = Department.objects.filter(employer=scope.employer)
    else:
        departments = Department.objects.filter(pk__in=scope.root_ids)
    return departments.order_by("name")


def get_scope_for(
    actor: Actor, employer_id: int | None = None, department_id: int | None = None
) -> StatisticsScope:
    """The scope asked for: 403 for roles without statistics, 404 for an employer outside
    the actor's, a Dutch field error for a department outside the actor's view."""
    if not can_read_statistics(actor):
        raise Forbidden
    hr_ids = hr_employer_ids(actor)
    manager_ids = actor.employer_ids(Role.MANAGER)
    if employer_id is None:
        candidates = sorted(hr_ids) or sorted(manager_ids)
        if not candidates:
            raise Forbidden
        employer_id = candidates[0]
    if employer_id in hr_ids:
        employer, roots, role = get_employer_for(actor, employer_id), None, Role.HR
    elif employer_id in manager_ids and actor.managed_department_ids:
        employer, role = get_employer_for(actor, employer_id), Role.MANAGER
        roots = frozenset(
            Department.objects.filter(
                pk__in=actor.managed_department_ids, employer_id=employer_id
            ).values_list("pk", flat=True)
        )
    else:
        raise NotFound
    department = None
    if department_id is not None:
        department = Department.objects.filter(pk=department_id, employer=employer).first()
        if department is None or (roots is not None and department.pk not in roots):
            raise field_errors(department=_("Onbekende afdeling."))
    return StatisticsScope(employer, roots, department, role)
