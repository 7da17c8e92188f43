"""Reads of absence data. Every read of someone's absence data, emergency information or
published advice goes through an audited selector here: it fetches through the policy,
records the access event (NEN 7513) and returns the data. The HTML pages, the API and
the template tag call the same selector, so a read is logged the same way wherever it is
shown."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Any

from django.core.paginator import Page
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from poortwachter.absences import policies, rules
from poortwachter.absences.models import (
    AbsenceCase,
    EmergencyInfo,
    LeavePeriod,
    PublishedAdvice,
    SickReport,
    WageExtension,
    WageSanction,
)
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_employee_event, audit_record
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.errors import field_errors
from poortwachter.core.pages import PageRequest, page_of
from poortwachter.core.queries import InSubquery
from poortwachter.core.roles import Role
from poortwachter.organisations.models import Employee, Employment, current_employments

#: What a list shows of a person and of a sick report: lists load no more than that.
NAME_FIELDS = ("first_name", "name_prefix", "last_name")
HR_LIST_FIELDS = (
    "employee",
    "first_sick_day",
    "recovered_on",
    "expected_duration",
    "case",
    "case__first_sick_day",
    "case__closed_on",
)
HR_OVERVIEW = "hr_absence_overview"
API_SICK_REPORT_LIST = "api_sick_report_list"
#: The statuses a list of sick reports filters on ("all": no narrowing).
STATUSES = ("open", "closed", "all")
#: The longest search text (as the HR overview's search field).
MAX_SEARCH = 100


@dataclass(frozen=True)
class OverviewSort:
    """A column HR's overview sorts by: the expression, and whether its natural order
    runs against the column's (a higher week is an earlier first sick day)."""

    expression: Callable[[], Any]
    inverted: bool = False


#: The sort keys of HR's absence overview (``?sorteer=<key>``, ``-<key>`` descending).
#: ``week`` is this app's; the re-integration app adds its deadline, case manager and
#: status keys in its ``ready()`` (it may import this app, not the other way round).
OVERVIEW_SORTS: dict[str, OverviewSort] = {
    "week": OverviewSort(lambda: F("case__first_sick_day"), inverted=True),
}


def register_overview_sort(key: str, expression: Callable[[], Any], *, inverted: bool = False):
    OVERVIEW_SORTS[key] = OverviewSort(expression, inverted)


def overview_order(sort: str | None) -> list[Any]:
    """``order_by`` arguments for a ``?sorteer=`` value; newest first when unknown. Empty
    values sort last either way; the newest report breaks ties."""
    default = ["-first_sick_day", "-pk"]
    key = (sort or "").removeprefix("-")
    if key not in OVERVIEW_SORTS:
        return default
    chosen = OVERVIEW_SORTS[key]
    descending = sort.startswith("-") != chosen.inverted  # type: ignore[union-attr]
    expression = chosen.expression()
    ordered = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return [ordered, *default]


@dataclass(frozen=True)
class SickReportInput:
    """Exactly the R-SICK-1 items of a sick report (the form's and the API's input)."""

    first_sick_day: dt.date
    phone: str
    care_street: str
    care_house_number: str
    care_postcode: str
    care_city: str
    expected_duration: str
    appointments_and_work: str
    safety_net_applies: bool
    work_accident: bool
    traffic_accident_third_party: bool


@dataclass(frozen=True)
class SickReportFilters:
    """What a list of sick reports is narrowed to; ``None`` narrows nothing."""

    #: "open" (not recovered), "closed" (recovered) or "all".
    status: str | None = None
    #: People currently employed in this department (not its sub-departments).
    department_id: int | None = None
    #: Part of a first or last name, or an exact personnel number.
    q: str | None = None
    #: First sick day from and up to (inclusive).
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def is_set(self) -> bool:
        return any(getattr(self, f.name) not in (None, "") for f in fields(self))


