"""The company doctor's workspace: caseload, the medical file, its entries, specialist
documents, delegation to an assistant. Every page requires the doctor or a delegated
assistant inside an open medical window (``stepup.medical_view``), fetches through
``policies`` (not found outside scope); what a page shows is read through ``selectors``,
which record the read in the medical log.
"""

import datetime as dt
import uuid
from typing import cast

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from poortwachter.absences.policies import can_use_caseload
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.core.forms import add_service_error
from poortwachter.core.pages import PageRequest
from poortwachter.medical import cause_statistics, policies, selectors, services
from poortwachter.medical.forms import (
    ENTRY_FORMS,
    AdviceForm,
    AppointmentForm,
    CopyRequestForm,
    DelegationForm,
    DocumentForm,
    HoursForm,
    SlotForm,
)
from poortwachter.medical.models import CorrectableEntry
from poortwachter.medical.stepup import medical_view
from poortwachter.statistics import services as statistics_services
from poortwachter.statistics.forms import CauseStatisticsForm
from poortwachter.statistics.suppression import min_group

PAGE_SIZE = 50


@require_GET
@medical_view
def caseload(request, *, actor):
    page = selectors.caseload_search(
        actor=actor, page=PageRequest(number=request.GET.get("page"), size=PAGE_SIZE)
    )
    # The work queue of new sick reports is the doctor's, not the assistant's (no dead link).
    context = {"rows": page.object_list, "page": page, "shows_queue": can_use_caseload(actor)}
    return render(request, "medical/caseload.html", context)


@require_GET
@medical_view
def file_detail(request, employee_id, *, actor):
    access, view = selectors.file_get(actor=actor, employee_id=employee_id)
    assistants = selectors.assistant_choices()
    names = {u.pk: u.get_full_name() or u.email for u in assistants}
    can_delegate = policies.can_delegate(access)
    context = {
        "access": access,
        "employee": access.employee,
        "view": view,
        "entry_forms": ENTRY_FORMS,
        "can_delegate": can_delegate,
        "delegation_form": DelegationForm(assistants=assistants) if can_delegate else None,
        "delegations": [(d, names.get(d.assistant_id, "")) for d in view.delegations],
        "is_doctor": access.is_doctor,
        "open_case": view.open_case,
        "analysis_published_on": view.problem_analysis_published_on,
    }
    return render(request, "medical/file.html", context)


@require_http_methods(["GET", "POST"])
@medical_view
def entry_new(request, employee_id, kind, *, actor):
    if kind not in ENTRY_FORMS:
        raise Http404
    access = selectors.file_access_get(
        actor=actor, employee_id=employee_id, what=kind,
        may=lambda access: policies.can_add_entry(access, kind),
    )  # fmt: skip
    form_class, title = ENTRY_FORMS[kind]
    appointment, initial = _from_appointment(request, actor, access, kind)
    form = form_class(request.POST or None, initial=initial, employee=access.employee)
    if request.method == "POST" and form.is_valid():
        data = form.service_data() if hasattr(form, "service_data") else form.cleaned_data
        try:
            services.entry_add(access=access, kind=kind, data=data, appointment=appointment)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Vastgelegd in het medisch dossier."))
            return redirect("medical:file", employee_id=access.employee.pk)
    context = {"form": form, "title": title, "employee": access.employee,
               "appointment": appointment}  # fmt: skip
    return render(request, "medical/entry_form.html", context)


#: The consultation kind a planned appointment's form becomes.
MODE_KINDS = {"place": "spreekuur", "phone": "phone", "video": "video"}


def _from_appointment(request, actor, access, kind):
    """A consultation record started from a planned appointment (``?afspraak=<id>``):
    the appointment of the same employee, and the form prefilled with its date."""
    ref = request.GET.get("afspraak")
    if kind != "consult" or not ref:
        return None, None
    try:
        appointment_id = uuid.UUID(ref)
    except ValueError:
        raise Http404 from None
    _access, appointment = policies.get_appointment_for(actor, appointment_id)
    if appointment.file.employee_id != access.employee.pk:
        raise Http404
    day = timezone.localtime(appointment.starts_at).date()
    return appointment, {"held_on": day, "kind": MODE_KINDS.get(appointment.mode, "spreekuur")}


