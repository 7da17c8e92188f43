"""The employee's own-data export: everything held about them on the employer side.

One plain-dict document, the same for the JSON download and the PDF, so the two cannot
drift apart. Keys are stable English names; values are dates, datetimes, decimals,
booleans, strings and codes (``ExpectedDuration``, ``Role``, ``Action``), never labels,
so ``schema_version`` only rises when the shape changes.

The company doctor's published advice (R-DOC-1) is here too: it is the one record of
the doctor's that the employer side holds, and the employee may read it. Every other app
that keeps rows about the employee adds its section (``core.own_data``: the plan of
action and its versions, evaluations, UWV notifications, third parties' reports, tasks,
personnel-file notes, legal holds); a test fails when a model that refers to an employee
is neither exported nor excluded with a stated reason.

An account can be bound to employee records at several employers (a ``Role.EMPLOYEE``
grant per record): each record is exported. The medical file itself is not on this side
of the system and this module imports nothing of it: the employee asks the company doctor.
Second factors are listed by type only, never with their secrets; access-log events
name who acted, never their request ids or network addresses.

Queries are bounded by the number of employee records, not by the number of reports.
"""

import datetime as dt
import json
from typing import Any

from allauth.mfa.models import Authenticator
from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch

from poortwachter.absences.models import (
    AbsenceCase,
    PartialRecovery,
    PublishedAdvice,
    SickReport,
)
from poortwachter.absences.selectors import wage_continuation_ends
from poortwachter.accounts.models import RoleAssignment, RoleRequest, User
from poortwachter.audit.models import AccessEvent
from poortwachter.audit.selectors import events_concerning
from poortwachter.core import clock, own_data
from poortwachter.core.actor import Actor
from poortwachter.core.errors import NotFound
from poortwachter.organisations.models import Employee, Employment
from poortwachter.organisations.policies import employees_visible_to

#: 2: the company doctor's published advices; 3: the sections other apps register
#: (``core.own_data``: the re-integration file, legal holds).
SCHEMA_VERSION = 3

Document = dict[str, Any]


def own_data_document(actor: Actor, *, employees: list[Employee]) -> Document:
    """Everything held about the acting employee, one entry per employee record
    (``employees`` as ``own_employee_records(actor)`` returns them)."""
    # Each record's log: events about it, lists that showed it, and the account's own.
    events = {e.pk: list(events_concerning([e.pk], user_id=actor.user_id)) for e in employees}
    behalf = {ev.on_behalf_of_user_id for evs in events.values() for ev in evs}
    names = _user_names({user_id for user_id in behalf if user_id is not None})
    ids = [e.pk for e in employees]
    parts = {section.key: section.collect(ids) for section in own_data.sections()}
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": clock.now(),
        "account": _account(actor),
        "employee_records": [
            {
                **_employee_record(e, events[e.pk], names),
                **{key: rows.get(e.pk, []) for key, rows in parts.items()},
            }
            for e in employees
        ],
    }


def own_employee_records(actor: Actor) -> list[Employee]:
    """The actor's own employee records, with everything the export reads prefetched."""
    reports = SickReport.objects.select_related("reported_by", "queue_item").prefetch_related(
        Prefetch("partials", queryset=PartialRecovery.objects.select_related("recorded_by"))
    )
    return list(
        employees_visible_to(actor)
        .filter(pk__in=actor.employee_ids)
        .select_related("employer", "emergency_info")
        .prefetch_related(
            Prefetch(
                "employments", queryset=Employment.objects.select_related("department__parent")
            ),
            Prefetch(
                "absence_cases",
                queryset=AbsenceCase.objects.select_related("wage_extension", "wage_sanction"),
            ),
            Prefetch("sick_reports", queryset=reports),
            "leave_periods",
            Prefetch("advices", queryset=PublishedAdvice.objects.select_related("doctor")),
        )
        .order_by("employer__name", "pk")
    )


