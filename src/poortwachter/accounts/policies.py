"""Who may issue which credentials (R-ACC-1), and which accounts an actor may see.

The rule, in one sentence: an account that can reach data the employer may not process
is issued, raised and reset only by the service administrator; an employer administrator
issues managers, HR and employee accounts of its own employer and nothing else; nobody
changes their own rights.
"""

from collections.abc import Iterable

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from poortwachter.accounts.models import RoleAssignment, RoleRequest, User
from poortwachter.core.actor import Actor, Grant
from poortwachter.core.errors import Forbidden, NotFound
from poortwachter.core.roles import EMPLOYER_ROLES, Role
from poortwachter.organisations.models import Employer
from poortwachter.organisations.policies import employers_visible_to

#: What an employer administrator may hand out, always within its own employer.
ISSUABLE_BY_EMPLOYER_ADMIN = frozenset({Role.EMPLOYEE, Role.MANAGER, Role.HR})


def can_issue_role(actor: Actor, role: str, employer_id: int | None) -> bool:
    if actor.has_conflicting_duties:
        # An account that is both doctor and administrator issues nothing (issue 18).
        return False
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


#: The roles the API serves, by the access matrix's "/api/v1/" rows (issue 18, finding
#: 6): the assistant works in the medical module, the privacy officer in the access log.
API_ROLES = frozenset(
    {Role.EMPLOYEE, Role.MANAGER, Role.HR, Role.EMPLOYER_ADMIN, Role.DOCTOR, Role.SERVICE_ADMIN}
)


def can_read_api_description(actor: Actor) -> bool:
    """``/api/schema/``: only for the roles that use the API (api/permissions.py)."""
    return actor.has_role(*API_ROLES)


def can_manage_accounts(actor: Actor) -> bool:
    return actor.has_role(Role.SERVICE_ADMIN, Role.EMPLOYER_ADMIN)


def can_manage_service_accounts(actor: Actor) -> bool:
    """The occupational health service's page of every account."""
    return actor.has_role(Role.SERVICE_ADMIN)


def can_administer_an_employer(actor: Actor) -> bool:
    """The employer administrator's start page."""
    return actor.has_role(Role.EMPLOYER_ADMIN)


def administered_employers_for(actor: Actor) -> QuerySet[Employer]:
    """The employers where the actor is the employer administrator."""
    return employers_visible_to(actor).filter(pk__in=actor.employer_ids(Role.EMPLOYER_ADMIN))


def issuable_roles(actor: Actor, employer_id: int | None) -> list[str]:
    """The roles the actor may issue at ``employer_id`` (None: without an employer)."""
    return [role for role in Role if can_issue_role(actor, role, employer_id)]


def employer_account_roles(actor: Actor, employer_id: int) -> list[str]:
    """The employer-side roles the actor may issue on an employer's account page."""
    return [role for role in issuable_roles(actor, employer_id) if role in EMPLOYER_ROLES]


def service_account_roles(actor: Actor) -> list[str]:
    """What the service administrator's account form offers: every role but those that
    need an employee record or a department, which the employer's own page binds."""
    if not can_manage_service_accounts(actor):
        return []
    return [role for role in Role if role not in (Role.EMPLOYEE, Role.MANAGER)]


def grantable_roles(actor: Actor, employer_ids: Iterable[int]) -> list[str]:
    """The roles a grant form offers: those the actor may issue at one of
    ``employer_ids`` or without an employer."""
    employer_ids = list(employer_ids)
    return [
        role
        for role in Role
        if any(can_issue_role(actor, role, pk) for pk in employer_ids)
        or can_issue_role(actor, role, None)
    ]


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


# --- four eyes on medical roles (R-ACC-1) -------------------------------------------


def can_decide_role_requests(actor: Actor) -> bool:
    """Who may be the second person for medical roles: a service administrator, or the
    privacy officer of the occupational health service itself (a grant without an
    employer), so that a service with one administrator is not stuck. Approving gives
    the privacy officer no medical access. Never an account with conflicting duties."""
    if actor.has_conflicting_duties:
        return False
    return actor.has_role(Role.SERVICE_ADMIN) or actor.holds(Role.PRIVACY_OFFICER, None)


def can_decide_role_request(actor: Actor, role_request: RoleRequest) -> bool:
    """A pending request, decided by someone who may decide and is neither its
    requester nor the account it is for."""
    return (
        role_request.is_pending
        and can_decide_role_requests(actor)
        and actor.user_id is not None
        and actor.user_id not in (role_request.requested_by_id, role_request.user_id)
    )


def can_withdraw_role_request(actor: Actor, role_request: RoleRequest) -> bool:
    return (
        role_request.is_pending
        and actor.user_id is not None
        and actor.user_id == role_request.requested_by_id
    )


def role_requests_visible_to(actor: Actor) -> QuerySet[RoleRequest]:
    """The page of requests (pending and decided) is for those who may decide them; a
    service administrator also finds there the requests they filed."""
    if not can_decide_role_requests(actor):
        return RoleRequest.objects.none()
    return RoleRequest.objects.all()


def get_role_request_for(actor: Actor, request_id: int) -> RoleRequest:
    role_request = (
        role_requests_visible_to(actor)
        .select_related("user", "requested_by", "decided_by")
        .filter(pk=request_id)
        .first()
    )
    if role_request is None:
        raise NotFound
    return role_request


def get_own_security_key_for(actor: Actor, key_id: int) -> Authenticator:
    """One of the actor's own security keys (WebAuthn); anyone else's is not found."""
    key = None
    if actor.user_id is not None:
        key = Authenticator.objects.filter(
            user_id=actor.user_id, pk=key_id, type=Authenticator.Type.WEBAUTHN
        ).first()
    if key is None:
        raise NotFound
    return key


def own_totp_for(actor: Actor) -> Authenticator | None:
    """The actor's own authenticator app, if they have one."""
    if actor.user_id is None:
        return None
    return Authenticator.objects.filter(user_id=actor.user_id, type=Authenticator.Type.TOTP).first()


def own_factor_types_for(actor: Actor) -> set[str]:
    """Which kinds of factor the actor holds (app, keys, recovery codes)."""
    if actor.user_id is None:
        return set()
    return set(Authenticator.objects.filter(user_id=actor.user_id).values_list("type", flat=True))
