"""Who may issue which credentials (R-ACC-1), and which accounts an actor may see.

The rule, in one sentence: an account that can reach data the employer may not process
is issued, raised and reset only by the service administrator; an employer administrator
issues managers, HR and employee accounts of its own employer and nothing else; nobody
changes their own rights.
"""

from collections.abc import Iterable

from django.db.models import QuerySet

from poortwachter.accounts.models import RoleAssignment, User
from poortwachter.core.actor import Actor, Grant
from poortwachter.core.errors import Forbidden, NotFound
from poortwachter.core.roles import Role

#: What an employer administrator may hand out, always within its own employer.
ISSUABLE_BY_EMPLOYER_ADMIN = frozenset({Role.EMPLOYEE, Role.MANAGER, Role.HR})


def can_issue_role(actor: Actor, role: str, employer_id: int | None) -> bool:
    if actor.has_role(Role.SERVICE_ADMIN):
        return True
    return (
        role in ISSUABLE_BY_EMPLOYER_ADMIN
        and employer_id is not None
        and actor.holds(Role.EMPLOYER_ADMIN, employer_id)
    )


def can_manage_user(actor: Actor, user_id: int, grants: Iterable[Grant]) -> bool:
    """Reset password or second factor, grant or revoke roles of ``user_id``.

    Only when the actor could have issued every role the user holds: resetting a
    doctor's second factor is as good as issuing a doctor account.
    """
    if actor.user_id == user_id:
        return False
    grants = list(grants)
    if not grants:
        return actor.has_role(Role.SERVICE_ADMIN)
    return all(can_issue_role(actor, g.role, g.employer_id) for g in grants)


def can_manage_accounts(actor: Actor) -> bool:
    return actor.has_role(Role.SERVICE_ADMIN, Role.EMPLOYER_ADMIN)


def users_visible_to(actor: Actor) -> QuerySet[User]:
    """Accounts the actor may list: all for the service administrator, those with a role
    at its own employer for an employer administrator, none for anyone else."""
    if actor.has_role(Role.SERVICE_ADMIN):
        return User.objects.all()
    employer_ids = actor.employer_ids(Role.EMPLOYER_ADMIN)
    if not employer_ids:
        return User.objects.none()
    return User.objects.filter(
        pk__in=RoleAssignment.objects.filter(employer_id__in=employer_ids).values("user_id")
    )


def assignments_visible_to(actor: Actor) -> QuerySet[RoleAssignment]:
    """Role assignments the actor may see: an employer administrator sees those at its
    own employer only, not what the same person does elsewhere."""
    if actor.has_role(Role.SERVICE_ADMIN):
        return RoleAssignment.objects.all()
    return RoleAssignment.objects.filter(employer_id__in=actor.employer_ids(Role.EMPLOYER_ADMIN))


def grants_of(user: User) -> list[Grant]:
    return [
        Grant(a.role, a.employer_id, a.department_id, a.employee_id)
        for a in user.role_assignments.all()
    ]


def get_user_for(actor: Actor, user_id: int) -> User:
    """An account the actor may see; another tenant's account is simply not found."""
    try:
        return users_visible_to(actor).prefetch_related("role_assignments").get(pk=user_id)
    except User.DoesNotExist:
        raise NotFound from None


def get_manageable_user_for(actor: Actor, user_id: int) -> User:
    user = get_user_for(actor, user_id)
    if not can_manage_user(actor, user.pk, grants_of(user)):
        raise Forbidden
    return user


def can_revoke(actor: Actor, assignment: RoleAssignment, user_grants: Iterable[Grant]) -> bool:
    """The same rule ``role_revoke`` enforces, for showing the button only where it works."""
    if actor.user_id == assignment.user_id:
        return False
    if assignment.role == Role.EMPLOYEE and not actor.has_role(Role.SERVICE_ADMIN):
        return False
    return can_issue_role(actor, assignment.role, assignment.employer_id) and can_manage_user(
        actor, assignment.user_id, user_grants
    )


def get_assignment_for(actor: Actor, assignment_id: int) -> RoleAssignment:
    assignment = (
        RoleAssignment.objects.select_related("user")
        .filter(user__in=users_visible_to(actor))
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise NotFound
    if actor.user_id == assignment.user_id or not can_issue_role(
        actor, assignment.role, assignment.employer_id
    ):
        raise Forbidden
    if not can_manage_user(actor, assignment.user_id, grants_of(assignment.user)):
        raise Forbidden
    return assignment
