"""Who is acting: the user, the role assignments in force, and where the request came from.

Every service takes ``*, actor`` and every policy decides on an ``Actor``. It is built once
per request from the database (``accounts.selectors.actor_for_request``) and is immutable,
so a decision can never depend on something a view changed halfway.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from poortwachter.core.roles import Role, duties_conflict

#: The grant a machine client holds at its employer; not a role a person can be given.
MACHINE_CLIENT = "machine_client"


@dataclass(frozen=True)
class Grant:
    """One role assignment: a role and the scope it holds in."""

    role: str
    employer_id: int | None = None
    department_id: int | None = None
    employee_id: int | None = None


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    label: str
    grants: tuple[Grant, ...] = ()
    request_id: str = ""
    remote_addr: str = ""
    on_behalf_of_id: int | None = None
    #: Departments a manager manages, including their sub-departments.
    managed_department_ids: frozenset[int] = field(default_factory=frozenset)
    #: A machine client of an employer (issue 20): no user, one employer, its scopes.
    client_id: int | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def system(cls, label: str) -> Actor:
        """The actor for management commands and scheduled jobs (no user, no grants)."""
        return cls(user_id=None, label=f"system:{label}")

    @classmethod
    def machine_client(
        cls, *, client_id: int, employer_id: int, label: str, scopes: Iterable[str],
        request_id: str = "", remote_addr: str = "",
    ) -> Actor:  # fmt: skip
        """An HR or payroll system calling the integration API for one employer: it holds
        no role of a person, only its scopes there (``MACHINE_CLIENT`` grant)."""
        return cls(
            user_id=None, label=f"client:{label}", client_id=client_id,
            grants=(Grant(role=MACHINE_CLIENT, employer_id=employer_id),),
            scopes=frozenset(scopes), request_id=request_id, remote_addr=remote_addr,
        )  # fmt: skip

    @property
    def is_system(self) -> bool:
        return self.user_id is None and self.client_id is None

    def client_may(self, scope: str, employer_id: int) -> bool:
        """A machine client with ``scope`` at ``employer_id`` (never a person)."""
        return (
            self.client_id is not None
            and scope in self.scopes
            and self.holds(MACHINE_CLIENT, employer_id)
        )

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(grant.role for grant in self.grants)

    @property
    def has_conflicting_duties(self) -> bool:
        """A medical role together with service administration or privacy oversight:
        such an account (made before the rule, issue 18) uses neither side's powers to
        issue or assign until the service resolves it (``check-separation-of-duties``)."""
        return duties_conflict(self.roles)

    def has_role(self, *roles: str) -> bool:
        return any(grant.role in roles for grant in self.grants)

    def employer_ids(self, *roles: str) -> frozenset[int]:
        """Employers where the actor holds one of ``roles`` (all roles when none given)."""
        return frozenset(
            grant.employer_id
            for grant in self.grants
            if grant.employer_id is not None and (not roles or grant.role in roles)
        )

    def holds(self, role: str, employer_id: int | None) -> bool:
        return any(g.role == role and g.employer_id == employer_id for g in self.grants)

    @property
    def employee_ids(self) -> frozenset[int]:
        return frozenset(
            g.employee_id for g in self.grants if g.role == Role.EMPLOYEE and g.employee_id
        )

    @property
    def primary_role(self) -> str:
        """The role an audit line names when the actor holds several."""
        order: Iterable[str] = (
            Role.SERVICE_ADMIN,
            Role.DOCTOR,
            Role.ASSISTANT,
            Role.PRIVACY_OFFICER,
            Role.EMPLOYER_ADMIN,
            Role.HR,
            Role.MANAGER,
            Role.EMPLOYEE,
        )
        for role in order:
            if self.has_role(role):
                return role
        if self.client_id is not None:
            return MACHINE_CLIENT
        return "system" if self.is_system else "none"