def open_reports(queryset: QuerySet[SickReport]) -> QuerySet[SickReport]:
    return queryset.filter(recovered_on__isnull=True)


def prefilled_input(employee: Employee, day: dt.date) -> dict:
    """The sick report form starts from the employee's own contact details."""
    return {
        "first_sick_day": day,
        "phone": employee.phone,
        "care_street": employee.street,
        "care_house_number": employee.house_number,
        "care_postcode": employee.postcode,
        "care_city": employee.city,
    }


def as_input(cleaned: dict) -> SickReportInput:
    return SickReportInput(**{name: cleaned[name] for name in SickReportInput.__dataclass_fields__})


def wage_continuation_ends(
    case: AbsenceCase, leave: Iterable[tuple[dt.date, dt.date]] | None = None
) -> dt.date:
    """The end of the case's 104 weeks: moved by its gap days and by the pregnancy and
    maternity leave inside it (art. 7:629 lid 10 BW, ``rules.leave_days_in_case``), by a
    voluntary extension and a wage sanction (art. 7:629 lid 11 BW, issue 16).
    ``leave``: the employee's leave as (start, end), when the caller has it already."""
    if leave is None:
        leave = LeavePeriod.objects.filter(
            employee_id=case.employee_id, end__gte=case.first_sick_day
        ).values_list("start", "end")
    leave_days = rules.leave_days_in_case(case.first_sick_day, case.closed_on, leave)
    # Through the reverse accessors: a caller that lists many cases selects them with
    # ``select_related("wage_extension", "wage_sanction")`` and pays no query per case.
    try:
        extension_weeks = case.wage_extension.weeks
    except WageExtension.DoesNotExist:
        extension_weeks = 0
    try:
        sanction_last_day: dt.date | None = case.wage_sanction.ends_on
    except WageSanction.DoesNotExist:
        sanction_last_day = None
    return rules.wage_continuation_ends(
        case.first_sick_day, case.gap_days, leave_days,
        extension_weeks=extension_weeks, sanction_last_day=sanction_last_day,
    )  # fmt: skip


def _own_role(actor: Actor, employee_id: int) -> str | None:
    """An actor reading their own data acts as employee, whatever else they are."""
    return Role.EMPLOYEE if employee_id in actor.employee_ids else None


def _record_reports(
    actor: Actor, reports: Iterable[SickReport], purpose: str, *, action: str = Action.READ,
    role: str | None = None, employee_ids: Iterable[int] = (),
) -> None:  # fmt: skip
    reports = list(reports)
    audit_record(
        actor=actor, action=action, purpose=purpose, role=role,
        details={"sick_report_ids": [r.pk for r in reports]},
        subject_employee_ids=[*employee_ids, *(r.employee_id for r in reports)],
    )  # fmt: skip


# --- sick reports ---------------------------------------------------------------------


def sick_report_form_initial(*, actor: Actor, employee: Employee) -> dict:
    """The sick report form's prefilled contact details of ``employee`` (fetched through
    ``policies.get_reportable_employee_for``): showing them is a logged read."""
    audit_employee_event(
        actor=actor, action=Action.READ, employee=employee, purpose="sick_report_form",
        role=_own_role(actor, employee.pk),
    )  # fmt: skip
    return prefilled_input(employee, clock.today())


def own_sick_reports(*, actor: Actor) -> list[SickReport]:
    """The employee's own sick reports, with their cases and partial recoveries."""
    own = policies.reports_visible_to(actor).filter(employee_id__in=actor.employee_ids)
    reports = list(own.select_related("case").prefetch_related("partials"))
    _record_reports(actor, reports, "own_data", role=Role.EMPLOYEE, employee_ids=actor.employee_ids)
    return reports


def sick_report_get(*, actor: Actor, report_id: int) -> SickReport:
    report = policies.get_report_for(actor, report_id)
    audit_record(
        actor=actor, action=Action.READ, target=report, employer_id=report.employer_id,
        subject_employee_id=report.employee_id,
    )  # fmt: skip
    return report


