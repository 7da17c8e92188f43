"""The service administrator's history of security reports (R-SEC-2)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from poortwachter.accounts.decorators import role_required
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core.roles import Role
from poortwachter.security.checks import describe
from poortwachter.security.models import SecurityReport, Severity
from poortwachter.security.services import security_scan


@require_GET
@role_required(Role.SERVICE_ADMIN)
def report_list(request, *, actor):
    reports = SecurityReport.objects.defer("findings", "packages")
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    return render(request, "security/report_list.html", {"page": page})


@require_POST
@role_required(Role.SERVICE_ADMIN)
def report_new(request, *, actor):
    report = security_scan(trigger="page", actor=actor)
    return redirect("security:report_detail", report_id=report.pk)


@require_GET
@role_required(Role.SERVICE_ADMIN)
def report_detail(request, report_id, *, actor):
    report = SecurityReport.objects.filter(pk=report_id).first()
    if report is None:
        raise Http404
    findings = [
        {**f, "message": describe(f),
         "severity_label": Severity(f["severity"]).label}
        for f in report.findings
    ]  # fmt: skip
    user_ids = sorted({i for f in report.findings if f["code"].startswith("accounts.")
                       for i in f.get("ids", [])})  # fmt: skip
    audit_record(
        actor=actor, action=Action.READ, target=report, purpose="security_report",
        details={"user_ids": user_ids[:500]},
    )  # fmt: skip
    return render(request, "security/report_detail.html", {"report": report, "findings": findings})
