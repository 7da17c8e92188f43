"""Reads for payroll and for the integration pages (issue 20; R-MED-1, R-INC-1).

An absence period carries the employee's identifiers, its first and last day and the
partial recoveries in hours worked per week: nothing about the cause, no percentage, no
note. The same rows feed the API and the CSV/XLSX/JSON export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from poortwachter.absences.models import PartialRecovery, SickReport
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core.actor import MACHINE_CLIENT, Actor
from poortwachter.core.errors import Forbidden
from poortwachter.integrations.models import MachineClient, Scope, Webhook, WebhookDelivery
from poortwachter.integrations.policies import can_export_absence_periods
from poortwachter.organisations.models import Employee

#: The columns of an absence period, in order (the export's headings are these too).
PERIOD_FIELDS = ("absence_id", "employee_id", "personnel_number", "start", "end")


def absence_periods(
    *, employer_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> list[dict[str, Any]]:
    """The employer's absence periods overlapping [start, end] (either may be open)."""
    reports = SickReport.objects.filter(employer_id=employer_id)
    if end is not None:
        reports = reports.filter(first_sick_day__lte=end)
    if start is not None:
        reports = reports.filter(Q(recovered_on__isnull=True) | Q(recovered_on__gt=start))
    reports = (
        reports.select_related("employee")
        .prefetch_related(
            Prefetch("partials", queryset=PartialRecovery.objects.order_by("from_date"))
        )
        .order_by("first_sick_day", "id")
    )
    return [_period(report) for report in reports]


def _period(report: SickReport) -> dict[str, Any]:
    last_day = report.recovered_on - dt.timedelta(days=1) if report.recovered_on else None
    return {
        "absence_id": report.pk,
        "employee_id": report.employee_id,
        "personnel_number": report.employee.personnel_number,
        "start": report.first_sick_day,
        "end": last_day,
        "partial_recoveries": [
            {"from": partial.from_date, "hours_per_week": partial.hours_per_week}
            for partial in report.partials.all()
        ],
    }


def client_absence_periods(
    *, actor: Actor, start: dt.date | None, end: dt.date | None
) -> list[dict[str, Any]]:
    """A machine client's read of its employer's absence periods, in the access log."""
    employer_id = _client_employer(actor, Scope.ABSENCES_READ)
    periods = absence_periods(employer_id=employer_id, start=start, end=end)
    audit_record(
        actor=actor, action=Action.SEARCH, employer_id=employer_id,
        subject_employee_ids=[period["employee_id"] for period in periods],
        details={"kind": "absence_periods"},
    )  # fmt: skip
    return periods


def absence_periods_export(
    *, actor: Actor, employer_id: int, start: dt.date | None, end: dt.date | None, kind: str
) -> list[dict[str, Any]]:
    """HR's or the employer administrator's export for payroll, in the access log."""
    if not can_export_absence_periods(actor, employer_id):
        raise Forbidden
    periods = absence_periods(employer_id=employer_id, start=start, end=end)
    audit_record(
        actor=actor, action=Action.EXPORT, employer_id=employer_id,
        subject_employee_ids=[period["employee_id"] for period in periods],
        details={"kind": "absence_periods", "format": kind},
    )  # fmt: skip
    return periods


def client_employees(*, actor: Actor) -> list[dict[str, Any]]:
    """A machine client's read of its employer's personnel numbers and employments."""
    employer_id = _client_employer(actor, Scope.EMPLOYEES_READ)
    people = (
        Employee.objects.filter(employer_id=employer_id)
        .prefetch_related("employments")
        .order_by("personnel_number")
    )
    rows: list[dict[str, Any]] = [
        {
            "employee_id": person.pk,
            "personnel_number": person.personnel_number,
            "employments": [
                {"start": e.start_date, "end": e.end_date, "hours_per_week": e.hours_per_week}
                for e in person.employments.all()
            ],
        }
        for person in people
    ]
    audit_record(
        actor=actor, action=Action.SEARCH, employer_id=employer_id,
        subject_employee_ids=[row["employee_id"] for row in rows],
        details={"kind": "integration_employees"},
    )  # fmt: skip
    return rows


def _client_employer(actor: Actor, scope: str) -> int:
    employer_ids = actor.employer_ids(MACHINE_CLIENT)
    if len(employer_ids) != 1:
        raise Forbidden
    (employer_id,) = employer_ids
    if not actor.client_may(scope, employer_id):
        raise Forbidden
    return employer_id


def clients_of(employer_id: int) -> QuerySet[MachineClient]:
    return MachineClient.objects.filter(employer_id=employer_id).prefetch_related("keys")


def webhooks_of(employer_id: int) -> QuerySet[Webhook]:
    return Webhook.objects.filter(employer_id=employer_id)


def deliveries_of(webhook: Webhook, limit: int = 100) -> list[WebhookDelivery]:
    return list(WebhookDelivery.objects.filter(webhook=webhook)[:limit])
