"""The 1996 standard absence metrics ("Berekening van ziekteverzuim", CBS/NIA/TNO et al.),
computed as database aggregates: a handful of grouped queries, whatever the number of
employees, and no Python loop over employments or reports. ``docs/statistics.md`` gives
every formula with a worked example.

The unit of every query is an **employment** (``Employment``): it carries the department
and the part-time factor, and an employee's sick days, leave and partial recoveries are
joined to the employments in force on those days. Each query is grouped by department, so
one pass gives the figures of every department of the scope and, added up, of the scope,
of each month and of each quarter (month buckets are summed per column in the query).

All intervals are half open day numbers (``statistics.sql``):

- employment: ``[start_date, end_date + 1)``;
- sick report: ``[first_sick_day, recovered_on)`` (``recovered_on`` is the first day
  back), open reports run to the end of the window;
- partial recovery: ``[from_date, next partial's from_date or the report's end)``, and
  never past the report's first published advice;
- the company doctor's published advice (``PublishedAdvice``, the employer side's own
  record of it: this module never reaches the medical module, R-MED-1): ``[advised_on,
  the employee's next advice's advised_on or the report's end)``, for the advices dated
  from the report's first sick day on;
- pregnancy and maternity leave: ``[start, end + 1)``.

Weights: the part-time factor is ``min(1, contract hours / employer's full-time hours)``.
The incapacity fraction is the doctor's published percentage ÷ 100 where an advice is
in force (R-INC-1: the only incapacity percentage the employer may record; issue 16);
before the first advice of a report it is 1, and from a partial recovery on
``1 - min(1, hours worked per week / the employment's contract hours)``: the share of the
contract not worked, an administrative record of hours, not an incapacity percentage.
Leave days are neither available days nor sick days.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    ExpressionWrapper,
    FilteredRelation,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual

from poortwachter.absences.models import LeavePeriod, PartialRecovery, PublishedAdvice
from poortwachter.organisations.models import Employment
from poortwachter.statistics.periods import Bucket, Period
from poortwachter.statistics.sql import DayNumber, Lit, as_float, days, least, overlap

#: Duration classes of ended reports, in calendar days (first sick day to recovery).
WEEK_CLASSES = (("short", 1, 6), ("medium", 7, 42), ("long", 43, None))
VERNET_CLASSES = (
    ("d1_14", 1, 14),
    ("d15_91", 15, 91),
    ("d92_365", 92, 365),
    ("d366_730", 366, 730),
    ("d731_plus", 731, None),
)
FREQUENT_REPORTS = 3


def duration_atoms() -> list[tuple[int, int | None]]:
    """The smallest duration ranges both class breakdowns are made of: 1-6, 7-14, 15-42,
    43-91, 92-365, 366-730 and more than 730 days. A week class and a Vernet class
    overlap, so a shown class minus another describes one of these ranges (issue 16)."""
    starts = sorted({lo for _name, lo, _hi in (*WEEK_CLASSES, *VERNET_CLASSES)})
    return [(lo, nxt - 1) for lo, nxt in itertools.pairwise(starts)] + [(starts[-1], None)]


def class_atoms(lo: int, hi: int | None) -> frozenset[tuple[int, int | None]]:
    """The duration atoms a class from ``lo`` to ``hi`` days (``None``: no end) is made of."""
    return frozenset(
        (a_lo, a_hi)
        for a_lo, a_hi in duration_atoms()
        if a_lo >= lo and (hi is None or (a_hi is not None and a_hi <= hi))
    )


@dataclass(frozen=True)
class Scope:
    """Whose figures: one employer, optionally only some departments."""

    employer_id: int
    fulltime_hours: float
    department_ids: frozenset[int] | None = None


@dataclass
class GroupSums:
    """Additive sums of one department, per month bucket, and its period totals."""

    available: list[float]
    person_days: list[int]
    leave: list[float]
    sick: list[float]
    sick_leave: list[float]
    partial: list[float]
    partial_leave: list[float]
    new_reports: list[int]
    #: Days under a published advice, weighted by the share the doctor found able to work.
    advice: list[float] = field(default_factory=list)
    advice_leave: list[float] = field(default_factory=list)
    employees: int = 0
    sick_employees: int = 0
    ended: int = 0
    ended_days: int = 0
    classes: dict[str, int] = field(default_factory=dict)

    @classmethod
    def empty(cls, buckets: int) -> GroupSums:
        zeros = [0.0] * buckets
        return cls(
            list(zeros), [0] * buckets, list(zeros), list(zeros), list(zeros), list(zeros),
            list(zeros), [0] * buckets, list(zeros), list(zeros),
        )  # fmt: skip

    def absent(self, index: int) -> float:
        """Weighted sick days of one bucket, leave, partial recovery and the share the
        doctor's published percentage leaves able to work taken out."""
        return (
            self.sick[index] - self.sick_leave[index]
            - self.partial[index] + self.partial_leave[index]
            - self.advice[index] + self.advice_leave[index]
        )  # fmt: skip

    def available_net(self, index: int) -> float:
        return self.available[index] - self.leave[index]


