"""Who may open the privacy pages. Which events and records they show is decided by the
scopes of ``audit.policies`` and ``organisations.policies``."""

from poortwachter.core.actor import Actor
from poortwachter.core.roles import Role


def can_review_access_log(actor: Actor) -> bool:
    """The privacy officer (FG) or auditor searches and exports the log (category E)."""
    return actor.has_role(Role.PRIVACY_OFFICER)


def can_see_own_data(actor: Actor) -> bool:
    """An employee's own pages: who viewed my data, and the own-data export."""
    return actor.has_role(Role.EMPLOYEE)
