"""Pages for sick and recovery reports, per role. Views parse, fetch through a policy,
call one service and render; every read of someone's absence data is logged."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from poortwachter.absences import forms, policies, selectors, services
from poortwachter.absences.models import ServiceQueueItem
from poortwachter.accounts.decorators import role_required
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core import clock
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.core.forms import add_service_error
from poortwachter.core.pages import LateRowPaginator
from poortwachter.core.roles import Role
from poortwachter.organisations.models import Employment, current_employments
from poortwachter.organisations.policies import (
    departments_visible_to,
    get_employee_for,
    served_employer_ids,
)
from poortwachter.textguard import check_text

WRITERS = (Role.EMPLOYEE, Role.MANAGER, Role.HR)
READERS = (*WRITERS, Role.DOCTOR)
PAGE_SIZE = 50
#: The work queue's own page number, beside ``page`` of the open absences below it.
QUEUE_PAGE = "wachtrij"
#: What a list shows of a person and of a sick report: lists load no more than that.
NAME_FIELDS = ("first_name", "name_prefix", "last_name")
HR_LIST_FIELDS = ("employee", "first_sick_day", "recovered_on", "expected_duration")


def _log_list(actor, reports, purpose, role=None, employee_ids=()):
    audit_record(
        actor=actor, action=Action.READ, purpose=purpose, role=role,
        details={"sick_report_ids": [r.pk for r in reports]},
        subject_employee_ids=[*employee_ids, *(r.employee_id for r in reports)],
    )  # fmt: skip


@role_required(Role.EMPLOYEE)
def my_absence(request, *, actor):
    own = policies.reports_visible_to(actor).filter(employee_id__in=actor.employee_ids)
    reports = list(own.select_related("case").prefetch_related("partials"))
    _log_list(actor, reports, "own_data", role=Role.EMPLOYEE, employee_ids=actor.employee_ids)
    return render(
        request, "absences/my_absence.html",
        {"reports": reports, "employee_ids": sorted(actor.employee_ids),
         "has_open": any(r.is_open for r in reports)},
    )  # fmt: skip


@role_required(*WRITERS)
@require_http_methods(["GET", "POST"])
def report_sick(request, employee_id, *, actor):
    employee = policies.get_reportable_employee_for(actor, employee_id)
    form = forms.SickReportForm(
        request.POST or None, initial=selectors.prefilled_input(employee, clock.today())
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.sick_report_create(
                actor=actor, employee=employee, data=selectors.as_input(form.cleaned_data)
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            message = _("De ziekmelding is vastgelegd en doorgegeven aan de arbodienst.")
            messages.success(request, message)
            return redirect("absences:report_detail", report_id=report.pk)
    is_self = employee.pk in actor.employee_ids
    audit_record(
        actor=actor, action=Action.READ, target=employee, employer_id=employee.employer_id,
        subject_employee_id=employee.pk, purpose="sick_report_form",
        role=Role.EMPLOYEE if is_self else None,
    )  # fmt: skip
    return render(
        request, "absences/report_sick.html",
        {"form": form, "employee": employee, "is_self": is_self,
         "medical_notice": forms.MEDICAL_NOTICE},
    )  # fmt: skip


def _detail_context(actor, report, **forms_shown) -> dict:
    initial = {"version": report.version}
    return {
        "report": report,
        "partials": report.partials.all(),
        "case_reports": report.case.reports.order_by("first_sick_day"),
        "wage_continuation_ends": selectors.wage_continuation_ends(report.case),
        "emergency_info": policies.emergency_info_for(actor, report.employee),
        "writable": report.is_open and policies.can_write_report(actor, report),
        "recovery_form": forms.RecoveryForm(initial=initial),
        "partial_form": forms.PartialRecoveryForm(initial=initial),
        **forms_shown,
    }


@role_required(*READERS)
def report_detail(request, report_id, *, actor):
    report = policies.get_report_for(actor, report_id)
    audit_record(
        actor=actor, action=Action.READ, target=report, employer_id=report.employer_id,
        subject_employee_id=report.employee_id,
    )  # fmt: skip
    return render(request, "absences/report_detail.html", _detail_context(actor, report))


def _write(request, report_id, actor, form_class, service, success, form_key):
    report = policies.get_report_for(actor, report_id)
    if not policies.can_write_report(actor, report):
        raise Forbidden
    form = form_class(request.POST)
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


@role_required(*WRITERS)
@require_POST
def recovery(request, report_id, *, actor):
    return _write(request, report_id, actor, forms.RecoveryForm, services.recovery_report,
                  _("Het herstel is gemeld."), "recovery_form")  # fmt: skip


@role_required(*WRITERS)
@require_POST
def partial_recovery(request, report_id, *, actor):
    return _write(request, report_id, actor, forms.PartialRecoveryForm,
                  services.partial_recovery_record, _("Het gedeeltelijk herstel is gemeld."),
                  "partial_form")  # fmt: skip


@role_required(Role.MANAGER)
def team(request, *, actor):
    members = (
        current_employments().filter(department_id__in=actor.managed_department_ids)
        .select_related("employee", "department")
        .only("employee", "department__name", *(f"employee__{f}" for f in NAME_FIELDS))
        .order_by("employee__last_name", "employee__first_name", "employee_id", "pk")
    )  # fmt: skip
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    # Only the open reports of the people on this page: one query, whatever the team's size.
    reports = selectors.open_reports(policies.reports_visible_to(actor)).filter(
        employee_id__in=[m.employee_id for m in page]
    )
    open_by_employee = {r.employee_id: r for r in reports.only("employee_id", "first_sick_day")}
    _log_list(actor, open_by_employee.values(), "team_absence")
    rows = [(member, open_by_employee.get(member.employee_id)) for member in page]
    return render(request, "absences/team.html", {"rows": rows, "page": page})


@role_required(Role.HR)
def hr_list(request, *, actor):
    employer_ids = actor.employer_ids(Role.HR)
    form = forms.AbsenceFilterForm(
        request.GET or None,
        departments=departments_visible_to(actor).filter(employer_id__in=employer_ids),
    )
    reports = policies.reports_visible_to(actor).filter(employer_id__in=employer_ids)
    status = "open"
    if form.is_valid():
        data = form.cleaned_data
        status = data["status"] or "open"
        if data["department"]:
            # A subquery, not a join: no duplicate rows, so no DISTINCT over the whole list
            # (and its count) is needed.
            in_department = Employment.objects.filter(
                department=data["department"], end_date__isnull=True
            )
            reports = reports.filter(employee_id__in=in_department.values("employee_id"))
        if data["q"].strip():
            q = data["q"].strip()
            reports = reports.filter(
                Q(employee__last_name__icontains=q) | Q(employee__first_name__icontains=q)
                | Q(employee__personnel_number__iexact=q)
            )  # fmt: skip
        if data["date_from"]:
            reports = reports.filter(first_sick_day__gte=data["date_from"])
        if data["date_to"]:
            reports = reports.filter(first_sick_day__lte=data["date_to"])
    if status == "open":
        reports = reports.filter(recovered_on__isnull=True)
    elif status == "closed":
        reports = reports.filter(recovered_on__isnull=False)
    reports = (
        reports.select_related("employee")
        .only(*HR_LIST_FIELDS, *(f"employee__{f}" for f in (*NAME_FIELDS, "personnel_number")))
        .order_by("-first_sick_day", "-pk")
    )
    page = LateRowPaginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(
        actor=actor, action=Action.SEARCH, purpose="hr_absence_overview",
        details={"sick_report_ids": [r.pk for r in page]},
        subject_employee_ids=[r.employee_id for r in page],
    )  # fmt: skip
    return render(request, "absences/hr_list.html", {"form": form, "page": page})


@role_required(Role.EMPLOYEE)
@require_http_methods(["GET", "POST"])
def emergency_info(request, *, actor):
    employee = get_employee_for(actor, min(actor.employee_ids))
    current = policies.emergency_info_for(actor, employee)
    initial = (
        {"text": current.text, "visible_to_manager": current.visible_to_manager,
         "visible_to_hr": current.visible_to_hr, "tell_colleagues": current.tell_colleagues}
        if current else None
    )  # fmt: skip
    form = forms.EmergencyInfoForm(request.POST or None, initial=initial)
    if request.method == "POST" and "withdraw" in request.POST:
        services.emergency_info_withdraw(actor=actor, employee=employee)
        messages.success(request, _("Uw noodinformatie is ingetrokken en verwijderd."))
        return redirect("absences:emergency_info")
    if request.method == "POST" and form.is_valid():
        try:
            services.emergency_info_set(actor=actor, employee=employee, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Uw noodinformatie is opgeslagen."))
            return redirect("absences:emergency_info")
    audit_record(
        actor=actor, action=Action.READ, target=current, employer_id=employee.employer_id,
        subject_employee_id=employee.pk, purpose="own_data", role=Role.EMPLOYEE,
    )  # fmt: skip
    return render(request, "absences/emergency_info.html", {"form": form, "current": current})


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def leave(request, employee_id, *, actor):
    employee = get_employee_for(actor, employee_id)
    if not actor.holds(Role.HR, employee.employer_id):
        raise Forbidden
    form = forms.LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_period_record(actor=actor, employee=employee, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Het verlof is vastgelegd."))
            return redirect("absences:leave", employee_id=employee.pk)
    audit_record(
        actor=actor, action=Action.READ, target=employee, employer_id=employee.employer_id,
        subject_employee_id=employee.pk, purpose="leave_administration", role=Role.HR,
    )  # fmt: skip
    return render(
        request, "absences/leave.html",
        {"form": form, "employee": employee, "periods": employee.leave_periods.all()},
    )  # fmt: skip


@role_required(Role.DOCTOR)
def caseload(request, *, actor):
    served = served_employer_ids(actor)
    queue = (
        ServiceQueueItem.objects.filter(employer_id__in=served, handled_at__isnull=True)
        .select_related("report__employee", "employer")
        .order_by("created_at", "pk")
    )
    queue_page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get(QUEUE_PAGE))
    open_reports = (
        selectors.open_reports(policies.reports_visible_to(actor))
        .select_related("employee", "employer", "case")
        .order_by("-first_sick_day", "-pk")
    )
    page = LateRowPaginator(open_reports, PAGE_SIZE).get_page(request.GET.get("page"))
    _log_list(actor, [item.report for item in queue_page] + list(page), "caseload")
    context = {"queue": queue_page, "queue_param": QUEUE_PAGE, "page": page}
    return render(request, "absences/caseload.html", context)


@role_required(Role.DOCTOR)
@require_POST
def queue_item_handle(request, item_id, *, actor):
    item = get_object_or_404(
        ServiceQueueItem.objects.select_related("report"),
        pk=item_id, employer_id__in=served_employer_ids(actor),
    )  # fmt: skip
    services.queue_item_handle(actor=actor, item=item)
    return redirect("absences:caseload")


@role_required(*WRITERS)
@require_POST
def text_check(request, *, actor):
    """As-you-type check of employer-side free text (htmx): marks what would be refused."""
    fields = [key for key in request.POST if key != "csrfmiddlewaretoken"]
    text = request.POST.get("text", request.POST.get(fields[0], "") if fields else "")
    result = check_text(text[:5000])
    return render(request, "absences/_text_check.html", {"result": result})


# --- the company doctor's advice (R-DOC-1), as the employer side sees it ---------------

ADVICE_READERS = (Role.EMPLOYEE, Role.MANAGER, Role.HR, Role.DOCTOR)


@role_required(Role.EMPLOYEE)
@require_GET
def my_advices(request, *, actor):
    advices = list(
        policies.advices_visible_to(actor)
        .filter(employee_id__in=actor.employee_ids)
        .select_related("doctor", "employer")
        .order_by("-published_at", "-pk")
    )
    audit_record(
        actor=actor, action=Action.READ, purpose="own_data", role=Role.EMPLOYEE,
        details={"advice_ids": [a.pk for a in advices]},
        subject_employee_ids=[*actor.employee_ids, *(a.employee_id for a in advices)],
    )  # fmt: skip
    return render(request, "absences/my_advices.html", {"advices": advices})


@role_required(*ADVICE_READERS)
@require_GET
def advice_detail(request, advice_id, *, actor):
    advice = policies.get_advice_for(actor, advice_id)
    is_self = advice.employee_id in actor.employee_ids
    audit_record(
        actor=actor, action=Action.READ, target=advice, employer_id=advice.employer_id,
        subject_employee_id=advice.employee_id, role=Role.EMPLOYEE if is_self else None,
    )  # fmt: skip
    return render(request, "absences/advice_detail.html", {"advice": advice, "is_self": is_self})
