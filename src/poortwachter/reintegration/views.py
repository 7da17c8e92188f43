"""Pages of the re-integration file (R-REINT-2) and the task dashboards (R-REINT-3).
Views parse, fetch through a policy, call one service or selector and render; every read
and every download of someone's file writes an access event with the employee as subject
(in ``selectors`` and ``services``, not here)."""

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from poortwachter.core import clock
from poortwachter.core.access import actor_required
from poortwachter.core.errors import ServiceError
from poortwachter.core.forms import add_service_error
from poortwachter.reintegration import documents, forms, ical, policies, selectors, services
from poortwachter.reintegration.models import NotificationKind, PlanSignature, TaskRole, TaskStatus
from poortwachter.reintegration.sync import case_timeline
from poortwachter.reintegration.timeline import TimelineError


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # Always an attachment: the browser never renders it inside our origin.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the file --------------------------------------------------------------------------


def _milestones(case):
    try:
        line = case_timeline(case)
    except TimelineError as error:
        return None, str(error)
    return (line.milestones if line else ()), None


@actor_required(policies.can_use_file_pages)
@require_GET
def case_file(request, case_id, *, actor):
    case = selectors.case_get(actor=actor, case_id=case_id)
    plan = selectors.plan_of(case)
    milestones, timeline_error = _milestones(case)
    context = {
        "case": case,
        "entries": selectors.file_entries(case),
        "tasks": selectors.case_tasks(case),
        "milestones": milestones,
        "timeline_error": timeline_error,
        "plan": plan,
        "current_version": selectors.current_version(plan),
        "advice": selectors.current_advice(case),
        "notifications": selectors.case_notifications(case),
        "can_write": policies.can_write_file(actor, case),
        "is_own": policies.is_own(actor, case),
        "can_report": policies.can_read_report(actor, case),
        "can_download": policies.can_download_third_party(actor, case),
        "task_roles": _actor_task_roles(actor, case),
        "deadlines": selectors.deadlines_of(actor=actor, cases=[case]).get(case.pk),
        "case_manager": selectors.current_case_manager(case),
        "can_assign_case_manager": policies.can_assign_case_manager(actor, case),
        "can_write_note": policies.can_write_note(actor, case),
        "wage": selectors.wage_continuation_of(case),
        "expert_opinions": selectors.expert_opinions_of(case),
        "early_iva": selectors.early_iva_of(case),
        "appointments": selectors.case_appointments(actor, case),
    }
    return render(request, "reintegration/case_file.html", context)


def _actor_task_roles(actor, case) -> set[str]:
    roles = set()
    if policies.is_hr(actor, case):
        roles.add(TaskRole.HR.value)
    if policies.is_serving_doctor(actor, case):
        roles.add(TaskRole.DOCTOR.value)
    if policies.is_own(actor, case):
        roles.add(TaskRole.EMPLOYEE.value)
    return roles


def _hr_case(request, actor, case_id, form: str):
    """A case for one of HR's forms; showing the form is a read, a submit records its
    own write."""
    return selectors.case_get(
        actor=actor, case_id=case_id, fetch=policies.get_writable_case_for,
        shown=request.method != "POST", form=form,
    )  # fmt: skip


# --- the plan of action ------------------------------------------------------------------


def _plan_input(data: dict) -> services.PlanInput:
    names = services.PlanInput.__dataclass_fields__
    return services.PlanInput(**{name: data.get(name) or "" for name in names})  # type: ignore[arg-type]


def _plan_initial(current) -> dict | None:
    if current is None:
        return None
    initial = {name: getattr(current, name) for name in services.PLAN_FIELDS}
    return initial | {"based_on": current.number}


@actor_required(policies.can_use_hr_pages)
@require_http_methods(["GET", "POST"])
def plan_edit(request, case_id, *, actor):
    """HR draws up the plan, or revises it: every save of a revision is a new version."""
    case = _hr_case(request, actor, case_id, "plan")
    plan = selectors.plan_of(case)
    current = selectors.current_version(plan)
    form = forms.PlanForm(
        request.POST or None, initial=_plan_initial(current),
        advices=selectors.case_advices(case), managers=selectors.case_managers(case.employer_id),
        revision=plan is not None,
    )  # fmt: skip
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = _plan_input(form.cleaned_data)
            try:
                if plan is None:
                    services.plan_draw_up(actor=actor, case=case, data=data)
                else:
                    based_on = form.cleaned_data["based_on"] or 0
                    services.plan_revise(actor=actor, plan=plan, data=data, based_on=based_on)
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Het plan van aanpak is opgeslagen."))
                return redirect("reintegration:case_file", case_id=case.pk)
    context = {
        "case": case, "form": form, "plan": plan, "current_version": current,
        "analysis_on": selectors.problem_analysis_on(case),
        "advice": selectors.current_advice(case),
    }  # fmt: skip
    return render(request, "reintegration/plan_form.html", context, status=status)