def _narrowed(
    actor: Actor, reports: QuerySet[SickReport], filters: SickReportFilters, *, hr_overview: bool
) -> QuerySet[SickReport]:
    if filters.status == "open":
        reports = reports.filter(recovered_on__isnull=True)
    elif filters.status == "closed":
        reports = reports.filter(recovered_on__isnull=False)
    if filters.department_id is not None:
        departments = policies.filter_departments(actor, hr_overview=hr_overview)
        if not departments.filter(pk=filters.department_id).exists():
            raise field_errors(department=_("Onbekende afdeling."))
        # A subquery, not a join: no duplicate rows, so no DISTINCT over the whole list
        # (and its count) is needed. Through the employee's key, so that PostgreSQL
        # starts from the department's people and reads their reports by index
        # (issue 21; otherwise it hashes every report of the employer).
        in_department = Employment.objects.filter(
            department_id=filters.department_id, end_date__isnull=True
        )
        people = Employee.objects.filter(pk__in=in_department.values("employee_id"))
        reports = reports.filter(employee__in=people)
    if q := (filters.q or "").strip():
        reports = reports.filter(
            Q(employee__last_name__icontains=q) | Q(employee__first_name__icontains=q)
            | Q(employee__personnel_number__iexact=q)
        )  # fmt: skip
    if filters.date_from is not None:
        reports = reports.filter(first_sick_day__gte=filters.date_from)
    if filters.date_to is not None:
        reports = reports.filter(first_sick_day__lte=filters.date_to)
    return reports


def sick_report_search(
    *, actor: Actor, filters: SickReportFilters, page: PageRequest, hr_overview: bool = False,
    sort: str | None = None,
) -> Page:  # fmt: skip
    """One page of the sick reports in the actor's scope, narrowed by ``filters``, newest
    first, with its access event (SEARCH when a filter is set, READ otherwise).

    ``hr_overview``: HR's absence overview, over the employers where the actor is HR, with
    only the columns the page shows. Otherwise (the API) every report the actor may read,
    whole. A department outside what the list may filter on is refused (a field error)."""
    if hr_overview:
        scope = (
            policies.hr_overview_reports(actor)
            .select_related("employee", "case")
            .only(*HR_LIST_FIELDS, *(f"employee__{f}" for f in (*NAME_FIELDS, "personnel_number")))
        )
    else:
        scope = policies.reports_visible_to(actor)
    reports = _narrowed(actor, scope, filters, hr_overview=hr_overview)
    order = overview_order(sort) if hr_overview else ["-first_sick_day", "-pk"]
    shown = page_of(reports.order_by(*order), page)
    _record_reports(
        actor, shown, HR_OVERVIEW if hr_overview else API_SICK_REPORT_LIST,
        action=Action.SEARCH if filters.is_set else Action.READ,
    )  # fmt: skip
    return shown


@dataclass(frozen=True)
class EmployeeAbsence:
    """An employee's absence as their page shows it to someone who may read it."""

    #: Their sick reports, newest first.
    reports: list[SickReport]
    #: The actor may report them sick now (in scope, no open report).
    may_report: bool
    #: The actor records their (pregnancy and maternity) leave.
    may_record_leave: bool


def employee_absence_get(*, actor: Actor, employee: Employee) -> EmployeeAbsence | None:
    """The sick reports of ``employee`` (already fetched through a policy) for their page,
    or None when the actor may read no absence data of theirs; a logged read."""
    if not policies.can_read_absence(actor):
        return None
    reports = list(
        policies.reports_visible_to(actor)
        .filter(employee_id=employee.pk)
        .only("first_sick_day", "recovered_on", "case_id", "employee_id")
        .order_by("-first_sick_day", "-pk")
    )
    if not reports and not policies.reportable_employees(actor).filter(pk=employee.pk).exists():
        return None
    if reports:  # nothing of their absence is shown when there is none
        _record_reports(actor, reports, "employee_page")
    has_open = any(r.recovered_on is None for r in reports)
    may_report = (
        policies.can_report_absence(actor)
        and not has_open
        and policies.reportable_employees(actor).filter(pk=employee.pk).exists()
    )
    return EmployeeAbsence(reports, may_report, policies.can_administer_leave(actor, employee))


