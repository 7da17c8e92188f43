"""The service administrator's history of security reports (R-SEC-2)."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from poortwachter.core.access import actor_required
from poortwachter.core.pages import PageRequest
from poortwachter.security import policies, selectors
from poortwachter.security.services import security_scan

PAGE_SIZE = 25


@require_GET
@actor_required(policies.can_see_security_reports)
def report_list(request, *, actor):
    page = selectors.security_report_list(
        actor=actor, page=PageRequest(number=request.GET.get("page"), size=PAGE_SIZE)
    )
    return render(request, "security/report_list.html", {"page": page})


@require_POST
@actor_required(policies.can_run_security_scan)
def report_new(request, *, actor):
    report = security_scan(trigger="page", actor=actor)
    return redirect("security:report_detail", report_id=report.pk)


@require_GET
@actor_required(policies.can_see_security_reports)
def report_detail(request, report_id, *, actor):
    shown = selectors.security_report_get(actor=actor, report_id=report_id)
    return render(
        request,
        "security/report_detail.html",
        {"report": shown.report, "findings": shown.findings, "scans": shown.scans},
    )