@actor_required(policies.can_use_employee_pages)
@require_http_methods(["GET", "POST"])
def plan_employee(request, case_id, *, actor):
    """The employee's own page: their view on the current version, and their signature."""
    case = selectors.case_get(
        actor=actor, case_id=case_id, fetch=policies.get_signable_case_for,
        shown=request.method != "POST", form="employee_view",
    )  # fmt: skip
    plan = selectors.plan_of(case)
    current = selectors.current_version(plan)
    initial = (
        {"number": current.number, "employee_view": current.employee_view} if current else None
    )
    form = forms.EmployeeViewForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if plan is not None and form.is_valid():
            data = form.cleaned_data
            try:
                services.plan_employee_view(
                    actor=actor, plan=plan, number=data["number"],
                    employee_view=data["employee_view"], signature=data["signature"],
                )  # fmt: skip
            except ServiceError as error:
                add_service_error(form, error)
            else:
                done = {
                    PlanSignature.AGREED: _("U heeft het plan ondertekend voor akkoord."),
                    PlanSignature.SEEN: _("U heeft het plan van aanpak ondertekend voor gezien. "
                                          "Uw visie staat bij het plan."),
                }.get(data["signature"], _("Uw visie is opgeslagen."))  # fmt: skip
                messages.success(request, done)
                return redirect("reintegration:plan_employee", case_id=case.pk)
    versions = plan.versions.order_by("-number") if plan else []
    context = {"case": case, "plan": plan, "current_version": current, "form": form,
               "versions": versions, "advice": selectors.current_advice(case)}  # fmt: skip
    return render(request, "reintegration/plan_employee.html", context, status=status)


# --- evaluations, notifications, uploads ------------------------------------------------


@actor_required(policies.can_use_hr_pages)
@require_http_methods(["GET", "POST"])
def evaluation_new(request, case_id, *, actor):
    case = _hr_case(request, actor, case_id, "evaluation")
    form = forms.EvaluationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                data = services.EvaluationInput(**form.cleaned_data)
                services.evaluation_record(actor=actor, case=case, data=data)
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("De evaluatie is vastgelegd."))
                return redirect("reintegration:case_file", case_id=case.pk)
    return render(request, "reintegration/evaluation_form.html",
                  {"case": case, "form": form}, status=status)  # fmt: skip


