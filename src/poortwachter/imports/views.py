"""Pages of the employee import (issue 20): upload, the preview with the column choices,
the import, the report. The check and the import run on the task queue; while they run
the page refreshes itself and shows the progress."""

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from poortwachter.core import csvformat
from poortwachter.core.access import actor_required
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.core.forms import add_service_error
from poortwachter.core.pages import PageRequest
from poortwachter.imports import policies, selectors, services, tasks
from poortwachter.imports.columns import LABELS, REQUIRED
from poortwachter.imports.forms import ColumnsForm, UploadForm
from poortwachter.imports.models import Outcome, RunStatus
from poortwachter.organisations.policies import get_employer_for

PAGE_SIZE = 100
SHOWN_FIRST = (Outcome.REFUSED, Outcome.CHANGED, Outcome.NEW, Outcome.UNCHANGED)


def _employer(actor, employer_id):
    employer = get_employer_for(actor, employer_id)
    if not policies.can_import(actor, employer.pk):
        raise Forbidden
    return employer


@actor_required(policies.can_open_import_pages)
@require_http_methods(["GET", "POST"])
def start(request, employer_id, *, actor):
    employer = _employer(actor, employer_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = services.run_create(
                actor=actor,
                employer=employer,
                filename=upload.name,
                content=upload.read(),
                create_departments=form.cleaned_data["create_departments"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            tasks.check_run.enqueue(run.pk)
            return redirect("imports:run", employer_id=employer.pk, run_id=run.pk)
    context = {"employer": employer, "form": form, "runs": selectors.runs_of(employer)}
    return render(request, "imports/start.html", context)


def _run_page(request, actor, employer, run, form=None):
    # The lines that need a look first: refused, then changed, then new.
    counts = run.counts or {}
    default = next((o for o in SHOWN_FIRST if counts.get(o)), Outcome.REFUSED)
    outcome = request.GET.get("uitkomst", default)
    context = {
        "employer": employer,
        "run": run,
        "outcome": outcome,
        "outcomes": Outcome.choices,
        "counts": run.counts,
        "missing": [LABELS[key] for key in sorted(REQUIRED - set(run.columns))],
    }
    if run.status in (RunStatus.CHECKED, RunStatus.DONE):
        context["page"] = selectors.rows_of(
            actor=actor,
            run=run,
            outcome=outcome,
            page=PageRequest(number=request.GET.get("page"), size=PAGE_SIZE),
        )
    if run.status in (RunStatus.CHECKED, RunStatus.FAILED):
        context["form"] = form or ColumnsForm(
            headings=run.headings,
            initial_columns=run.columns,
            initial={"create_departments": run.create_departments},
        )
    return render(request, "imports/run.html", context)


@require_GET
@actor_required(policies.can_open_import_pages)
def run(request, employer_id, run_id, *, actor):
    employer = _employer(actor, employer_id)
    found = policies.get_run_for(actor, employer, run_id)
    return _run_page(request, actor, employer, found)


@require_POST
@actor_required(policies.can_open_import_pages)
def columns(request, employer_id, run_id, *, actor):
    employer = _employer(actor, employer_id)
    found = policies.get_run_for(actor, employer, run_id)
    form = ColumnsForm(request.POST, headings=found.headings, initial_columns=found.columns)
    if form.is_valid():
        try:
            services.columns_save(
                actor=actor,
                run=found,
                columns=form.columns(),
                create_departments=form.cleaned_data["create_departments"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            tasks.check_run.enqueue(found.pk)
            return redirect("imports:run", employer_id=employer.pk, run_id=found.pk)
    return _run_page(request, actor, employer, found, form)


@require_POST
@actor_required(policies.can_open_import_pages)
def confirm(request, employer_id, run_id, *, actor):
    employer = _employer(actor, employer_id)
    found = policies.get_run_for(actor, employer, run_id)
    try:
        services.run_start(actor=actor, run=found)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        tasks.import_run.enqueue(found.pk)
    return redirect("imports:run", employer_id=employer.pk, run_id=found.pk)


@require_GET
@actor_required(policies.can_open_import_pages)
def report(request, employer_id, run_id, *, actor):
    employer = _employer(actor, employer_id)
    found = policies.get_run_for(actor, employer, run_id)
    if found.status not in (RunStatus.CHECKED, RunStatus.DONE):
        messages.error(request, _("Het rapport is er zodra het bestand is gecontroleerd."))
        return redirect("imports:run", employer_id=employer.pk, run_id=found.pk)
    dialect = csvformat.dialect_for(request.GET.get(csvformat.FORMAT_PARAM))
    response = StreamingHttpResponse(
        services.report_lines(actor=actor, run=found, dialect=dialect),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="import-{found.pk}-rapport.csv"'
    return response
