"""Pages for sick and recovery reports, per role. Views parse, fetch through a policy,
call one service or selector and render; every read of someone's absence data is logged
by the selector that reads it."""

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from poortwachter.absences import forms, policies, rules, selectors, services
from poortwachter.core import clock
from poortwachter.core.access import actor_required
from poortwachter.core.errors import ServiceError
from poortwachter.core.forms import add_service_error
from poortwachter.core.pages import PageRequest
from poortwachter.organisations.policies import get_employee_for
from poortwachter.textguard import check_text

PAGE_SIZE = 50
#: The work queue's own page number, beside ``page`` of the open absences below it.
QUEUE_PAGE = "wachtrij"
#: HR's overview sorts by ``?sorteer=<column>`` (``-<column>``: the other way round).
SORT_PARAM = "sorteer"


def _page(request, param: str = "page", *, late_rows: bool = False) -> PageRequest:
    return PageRequest(number=request.GET.get(param), size=PAGE_SIZE, late_rows=late_rows)


@require_GET
@actor_required(policies.can_use_own_absence_pages)
def my_absence(request, *, actor):
    reports = selectors.own_sick_reports(actor=actor)
    return render(
        request, "absences/my_absence.html",
        {"reports": reports, "employee_ids": sorted(actor.employee_ids),
         "has_open": any(r.is_open for r in reports)},
    )  # fmt: skip


