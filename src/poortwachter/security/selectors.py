"""Reads of the security reports. A report names accounts by id (for example those
without a second factor): reading one is recorded with the ids it showed."""

from dataclasses import dataclass

from django.core.paginator import Page

from poortwachter.accounts.models import User
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core.actor import Actor
from poortwachter.core.pages import PageRequest, page_of
from poortwachter.core.roles import Role
from poortwachter.security import policies
from poortwachter.security.checks import describe, reason_text
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
    #: The dynamic scan and the dependency audit: whether each ran, and why not.
    scans: dict


def _scans(scans: dict) -> dict:
    """Each scan's summary with its reason in words (reports made before the scans
    were added have none: they did not run)."""
    shown = {}
    for name in ("dast", "deps"):
        summary = dict(scans.get(name) or {"ran": False, "reason": "not_recorded"})
        summary["reason_text"] = (
            "" if summary.get("ran") else reason_text(summary.get("reason", ""))
        )
        shown[name] = summary
    shown["dast"]["unscanned_labels"] = [
        str(Role(role).label) for role in shown["dast"].get("unscanned", []) if role in Role.values
    ]
    return shown


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
             "detail": "" if f["code"].endswith(".not_run") else f.get("detail", ""),
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
    return ReportShown(report=report, findings=findings, scans=_scans(report.scans))
