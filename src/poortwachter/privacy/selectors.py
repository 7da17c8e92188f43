"""Audited reads for privacy: the privacy officer's search and export of the access log,
"who viewed my data" for the employee, and the employee's own-data export. Each records
its own read (reading the log is itself logged)."""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields

from django.contrib.auth import get_user_model
from django.core.paginator import Page
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from poortwachter.audit.labels import purpose_label, target_label
from poortwachter.audit.models import AccessEvent, Action
from poortwachter.audit.policies import events_visible_to
from poortwachter.audit.selectors import events_concerning, in_period
from poortwachter.audit.services import audit_employee_event, audit_record
from poortwachter.core import csvformat
from poortwachter.core.actor import Actor
from poortwachter.core.csvformat import EXCEL_NL, CsvDialect
from poortwachter.core.pages import PageRequest, page_of
from poortwachter.core.roles import EMPLOYER_ROLES, SERVICE_ROLES, Role
from poortwachter.organisations.models import (
    DoctorAssignmentChange,
    Employee,
    Employer,
    OccupationalHealthService,
)
from poortwachter.organisations.policies import get_employee_for
from poortwachter.privacy.own_data import Document, own_data_document, own_employee_records

EXPORT_LIMIT = 100_000


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _period(
    date_from: dt.date | None, date_to: dt.date | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    start = _day_start(date_from) if date_from else None
    end = _day_start(date_to + dt.timedelta(1)) if date_to else None
    return start, end


# --- the privacy officer's search of the whole log ----------------------------------


@dataclass(frozen=True)
class AccessLogFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    action: str = ""
    outcome: str = ""
    subject_employee_id: int | None = None
    actor_user_id: int | None = None
    #: (Part of) a person's name: events by or about employees and accounts so named.
    person: str = ""

    def as_details(self) -> dict[str, str]:
        """The filters set, for the event that records the search."""
        values = ((f.name, getattr(self, f.name)) for f in fields(self))
        return {name: str(value) for name, value in values if value}


def _named(model, words: list[str], fields: tuple[str, ...]) -> QuerySet:
    """Rows of ``model`` with every word in one of the name ``fields``."""
    rows = model._default_manager.all()
    for word in words:
        match = Q()
        for name in fields:
            match |= Q(**{f"{name}__icontains": word})
        rows = rows.filter(match)
    return rows


def _person_filter(actor: Actor, person: str) -> Q:
    """Events by or about a person whose name has every word of ``person``: employees
    of the employers whose log the actor reviews, and accounts."""
    words = person.split()[:5]
    employees = _named(Employee, words, ("first_name", "name_prefix", "last_name"))
    if not any(g.role == Role.PRIVACY_OFFICER and g.employer_id is None for g in actor.grants):
        employees = employees.filter(employer_id__in=actor.employer_ids(Role.PRIVACY_OFFICER))
    users = _named(get_user_model(), words, ("first_name", "last_name", "email"))
    return (
        Q(subject_employee_id__in=employees.values("pk"))
        | Q(actor_user_id__in=users.values("pk"))
        | Q(subject_user_id__in=users.values("pk"))
    )


def _filtered_log(actor: Actor, filters: AccessLogFilters) -> QuerySet[AccessEvent]:
    events = in_period(events_visible_to(actor), *_period(filters.date_from, filters.date_to))
    for name in ("action", "outcome", "subject_employee_id", "actor_user_id"):
        value = getattr(filters, name)
        if value:
            events = events.filter(**{name: value})
    if filters.person.strip():
        events = events.filter(_person_filter(actor, filters.person.strip()))
    return events


@dataclass(frozen=True)
class LogRow:
    """An event of the log as the privacy officer reads it: labels, not codes."""

    event: AccessEvent
    role: str
    subject: str
    purpose: str


def _log_rows(actor: Actor, events: list[AccessEvent]) -> list[LogRow]:
    """Role labels, and the names of the employees and accounts concerned where the
    reviewer may see them (employees of the employers whose log they review); otherwise
    "werknemer 9". Two queries for the page."""
    employees = Employee.objects.filter(
        pk__in={e.subject_employee_id for e in events if e.subject_employee_id}
    ).only("first_name", "name_prefix", "last_name", "employer_id")
    if not any(g.role == Role.PRIVACY_OFFICER and g.employer_id is None for g in actor.grants):
        employees = employees.filter(employer_id__in=actor.employer_ids(Role.PRIVACY_OFFICER))
    employee_names = {e.pk: e.full_name for e in employees}
    users = (
        get_user_model()
        .objects.filter(pk__in={e.subject_user_id for e in events if e.subject_user_id})
        .only("first_name", "last_name", "email")
    )
    user_names = {u.pk: u.get_full_name() or u.email for u in users}
    rows = []
    for event in events:
        if event.subject_employee_id:
            subject = employee_names.get(event.subject_employee_id) or _("werknemer %(id)s") % {
                "id": event.subject_employee_id
            }
        elif event.subject_user_id:
            subject = user_names.get(event.subject_user_id) or _("account %(id)s") % {
                "id": event.subject_user_id
            }
        else:
            subject = target_label(event.target_type, True) if event.target_type else "–"
        rows.append(LogRow(event, _role_label(event.actor_role), subject,
                           purpose_label(event.purpose)))  # fmt: skip
    return rows


def access_log_search(
    *, actor: Actor, filters: AccessLogFilters, page: PageRequest
) -> tuple[Page, list[LogRow]]:
    """One page of the log the actor oversees, and its rows with labels and names;
    recorded as a search, with the events and the employees the page showed and the
    filters (a name searched for included) that chose them."""
    shown = page_of(_filtered_log(actor, filters), page)
    audit_record(
        actor=actor,
        action=Action.SEARCH,
        target=None,
        purpose="access_log_review",
        role=Role.PRIVACY_OFFICER,
        details={"event_ids": [event.pk for event in shown], **filters.as_details()},
        subject_employee_ids=[e.subject_employee_id for e in shown if e.subject_employee_id],
    )
    return shown, _log_rows(actor, list(shown))


# --- who serves which employer: doctor assignments and delegations ------------------

DELEGATIONS_SHOWN = 100


def _reviewed_employer_ids(actor: Actor) -> frozenset[int] | None:
    """The employers whose log the privacy officer reviews; None: all of them."""
    if any(g.role == Role.PRIVACY_OFFICER and g.employer_id is None for g in actor.grants):
        return None
    return actor.employer_ids(Role.PRIVACY_OFFICER)


@dataclass(frozen=True)
class DelegationRow:
    event: AccessEvent
    doctor: str
    assistant: str


def assignment_history(*, actor: Actor, page: PageRequest) -> tuple[Page, list[DelegationRow]]:
    """Who assigned which doctor to which employer, or ended it, and when; and the last
    delegations of files by doctors to assistants (from the access log: ids and names,
    never whose file). Issue 18, finding 3 (R-ACC-1). Recorded as a review of the log."""
    changes = DoctorAssignmentChange.objects.select_related("employer", "doctor", "changed_by")
    delegations = AccessEvent.objects.filter(
        action__in=[Action.GRANT, Action.REVOKE], details__has_key="delegation"
    ).order_by("-occurred_at", "-id")
    employer_ids = _reviewed_employer_ids(actor)
    if employer_ids is not None:
        changes = changes.filter(employer_id__in=employer_ids)
        delegations = delegations.filter(employer_id__in=employer_ids)
    shown = page_of(changes, page)
    events = list(delegations[:DELEGATIONS_SHOWN])
    user_ids = {e.details.get("doctor_id") for e in events} | {
        e.details.get("assistant_id") for e in events
    }
    named = {c.doctor_id for c in shown} | {c.changed_by_id for c in shown} | user_ids
    audit_record(
        actor=actor,
        action=Action.READ,
        purpose="access_log_review",
        role=Role.PRIVACY_OFFICER,
        details={
            "doctor_assignment_changes": [change.pk for change in shown],
            "event_ids": [event.pk for event in events],
            # Whose names the page showed: the doctors, assistants and issuers.
            "user_ids": sorted(pk for pk in named if pk),
        },
    )
    users = get_user_model().objects.filter(pk__in={pk for pk in user_ids if pk})
    names = {u.pk: u.get_full_name() or u.email for u in users}

    def name(pk) -> str:
        return names.get(pk) or _("account %(id)s") % {"id": pk}

    rows = [
        DelegationRow(e, name(e.details.get("doctor_id")), name(e.details.get("assistant_id")))
        for e in events
    ]
    return shown, rows


EXPORT_COLUMNS = [
    "seq", "occurred_at", "action", "outcome", "actor_user_id", "actor_label", "actor_role",
    "on_behalf_of_user_id", "employer_id", "subject_employee_id", "subject_user_id",
    "target_type", "target_id", "purpose", "request_id", "remote_addr", "hash",
]  # fmt: skip


def _csv_rows(events: QuerySet[AccessEvent], dialect: CsvDialect) -> Iterator[str]:
    def rows():
        yield EXPORT_COLUMNS
        for row in events.values_list(*EXPORT_COLUMNS).iterator(chunk_size=2000):
            yield [value.isoformat() if isinstance(value, dt.datetime) else value for value in row]

    return csvformat.lines(rows(), dialect)


def access_log_export(
    *, actor: Actor, filters: AccessLogFilters, dialect: CsvDialect = EXCEL_NL
) -> Iterator[str]:
    """The filtered log as CSV lines, oldest first, with each event's chain hash so the
    copy can be checked against ``verify-audit`` (an event of the last few seconds may
    not be sealed yet: no number and hash); for Dutch Excel unless ``dialect`` is the
    plain one. The export is recorded before a line is produced."""
    events = _filtered_log(actor, filters).order_by("occurred_at", "id")[:EXPORT_LIMIT]
    audit_record(
        actor=actor,
        action=Action.EXPORT,
        purpose="access_log_review",
        role=Role.PRIVACY_OFFICER,
        details={"format": "csv", **filters.as_details()},
    )
    return _csv_rows(events, dialect)


# --- "who viewed my data" -------------------------------------------------------------


@dataclass(frozen=True)
class OwnAccessFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    include_own: bool = False


@dataclass(frozen=True)
class OwnAccessEntry:
    event: AccessEvent
    organisation: str
    role: str
    on_behalf_of: str
    what: str
    purpose: str
    is_self: bool


def _role_label(code: str) -> str:
    if code in Role.values:
        return str(Role(code).label)
    return _("systeem") if code == "system" else code


def _organisation_labels(events: list[AccessEvent], employees: list[Employee]) -> dict[int, str]:
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


def _entries(actor: Actor, rows: list[AccessEvent], employees: list[Employee]):
    behalf_ids = {e.on_behalf_of_user_id for e in rows if e.on_behalf_of_user_id}
    behalf = {
        user.pk: user.get_full_name() or user.email
        for user in get_user_model().objects.filter(pk__in=behalf_ids)
    }
    organisations = _organisation_labels(rows, employees)
    return [
        OwnAccessEntry(
            event=event,
            organisation=organisations[event.pk],
            role=_role_label(event.actor_role),
            on_behalf_of=behalf.get(event.on_behalf_of_user_id or 0, ""),
            what=target_label(event.target_type, "employee_ids" in event.details),
            purpose=purpose_label(event.purpose),
            is_self=event.actor_user_id == actor.user_id,
        )
        for event in rows
    ]


def own_access_search(
    *, actor: Actor, filters: OwnAccessFilters | None, page: PageRequest
) -> tuple[Page, list[OwnAccessEntry]]:
    """Who viewed my data: every access to the actor's employee records and account,
    oldest first, in the period of ``filters`` (None: the filters were not valid, and
    nothing is shown). The read of the page is recorded per employee record, after the
    page is chosen, so it does not show itself."""
    employees = [get_employee_for(actor, pk) for pk in sorted(actor.employee_ids)]
    events: QuerySet[AccessEvent]
    if filters is None:
        events = AccessEvent.objects.none()
    else:
        events = events_concerning([e.pk for e in employees], user_id=actor.user_id)
        events = in_period(events, *_period(filters.date_from, filters.date_to))
        if not filters.include_own:
            events = events.exclude(actor_user_id=actor.user_id)
    shown = page_of(events, page)
    entries = _entries(actor, list(shown), employees)
    for employee in employees:
        audit_employee_event(
            actor=actor,
            action=Action.READ,
            employee=employee,
            purpose="own_access_log",
            role=Role.EMPLOYEE,
        )
    return shown, entries


# --- the own-data export ----------------------------------------------------------------


def own_data_export(*, actor: Actor, extension: str, render: Callable[[Document], bytes]) -> bytes:
    """Everything held about the acting employee, rendered by ``render``; the export is
    recorded once per employee record it contains. Rendered first, outside the
    transaction: SQLite's IMMEDIATE transactions hold the write lock, and a PDF takes a
    moment. Nothing is returned unless the log is written."""
    employees = own_employee_records(actor)
    content = render(own_data_document(actor, employees=employees))
    with transaction.atomic():
        for employee in employees:
            audit_employee_event(
                actor=actor,
                action=Action.EXPORT,
                employee=employee,
                purpose="own_data_export",
                details={"format": extension},
                role=Role.EMPLOYEE,
            )
    return content
