"""Reads of the security reports. A report names accounts by id (for example those
without a second factor): reading one is recorded with the ids it showed."""

from dataclasses import dataclass

from django.core.paginator import Page

from poortwachter.accounts.models import User
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core.actor import Actor
from poortwachter.core.pages import PageRequest, page_of
from poortwachter.security import policies
from poortwachter.security.checks import describe
from poortwachter.security.models import SecurityReport, Severity

#: Most severe first (issue 15); a stable sort keeps the checks' order within a level.
SEVERITY_ORDER = {severity: rank for rank, severity in enumerate(Severity.values)}
#: The most account ids one access event names.
MAX_RECORDED_IDS = 500


def security_report_list(*, actor: Actor, page: PageRequest) -> Page:
    """Dates and counts of the reports, newest first (no personal data: not recorded)."""
    reports = policies.reports_visible_to(actor).defer("findings", "packages")
    return page_of(reports, page)


@dataclass(frozen=True)
class ReportShown:
    report: SecurityReport
    findings: list[dict]


def security_report_get(*, actor: Actor, report_id: int) -> ReportShown:
    """One report with its findings in words; the read is recorded with the accounts
    the findings name."""
    report = policies.get_report_for(actor, report_id)
    user_ids = sorted({i for f in report.findings if f["code"].startswith("accounts.")
                       for i in f.get("ids", [])})  # fmt: skip
    names = {
        user.pk: user.get_full_name() or user.email
        for user in User.objects.filter(pk__in=user_ids).only("first_name", "last_name", "email")
    }
    findings = sorted(
        (
            {**f, "message": describe(f), "severity_label": Severity(f["severity"]).label,
             "accounts": [(i, names.get(i, str(i))) for i in f.get("ids", [])]
             if f["code"].startswith("accounts.") else []}
            for f in report.findings
        ),
        key=lambda f: SEVERITY_ORDER.get(f["severity"], len(SEVERITY_ORDER)),
    )  # fmt: skip
    audit_record(
        actor=actor, action=Action.READ, target=report, purpose="security_report",
        details={"user_ids": user_ids[:MAX_RECORDED_IDS]},
    )  # fmt: skip
    return ReportShown(report=report, findings=findings)