def as_json_bytes(document: Document) -> bytes:
    """ISO 8601 dates and times, decimals as strings, UTF-8 as is."""
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


# --- the account -----------------------------------------------------------------------


def _account(actor: Actor) -> Document:
    if actor.user_id is None:
        raise NotFound  # a system actor has no account, and no own data
    user = User.objects.get(pk=actor.user_id)
    grants = RoleAssignment.objects.filter(user=user).select_related(
        "employer", "department", "employee", "granted_by"
    )
    # ``values`` so the authenticator's data (its secret) is never even loaded.
    factors = (
        Authenticator.objects.filter(user=user)
        .order_by("type", "created_at")
        .values("type", "created_at", "last_used_at")
    )
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_sign_in": user.last_login,
        "roles": [
            {
                "role": g.role,
                "employer": g.employer.name if g.employer else None,
                "department": g.department.name if g.department else None,
                "employee_record": g.employee.full_name if g.employee else None,
                "granted_at": g.created_at,
                "granted_by": _name(g.granted_by),
            }
            for g in grants
        ],
        "second_factors": [dict(f) for f in factors],
        # Four eyes (R-ACC-1): requests for a role of this account, or to reset its
        # credentials, whoever filed and decided them.
        "role_requests": [
            {
                "kind": r.kind,
                "role": r.role,
                "employer": r.employer.name if r.employer else None,
                "requested_at": r.requested_at,
                "requested_by": _name(r.requested_by),
                "outcome": r.outcome,
                "decided_at": r.decided_at,
                "decided_by": _name(r.decided_by),
            }
            for r in RoleRequest.objects.filter(user=user)
            .select_related("employer", "requested_by", "decided_by")
            .order_by("requested_at", "pk")
        ],
    }


