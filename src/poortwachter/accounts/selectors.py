"""Building the ``Actor`` for a request or a user."""

from django.http import HttpRequest

from poortwachter.accounts.models import RoleAssignment, User
from poortwachter.core.actor import Actor, Grant
from poortwachter.core.middleware import client_address
from poortwachter.core.roles import Role
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
