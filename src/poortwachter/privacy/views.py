"""The employee downloads everything held about them on the employer side (own-data
export), as JSON or as PDF. Each download is recorded in the access log, once per
employee record it contains."""

from collections.abc import Callable

from django.db import transaction
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from poortwachter.accounts.decorators import role_required
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.roles import Role
from poortwachter.privacy.own_data import (
    Document,
    as_json_bytes,
    own_data_document,
    own_employee_records,
)
from poortwachter.privacy.own_data_pdf import render_pdf


@role_required(Role.EMPLOYEE)
@require_GET
def export_json(request, *, actor):
    return _export(actor, "json", as_json_bytes, "application/json; charset=utf-8")


@role_required(Role.EMPLOYEE)
@require_GET
def export_pdf(request, *, actor):
    return _export(actor, "pdf", render_pdf, "application/pdf")


def _export(
    actor: Actor, extension: str, render: Callable[[Document], bytes], content_type: str
) -> HttpResponse:
    employees = own_employee_records(actor)
    content = render(own_data_document(actor, employees=employees))
    # Rendered first, outside the transaction: SQLite's IMMEDIATE transactions hold the
    # write lock, and a PDF takes a moment. Nothing is sent unless the log is written.
    with transaction.atomic():
        for employee in employees:
            audit_record(
                actor=actor,
                action=Action.EXPORT,
                target=employee,
                employer_id=employee.employer_id,
                subject_employee_id=employee.pk,
                purpose="own_data_export",
                details={"format": extension},
                role=Role.EMPLOYEE,
            )
    filename = f"mijn-gegevens-{clock.today().isoformat()}.{extension}"
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