@actor_required(policies.can_use_hr_pages)
@require_http_methods(["GET", "POST"])
def notification_detail(request, case_id, notification_id, *, actor):
    notification = selectors.notification_get(
        actor=actor, case_id=case_id, notification_id=notification_id,
        shown=request.method != "POST",
    )  # fmt: skip
    case = notification.case
    form = forms.NotificationSentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.notification_mark_sent(
                    actor=actor, notification=notification, **form.cleaned_data
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Vastgelegd dat de melding aan UWV is verstuurd."))
                return redirect(
                    "reintegration:notification_detail", case_id=case.pk,
                    notification_id=notification.pk,
                )  # fmt: skip
    data = documents.uwv_notification(notification)
    context = {
        "case": case, "notification": notification, "data": data, "form": form,
        "missing": documents.missing_uwv_data(data),
        "is_week_42": notification.kind == NotificationKind.WEEK_42,
        "ended_on": _date(data.get("employment_ended_on")),
    }  # fmt: skip
    return render(request, "reintegration/notification.html", context, status=status)


@actor_required(policies.can_use_hr_pages)
@require_GET
def notification_export(request, case_id, notification_id, format, *, actor):
    download = services.notification_export(
        actor=actor, case_id=case_id, notification_id=notification_id, format=format
    )
    return _attachment(download.content, download.content_type, download.filename)


@actor_required(policies.can_use_hr_pages)
@require_http_methods(["GET", "POST"])
def report_new(request, case_id, *, actor):
    case = _hr_case(request, actor, case_id, "upload")
    form = forms.ReportUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["upload"]
            try:
                if upload.size > services.UPLOAD_MAX_BYTES:  # before reading it into memory
                    raise ServiceError({"upload": [_("Het bestand is groter dan 10 MB.")]})
                services.report_upload(
                    actor=actor, case=case, title=form.cleaned_data["title"],
                    author=form.cleaned_data["author"],
                    received_on=form.cleaned_data["received_on"], content=upload.read(),
                    declared_type=upload.content_type or "",
                )  # fmt: skip
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Het rapport is toegevoegd aan het dossier."))
                return redirect("reintegration:case_file", case_id=case.pk)
    return render(request, "reintegration/report_form.html",
                  {"case": case, "form": form}, status=status)  # fmt: skip


@actor_required(policies.can_use_file_pages)
@require_GET
def report_download(request, case_id, report_id, *, actor):
    report = selectors.third_party_report_get(actor=actor, case_id=case_id, report_id=report_id)
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
    filename = f"rapport-{report.received_on:%Y-%m-%d}.{extension[report.content_type]}"
    return _attachment(bytes(report.data), report.content_type, filename)


@actor_required(policies.can_use_report_pages)
@require_GET
def reintegration_report(request, case_id, format, *, actor):
    """The re-integratieverslag (art. 6 Regeling procesgang) as PDF or JSON."""
    download = services.reintegration_report_export(actor=actor, case_id=case_id, format=format)
    return _attachment(download.content, download.content_type, download.filename)


# --- wage sanction, extension, the report's statements (issue 16) -----------------------


def _case_form_page(request, case, form, save, *, template: str, done: str, extra=None):
    """One of HR's forms on a case: show it, or save it through ``save(cleaned_data)``."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, done)
                return redirect("reintegration:case_file", case_id=case.pk)
    context = {"case": case, "form": form, **(extra or {})}
    return render(request, template, context, status=status)


@actor_required(policies.can_use_hr_pages)
@require_http_methods(["GET", "POST"])
def wage_sanction_edit(request, case_id, *, actor):
    """HR records UWV's wage sanction, or its shortened end (bekorting)."""
    case = _hr_case(request, actor, case_id, "wage_sanction")
    current = selectors.wage_sanction_of(case)
    initial = None if current is None else {
        "decided_on": current.decided_on, "starts_on": current.starts_on,
        "ends_on": current.ends_on,
    }  # fmt: skip
    form = forms.WageSanctionForm(request.POST or None, initial=initial, case=case)
    return _case_form_page(
        request, case, form,
        lambda data: services.wage_sanction_record(actor=actor, case=case, **data),
        template="reintegration/wage_sanction_form.html",
        done=_("De loonsanctie is vastgelegd. Het einde van de loondoorbetaling is aangepast."),
        extra={"current": current},
    )  # fmt: skip


@actor_required(policies.can_use_hr_pages)
@require_http_methods(["GET", "POST"])
def wage_extension_edit(request, case_id, *, actor):
    """HR records the voluntary extension UWV agreed to (art. 24 lid 1 WIA)."""
    case = _hr_case(request, actor, case_id, "wage_extension")
    current = selectors.wage_extension_of(case)
    initial = None if current is None else {
        "requested_on": current.requested_on, "decided_on": current.decided_on,
        "weeks": current.weeks,
    }  # fmt: skip
    form = forms.WageExtensionForm(request.POST or None, initial=initial, case=case)
    return _case_form_page(
        request, case, form,
        lambda data: services.wage_extension_record(actor=actor, case=case, **data),
        template="reintegration/wage_extension_form.html",
        done=_("De verlenging is vastgelegd. Het einde van de loondoorbetaling en de "
               "WIA-aanvraag zijn verschoven."),
        extra={"current": current},
    )  # fmt: skip


@actor_required(policies.can_use_hr_pages)
@require_http_methods(["GET", "POST"])
def report_statement_edit(request, case_id, *, actor):
    """HR writes the job description and the current judgements for the report."""
    case = _hr_case(request, actor, case_id, "report_statement")
    current = selectors.report_statement_of(case)
    initial = None if current is None else {
        name: getattr(current, name) for name, _required, _limit in services.STATEMENT_TEXTS
    }  # fmt: skip
    form = forms.ReportStatementForm(request.POST or None, initial=initial)
    return _case_form_page(
        request, case, form,
        lambda data: services.report_statement_record(actor=actor, case=case, **data),
        template="reintegration/report_statement_form.html",
        done=_("De gegevens voor het re-integratieverslag zijn opgeslagen."),
    )  # fmt: skip


@actor_required(policies.can_use_hr_pages)
@require_http_methods(["GET", "POST"])
def expert_opinion_new(request, case_id, *, actor):
    """HR records a request to UWV for an expert opinion (deskundigenoordeel)."""
    case = _hr_case(request, actor, case_id, "expert_opinion")
    form = forms.ExpertOpinionForm(request.POST or None, case=case)
    return _case_form_page(
        request, case, form,
        lambda data: services.expert_opinion_record(actor=actor, case=case, **data),
        template="reintegration/expert_opinion_form.html",
        done=_("De aanvraag van het deskundigenoordeel is vastgelegd."),
    )  # fmt: skip


@actor_required(policies.can_use_hr_pages)
@require_http_methods(["GET", "POST"])
def expert_opinion_outcome(request, case_id, opinion_id, *, actor):
    """HR records when UWV answered and what it concluded."""
    opinion = selectors.expert_opinion_get(
        actor=actor, case_id=case_id, opinion_id=opinion_id, shown=request.method != "POST"
    )
    case = opinion.case
    initial = {"outcome_on": opinion.outcome_on, "outcome": opinion.outcome}
    form = forms.ExpertOpinionOutcomeForm(request.POST or None, initial=initial, opinion=opinion)
    return _case_form_page(
        request, case, form,
        lambda data: services.expert_opinion_outcome_record(actor=actor, opinion=opinion, **data),
        template="reintegration/expert_opinion_outcome.html",
        done=_("Het oordeel van UWV is vastgelegd."),
        extra={"opinion": opinion},
    )  # fmt: skip


@actor_required(policies.can_use_hr_pages)
@require_http_methods(["GET", "POST"])
def early_iva_edit(request, case_id, *, actor):
    """HR records the employee's choice to apply for IVA early, and the application."""
    case = _hr_case(request, actor, case_id, "early_iva")
    current = selectors.early_iva_of(case)
    initial = None if current is None else {
        "chosen_on": current.chosen_on, "applied_on": current.applied_on,
    }  # fmt: skip
    form = forms.EarlyIvaForm(request.POST or None, initial=initial, case=case)
    return _case_form_page(
        request, case, form,
        lambda data: services.early_iva_record(actor=actor, case=case, **data),
        template="reintegration/early_iva_form.html",
        done=_("De vervroegde IVA-aanvraag staat in de tijdlijn."),
        extra={"current": current, "window": services.early_iva_window(case)},
    )  # fmt: skip


# --- tasks -------------------------------------------------------------------------------


@actor_required(policies.can_use_task_pages)
@require_POST
def task_status(request, case_id, task_id, *, actor):
    """The role holder marks a task done (HR may also let an HR task lapse)."""
    task = policies.get_task_for(actor, case_id, task_id)
    status = request.POST.get("status", "")
    if status not in (TaskStatus.DONE, TaskStatus.SKIPPED):
        return HttpResponseBadRequest(_("Kies afgerond of vervallen."))
    try:
        services.task_set_status(actor=actor, task=task, status=status)
    except ServiceError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("De taak is bijgewerkt."))
    if request.POST.get("next_page") == "tasks":
        return redirect(_DASHBOARDS[TaskRole(task.role)])
    return redirect("reintegration:case_file", case_id=task.case_id)