@dataclass
class RawStatistics:
    """Unsuppressed sums: only ``statistics.selectors`` turns them into figures."""

    period: Period
    months: list[Bucket]
    quarters: list[Bucket]
    by_department: dict[int, GroupSums]
    employees: int
    sick_employees: int
    month_heads: list[int]
    quarter_heads: list[int]
    frequent_absentees: int


# --- query building blocks ---------------------------------------------------------------


def employments(scope: Scope, window: Period) -> QuerySet[Employment]:
    """Employments of the scope that overlap the window."""
    qs = Employment.objects.filter(
        employer_id=scope.employer_id, start_date__lte=window.end
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=window.start))
    if scope.department_ids is not None:
        qs = qs.filter(department_id__in=sorted(scope.department_ids))
    return qs.order_by()


class _Intervals:
    """The interval expressions of one query: the employment plus the tables joined to
    it through the employee."""

    def __init__(self, scope: Scope, window: Period) -> None:
        self.window, self.person = window, "employee__"
        self.starts: list[Any] = [days("start_date")]
        self.ends: list[Any] = [Coalesce(days("end_date") + Lit(1), Lit(window.hi))]
        hours = as_float("hours_per_week")
        self.ptf = least([hours / Lit(float(scope.fulltime_hours)), Lit(1.0)])
        self.weight: Any = self.ptf
        self.conditions: list[Q] = []
        #: The joined sick report's end (``_with_sick``).
        self.report_end: Any = Lit(window.hi)

    def add(self, start: Any, end: Any) -> None:
        self.starts.append(start)
        self.ends.append(end)

    def days_in(self, bucket: Bucket) -> Any:
        return overlap([*self.starts, Lit(bucket.lo)], [*self.ends, Lit(bucket.hi)])

    def weighted_in(self, bucket: Bucket) -> Any:
        return ExpressionWrapper(self.days_in(bucket) * self.weight, output_field=FloatField())

    def overlapping(self, qs: QuerySet[Any], *more: Q) -> QuerySet[Any]:
        """Rows whose intervals overlap the window (and meet ``more``): one filter() call,
        so every condition on a joined report refers to the same join."""
        return qs.filter(*self.conditions, *more, GreaterThan(self.days_in(self.window), Lit(0)))


def _with_sick(iv: _Intervals, qs: QuerySet[Any]) -> QuerySet[Any]:
    iv.report_end = Coalesce(days("sr__recovered_on"), Lit(iv.window.hi))
    iv.add(days("sr__first_sick_day"), iv.report_end)
    path, window = f"{iv.person}sick_reports", iv.window
    condition = Q(**{f"{path}__first_sick_day__lte": window.end}) & (
        Q(**{f"{path}__recovered_on__isnull": True})
        | Q(**{f"{path}__recovered_on__gt": window.start})
    )
    # Explicit: PostgreSQL's GREATEST/LEAST skip NULLs, so a missing row would not
    # make the overlap NULL there (it does on SQLite). It also makes the join inner.
    iv.conditions.append(Q(sr__id__isnull=False))
    return qs.alias(sr=FilteredRelation(path, condition=condition))


def _with_leave(iv: _Intervals, qs: QuerySet[Any]) -> QuerySet[Any]:
    iv.add(days("lv__start"), days("lv__end") + Lit(1))
    path, window = f"{iv.person}leave_periods", iv.window
    condition = Q(**{f"{path}__start__lte": window.end, f"{path}__end__gte": window.start})
    iv.conditions.append(Q(lv__id__isnull=False))
    return qs.alias(lv=FilteredRelation(path, condition=condition))