@actor_required(policies.can_report_absence)
@require_http_methods(["GET", "POST"])
def report_sick(request, employee_id, *, actor):
    employee = policies.get_reportable_employee_for(actor, employee_id)
    is_self = employee.pk in actor.employee_ids
    form = forms.SickReportForm(
        request.POST or None, employee=employee, for_self=is_self,
        may_report_late=policies.can_report_late(actor, employee),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            report = services.sick_report_create(
                actor=actor,
                employee=employee,
                data=selectors.as_input(form.cleaned_data),
                late_reason=form.cleaned_data.get("late_reason") or "",
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            message = _("De ziekmelding is vastgelegd en doorgegeven aan de arbodienst.")
            messages.success(request, message)
            return redirect("absences:report_detail", report_id=report.pk)
    # Shown (again): the form with the employee's contact details, a logged read.
    form.initial = selectors.sick_report_form_initial(actor=actor, employee=employee)
    return render(
        request, "absences/report_sick.html",
        {"form": form, "employee": employee, "is_self": is_self,
         "medical_notice": forms.SELF_MEDICAL_NOTICE if is_self else forms.MEDICAL_NOTICE},
    )  # fmt: skip


def _detail_context(actor, report, **forms_shown) -> dict:
    initial = {"version": report.version}
    return {
        "report": report,
        "partials": report.partials.all(),
        "case_reports": report.case.reports.order_by("first_sick_day"),
        "wage_continuation_ends": selectors.wage_continuation_ends(report.case),
        "wage_continuation_relevant": rules.wage_continuation_relevant(
            report.expected_duration, report.case.first_sick_day, clock.today()
        ),
        "emergency_info": policies.emergency_info_for(actor, report.employee),
        "writable": report.is_open and policies.can_write_report(actor, report),
        "recovery_form": forms.RecoveryForm(initial=initial),
        "partial_form": forms.PartialRecoveryForm(initial=initial),
        **forms_shown,
    }


@require_GET
@actor_required(policies.can_read_absence)
def report_detail(request, report_id, *, actor):
    report = selectors.sick_report_get(actor=actor, report_id=report_id)
    return render(request, "absences/report_detail.html", _detail_context(actor, report))


def _write(request, report_id, actor, form_class, service, success, form_key):
    report = policies.get_writable_report_for(actor, report_id)
    form = form_class(request.POST, report=report)
    if form.is_valid():
        try:
            service(actor=actor, report=report, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect("absences:report_detail", report_id=report.pk)
    context = _detail_context(actor, report, **{form_key: form})
    return render(request, "absences/report_detail.html", context, status=400)


@actor_required(policies.can_report_absence)
@require_POST
def recovery(request, report_id, *, actor):
    return _write(request, report_id, actor, forms.RecoveryForm, services.recovery_report,
                  _("Het herstel is gemeld."), "recovery_form")  # fmt: skip


@actor_required(policies.can_report_absence)
@require_POST
def partial_recovery(request, report_id, *, actor):
    return _write(request, report_id, actor, forms.PartialRecoveryForm,
                  services.partial_recovery_record, _("Het gedeeltelijk herstel is gemeld."),
                  "partial_form")  # fmt: skip


@require_GET
@actor_required(policies.can_see_team_absence)
def team(request, *, actor):
    page, open_by_employee = selectors.team_absence(actor=actor, page=_page(request))
    rows = [(member, open_by_employee.get(member.employee_id)) for member in page]
    return render(request, "absences/team.html", {"rows": rows, "page": page})


def _hr_filters(form: forms.AbsenceFilterForm) -> selectors.SickReportFilters:
    """The overview shows open absences unless asked otherwise; a filter that does not
    validate narrows nothing (the form shows why)."""
    if not form.is_valid():
        return selectors.SickReportFilters(status="open")
    data = form.cleaned_data
    return selectors.SickReportFilters(
        status=data["status"] or "open",
        department_id=data["department"].pk if data["department"] else None,
        q=data["q"].strip() or None,
        date_from=data["date_from"],
        date_to=data["date_to"],
    )


@require_GET
@actor_required(policies.can_use_hr_absence_pages)
def hr_list(request, *, actor):
    form = forms.AbsenceFilterForm(
        request.GET or None, departments=policies.hr_overview_departments(actor)
    )
    sort = request.GET.get(SORT_PARAM) or None
    if sort and sort.removeprefix("-") not in selectors.OVERVIEW_SORTS:
        sort = None
    page = selectors.sick_report_search(
        actor=actor, filters=_hr_filters(form), page=_page(request, late_rows=True),
        hr_overview=True, sort=sort,
    )  # fmt: skip
    context = {"form": form, "page": page, "sort": sort, "sort_links": _sort_links(request, sort)}
    return render(request, "absences/hr_list.html", context)


def _sort_links(request, sort: str | None) -> dict[str, dict[str, str]]:
    """Per sortable column: the query that sorts by it (the other way round when it is
    the current sort), keeping the filters and starting at page 1, and its aria-sort."""
    links = {}
    for key in selectors.OVERVIEW_SORTS:
        query = request.GET.copy()
        query.pop("page", None)
        query[SORT_PARAM] = f"-{key}" if sort == key else key
        state = {key: "ascending", f"-{key}": "descending"}.get(sort or "", "none")
        links[key] = {"query": query.urlencode(), "aria_sort": state}
    return links


@actor_required(policies.can_use_own_absence_pages)
@require_http_methods(["GET", "POST"])
def emergency_info(request, *, actor):
    employee = get_employee_for(actor, min(actor.employee_ids))
    form = None
    if request.method == "POST" and "withdraw" in request.POST:
        services.emergency_info_withdraw(actor=actor, employee=employee)
        messages.success(request, _("Uw noodinformatie is ingetrokken en verwijderd."))
        return redirect("absences:emergency_info")
    if request.method == "POST" and request.POST:
        form = forms.EmergencyInfoForm(request.POST)
        if form.is_valid():
            try:
                services.emergency_info_set(actor=actor, employee=employee, **form.cleaned_data)
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Uw noodinformatie is opgeslagen."))
                return redirect("absences:emergency_info")
    current = selectors.own_emergency_info_get(actor=actor, employee=employee)
    if form is None:
        initial = (
            {"text": current.text, "visible_to_manager": current.visible_to_manager,
             "visible_to_hr": current.visible_to_hr, "tell_colleagues": current.tell_colleagues}
            if current else None
        )  # fmt: skip
        form = forms.EmergencyInfoForm(initial=initial)
    return render(request, "absences/emergency_info.html", {"form": form, "shared": current})


@actor_required(policies.can_use_hr_absence_pages)
@require_http_methods(["GET", "POST"])
def leave(request, employee_id, *, actor):
    employee = policies.get_leave_employee_for(actor, employee_id)
    form = forms.LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_period_record(actor=actor, employee=employee, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Het verlof is vastgelegd."))
            return redirect("absences:leave", employee_id=employee.pk)
    periods = selectors.leave_periods_get(actor=actor, employee=employee)
    return render(
        request, "absences/leave.html", {"form": form, "employee": employee, "periods": periods}
    )


@require_GET
@actor_required(policies.can_use_caseload)
def caseload(request, *, actor):
    queue_page, page = selectors.caseload(
        actor=actor, queue=_page(request, QUEUE_PAGE), page=_page(request, late_rows=True)
    )
    context = {"queue": queue_page, "queue_param": QUEUE_PAGE, "page": page}
    return render(request, "absences/caseload.html", context)


@actor_required(policies.can_use_caseload)
@require_POST
def queue_item_handle(request, item_id, *, actor):
    item = policies.get_queue_item_for(actor, item_id)
    services.queue_item_handle(actor=actor, item=item)
    return redirect("absences:caseload")


@actor_required(policies.can_report_absence)
@require_POST
def text_check(request, *, actor):
    """As-you-type check of employer-side free text (htmx): marks what would be refused."""
    fields = [key for key in request.POST if key != "csrfmiddlewaretoken"]
    text = request.POST.get("text", request.POST.get(fields[0], "") if fields else "")
    result = check_text(text[:5000])
    return render(request, "absences/_text_check.html", {"result": result})


# --- the company doctor's advice (R-DOC-1), as the employer side sees it ---------------


@actor_required(policies.can_use_own_absence_pages)
@require_GET
def my_advices(request, *, actor):
    advices = selectors.own_advices(actor=actor)
    return render(request, "absences/my_advices.html", {"advices": advices})


@actor_required(policies.can_read_absence)
@require_GET
def advice_detail(request, advice_id, *, actor):
    advice = selectors.advice_get(actor=actor, advice_id=advice_id)
    is_self = advice.employee_id in actor.employee_ids
    return render(request, "absences/advice_detail.html", {"advice": advice, "is_self": is_self})


# --- the absence calendar (issue 19) ------------------------------------------------------


def _calendar_choice(form: forms.CalendarForm) -> tuple[str, dt.date, int | None]:
    data = form.cleaned_data if form.is_valid() else {}
    view = data.get("weergave") or forms.CalendarForm.MONTH
    department = data.get("afdeling")
    return view, data.get("datum") or clock.today(), department.pk if department else None


def _calendar_link(request, **changes) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        query[key] = value
    return f"?{query.urlencode()}"


@require_GET
@actor_required(policies.can_use_calendar)
def calendar(request, *, actor):
    """Who is absent this month or week, for a manager's team or HR's employer: names and
    "ziek", "gedeeltelijk hersteld" or "verlof"; no cause, no percentage (issue 19)."""
    form = forms.CalendarForm(request.GET or None, departments=policies.calendar_departments(actor))
    view, day, department_id = _calendar_choice(form)
    if view == forms.CalendarForm.WEEK:
        first, last = selectors.week_range(day)
        start, end = first, last
        before, after = first - dt.timedelta(days=7), first + dt.timedelta(days=7)
    else:
        first, last, start, end = selectors.month_range(day)
        before = (first - dt.timedelta(days=1)).replace(day=1)
        after = last + dt.timedelta(days=1)
    result = selectors.absence_calendar(
        actor=actor, start=start, end=end, department_id=department_id, period=(first, last)
    )
    context = {
        "form": form, "calendar": result, "view": view, "first": first, "last": last,
        "previous_link": _calendar_link(request, weergave=view, datum=before.isoformat()),
        "next_link": _calendar_link(request, weergave=view, datum=after.isoformat()),
        "today_link": _calendar_link(request, weergave=view, datum=clock.today().isoformat()),
        "is_week": view == forms.CalendarForm.WEEK,
    }  # fmt: skip
    return render(request, "absences/calendar.html", context)
