"""Privacy pages.

- The employee sees who accessed their data ("who viewed my data", NEN 7513 §9) and
  downloads everything held about them on the employer side (own-data export, JSON or
  PDF).
- The privacy officer searches and exports the whole access log (category E).

Every read goes through ``selectors``, which records it (reading the log is itself
logged, and each download once per employee record it contains).
"""

import datetime as dt
from collections.abc import Callable

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from poortwachter.core import clock, csvformat
from poortwachter.core.access import actor_required
from poortwachter.core.actor import Actor
from poortwachter.core.pages import PageRequest
from poortwachter.privacy import policies, selectors
from poortwachter.privacy.forms import EventFilterForm, OwnAccessFilterForm
from poortwachter.privacy.own_data import Document, as_json_bytes
from poortwachter.privacy.own_data_pdf import render_pdf

PAGE_SIZE = 100
OWN_PAGE_SIZE = 50


@require_GET
@actor_required(policies.can_review_access_log)
def event_list(request, *, actor):
    form = EventFilterForm(request.GET or None)
    page, rows = selectors.access_log_search(
        actor=actor,
        filters=form.filters(),
        page=PageRequest(number=request.GET.get("page"), size=PAGE_SIZE),
    )
    context = {"form": form, "page": page, "rows": rows}
    return render(request, "privacy/event_list.html", context)


@require_GET
@actor_required(policies.can_review_access_log)
def assignment_history(request, *, actor):
    """Who serves which employer as company doctor, who decided it and when, and the
    delegations of files to assistants (issue 18, finding 3)."""
    page, delegations = selectors.assignment_history(
        actor=actor, page=PageRequest(number=request.GET.get("page"), size=PAGE_SIZE)
    )
    context = {"page": page, "changes": list(page), "delegations": delegations}
    return render(request, "privacy/assignment_history.html", context)


@require_GET
@actor_required(policies.can_review_access_log)
def event_export(request, *, actor):
    """The filtered log as CSV, streamed (the export itself is logged)."""
    form = EventFilterForm(request.GET or None)
    dialect = csvformat.dialect_for(request.GET.get(csvformat.FORMAT_PARAM))
    lines = selectors.access_log_export(actor=actor, filters=form.filters(), dialect=dialect)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    filename = f"toegangslog-{clock.today():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@actor_required(policies.can_see_own_data)
def my_access_log(request, *, actor):
    """Who viewed my data, for a period (by default the last three months)."""
    today = clock.today()
    if request.GET:
        form = OwnAccessFilterForm(request.GET)
    else:
        form = OwnAccessFilterForm({"date_from": today - dt.timedelta(days=91), "date_to": today})
    page, entries = selectors.own_access_search(
        actor=actor,
        filters=form.filters(),
        page=PageRequest(number=request.GET.get("page"), size=OWN_PAGE_SIZE),
    )
    context = {"form": form, "page": page, "entries": entries}
    return render(request, "privacy/my_access_log.html", context)


@actor_required(policies.can_see_own_data)
@require_GET
def export_json(request, *, actor):
    return _export(actor, "json", as_json_bytes, "application/json; charset=utf-8")


@actor_required(policies.can_see_own_data)
@require_GET
def export_pdf(request, *, actor):
    return _export(actor, "pdf", render_pdf, "application/pdf")


def _export(
    actor: Actor, extension: str, render: Callable[[Document], bytes], content_type: str
) -> HttpResponse:
    content = selectors.own_data_export(actor=actor, extension=extension, render=render)
    filename = f"mijn-gegevens-{clock.today().isoformat()}.{extension}"
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