def _with_partial(iv: _Intervals, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Partial recoveries of the joined sick report (call after ``_with_sick``): each
    one's segment, from its date to the next one's (or the report's end), weighted by
    the share of the contract worked."""
    report_end = iv.ends[-1]
    following = (
        PartialRecovery.objects.filter(
            report_id=OuterRef("sr__partials__report_id"),
            from_date__gt=OuterRef("sr__partials__from_date"),
        )
        .order_by("from_date")
        .values("from_date")[:1]
    )
    # A lookup first, in the same filter() call as the overlap (``overlapping``), so
    # that every reference below shares one join to the partial recoveries.
    iv.conditions.append(Q(sr__partials__from_date__lte=iv.window.end))
    iv.add(days("sr__partials__from_date"), Coalesce(DayNumber(Subquery(following)), report_end))
    # Where the doctor published an advice, its percentage counts instead (issue 16).
    first_advice = (
        PublishedAdvice.objects.filter(
            employee_id=OuterRef("employee_id"),
            advised_on__gte=OuterRef("sr__first_sick_day"),
        )
        .order_by("advised_on")
        .values("advised_on")[:1]
    )
    iv.add(Lit(iv.window.lo), Coalesce(DayNumber(Subquery(first_advice)), Lit(iv.window.hi)))
    worked = as_float("sr__partials__hours_per_week") / as_float("hours_per_week")
    iv.weight = iv.ptf * least([worked, Lit(1.0)])
    return qs


def _with_advice(iv: _Intervals, qs: QuerySet[Any]) -> QuerySet[Any]:
    """The company doctor's published advices during the joined sick report (call after
    ``_with_sick``): each one is in force from its date to the employee's next advice (a
    later one on the same day replaces it) or the report's end, weighted by the share the
    doctor found able to work, ``1 - percentage / 100`` (R-INC-1, issue 16)."""
    path, window = f"{iv.person}advices", iv.window
    condition = Q(**{f"{path}__advised_on__lte": window.end})
    qs = qs.alias(adv=FilteredRelation(path, condition=condition))
    following = (
        PublishedAdvice.objects.filter(employee_id=OuterRef("adv__employee_id"))
        .filter(
            Q(advised_on__gt=OuterRef("adv__advised_on"))
            | Q(advised_on=OuterRef("adv__advised_on"), pk__gt=OuterRef("adv__id"))
        )
        .order_by("advised_on", "pk")
        .values("advised_on")[:1]
    )
    iv.conditions.append(Q(adv__id__isnull=False))
    iv.conditions.append(Q(GreaterThanOrEqual(days("adv__advised_on"), days("sr__first_sick_day"))))
    iv.add(days("adv__advised_on"), Coalesce(DayNumber(Subquery(following)), iv.report_end))
    able = Lit(1.0) - as_float("adv__incapacity_percentage") / Lit(100.0)
    iv.weight = iv.ptf * able
    return qs


def _grouped(qs: QuerySet[Any], aggregates: dict[str, Any]) -> dict[int, dict[str, Any]]:
    rows = qs.values("department_id").annotate(**aggregates)
    return {row.pop("department_id"): row for row in rows}


def _weighted_by_bucket(
    scope: Scope, period: Period, months: Sequence[Bucket], *joins: Any
) -> dict[int, list[float]]:
    """Σ days × part-time factor (× worked share for partials) per department and month,
    for the employments joined with ``joins`` (sick, leave, partial recoveries)."""
    iv, qs = _Intervals(scope, period), employments(scope, period)
    for join in joins:
        qs = join(iv, qs)
    qs = iv.overlapping(qs)
    sums = {f"b{i}": Sum(iv.weighted_in(b)) for i, b in enumerate(months)}
    rows = _grouped(qs, sums)
    return {dept: [row[f"b{i}"] or 0.0 for i in range(len(months))] for dept, row in rows.items()}


# --- the queries -------------------------------------------------------------------------


def _available(scope: Scope, period: Period, months: Sequence[Bucket]) -> dict[int, dict]:
    iv = _Intervals(scope, period)
    aggregates: dict[str, Any] = {"employees": Count("employee_id", distinct=True)}
    for i, bucket in enumerate(months):
        aggregates[f"a{i}"] = Sum(iv.weighted_in(bucket))
        aggregates[f"d{i}"] = Sum(iv.days_in(bucket))
    return _grouped(employments(scope, period), aggregates)


def _heads(scope: Scope, period: Period, buckets: Iterable[Bucket]) -> dict[str, int]:
    """Distinct employees of the whole scope, in the period and in each bucket."""
    aggregates: dict[str, Any] = {"employees": Count("employee_id", distinct=True)}
    for bucket in buckets:
        in_bucket = Q(start_date__lte=bucket.end) & (
            Q(end_date__isnull=True) | Q(end_date__gte=bucket.start)
        )
        aggregates[bucket.key] = Count("employee_id", distinct=True, filter=in_bucket)
    return employments(scope, period).aggregate(**aggregates)


def _covers(day: Any) -> Q:
    """The employment is in force on ``day`` (a day-number expression)."""
    start = days("start_date")
    end = Coalesce(days("end_date") + Lit(1), Lit(10**7))
    return Q(LessThanOrEqual(start, day)) & Q(LessThan(day, end))


def _in(value: Any, lo: int, hi: int | None) -> Q:
    condition = Q(GreaterThanOrEqual(value, Lit(lo)))
    return condition & Q(LessThanOrEqual(value, Lit(hi))) if hi is not None else condition


def _reports(scope: Scope, period: Period, months: Sequence[Bucket]) -> dict[int, dict]:
    """Sick days, new reports, reports ended in the period and their duration classes."""
    iv = _Intervals(scope, period)
    qs = iv.overlapping(_with_sick(iv, employments(scope, period)))
    first, back = days("sr__first_sick_day"), days("sr__recovered_on")
    new = _covers(first)
    ended = _ended(period)
    duration = back - first
    aggregates: dict[str, Any] = {
        "sick_employees": Count("employee_id", distinct=True),
        "ended": Count("sr__id", distinct=True, filter=ended),
        "ended_days": Sum(duration, filter=ended),
    }
    for name, lo, hi in (*WEEK_CLASSES, *VERNET_CLASSES):
        aggregates[name] = Count("sr__id", distinct=True, filter=ended & _in(duration, lo, hi))
    for i, bucket in enumerate(months):
        aggregates[f"s{i}"] = Sum(iv.weighted_in(bucket))
        aggregates[f"n{i}"] = Count(
            "sr__id", distinct=True, filter=new & _in(first, bucket.lo, bucket.hi - 1)
        )
    return _grouped(qs, aggregates)


def _ended(period: Period) -> Q:
    """Reports ended in the period: the last sick day (the day before recovery) lies in
    it, in an employment of the scope."""
    back = days("sr__recovered_on")
    ended = Q(sr__recovered_on__isnull=False) & _in(back - Lit(1), period.lo, period.hi - 1)
    return ended & _covers(back - Lit(1))


# --- the people of each cell, for suppression --------------------------------------------
# Ids only, never shown: ``statistics.selectors`` counts them to decide what to hide.


def bucket_people(scope: Scope, period: Period, buckets: Iterable[Bucket]) -> dict[str, set[int]]:
    """The employees of the scope with an employment in each bucket (month, quarter)."""
    buckets = list(buckets)
    people: dict[str, set[int]] = {b.key: set() for b in buckets}
    rows = employments(scope, period).values_list("employee_id", "start_date", "end_date")
    for employee_id, start, end in rows:
        for bucket in buckets:
            if start <= bucket.end and (end is None or end >= bucket.start):
                people[bucket.key].add(employee_id)
    return people


def atom_people(scope: Scope, period: Period) -> dict[tuple[int, int | None], set[int]]:
    """The employees of the scope with a report ended in the period, per duration atom
    (``duration_atoms``; the same reports ``_reports`` counts)."""
    iv = _Intervals(scope, period)
    qs = iv.overlapping(_with_sick(iv, employments(scope, period)), _ended(period))
    atoms = duration_atoms()
    people: dict[tuple[int, int | None], set[int]] = {atom: set() for atom in atoms}
    rows = qs.values_list("employee_id", "sr__first_sick_day", "sr__recovered_on").distinct()
    for employee_id, first, back in rows:
        duration = (back - first).days
        for lo, hi in atoms:
            if duration >= lo and (hi is None or duration <= hi):
                people[(lo, hi)].add(employee_id)
    return people


def class_people(scope: Scope, period: Period) -> dict[str, set[int]]:
    """The employees of the scope with a report ended in the period, per duration class."""
    atoms = atom_people(scope, period)
    return {
        name: set().union(*(atoms[a] for a in class_atoms(lo, hi)))
        for name, lo, hi in (*WEEK_CLASSES, *VERNET_CLASSES)
    }


def _sick_employees(scope: Scope, period: Period) -> int:
    iv = _Intervals(scope, period)
    qs = iv.overlapping(_with_sick(iv, employments(scope, period)))
    return qs.aggregate(n=Count("employee_id", distinct=True))["n"]


def frequent_absentees(scope: Scope, period: Period) -> int:
    """Employees with at least three new reports in the 12 months that end with the
    period. A count only: never who."""
    window = period.twelve_months()
    condition = Q(employee__sick_reports__first_sick_day__gte=window.start) & Q(
        employee__sick_reports__first_sick_day__lte=window.end
    )
    qs = employments(scope, window).alias(
        sr=FilteredRelation("employee__sick_reports", condition=condition)
    )
    qs = qs.filter(Q(sr__id__isnull=False), _covers(days("sr__first_sick_day")))
    per_employee = qs.values("employee_id").annotate(n=Count("sr__id", distinct=True))
    return per_employee.filter(n__gte=FREQUENT_REPORTS).count()


def compute(scope: Scope, period: Period) -> RawStatistics:
    """Every sum the figures need, per department and month: twelve queries (eight when
    no pregnancy or maternity leave touches the period)."""
    months, quarters = period.months(), period.quarters()
    available = _available(scope, period, months)
    reports = _reports(scope, period, months)
    parts = {
        "partial": _weighted_by_bucket(scope, period, months, _with_sick, _with_partial),
        "advice": _weighted_by_bucket(scope, period, months, _with_sick, _with_advice),
    }
    if _any_leave(scope, period):  # rare: three scans saved when there is none
        parts["leave"] = _weighted_by_bucket(scope, period, months, _with_leave)
        parts["sick_leave"] = _weighted_by_bucket(scope, period, months, _with_sick, _with_leave)
        parts["partial_leave"] = _weighted_by_bucket(
            scope, period, months, _with_sick, _with_partial, _with_leave
        )
        parts["advice_leave"] = _weighted_by_bucket(
            scope, period, months, _with_sick, _with_advice, _with_leave
        )
    by_department = {
        dept: _group(len(months), row, reports.get(dept, {}), parts, dept)
        for dept, row in available.items()
    }
    heads = _heads(scope, period, [*months, *quarters])
    return RawStatistics(
        period=period, months=months, quarters=quarters, by_department=by_department,
        employees=heads["employees"], sick_employees=_sick_employees(scope, period),
        month_heads=[heads[b.key] for b in months],
        quarter_heads=[heads[b.key] for b in quarters],
        frequent_absentees=frequent_absentees(scope, period),
    )  # fmt: skip


def _any_leave(scope: Scope, period: Period) -> bool:
    return LeavePeriod.objects.filter(
        employer_id=scope.employer_id, start__lte=period.end, end__gte=period.start
    ).exists()


def _group(buckets: int, available: dict, reports: dict, parts: dict, dept: int) -> GroupSums:
    sums = GroupSums.empty(buckets)
    sums.available = [available[f"a{i}"] or 0.0 for i in range(buckets)]
    sums.person_days = [available[f"d{i}"] or 0 for i in range(buckets)]
    sums.employees = available["employees"]
    if reports:
        sums.sick = [reports[f"s{i}"] or 0.0 for i in range(buckets)]
        sums.new_reports = [reports[f"n{i}"] or 0 for i in range(buckets)]
        sums.sick_employees = reports["sick_employees"]
        sums.ended, sums.ended_days = reports["ended"], reports["ended_days"] or 0
        names = [name for name, _lo, _hi in (*WEEK_CLASSES, *VERNET_CLASSES)]
        sums.classes = {name: reports[name] for name in names}
    for name, values in parts.items():
        setattr(sums, name, values.get(dept, [0.0] * buckets))
    return sums


def absence_totals(scope: Scope, period: Period) -> tuple[float, float]:
    """The absence percentage's numerator and denominator over the whole period: five
    queries, nine when leave touches the period (``benchmarks/stats.py`` compares them
    with hand-written SQL)."""
    one = [period]

    def total(*joins: Any) -> float:
        rows = _weighted_by_bucket(scope, period, one, *joins)
        return sum(values[0] for values in rows.values())

    absent = total(_with_sick) - total(_with_sick, _with_partial) - total(_with_sick, _with_advice)
    available = total()
    if _any_leave(scope, period):
        absent += total(_with_sick, _with_partial, _with_leave) - total(_with_sick, _with_leave)
        absent += total(_with_sick, _with_advice, _with_leave)
        available -= total(_with_leave)
    return absent, available