def team_absence(*, actor: Actor, page: PageRequest) -> tuple[Page, dict[int, SickReport]]:
    """A page of the manager's team, and the open report of each person on it (by
    employee id) that the manager may see: one query, whatever the team's size."""
    # The team's keys as one array (``InSubquery``): PostgreSQL then joins the team's
    # people by key instead of reading every employee to sort the team by name.
    team = current_employments().filter(department_id__in=actor.managed_department_ids)
    members = (
        team.filter(InSubquery("employee_id", team.values("employee_id")))
        .select_related("employee", "department")
        .only("employee", "department__name", *(f"employee__{f}" for f in NAME_FIELDS))
        .order_by("employee__last_name", "employee__first_name", "employee_id", "pk")
    )  # fmt: skip
    shown = page_of(members, page)
    reports = open_reports(policies.reports_visible_to(actor)).filter(
        employee_id__in=[m.employee_id for m in shown]
    )
    reports = reports.select_related("case").only(
        "employee_id", "first_sick_day", "case", "case__first_sick_day", "case__closed_on"
    )
    open_by_employee = {r.employee_id: r for r in reports}
    _record_reports(actor, open_by_employee.values(), "team_absence")
    return shown, open_by_employee


def caseload(*, actor: Actor, queue: PageRequest, page: PageRequest) -> tuple[Page, Page]:
    """The company doctor's work queue (unhandled items of the employers they serve) and
    the open absences they may read, each a page of its own."""
    items = (
        policies.queue_items_visible_to(actor)
        .filter(handled_at__isnull=True)
        .select_related("report__employee", "employer")
        .order_by("created_at", "pk")
    )
    queue_page = page_of(items, queue)
    reports = (
        open_reports(policies.reports_visible_to(actor))
        .select_related("employee", "employer", "case")
        .order_by("-first_sick_day", "-pk")
    )
    reports_page = page_of(reports, page)
    _record_reports(actor, [item.report for item in queue_page] + list(reports_page), "caseload")
    return queue_page, reports_page


# --- cases, leave and emergency information -------------------------------------------


@dataclass(frozen=True)
class CaseHistory:
    case: AbsenceCase
    #: The case's sick reports, first to last.
    reports: list[SickReport]
    #: The employee's (pregnancy and maternity) leave.
    leave: list[LeavePeriod]


def absence_case_history(*, actor: Actor, case_id: int) -> CaseHistory:
    """A case with its reports and the employee's leave, for its Poortwachter timeline."""
    case = policies.get_case_for(actor, case_id)
    reports = list(
        policies.reports_visible_to(actor).filter(case=case).order_by("first_sick_day", "pk")
    )
    leave = list(LeavePeriod.objects.filter(employee_id=case.employee_id))
    audit_record(
        actor=actor, action=Action.READ, target=case, employer_id=case.employer_id,
        subject_employee_id=case.employee_id, purpose="absence_case_timeline",
        role=_own_role(actor, case.employee_id),
    )  # fmt: skip
    return CaseHistory(case, reports, leave)


def leave_periods_get(*, actor: Actor, employee: Employee) -> list[LeavePeriod]:
    """The leave of ``employee`` (fetched with ``policies.get_leave_employee_for``)."""
    audit_employee_event(
        actor=actor, action=Action.READ, employee=employee, purpose="leave_administration",
        role=Role.HR,
    )  # fmt: skip
    return list(employee.leave_periods.all())