_DASHBOARDS = {
    TaskRole.HR: "reintegration:hr_tasks",
    TaskRole.DOCTOR: "reintegration:doctor_tasks",
    TaskRole.EMPLOYEE: "reintegration:my_tasks",
}


def _dashboard_page(request, actor, role: TaskRole, *, title):
    dashboard = selectors.task_dashboard(actor=actor, role=role)
    context = {
        "tasks": dashboard.tasks, "title": title, "dashboard_role": dashboard.role,
        "today": clock.today(),
    }  # fmt: skip
    if role == TaskRole.EMPLOYEE:
        context["cases"] = dashboard.cases
    return render(request, "reintegration/tasks.html", context)


@actor_required(policies.can_use_hr_pages)
@require_GET
def hr_tasks(request, *, actor):
    return _dashboard_page(request, actor, TaskRole.HR, title=_("Taken re-integratie"))


@actor_required(policies.can_use_doctor_pages)
@require_GET
def doctor_tasks(request, *, actor):
    return _dashboard_page(request, actor, TaskRole.DOCTOR, title=_("Taken bedrijfsarts"))


@actor_required(policies.can_use_employee_pages)
@require_GET
def my_tasks(request, *, actor):
    """The employee's own tasks, the steps HR takes together with them, and their files."""
    return _dashboard_page(request, actor, TaskRole.EMPLOYEE, title=_("Mijn re-integratie"))


# --- case managers and conversation notes (issue 19) --------------------------------------