@require_http_methods(["GET", "POST"])
@medical_view
def entry_correct(request, employee_id, kind, entry_id: uuid.UUID, *, actor):
    """Correct a part of the file: a new version with a reason; the old one stays in
    the file's history."""
    if kind not in policies.CORRECTABLE_ENTRIES:
        raise Http404
    spec = services.ENTRY_KINDS[kind]
    model = cast(type[CorrectableEntry], spec.model)
    correction = selectors.entry_correction_get(
        actor=actor, employee_id=employee_id, kind=kind, model=model, plain=spec.plain,
        entry_id=entry_id,
    )  # fmt: skip
    access = correction.access
    form_class, title = ENTRY_FORMS[kind]
    form = form_class(
        request.POST or None, initial=correction.initial, employee=access.employee,
        correction=True,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.service_data() if hasattr(form, "service_data") else form.cleaned_data
        try:
            services.entry_correct(
                access=access, kind=kind, entry=correction.entry, data=data,
                reason=form.cleaned_data["correction_reason"],
            )  # fmt: skip
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("De correctie is vastgelegd. De vorige versie blijft zichtbaar in "
                           "de geschiedenis van het dossier.")
            )  # fmt: skip
            return redirect("medical:file", employee_id=access.employee.pk)
    context = {
        "form": form, "employee": access.employee, "correcting": correction.entry,
        "title": _("%(part)s corrigeren") % {"part": title},
    }  # fmt: skip
    return render(request, "medical/entry_form.html", context)


@require_http_methods(["GET", "POST"])
@medical_view
def document_new(request, employee_id, *, actor):
    access = selectors.file_access_get(actor=actor, employee_id=employee_id, what="document")
    form = DocumentForm(request.POST or None, request.FILES or None, employee=access.employee)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        if upload.size > services.DOCUMENT_MAX_BYTES:
            form.add_error("upload", _("Het bestand is groter dan 10 MB."))
        else:
            try:
                services.document_upload(
                    access=access, title=form.cleaned_data["title"],
                    received_on=form.cleaned_data["received_on"], content=upload.read(),
                    declared_type=upload.content_type or "",
                )  # fmt: skip
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Het document is toegevoegd aan het dossier."))
                return redirect("medical:file", employee_id=access.employee.pk)
    title = _("Document van een specialist")
    context = {"form": form, "title": title, "employee": access.employee, "multipart": True}
    return render(request, "medical/entry_form.html", context)


@require_GET
@medical_view
def document_download(request, employee_id, document_id: uuid.UUID, *, actor):
    document, content = selectors.document_get(
        actor=actor, employee_id=employee_id, document_id=document_id
    )
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
    response = HttpResponse(content, content_type=document.content_type)
    filename = f"document-{document.received_on:%Y-%m-%d}.{extension[document.content_type]}"
    # Always an attachment: the browser never renders it inside our origin.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@medical_view
def delegation_new(request, employee_id, *, actor):
    access = policies.get_access_for(actor, employee_id, may=policies.can_delegate)
    form = DelegationForm(request.POST, assistants=selectors.assistant_choices())
    if form.is_valid():
        try:
            services.delegation_grant(access=access, assistant=form.cleaned_data["assistant"])
        except ServiceError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Het dossier is gedelegeerd."))
    else:
        messages.error(request, _("Kies een praktijkondersteuner of casemanager."))
    return redirect("medical:file", employee_id=access.employee.pk)


@require_POST
@medical_view
def delegation_end(request, employee_id, delegation_id, *, actor):
    access = policies.get_access_for(actor, employee_id)
    delegation = policies.get_delegation_for(access, delegation_id)
    services.delegation_end(access=access, delegation=delegation)
    messages.success(request, _("De delegatie is beëindigd."))
    return redirect("medical:file", employee_id=access.employee.pk)


@require_http_methods(["GET", "POST"])
@medical_view
def advice_edit(request, employee_id, advice_id: uuid.UUID | None = None, *, actor):
    """Draw up the advice to the employer (R-DOC-1), save it as a draft, publish it."""
    draft = selectors.advice_draft_get(actor=actor, employee_id=employee_id, advice_id=advice_id)
    access, advice = draft.access, draft.advice
    form = AdviceForm(request.POST or None, initial=draft.initial, employee=access.employee)
    if request.method == "POST" and form.is_valid():
        try:
            advice = services.advice_save(access=access, advice=advice, data=form.cleaned_data)
            if "publish" in request.POST:
                services.advice_publish(access=access, advice=advice)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            if "publish" in request.POST:
                messages.success(
                    request, _("Het advies is gepubliceerd voor de werkgever en de werknemer.")
                )
            else:
                messages.success(request, _("Het advies is opgeslagen als concept."))
            return redirect("medical:file", employee_id=access.employee.pk)
    context = {"form": form, "employee": access.employee, "advice": advice,
               "first_for_case": draft.first_for_case}  # fmt: skip
    return render(request, "medical/advice_form.html", context)


