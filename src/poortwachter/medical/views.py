"""The company doctor's workspace: caseload, the medical file, its entries, specialist
documents, delegation to an assistant. Every page requires the doctor or a delegated
assistant inside an open medical window (``stepup.medical_view``), fetches through
``policies.get_access_for`` (not found outside scope) and is recorded in the medical log.
"""

import uuid

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from poortwachter.audit.models import Action
from poortwachter.core import clock
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.core.forms import add_service_error
from poortwachter.core.roles import Role
from poortwachter.medical import policies, selectors, services
from poortwachter.medical.copy import as_json, as_pdf, copy_document
from poortwachter.medical.forms import (
    ENTRY_FORMS,
    AdviceForm,
    CopyRequestForm,
    DelegationForm,
    DocumentForm,
)
from poortwachter.medical.log import medical_record
from poortwachter.medical.models import Advice, CopyRequest, Delegation, Document
from poortwachter.medical.stepup import medical_view
from poortwachter.organisations.policies import served_employer_ids

PAGE_SIZE = 50


def _record_form(access, what: str) -> None:
    """A form page names the employee (and the advice form shows the draft): a read."""
    services.record_read(actor=access.actor, file=access.file, employee=access.employee, what=what)


@require_GET
@medical_view
def caseload(request, *, actor):
    if actor.has_role(Role.DOCTOR):
        cases = selectors.open_cases(served_employer_ids(actor))
    else:
        files = policies.files_visible_to(actor)
        cases = selectors.open_cases(
            # A list, not a subquery: the files live in the other database.
            (),
            delegated_employee_ids=list(files.values_list("employee_id", flat=True)),
        )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.caseload_rows(page)
    medical_record(
        actor=actor, action=Action.READ, purpose="caseload",
        details={"employee_ids": [row.case.employee_id for row in rows]},
    )  # fmt: skip
    return render(request, "medical/caseload.html", {"rows": rows, "page": page})


@require_GET
@medical_view
def file_detail(request, employee_id, *, actor):
    access = policies.get_access_for(actor, employee_id)
    view = selectors.file_view(access)
    services.record_read(
        actor=access.actor, file=access.file, employee=access.employee, what="file"
    )
    assistants = get_user_model().objects.filter(role_assignments__role=Role.ASSISTANT).distinct()
    names = {u.pk: u.get_full_name() or u.email for u in assistants}
    context = {
        "access": access,
        "employee": access.employee,
        "view": view,
        "entry_forms": ENTRY_FORMS,
        "can_delegate": policies.can_delegate(access),
        "delegation_form": DelegationForm(assistants=assistants)
        if policies.can_delegate(access)
        else None,
        "delegations": [(d, names.get(d.assistant_id, "")) for d in view.delegations],
        "is_doctor": access.is_doctor,
    }
    return render(request, "medical/file.html", context)


@require_http_methods(["GET", "POST"])
@medical_view
def entry_new(request, employee_id, kind, *, actor):
    if kind not in ENTRY_FORMS:
        raise Http404
    access = policies.get_access_for(actor, employee_id)
    if services.ENTRY_KINDS[kind].doctor_only and not policies.can_write_working_notes(access):
        raise Forbidden
    form_class, title = ENTRY_FORMS[kind]
    form = form_class(request.POST or None)
    _record_form(access, kind)
    if request.method == "POST" and form.is_valid():
        data = form.service_data() if hasattr(form, "service_data") else form.cleaned_data
        services.entry_add(access=access, kind=kind, data=data)
        messages.success(request, _("Vastgelegd in het medisch dossier."))
        return redirect("medical:file", employee_id=access.employee.pk)
    context = {"form": form, "title": title, "employee": access.employee}
    return render(request, "medical/entry_form.html", context)


