"""Run the scan and keep its report."""

from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.security.checks import package_versions, run_checks
from poortwachter.security.models import SecurityReport, Severity

#: Who started a scan that no person started, by its trigger.
SYSTEM_STARTERS = {"command": "command", "scheduled": "scheduler"}


def security_scan(*, trigger: str, actor: Actor | None = None) -> SecurityReport:
    """Check the installation and keep the report, with who started it: ``actor``'s
    user for a scan from the page, else the command line or the scheduler."""
    findings = run_checks()

    def count(severity: str) -> int:
        return sum(1 for f in findings if f.severity == severity)

    person = actor is not None and not actor.is_system
    return SecurityReport.objects.create(
        created_at=clock.now(),
        trigger=trigger,
        started_by_id=actor.user_id if person and actor else None,
        started_by_label=(
            actor.label if person and actor else SYSTEM_STARTERS.get(trigger, trigger)
        ),
        high=count(Severity.HIGH),
        medium=count(Severity.MEDIUM),
        low=count(Severity.LOW),
        findings=[f.as_dict() for f in findings],
        packages=package_versions(),
    )