@require_http_methods(["GET", "POST"])
@medical_view
def copy(request, employee_id, *, actor):
    """The employee's requests for a copy of their file, and producing it."""
    access, requests = selectors.copy_requests_get(actor=actor, employee_id=employee_id)
    form = CopyRequestForm(request.POST or None, initial={"requested_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        services.copy_request(access=access, requested_on=form.cleaned_data["requested_on"])
        messages.success(request, _("Het verzoek om een afschrift is vastgelegd."))
        return redirect("medical:copy", employee_id=access.employee.pk)
    context = {"form": form, "employee": access.employee, "requests": requests}
    return render(request, "medical/copy.html", context)


@require_GET
@medical_view
def copy_download(request, employee_id, request_id: uuid.UUID, format: str, *, actor):
    if format not in ("json", "pdf"):
        raise Http404
    access = policies.get_access_for(actor, employee_id, may=policies.can_produce_copy)
    copy_request = policies.get_copy_request_for(access, request_id)
    content = services.copy_produce(access=access, request=copy_request, format=format)
    content_type = "application/pdf" if format == "pdf" else "application/json; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    filename = f"afschrift-medisch-dossier-{clock.today():%Y-%m-%d}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@medical_view
def copy_handed_over(request, employee_id, request_id: uuid.UUID, *, actor):
    access = policies.get_access_for(actor, employee_id, may=policies.can_produce_copy)
    copy_request = policies.get_copy_request_for(access, request_id)
    try:
        services.copy_handed_over(access=access, request=copy_request)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De overhandiging is vastgelegd."))
    return redirect("medical:copy", employee_id=access.employee.pk)


# --- cause statistics (the computation is in cause_statistics.py) ------------------------


def _form(request: HttpRequest, actor: Actor) -> CauseStatisticsForm:
    employers = list(
        policies.served_employers_for(actor).order_by("name").values_list("pk", "name")
    )
    data = request.POST if request.method == "POST" else (request.GET or None)
    return CauseStatisticsForm(data, employers=employers)


def _arguments(actor: Actor, form: django_forms.Form) -> dict:
    data = form.cleaned_data
    employer = policies.get_served_employer_for(actor, data["werkgever"])
    return {"employer": employer, "department": data["afdeling"], "period": form.period()}  # type: ignore[attr-defined]


@require_http_methods(["GET", "POST"])
@medical_view
def cause_statistics_page(request: HttpRequest, *, actor: Actor) -> HttpResponse:
    """Produce (GET with filters: a preview) and publish (POST) cause statistics."""
    if not policies.can_produce_cause_statistics(actor):
        raise Forbidden
    form, result = _form(request, actor), None
    if form.is_bound and form.is_valid():
        try:
            if request.method == "POST":
                cause_statistics.publish(actor=actor, **_arguments(actor, form))
                messages.success(
                    request, _("De oorzakenstatistiek is gepubliceerd aan de werkgever.")
                )
                return redirect("medical:cause_statistics")
            result = cause_statistics.compute(actor=actor, **_arguments(actor, form))
        except ServiceError as error:
            add_service_error(form, error)
    published = statistics_services.cause_reports_list(actor=actor, limit=50)
    context = {"form": form, "result": result, "published": published, "today": clock.today(),
               "min_days": statistics_services.CAUSE_MIN_DAYS, "k": min_group()}  # fmt: skip
    return render(request, "medical/cause_statistics.html", context)


# --- the consultation planning (spreekuur, issue 19) -------------------------------------


@require_http_methods(["GET", "POST"])
@medical_view
def agenda(request, *, actor):
    """The agenda: planned consultations with the employee's response, free slots, and
    (the doctor) the weekly hours and single slots."""
    keeps = policies.can_keep_hours(actor)
    hours_form = HoursForm(request.POST if "add_hours" in request.POST else None, prefix="uren")
    slot_form = SlotForm(request.POST if "add_slot" in request.POST else None, prefix="slot")
    status = 200
    if request.method == "POST":
        if not keeps:
            raise Forbidden
        status = 400
        try:
            if "add_hours" in request.POST and hours_form.is_valid():
                services.hours_add(actor=actor, **hours_form.cleaned_data)
                messages.success(request, _("De spreekuren zijn toegevoegd aan uw agenda."))
                return redirect("medical:agenda")
            if "add_slot" in request.POST and slot_form.is_valid():
                services.slot_add(
                    actor=actor, starts_at=slot_form.starts_at(),
                    duration_minutes=slot_form.cleaned_data["duration_minutes"],
                )  # fmt: skip
                messages.success(request, _("Het tijdslot is toegevoegd aan uw agenda."))
                return redirect("medical:agenda")
        except ServiceError as error:
            add_service_error(hours_form if "add_hours" in request.POST else slot_form, error)
    view = selectors.agenda_get(actor=actor)
    context = {"agenda": view, "keeps": keeps, "hours_form": hours_form, "slot_form": slot_form,
               "now": clock.now()}  # fmt: skip
    return render(request, "medical/agenda.html", context, status=status)


@require_POST
@medical_view
def agenda_remove(request, kind, item_id, *, actor):
    if kind not in ("uren", "slot"):
        raise Http404
    item = (policies.get_hours_for if kind == "uren" else policies.get_slot_for)(actor, item_id)
    services.agenda_remove(actor=actor, item=item)
    messages.success(request, _("Verwijderd uit uw agenda. Geplande afspraken blijven staan."))
    return redirect("medical:agenda")


def _appointment_initial(request) -> dict | None:
    start = request.GET.get("start")
    if not start:
        return None
    try:
        moment = timezone.localtime(dt.datetime.fromisoformat(start))
    except ValueError:
        return None
    minutes = request.GET.get("duur", "30")
    return {"day": moment.date(), "time": moment.time(),
            "duration_minutes": int(minutes) if minutes.isdigit() else 30}  # fmt: skip


@require_http_methods(["GET", "POST"])
@medical_view
def appointment_new(request, employee_id, *, actor):
    """Plan a consultation for this employee in a free slot."""
    access = selectors.file_access_get(actor=actor, employee_id=employee_id, what="appointment")
    form = AppointmentForm(request.POST or None, initial=_appointment_initial(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.appointment_plan(access=access, data=form.service_data())
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("De afspraak is gepland. De werknemer krijgt een "
                                            "uitnodiging."))  # fmt: skip
                return redirect("medical:agenda")
    free = [s for d in sorted(policies.agenda_doctor_ids(actor)) for s in selectors.free_slots(d)]
    context = {"form": form, "employee": access.employee, "free": free[:40],
               "title": _("Spreekuur plannen")}  # fmt: skip
    return render(request, "medical/appointment_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@medical_view
def appointment_move(request, appointment_id: uuid.UUID, *, actor):
    """Move a planned consultation (or change its form or place)."""
    access, row = selectors.appointment_get(actor=actor, appointment_id=appointment_id)
    appointment = row.appointment
    local = timezone.localtime(appointment.starts_at)
    initial = {
        "day": local.date(), "time": local.time(), "duration_minutes": appointment.duration_minutes,
        "mode": appointment.mode, "place": appointment.place, "with_whom": appointment.with_whom,
        "reason": row.reason,
    }  # fmt: skip
    form = AppointmentForm(request.POST or None, initial=_appointment_initial(request) or initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.appointment_move(
                    access=access, appointment=appointment, data=form.service_data()
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("De afspraak is verzet. De werknemer krijgt bericht."))
                return redirect("medical:agenda")
    free = selectors.free_slots(appointment.doctor_id)
    context = {"form": form, "employee": access.employee, "free": free[:40],
               "moving": appointment, "title": _("Afspraak verzetten")}  # fmt: skip
    return render(request, "medical/appointment_form.html", context, status=status)


@require_POST
@medical_view
def appointment_state(request, appointment_id: uuid.UUID, *, actor):
    """Cancel a planned consultation, or record whether the employee attended."""
    access, appointment = policies.get_appointment_for(actor, appointment_id)
    try:
        services.appointment_state_set(
            access=access, appointment=appointment, state=request.POST.get("state", "")
        )
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De afspraak is bijgewerkt."))
    return redirect("medical:agenda")


@require_GET
@medical_view
def agenda_json(request, *, actor):
    """The agenda for other software (issue 19, API): the same selector as the page."""
    view = selectors.agenda_get(actor=actor)
    rows = [
        {
            "id": str(row.appointment.pk),
            "employee_id": row.employee.pk if row.employee else None,
            "starts_at": row.appointment.starts_at.isoformat(),
            "duration_minutes": row.appointment.duration_minutes,
            "mode": row.appointment.mode,
            "place": row.appointment.place,
            "with_whom": row.appointment.with_whom,
            "state": row.appointment.state,
            "response": row.published.response if row.published else "",
        }
        for row in view.rows
    ]
    free = [{"starts_at": s.starts_at.isoformat(), "duration_minutes": s.duration_minutes}
            for s in view.free]  # fmt: skip
    response = JsonResponse({"appointments": rows, "free_slots": free})
    response["Cache-Control"] = "no-store"
    return response