@require_http_methods(["GET", "POST"])
@medical_view
def document_new(request, employee_id, *, actor):
    access = policies.get_access_for(actor, employee_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    _record_form(access, "document")
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
    access = policies.get_access_for(actor, employee_id)
    document = Document.objects.filter(pk=document_id, file=access.file).first()
    if document is None or access.file is None:
        raise Http404
    content = document.decrypt_bytes("data") or b""
    medical_record(
        actor=access.actor, action=Action.READ, file=access.file, target=document,
        details={"what": "document"},
    )  # fmt: skip
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
    access = policies.get_access_for(actor, employee_id)
    if not policies.can_delegate(access):
        raise Forbidden
    assistants = get_user_model().objects.filter(role_assignments__role=Role.ASSISTANT).distinct()
    form = DelegationForm(request.POST, assistants=assistants)
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
    delegation = Delegation.objects.filter(pk=delegation_id, file=access.file).first()
    if delegation is None:
        raise Http404
    services.delegation_end(access=access, delegation=delegation)
    messages.success(request, _("De delegatie is beëindigd."))
    return redirect("medical:file", employee_id=access.employee.pk)


@require_http_methods(["GET", "POST"])
@medical_view
def advice_edit(request, employee_id, advice_id: uuid.UUID | None = None, *, actor):
    """Draw up the advice to the employer (R-DOC-1), save it as a draft, publish it."""
    access = policies.get_access_for(actor, employee_id)
    if not policies.can_publish_advice(access):
        raise Forbidden
    advice = None
    if advice_id is not None:
        advice = Advice.objects.filter(pk=advice_id, file=access.file).first()
        if advice is None or advice.published_at is not None:
            raise Http404
    initial = services.advice_data(advice) if advice else {"advised_on": clock.today()}
    _record_form(access, "advice")
    form = AdviceForm(request.POST or None, initial=initial)
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
    context = {"form": form, "employee": access.employee, "advice": advice}
    return render(request, "medical/advice_form.html", context)


@require_http_methods(["GET", "POST"])
@medical_view
def copy(request, employee_id, *, actor):
    """The employee's requests for a copy of their file, and producing it."""
    access = policies.get_access_for(actor, employee_id)
    if not policies.can_produce_copy(access):
        raise Forbidden
    form = CopyRequestForm(request.POST or None, initial={"requested_on": clock.today()})
    _record_form(access, "copies")
    if request.method == "POST" and form.is_valid():
        services.copy_request(access=access, requested_on=form.cleaned_data["requested_on"])
        messages.success(request, _("Het verzoek om een afschrift is vastgelegd."))
        return redirect("medical:copy", employee_id=access.employee.pk)
    requests = CopyRequest.objects.filter(file=access.file) if access.file else []
    context = {"form": form, "employee": access.employee, "requests": requests}
    return render(request, "medical/copy.html", context)


@require_GET
@medical_view
def copy_download(request, employee_id, request_id: uuid.UUID, format: str, *, actor):
    if format not in ("json", "pdf"):
        raise Http404
    access = policies.get_access_for(actor, employee_id)
    if not policies.can_produce_copy(access):
        raise Forbidden
    copy_request = CopyRequest.objects.filter(pk=request_id, file=access.file).first()
    if copy_request is None:
        raise Http404
    document = copy_document(access)
    content = as_pdf(document) if format == "pdf" else as_json(document)
    services.copy_produced(access=access, request=copy_request, format=format)
    content_type = "application/pdf" if format == "pdf" else "application/json; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    filename = f"afschrift-medisch-dossier-{clock.today():%Y-%m-%d}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@medical_view
def copy_handed_over(request, employee_id, request_id: uuid.UUID, *, actor):
    access = policies.get_access_for(actor, employee_id)
    if not policies.can_produce_copy(access):
        raise Forbidden
    copy_request = CopyRequest.objects.filter(pk=request_id, file=access.file).first()
    if copy_request is None:
        raise Http404
    try:
        services.copy_handed_over(access=access, request=copy_request)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De overhandiging is vastgelegd."))
    return redirect("medical:copy", employee_id=access.employee.pk)
