"""The statistics dashboard (HR: the employer; a manager: their team), its exports and
HR's published cause statistics. Views parse the filters, resolve the scope through
``policies.get_scope_for`` and call ``services.statistics_read``, which suppresses small
groups and records the access event (``services.cause_reports_list`` for the published
cause statistics). Who may use a page is decided by predicates in ``policies``."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from poortwachter.audit.models import Action
from poortwachter.core import clock, csvformat
from poortwachter.core.access import actor_required
from poortwachter.core.actor import Actor
from poortwachter.core.errors import ServiceError
from poortwachter.statistics import exports, pdf, policies, services
from poortwachter.statistics.cas import chapter_label
from poortwachter.statistics.forms import StatisticsFilterForm, initial_period
from poortwachter.statistics.periods import default_period
from poortwachter.statistics.selectors import Report

FILTERS = ("van", "tot", "afdeling")


def _employer_param(request: HttpRequest, employer_id: int | None = None) -> int | None:
    if employer_id is not None:
        return employer_id
    value = request.GET.get("werkgever")
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:  # as the ``id`` URL converter
        raise Http404
    return int(value)


def _filtered(request: HttpRequest, actor: Actor, employer_id: int | None = None):
    """(scope, form); the form is bound to the query string or to the default period."""
    scope = policies.get_scope_for(actor, _employer_param(request, employer_id))
    data: Any = request.GET if any(k in request.GET for k in FILTERS) else None
    initial = initial_period(default_period(clock.today()))
    form = StatisticsFilterForm(data or initial, departments=policies.scope_departments(scope))
    if form.is_valid() and form.cleaned_data["afdeling"] is not None:
        scope = dataclasses.replace(scope, department=form.cleaned_data["afdeling"])
    return scope, form


def _read(request: HttpRequest, actor: Actor, what: str, action: str) -> Report:
    scope, form = _filtered(request, actor)
    if not form.is_valid():
        raise ServiceError(form.errors.as_text())
    return services.statistics_read(
        actor=actor, scope=scope, period=form.period(), what=what, action=action
    )


def _chart_data(report: Report) -> dict[str, Any]:
    """What the charts draw: the same cells as the tables, suppressed ones as gaps."""

    def series(cells, attr):
        return [None if c.suppressed else getattr(c, attr) for c in cells]

    return {
        "months": {"labels": [c.label for c in report.months],
                   "absence": series(report.months, "absence_pct"),
                   "frequency": series(report.months, "frequency")},
        "quarters": {"labels": [c.label for c in report.quarters],
                     "absence": series(report.quarters, "absence_pct")},
        "departments": {"labels": [c.label for c in report.departments],
                        "absence": series(report.departments, "absence_pct")},
        "classes": {"labels": [label for _k, label, _n in report.week_classes],
                    "counts": [n for _k, _l, n in report.week_classes]},
    }  # fmt: skip


@require_GET
@actor_required(policies.can_read_statistics)
def dashboard(
    request: HttpRequest, employer_id: int | None = None, *, actor: Actor
) -> HttpResponse:
    scope, form = _filtered(request, actor, employer_id)
    report = None
    if form.is_valid():
        report = services.statistics_read(actor=actor, scope=scope, period=form.period())
    context = {
        "form": form, "report": report, "scope": scope,
        "charts": _chart_data(report) if report and not report.suppressed else None,
        "query": _export_query(request, scope),
    }  # fmt: skip
    return render(request, "statistics/dashboard.html", context, status=200 if report else 400)


def _export_query(request: HttpRequest, scope) -> str:
    query = request.GET.copy()
    query["werkgever"] = str(scope.employer.pk)
    return query.urlencode()


def _attachment(content: bytes | str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _export(request: HttpRequest, actor: Actor, fmt: str) -> HttpResponse:
    try:
        report = _read(request, actor, fmt, Action.PRINT if fmt == "pdf" else Action.EXPORT)
    except ServiceError as error:
        return HttpResponse("\n".join(error.messages), status=400, content_type="text/plain")
    name = f"verzuimstatistiek-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}.{fmt}"
    if fmt == "csv":
        dialect = csvformat.dialect_for(request.GET.get(csvformat.FORMAT_PARAM))
        return _attachment(exports.as_csv(report, dialect), "text/csv; charset=utf-8", name)
    if fmt == "xlsx":
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return _attachment(exports.as_xlsx(report), xlsx, name)
    return _attachment(pdf.render_pdf(report, generated_at=clock.now()), "application/pdf", name)


@require_GET
@actor_required(policies.can_read_statistics)
def export_csv(request: HttpRequest, *, actor: Actor) -> HttpResponse:
    return _export(request, actor, "csv")


@require_GET
@actor_required(policies.can_read_statistics)
def export_xlsx(request: HttpRequest, *, actor: Actor) -> HttpResponse:
    return _export(request, actor, "xlsx")


@require_GET
@actor_required(policies.can_read_statistics)
def export_pdf(request: HttpRequest, *, actor: Actor) -> HttpResponse:
    return _export(request, actor, "pdf")


@require_GET
@actor_required(policies.can_read_cause_reports)
def cause_reports(request: HttpRequest, *, actor: Actor) -> HttpResponse:
    reports = services.cause_reports_list(actor=actor, limit=100)
    rows = [
        (report, [(c["chapter"], chapter_label(c["chapter"]), c["count"], c["percentage"])
                  for c in report.chapters])
        for report in reports
    ]  # fmt: skip
    return render(request, "statistics/cause_reports.html", {"rows": rows})