def own_emergency_info_get(*, actor: Actor, employee: Employee) -> EmergencyInfo | None:
    """The employee's own emergency information, as they see it on their own page."""
    current = policies.emergency_info_for(actor, employee)
    audit_record(
        actor=actor, action=Action.READ, target=current, employer_id=employee.employer_id,
        subject_employee_id=employee.pk, purpose="own_data", role=Role.EMPLOYEE,
    )  # fmt: skip
    return current


# --- the company doctor's published advice (R-DOC-1) ----------------------------------


def _record_advice(actor: Actor, advice: PublishedAdvice) -> None:
    audit_record(
        actor=actor, action=Action.READ, target=advice, employer_id=advice.employer_id,
        subject_employee_id=advice.employee_id, role=_own_role(actor, advice.employee_id),
    )  # fmt: skip


def advice_get(*, actor: Actor, advice_id: int) -> PublishedAdvice:
    advice = policies.get_advice_for(actor, advice_id)
    _record_advice(actor, advice)
    return advice


def current_advice_get(*, actor: Actor, employee: Employee) -> PublishedAdvice | None:
    """The employee's current advice if the actor may read it (logged when there is one)."""
    advice = policies.latest_advice_for(actor, employee)
    if advice is not None:
        _record_advice(actor, advice)
    return advice


def own_advices(*, actor: Actor) -> list[PublishedAdvice]:
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
    return advices


def advice_list(*, actor: Actor, page: PageRequest) -> Page:
    """One page of the advices in the actor's scope, newest first (the API's list)."""
    advices = (
        policies.advices_visible_to(actor).select_related("doctor").order_by("-published_at", "-pk")
    )
    shown = page_of(advices, page)
    audit_record(
        actor=actor, action=Action.READ, purpose="api_advice_list",
        details={"advice_ids": [a.pk for a in shown]},
        subject_employee_ids=[a.employee_id for a in shown],
    )  # fmt: skip
    return shown


# --- the absence calendar (issue 19) ------------------------------------------------------

#: What the calendar says of a person on a day: never why, never how much (R-SICK-2,
#: R-INC-1). Pregnancy and maternity leave is "verlof", without its reason.
SICK, PARTIAL, LEAVE = "sick", "partial", "leave"
CALENDAR_STATUS_LABELS = {
    SICK: _lazy("ziek"),
    PARTIAL: _lazy("gedeeltelijk hersteld"),
    LEAVE: _lazy("verlof"),
}
#: The longest range one calendar request may ask for (the API's; a month view is 42).
CALENDAR_MAX_DAYS = 92


@dataclass(frozen=True)
class CalendarEntry:
    employee_id: int
    name: str
    status: str

    @property
    def label(self) -> str:
        return str(CALENDAR_STATUS_LABELS[self.status])


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    entries: list[CalendarEntry]
    #: The day lies in the month (or week) asked for, not in the weeks around it.
    in_period: bool = True

    @property
    def is_today(self) -> bool:
        return self.day == clock.today()


@dataclass(frozen=True)
class AbsenceCalendar:
    start: dt.date
    end: dt.date
    days: list[CalendarDay]
    #: People absent today (sick, partially recovered or on leave) in the same scope.
    today_count: int

    @property
    def weeks(self) -> list[list[CalendarDay]]:
        return [self.days[i : i + 7] for i in range(0, len(self.days), 7)]


def _status_on(day: dt.date, report: SickReport) -> str | None:
    if day < report.first_sick_day or (report.recovered_on and day >= report.recovered_on):
        return None
    if any(p.from_date <= day for p in report.partials.all()):
        return PARTIAL
    return SICK


