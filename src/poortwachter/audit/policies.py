"""Who reads the access log: only the privacy officer (FG) or auditor, category E.

A privacy officer appointed for an employer sees events about that employer; one
appointed by the occupational health service (no employer) sees the whole log.
"""

from django.db.models import QuerySet

from poortwachter.audit.models import AccessEvent
from poortwachter.core.actor import Actor
from poortwachter.core.roles import Role


def events_visible_to(actor: Actor) -> QuerySet[AccessEvent]:
    if not actor.has_role(Role.PRIVACY_OFFICER):
        return AccessEvent.objects.none()
    if any(g.role == Role.PRIVACY_OFFICER and g.employer_id is None for g in actor.grants):
        return AccessEvent.objects.all()
    return AccessEvent.objects.filter(employer_id__in=actor.employer_ids(Role.PRIVACY_OFFICER))