def _user_names(user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return {u.pk: _name(u) or "" for u in User.objects.filter(pk__in=user_ids)}


def _name(user: User | None) -> str | None:
    return (user.get_full_name() or user.email) if user is not None else None


# --- one employee record ------------------------------------------------------------


def _employee_record(
    employee: Employee, events: list[AccessEvent], names: dict[int, str]
) -> Document:
    employments = list(employee.employments.all())
    leave = [(p.start, p.end) for p in employee.leave_periods.all()]
    return {
        "employer": {"name": employee.employer.name, "kvk_number": employee.employer.kvk_number},
        "employee": _employee(employee),
        "employments": [_employment(e) for e in employments],
        "departments": _departments(employments),
        "absence_cases": [_case(c, leave) for c in employee.absence_cases.all()],
        "sick_reports": [_sick_report(r) for r in employee.sick_reports.all()],
        "leave_periods": [
            {"start": p.start, "end": p.end, "recorded_at": p.created_at}
            for p in employee.leave_periods.all()
        ],
        "emergency_info": _emergency_info(employee),
        "advices": _advices(list(employee.advices.all())),
        "access_log": [_event(ev, names) for ev in events],
    }


def _employee(e: Employee) -> Document:
    return {
        "id": e.pk,
        "personnel_number": e.personnel_number,
        "first_name": e.first_name,
        "name_prefix": e.name_prefix,
        "last_name": e.last_name,
        "bsn": e.bsn,
        "date_of_birth": e.date_of_birth,
        "email": e.email,
        "phone": e.phone,
        "street": e.street,
        "house_number": e.house_number,
        "postcode": e.postcode,
        "city": e.city,
        "is_synthetic": e.is_synthetic,
        "created_at": e.created_at,
        "updated_at": e.updated_at,
    }


def _employment(e: Employment) -> Document:
    return {
        "job_title": e.job_title,
        "department": e.department.name,
        "start_date": e.start_date,
        "end_date": e.end_date,
        "hours_per_week": e.hours_per_week,
    }


def _departments(employments: list[Employment]) -> list[Document]:
    """The departments of the employee's employments, each once."""
    seen = {e.department_id: e.department for e in employments}
    return [
        {"name": d.name, "parent": d.parent.name if d.parent else None}
        for d in sorted(seen.values(), key=lambda d: d.name)
    ]


def _case(c: AbsenceCase, leave: list[tuple[dt.date, dt.date]]) -> Document:
    return {
        "id": c.pk,
        "first_sick_day": c.first_sick_day,
        "gap_days": c.gap_days,
        "closed_on": c.closed_on,
        "wage_continuation_ends": wage_continuation_ends(c, leave),
    }


def _sick_report(r: SickReport) -> Document:
    return {
        "id": r.pk,
        "case_id": r.case_id,
        "first_sick_day": r.first_sick_day,
        "reported_at": r.reported_at,
        "reported_by": _name(r.reported_by),
        "phone": r.phone,
        "care_street": r.care_street,
        "care_house_number": r.care_house_number,
        "care_postcode": r.care_postcode,
        "care_city": r.care_city,
        "expected_duration": r.expected_duration,
        "appointments_and_work": r.appointments_and_work,
        "safety_net_applies": r.safety_net_applies,
        "work_accident": r.work_accident,
        "traffic_accident_third_party": r.traffic_accident_third_party,
        "recovered_on": r.recovered_on,
        "recovery_reported_at": r.recovery_reported_at,
        "version": r.version,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
        "partial_recoveries": [_partial(p) for p in r.partials.all()],
        "service_queue": _queue_item(r),
    }


def _partial(p: PartialRecovery) -> Document:
    return {
        "from_date": p.from_date,
        "hours_per_week": p.hours_per_week,
        "recorded_by": _name(p.recorded_by),
        "recorded_at": p.created_at,
    }


def _queue_item(r: SickReport) -> Document | None:
    """When the report reached the occupational health service, and whether it was
    picked up: dates and status only."""
    try:
        item = r.queue_item
    except ObjectDoesNotExist:
        return None
    return {
        "received_at": item.created_at,
        "handled_at": item.handled_at,
        "status": "handled" if item.handled_at else "waiting",
    }


def _advices(advices: list[PublishedAdvice]) -> list[Document]:
    """The company doctor's advices as the employer received them; one is current unless
    a newer one of the same employee supersedes it."""
    superseded = {a.supersedes_id for a in advices}
    return [{**_advice(a), "current": a.pk not in superseded} for a in advices]


def _advice(a: PublishedAdvice) -> Document:
    return {
        "id": a.pk,
        "case_id": a.case_id,
        "doctor": _name(a.doctor),
        "advised_on": a.advised_on,
        "published_at": a.published_at,
        "work_possible": a.work_possible,
        "work_not_possible": a.work_not_possible,
        "implications_for_work": a.implications_for_work,
        "expected_duration": a.expected_duration,
        "expected_return_on": a.expected_return_on,
        "incapacity_percentage": a.incapacity_percentage,
        "adjustments_advice": a.adjustments_advice,
        "supersedes_id": a.supersedes_id,
    }


def _emergency_info(employee: Employee) -> Document | None:
    try:
        info = employee.emergency_info
    except ObjectDoesNotExist:
        return None
    return {
        "text": info.text,
        "visible_to_manager": info.visible_to_manager,
        "visible_to_hr": info.visible_to_hr,
        "tell_colleagues": info.tell_colleagues,
        "consent_given_at": info.consent_given_at,
        "withdrawn_at": info.withdrawn_at,
        "active": info.is_active,
    }


def _event(ev: AccessEvent, names: dict[int, str]) -> Document:
    behalf = ev.on_behalf_of_user_id
    return {
        "occurred_at": ev.occurred_at,
        "action": ev.action,
        "outcome": ev.outcome,
        "actor_role": ev.actor_role,
        "actor_name": ev.actor_label,
        "on_behalf_of": names.get(behalf, "") if behalf is not None else None,
        "purpose": ev.purpose,
        "target_type": ev.target_type,
    }
