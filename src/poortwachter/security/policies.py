"""Who sees the security reports (R-SEC-2): the service administrator only."""

from django.db.models import QuerySet

from poortwachter.core.actor import Actor
from poortwachter.core.errors import NotFound
from poortwachter.core.roles import Role
from poortwachter.security.models import SecurityReport


def can_see_security_reports(actor: Actor) -> bool:
    return actor.has_role(Role.SERVICE_ADMIN)


def can_run_security_scan(actor: Actor) -> bool:
    return actor.has_role(Role.SERVICE_ADMIN)


def reports_visible_to(actor: Actor) -> QuerySet[SecurityReport]:
    if not can_see_security_reports(actor):
        return SecurityReport.objects.none()
    return SecurityReport.objects.all()


def get_report_for(actor: Actor, report_id: int) -> SecurityReport:
    report = reports_visible_to(actor).filter(pk=report_id).first()
    if report is None:
        raise NotFound
    return report
