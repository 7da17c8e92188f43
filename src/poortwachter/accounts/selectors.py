"""Building the ``Actor`` for a request or a user, and the audited reads of accounts."""

from allauth.mfa.models import Authenticator
from django.core.paginator import Page
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from poortwachter.accounts import policies
from poortwachter.accounts.models import RoleAssignment, RoleRequest, User
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core.actor import Actor, Grant
from poortwachter.core.errors import NotFound
from poortwachter.core.middleware import client_address
from poortwachter.core.pages import PageRequest, page_of
from poortwachter.core.roles import MEDICAL_ROLES, SEPARATED_FROM_MEDICAL, Role
from poortwachter.organisations.models import Employer
from poortwachter.organisations.selectors import department_subtree_ids


def actor_for_user(user: User, *, request_id: str = "", remote_addr: str = "") -> Actor:
    grants = tuple(
        Grant(a.role, a.employer_id, a.department_id, a.employee_id)
        for a in RoleAssignment.objects.filter(user=user).only(
            "role", "employer_id", "department_id", "employee_id"
        )
    )
    managed = frozenset(
        g.department_id for g in grants if g.role == Role.MANAGER and g.department_id
    )
    return Actor(
        user_id=user.pk,
        label=user.get_full_name() or user.email,
        grants=grants,
        request_id=request_id,
        remote_addr=remote_addr,
        managed_department_ids=department_subtree_ids(managed) if managed else frozenset(),
    )


def actor_for_request(request: HttpRequest) -> Actor:
    """The signed-in user as an Actor, built once per request."""
    cached = getattr(request, "_poortwachter_actor", None)
    if cached is not None:
        return cached
    actor = actor_for_user(
        request.user,  # type: ignore[arg-type]
        request_id=getattr(request, "request_id", ""),
        remote_addr=client_address(request),
    )
    request._poortwachter_actor = actor  # type: ignore[attr-defined]
    return actor


# --- accounts, as their managers see them ------------------------------------------------

#: Accounts carry names and e-mail addresses: every read of them is recorded with this
#: purpose, and the employees bound to them find it under "who viewed my data".
PURPOSE = "account_management"


def _with_visible_assignments(actor: Actor, users: QuerySet[User]) -> QuerySet[User]:
    """``user.role_assignments`` holds only the assignments the actor may see (an
    employer administrator sees nothing of what the person does at another employer)."""
    visible = policies.assignments_visible_to(actor).select_related(
        "employer", "department", "employee"
    )
    return users.prefetch_related(Prefetch("role_assignments", queryset=visible))


def account_list(*, actor: Actor, page: PageRequest, employer: Employer | None = None) -> Page:
    """One page of the accounts the actor manages (those with a role at ``employer``, an
    employer already fetched through its policy, when given). A list without search
    terms: recorded as a read, with the accounts and the employee records bound to them."""
    users = policies.users_visible_to(actor)
    if employer is not None:
        users = users.filter(role_assignments__employer=employer).distinct()
    shown = page_of(_with_visible_assignments(actor, users), page)
    user_ids = [user.pk for user in shown]
    bound = RoleAssignment.objects.filter(user_id__in=user_ids, employee__isnull=False)
    audit_record(
        actor=actor, action=Action.READ, employer_id=employer.pk if employer else None,
        purpose=PURPOSE, details={"user_ids": user_ids},
        subject_employee_ids=bound.values_list("employee_id", flat=True),
    )  # fmt: skip
    return shown


def account_get(*, actor: Actor, user_id: int) -> User:
    """One account with the role assignments the actor may see; the read is recorded.
    Decisions about the account (may it be managed?) use all its grants:
    ``policies.get_user_for``, not this."""
    user = _with_visible_assignments(actor, policies.users_visible_to(actor)).filter(pk=user_id)
    found = user.first()
    if found is None:
        raise NotFound
    bound = [a.employee_id for a in found.role_assignments.all() if a.employee_id]
    audit_record(
        actor=actor, action=Action.READ, target=found, subject_user_id=found.pk,
        subject_employee_ids=bound, purpose=PURPOSE,
    )  # fmt: skip
    return found


def own_grants(*, actor: Actor) -> QuerySet[RoleAssignment]:
    """The signed-in user's own role assignments (no one else's data: not recorded)."""
    if actor.user_id is None:
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(user_id=actor.user_id)


def own_second_factors(*, actor: Actor) -> QuerySet[Authenticator]:
    """The signed-in user's own second factors, by type."""
    return Authenticator.objects.filter(user_id=actor.user_id).order_by("type")


def accounts_with_conflicting_duties() -> list[tuple[User, list[str]]]:
    """Accounts that hold a medical role together with service administration or privacy
    oversight (issue 18, finding 3), with their roles: made before the rule, reported by
    ``check-separation-of-duties``, never silently changed. For the command line only."""
    medical = RoleAssignment.objects.filter(role__in=MEDICAL_ROLES).values("user_id")
    separated = RoleAssignment.objects.filter(role__in=SEPARATED_FROM_MEDICAL).values("user_id")
    users = (
        User.objects.filter(pk__in=medical)
        .filter(pk__in=separated)
        .prefetch_related("role_assignments")
        .order_by("pk")
    )
    return [(user, sorted({a.role for a in user.role_assignments.all()})) for user in users]


# --- four eyes on medical roles (R-ACC-1) -------------------------------------------


def role_requests_pending(*, actor: Actor) -> list[RoleRequest]:
    """Every pending request the actor may see, oldest first; the read is recorded
    (requests name accounts)."""
    pending = list(
        policies.role_requests_visible_to(actor)
        .filter(outcome=RoleRequest.Outcome.PENDING)
        .select_related("user", "requested_by")
        .order_by("requested_at", "pk")
    )
    _record_read(actor, pending)
    return pending


def role_requests_decided(*, actor: Actor, page: PageRequest) -> Page:
    """One page of decided (or withdrawn) requests, newest first: the history."""
    decided = (
        policies.role_requests_visible_to(actor)
        .exclude(outcome=RoleRequest.Outcome.PENDING)
        .select_related("user", "requested_by", "decided_by")
        .order_by("-decided_at", "-pk")
    )
    shown = page_of(decided, page)
    _record_read(actor, list(shown))
    return shown


def role_requests_of(*, actor: Actor, user: User) -> list[RoleRequest]:
    """The pending requests for one account (its page shows them beside its roles)."""
    return list(
        policies.role_requests_visible_to(actor)
        .filter(user=user, outcome=RoleRequest.Outcome.PENDING)
        .select_related("requested_by")
    )


def _record_read(actor: Actor, requests: list[RoleRequest]) -> None:
    audit_record(
        actor=actor, action=Action.READ, purpose=PURPOSE,
        details={"role_request_ids": [r.pk for r in requests],
                 "user_ids": sorted({r.user_id for r in requests})},
    )  # fmt: skip
