"""The access log for the people it is about and for those who oversee it.

- The employee sees who accessed their data ("who viewed my data", NEN 7513 §9).
- The privacy officer searches and exports the whole log (category E).

Reading the log is itself logged.
"""

import csv
import datetime as dt
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from poortwachter.accounts.decorators import role_required
from poortwachter.audit.labels import purpose_label, target_label
from poortwachter.audit.models import AccessEvent, Action
from poortwachter.audit.policies import events_visible_to
from poortwachter.audit.selectors import events_concerning, in_period
from poortwachter.audit.services import audit_record
from poortwachter.core import clock
from poortwachter.core.roles import EMPLOYER_ROLES, SERVICE_ROLES, Role
from poortwachter.organisations.models import Employer, OccupationalHealthService
from poortwachter.organisations.policies import get_employee_for
from poortwachter.privacy.forms import EventFilterForm, OwnAccessFilterForm

PAGE_SIZE = 100
OWN_PAGE_SIZE = 50
EXPORT_LIMIT = 100_000


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _period(data) -> tuple[dt.datetime | None, dt.datetime | None]:
    start = _day_start(data["date_from"]) if data.get("date_from") else None
    end = _day_start(data["date_to"] + dt.timedelta(1)) if data.get("date_to") else None
    return start, end


def _role_label(code: str) -> str:
    if code in Role.values:
        return str(Role(code).label)
    return _("systeem") if code == "system" else code


def _filtered_log(actor, form):
    events = events_visible_to(actor)
    if form.is_valid():
        data = form.cleaned_data
        events = in_period(events, *_period(data))
        for field in ("action", "outcome", "subject_employee_id", "actor_user_id"):
            if data[field]:
                events = events.filter(**{field: data[field]})
    return events


def _filters_as_details(form) -> dict:
    if not form.is_valid():
        return {}
    return {key: str(value) for key, value in form.cleaned_data.items() if value}


@require_GET
@role_required(Role.PRIVACY_OFFICER)
def event_list(request, *, actor):
    form = EventFilterForm(request.GET or None)
    page = Paginator(_filtered_log(actor, form), PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(
        actor=actor,
        action=Action.SEARCH,
        target=None,
        purpose="access_log_review",
        role=Role.PRIVACY_OFFICER,
        details={"event_ids": [event.pk for event in page], **_filters_as_details(form)},
        subject_employee_ids=[e.subject_employee_id for e in page if e.subject_employee_id],
    )
    return render(request, "privacy/event_list.html", {"form": form, "page": page})


EXPORT_COLUMNS = [
    "seq", "occurred_at", "action", "outcome", "actor_user_id", "actor_label", "actor_role",
    "on_behalf_of_user_id", "employer_id", "subject_employee_id", "subject_user_id",
    "target_type", "target_id", "purpose", "request_id", "remote_addr", "hash",
]  # fmt: skip


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(events) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(EXPORT_COLUMNS)
    for row in events.values_list(*EXPORT_COLUMNS).iterator(chunk_size=2000):
        yield writer.writerow(
            [value.isoformat() if isinstance(value, dt.datetime) else value for value in row]
        )


@require_GET
@role_required(Role.PRIVACY_OFFICER)
def event_export(request, *, actor):
    """The filtered log as CSV, streamed, oldest first, with each event's chain hash so
    the copy can be checked against ``verify-audit``. The export itself is logged."""
    form = EventFilterForm(request.GET or None)
    events = _filtered_log(actor, form).order_by("seq")[:EXPORT_LIMIT]
    audit_record(
        actor=actor,
        action=Action.EXPORT,
        purpose="access_log_review",
        role=Role.PRIVACY_OFFICER,
        details={"format": "csv", **_filters_as_details(form)},
    )
    response = StreamingHttpResponse(_csv_rows(events), content_type="text/csv; charset=utf-8")
    filename = f"toegangslog-{clock.today():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _organisation_labels(events, employees) -> dict[int, str]:
    employers = dict(
        Employer.objects.filter(
            pk__in={e.employer_id for e in events if e.employer_id}
            | {employee.employer_id for employee in employees}
        ).values_list("pk", "name")
    )
    service = OccupationalHealthService.objects.order_by("pk").first()
    default_employer = employers.get(employees[0].employer_id, "") if employees else ""
    labels = {}
    for event in events:
        if event.actor_role in EMPLOYER_ROLES:
            labels[event.pk] = employers.get(event.employer_id or 0, default_employer)
        elif event.actor_role in SERVICE_ROLES:
            labels[event.pk] = service.name if service else _("de arbodienst")
        elif event.actor_role == Role.PRIVACY_OFFICER:
            labels[event.pk] = _("toezicht (privacyfunctionaris)")
        else:
            labels[event.pk] = _("Poortwachter (automatisch)")
    return labels


@require_GET
@role_required(Role.EMPLOYEE)
def my_access_log(request, *, actor):
    """Who viewed my data: every access to the employee's records and account, oldest
    first, for a period (by default the last three months)."""
    employees = [get_employee_for(actor, pk) for pk in sorted(actor.employee_ids)]
    today = clock.today()
    if request.GET:
        form = OwnAccessFilterForm(request.GET)
    else:
        form = OwnAccessFilterForm({"date_from": today - dt.timedelta(days=91), "date_to": today})
    events = events_concerning([e.pk for e in employees], user_id=request.user.pk)
    if form.is_valid():
        events = in_period(events, *_period(form.cleaned_data))
        if not form.cleaned_data["include_own"]:
            events = events.exclude(actor_user_id=request.user.pk)
    else:
        events = AccessEvent.objects.none()
    page = Paginator(events, OWN_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page)
    behalf_ids = {e.on_behalf_of_user_id for e in rows if e.on_behalf_of_user_id}
    behalf = {
        user.pk: user.get_full_name() or user.email
        for user in get_user_model().objects.filter(pk__in=behalf_ids)
    }
    organisations = _organisation_labels(rows, employees)
    entries = [
        {
            "event": event,
            "organisation": organisations[event.pk],
            "role": _role_label(event.actor_role),
            "on_behalf_of": behalf.get(event.on_behalf_of_user_id or 0, ""),
            "what": target_label(event.target_type, "employee_ids" in event.details),
            "purpose": purpose_label(event.purpose),
            "is_self": event.actor_user_id == request.user.pk,
        }
        for event in rows
    ]
    for employee in employees:
        audit_record(
            actor=actor,
            action=Action.READ,
            target=employee,
            employer_id=employee.employer_id,
            subject_employee_id=employee.pk,
            purpose="own_access_log",
            role=Role.EMPLOYEE,
        )
    context = {"form": form, "page": page, "entries": entries}
    return render(request, "privacy/my_access_log.html", context)