def absence_calendar(
    *, actor: Actor, start: dt.date, end: dt.date, department_id: int | None = None,
    period: tuple[dt.date, dt.date] | None = None, purpose: str = "absence_calendar",
) -> AbsenceCalendar:  # fmt: skip
    """Who is absent on each day from ``start`` to ``end`` (inclusive) among the people
    the actor's calendar shows (``policies.calendar_employees``), narrowed to one
    department (its current staff) if asked, and today's count. One query for the sick
    reports of the whole range (and today), one for their partial recoveries, one for
    leave; whatever the number of days. A logged read of every person shown.

    ``period``: the month or week asked for; days outside it are marked (a month view
    shows whole weeks)."""
    if end < start:
        raise field_errors(to=_("De einddatum ligt voor de begindatum."))
    if (end - start).days + 1 > CALENDAR_MAX_DAYS:
        raise field_errors(
            to=_("Vraag hoogstens %(days)s dagen tegelijk op.") % {"days": CALENDAR_MAX_DAYS}
        )
    employees = policies.calendar_employees(actor)
    if department_id is not None:
        if not policies.calendar_departments(actor).filter(pk=department_id).exists():
            raise field_errors(department=_("Onbekende afdeling."))
        in_department = Employment.objects.filter(
            department_id=department_id, end_date__isnull=True
        ).values("employee_id")
        employees = employees.filter(pk__in=in_department)
    today = clock.today()
    low, high = min(start, today), max(end, today)
    reports = list(
        policies.reports_visible_to(actor)
        .filter(employee__in=employees, first_sick_day__lte=high)
        .filter(Q(recovered_on__isnull=True) | Q(recovered_on__gt=low))
        .select_related("employee")
        .only("employee_id", "first_sick_day", "recovered_on",
              *(f"employee__{f}" for f in NAME_FIELDS))
        .prefetch_related("partials")
    )  # fmt: skip
    leave = list(
        LeavePeriod.objects.filter(employee__in=employees, start__lte=high, end__gte=low)
        .select_related("employee")
        .only("employee_id", "start", "end", *(f"employee__{f}" for f in NAME_FIELDS))
    )  # fmt: skip

    # Each absence is spread over the days it covers (work: the absent days, not days
    # times people); leave is applied last, so a day of leave shows as "verlof".
    by_day: dict[dt.date, dict[int, CalendarEntry]] = {}
    for report in reports:
        # An open report says nothing about days to come: it shows up to today. A
        # recovery date already known ends it the day before; leave is planned ahead.
        last_day = report.recovered_on - dt.timedelta(days=1) if report.recovered_on else today
        for day in _days(max(report.first_sick_day, low), min(last_day, high)):
            status = _status_on(day, report)
            if status is not None:
                entry = CalendarEntry(report.employee_id, report.employee.full_name, status)
                by_day.setdefault(day, {})[report.employee_id] = entry
    for period_of_leave in leave:
        employee = period_of_leave.employee
        for day in _days(max(period_of_leave.start, low), min(period_of_leave.end, high)):
            entry = CalendarEntry(employee.pk, employee.full_name, LEAVE)
            by_day.setdefault(day, {})[employee.pk] = entry

    def entries_on(day: dt.date) -> list[CalendarEntry]:
        found = by_day.get(day, {}).values()
        return sorted(found, key=lambda e: (e.name.lower(), e.employee_id))

    first, last = period or (start, end)
    days = [CalendarDay(day, entries_on(day), first <= day <= last) for day in _days(start, end)]
    audit_record(
        actor=actor, action=Action.READ, purpose=purpose,
        details={"sick_report_ids": [r.pk for r in reports],
                 "leave_ids": [p.pk for p in leave],
                 "from": start.isoformat(), "to": end.isoformat()},
        subject_employee_ids=[*(r.employee_id for r in reports),
                              *(p.employee_id for p in leave)],
    )  # fmt: skip
    return AbsenceCalendar(start, end, days, len(by_day.get(today, {})))


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def month_range(day: dt.date) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """The month of ``day`` (first, last) and the whole weeks that show it (Monday of
    the first week, Sunday of the last)."""
    first = day.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return (
        first,
        last,
        first - dt.timedelta(days=first.weekday()),
        last + dt.timedelta(days=6 - last.weekday()),
    )


def week_range(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)