@actor_required(policies.can_use_hr_pages)
@require_http_methods(["GET", "POST"])
def case_manager(request, case_id, *, actor):
    """HR names or changes the case manager; the page shows the history of changes."""
    view = selectors.case_manager_get(
        actor=actor, case_id=case_id, fetch=policies.get_writable_case_for,
        shown=request.method != "POST",
    )  # fmt: skip
    case = view.case
    initial = {"manager_id": view.current.pk} if view.current else None
    form = forms.CaseManagerForm(
        request.POST or None, initial=initial, case=case,
        managers=selectors.case_managers(case.employer_id),
    )  # fmt: skip
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.case_manager_assign(
                    actor=actor, case=case, manager_id=form.cleaned_data["manager_id"]
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("De casemanager is vastgelegd."))
                return redirect("reintegration:case_file", case_id=case.pk)
    context = {"case": case, "form": form, "current": view.current, "history": view.history}
    return render(request, "reintegration/case_manager.html", context, status=status)


@actor_required(policies.can_use_hr_pages)
@require_GET
def my_cases(request, *, actor):
    """ "Mijn dossiers": the open cases of which the actor is the case manager."""
    context = {"rows": selectors.my_cases(actor=actor), "today": clock.today()}
    return render(request, "reintegration/my_cases.html", context)


@actor_required(policies.can_use_note_pages)
@require_http_methods(["GET", "POST"])
def note_new(request, case_id, *, actor):
    """The manager or HR records an absence conversation."""
    case = selectors.case_get(
        actor=actor, case_id=case_id, fetch=policies.get_note_case_for,
        shown=request.method != "POST", form="conversation_note",
    )  # fmt: skip
    form = forms.ConversationNoteForm(request.POST or None, case=case)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                data = services.NoteInput(**form.cleaned_data)
                services.note_record(actor=actor, case=case, data=data)
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Het gespreksverslag is vastgelegd."))
                return redirect("reintegration:case_file", case_id=case.pk)
    return render(request, "reintegration/note_form.html",
                  {"case": case, "form": form}, status=status)  # fmt: skip


@actor_required(policies.can_use_employee_pages)
@require_http_methods(["GET", "POST"])
def note_reaction(request, case_id, note_id, *, actor):
    """The employee reads a note of their own case and adds (or changes) their reaction."""
    note = selectors.reactable_note_get(
        actor=actor, case_id=case_id, note_id=note_id, shown=request.method != "POST"
    )
    initial = {"reaction": note.employee_reaction} if note.employee_reaction else None
    form = forms.NoteReactionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.note_react(actor=actor, note=note, reaction=form.cleaned_data["reaction"])
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Uw reactie is opgeslagen."))
                return redirect("reintegration:case_file", case_id=note.case_id)
    context = {"case": note.case, "note": note, "form": form}
    return render(request, "reintegration/note_reaction.html", context, status=status)


def _date(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


# --- consultation appointments (spreekuur, issue 19) -------------------------------------


@actor_required(policies.can_use_appointment_pages)
@require_GET
def my_appointments(request, *, actor):
    """The employee's invitations to the company doctor's consultation."""
    rows = selectors.own_appointments_get(actor=actor)
    return render(request, "reintegration/my_appointments.html", {"appointments": rows})


@actor_required(policies.can_use_appointment_pages)
@require_http_methods(["GET", "POST"])
def appointment(request, appointment_id, *, actor):
    """One invitation: when, where, with whom; confirm it or ask for another one."""
    appointment = selectors.own_appointment_get(
        actor=actor, appointment_id=appointment_id, shown=request.method != "POST"
    )
    form = forms.AppointmentResponseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.appointment_respond(
                    actor=actor, appointment=appointment,
                    response=form.cleaned_data["response"], reason=form.cleaned_data["reason"],
                )  # fmt: skip
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Uw reactie is doorgegeven aan de arbodienst."))
                return redirect("reintegration:appointment", appointment_id=appointment.pk)
    can_respond = appointment.status == "planned" and appointment.starts_at >= clock.now()
    context = {"appointment": appointment, "form": form, "can_respond": can_respond}
    return render(request, "reintegration/appointment.html", context, status=status)


@actor_required(policies.can_use_appointment_pages)
@require_GET
def appointment_ics(request, appointment_id, *, actor):
    """The appointment as an iCalendar file for the employee's own calendar."""
    appointment = selectors.own_appointment_get(actor=actor, appointment_id=appointment_id)
    response = HttpResponse(
        ical.calendar_file(appointment), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="afspraak-spreekuur.ics"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
