"""Run the scan and keep its report."""

from poortwachter.core import clock
from poortwachter.security.checks import package_versions, run_checks
from poortwachter.security.models import SecurityReport, Severity


def security_scan(*, trigger: str) -> SecurityReport:
    findings = run_checks()

    def count(severity: str) -> int:
        return sum(1 for f in findings if f.severity == severity)

    return SecurityReport.objects.create(
        created_at=clock.now(),
        trigger=trigger,
        high=count(Severity.HIGH),
        medium=count(Severity.MEDIUM),
        low=count(Severity.LOW),
        findings=[f.as_dict() for f in findings],
        packages=package_versions(),
    )
