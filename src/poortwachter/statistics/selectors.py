"""The statistics report: the metrics of a scope and period, with suppression applied.

This is the only place where raw sums (``metrics.RawStatistics``) become figures, and it
hides every small group before anything else sees them: the page, the charts, the CSV,
XLSX and PDF exports, the API and the command all render a :class:`Report` and nothing
else, so suppression holds in every output by construction.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from poortwachter.organisations.models import Department, Employment
from poortwachter.statistics import metrics
from poortwachter.statistics.periods import Bucket, Period
from poortwachter.statistics.policies import StatisticsScope
from poortwachter.statistics.suppression import (
    hidden_cells,
    min_group,
    nested_hidden,
    overlapping_hidden,
)

WEEK_CLASS_LABELS = {
    "short": gettext_lazy("korter dan 1 week (1–6 dagen)"),
    "medium": gettext_lazy("1 tot 6 weken (7–42 dagen)"),
    "long": gettext_lazy("langer dan 6 weken (43 dagen of meer)"),
}
VERNET_CLASS_LABELS = {
    "d1_14": gettext_lazy("1–14 dagen"),
    "d15_91": gettext_lazy("15–91 dagen"),
    "d92_365": gettext_lazy("92–365 dagen"),
    "d366_730": gettext_lazy("366–730 dagen"),
    "d731_plus": gettext_lazy("meer dan 730 dagen"),
}


@dataclass
class Cell:
    """One row of a breakdown (a department, month or quarter). When ``suppressed`` all
    figures are ``None``: the group is too small, or hidden so that it cannot be
    recovered by subtraction."""

    key: str
    label: str
    suppressed: bool
    employees: int | None = None
    absence_pct: float | None = None
    frequency: float | None = None
    new_reports: int | None = None
    zero_absence_pct: float | None = None


@dataclass
class Report:
    employer_id: int
    employer_name: str
    scope_label: str
    department_id: int | None
    period: Period
    min_group: int
    suppressed: bool
    headline: Cell
    average_headcount: float | None = None
    ended_reports: int | None = None
    average_duration: float | None = None
    frequent_absentees: int | None = None
    #: (key, label, ended reports); ``None``: suppressed.
    week_classes: list[tuple[str, str, int | None]] = field(default_factory=list)
    vernet_classes: list[tuple[str, str, int | None]] = field(default_factory=list)
    departments: list[Cell] = field(default_factory=list)
    months: list[Cell] = field(default_factory=list)
    quarters: list[Cell] = field(default_factory=list)


# --- the department tree -----------------------------------------------------------------


@dataclass
class _Tree:
    employer_id: int
    names: dict[int, str]
    children: dict[int | None, list[int]]
    #: The distinct employees of each department itself in the period (ids, for counting).
    people: dict[int, set[int]]
    #: Each department's employments in the period: (employee, first day, last day), cut
    #: at the period's edges (for the daily head count, ``small``).
    spans: dict[int, list[tuple[int, dt.date, dt.date]]] = field(default_factory=dict)
    k: int = 0
    _small: dict[frozenset[int], bool] = field(default_factory=dict)

    def small(self, departments: Iterable[int]) -> bool:
        """Whether the departments together employ 1 to ``k`` - 1 people on some day of
        the period (issue 16, across periods: docs/statistics.md rule 10). Counted per day
        in distinct people: one employee with two employments in them that day is one.
        A Python sweep over the employments the tree read; no query."""
        key = frozenset(departments)
        if key not in self._small:
            per_person: dict[int, list[tuple[dt.date, dt.date]]] = {}
            for department in key:
                for employee, first, last in self.spans.get(department, []):
                    per_person.setdefault(employee, []).append((first, last))
            change: Counter[dt.date] = Counter()
            for intervals in per_person.values():
                for first, last in _merged(intervals):
                    change[first] += 1
                    change[last + dt.timedelta(days=1)] -= 1
            count, found = 0, False
            for day in sorted(change):
                count += change[day]
                if 0 < count < self.k:
                    found = True
                    break
            self._small[key] = found
        return self._small[key]

    def cell_small(self, cells: dict[str, set[int]]) -> Callable[[Iterable[str]], bool]:
        """``small`` for a set of breakdown cells (their departments together)."""
        return lambda keys: self.small(set().union(*(cells[key] for key in keys)))

    def subtree(self, node: int) -> set[int]:
        found, todo = {node}, [node]
        while todo:
            for child in self.children.get(todo.pop(), []):
                found.add(child)
                todo.append(child)
        return found

    def members(self, departments: Iterable[int]) -> set[int]:
        """The distinct employees of some departments: someone who moved between two of
        them is one person."""
        return set().union(*(self.people.get(d, set()) for d in departments))

    def size(self, departments: Iterable[int]) -> int:
        return len(self.members(departments))

    def breakdown(
        self, node: int | None, tops: list[int], k: int
    ) -> tuple[dict[str, set[int]], dict[str, int], set[str], bool]:
        """The cells below a node with their sizes, and which are hidden (and whether the
        total must be) by the complementary rule over distinct people."""
        cells = self.cells(node, tops)
        people = {key: self.members(departments) for key, departments in cells.items()}
        sizes = {key: len(members) for key, members in people.items()}
        hidden, total_hidden = hidden_cells(sizes, k, people, small=self.cell_small(cells))
        return cells, sizes, hidden, total_hidden

    def cells(self, node: int | None, tops: list[int]) -> dict[str, set[int]]:
        """The breakdown below a node: each child with its subtree, plus the node's own
        employees ("direct") when the node is a department."""
        cells = {str(child): self.subtree(child) for child in sorted(tops)}
        if node is not None:
            cells["direct"] = {node}
        return cells


def _merged(intervals: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Overlapping or adjacent intervals of one person as one."""
    out: list[tuple[dt.date, dt.date]] = []
    for first, last in sorted(intervals):
        if out and first <= out[-1][1] + dt.timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out


def _tree(employer_id: int, period: Period, k: int) -> _Tree:
    rows = list(
        Department.objects.filter(employer_id=employer_id).values("pk", "parent_id", "name")
    )
    children: dict[int | None, list[int]] = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row["pk"])
    in_period = Q(start_date__lte=period.end) & (
        Q(end_date__isnull=True) | Q(end_date__gte=period.start)
    )
    people: dict[int, set[int]] = {}
    spans: dict[int, list[tuple[int, dt.date, dt.date]]] = {}
    rows_in_period = (
        Employment.objects.filter(in_period, employer_id=employer_id)
        .order_by()
        .values_list("department_id", "employee_id", "start_date", "end_date")
    )
    for department_id, employee_id, start, end in rows_in_period:
        people.setdefault(department_id, set()).add(employee_id)
        last = period.end if end is None else min(end, period.end)
        spans.setdefault(department_id, []).append((employee_id, max(start, period.start), last))
    names = {r["pk"]: r["name"] for r in rows}
    return _Tree(employer_id, names, children, people, spans, k)


def _view_top(tree: _Tree, scope: StatisticsScope) -> tuple[int | None, list[int]]:
    """The actor's own view: (node, its breakdown's top departments)."""
    if scope.root_ids is None:
        return None, tree.children.get(None, [])
    tops = [d for d in scope.root_ids if not _has_ancestor_in(tree, d, scope.root_ids)]
    if len(tops) == 1:
        return tops[0], tree.children.get(tops[0], [])
    return None, tops


def _has_ancestor_in(tree: _Tree, dept: int, ids: frozenset[int]) -> bool:
    parents = {child: parent for parent, kids in tree.children.items() for child in kids}
    node = parents.get(dept)
    while node is not None:
        if node in ids:
            return True
        node = parents.get(node)
    return False


def _path_shown(tree: _Tree, start: tuple[int | None, list[int]], target: int, k: int) -> bool:
    """Whether every step from the actor's view down to ``target`` is a shown cell."""
    node, tops = start
    while node != target:
        cells, _sizes, hidden, total_hidden = tree.breakdown(node, tops, k)
        step = next(
            (key for key, members in cells.items() if key != "direct" and target in members), None
        )
        if step is None or total_hidden or step in hidden:
            return False
        node, tops = int(step), tree.children.get(int(step), [])
    return True


# --- figures -----------------------------------------------------------------------------


def _sum(groups: Iterable[metrics.GroupSums], indexes: Iterable[int]) -> dict[str, float]:
    groups, indexes = list(groups), list(indexes)
    return {
        "absent": sum(g.absent(i) for g in groups for i in indexes),
        "available": sum(g.available_net(i) for g in groups for i in indexes),
        "person_days": sum(g.person_days[i] for g in groups for i in indexes),
        "new": sum(g.new_reports[i] for g in groups for i in indexes),
    }


def _pct(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 2) if whole > 0 else None


def _cell(key: str, label: str, employees: int, sums: dict[str, float], sick: int | None) -> Cell:
    return Cell(
        key=key, label=label, suppressed=False, employees=employees,
        absence_pct=_pct(sums["absent"], sums["available"]),
        frequency=_per_year(sums["new"], sums["person_days"]),
        new_reports=int(sums["new"]),
        zero_absence_pct=_pct(employees - sick, employees) if sick is not None else None,
    )  # fmt: skip


def _per_year(reports: float, person_days: float) -> float | None:
    """Reports per average employee per year: reports ÷ (person-days ÷ days) × 365 / days."""
    return round(365 * reports / person_days, 2) if person_days else None


def _hidden(key: str, label: str) -> Cell:
    return Cell(key=key, label=label, suppressed=True)


def _time_cells(
    raw: metrics.RawStatistics, scope: metrics.Scope, k: int
) -> tuple[list[Cell], list[Cell]]:
    """Months and quarters: each breakdown suppressed by distinct people, and the months
    inside every shown quarter too (``suppression.nested_hidden``). The people of each
    month and quarter are read only when some cell is small: otherwise nothing hides."""
    heads = {b.key: n for b, n in zip(raw.months, raw.month_heads, strict=True)}
    heads |= {b.key: n for b, n in zip(raw.quarters, raw.quarter_heads, strict=True)}
    hidden_quarters: set[str] = set()
    hidden_months: set[str] = set()
    if any(0 < n < k for n in heads.values()):
        people = metrics.bucket_people(scope, raw.period, [*raw.months, *raw.quarters])
        hidden_quarters, hidden_months = nested_hidden(
            {q.key: [m.key for m in raw.months if q.start <= m.start <= q.end]
             for q in raw.quarters},
            {q.key: heads[q.key] for q in raw.quarters},
            {m.key: heads[m.key] for m in raw.months},
            people, k,
        )  # fmt: skip
    groups = raw.by_department.values()

    def cells(buckets: list[Bucket], hidden: set[str], months: bool) -> list[Cell]:
        out = []
        for index, bucket in enumerate(buckets):
            n = heads[bucket.key]
            if bucket.key in hidden or n == 0:
                out.append(_hidden(bucket.key, bucket.label))
                continue
            indexes = [index] if months else _months_in(raw.months, bucket)
            out.append(_cell(bucket.key, bucket.label, n, _sum(groups, indexes), None))
        return out

    return cells(raw.months, hidden_months, True), cells(raw.quarters, hidden_quarters, False)


def _months_in(months: list[Bucket], bucket: Bucket) -> list[int]:
    return [i for i, m in enumerate(months) if bucket.start <= m.start <= bucket.end]


def _department_cells(
    raw: metrics.RawStatistics, tree: _Tree, node: int | None, tops: list[int], k: int
) -> list[Cell]:
    cells, sizes, hidden, _total = tree.breakdown(node, tops, k)
    everything = range(len(raw.months))
    out = []
    for key, members in cells.items():
        label = _("Direct in deze afdeling") if key == "direct" else tree.names[int(key)]
        if sizes[key] == 0:
            continue
        if key in hidden:
            out.append(_hidden(key, label))
            continue
        groups = [raw.by_department[d] for d in members if d in raw.by_department]
        sick = sum(g.sick_employees for g in groups)
        out.append(_cell(key, label, sizes[key], _sum(groups, everything), sick))
    return out


def build_report(scope: StatisticsScope, period: Period) -> Report:
    """Compute and suppress. Nothing unsuppressed leaves this function."""
    k = min_group()
    employer = scope.employer
    tree = _tree(employer.pk, period, k)
    view = _view_top(tree, scope)
    if scope.department is not None:
        node: int | None = scope.department.pk
        tops = tree.children.get(scope.department.pk, [])
        departments: frozenset[int] | None = frozenset(tree.subtree(scope.department.pk))
        label = scope.department.name
        allowed = _path_shown(tree, view, scope.department.pk, k)
    else:
        node, tops = view
        # A manager's departments already include their sub-departments.
        departments = scope.root_ids
        label = employer.name if scope.root_ids is None else _("Mijn team")
        allowed = True
    report = Report(
        employer_id=employer.pk, employer_name=employer.name, scope_label=label,
        department_id=scope.department.pk if scope.department else None, period=period,
        min_group=k, suppressed=True, headline=_hidden("total", label),
    )  # fmt: skip
    everyone = departments if departments is not None else set(tree.people)
    if not allowed or tree.size(everyone) < k or tree.small(everyone):
        return report
    figures_scope = metrics.Scope(employer.pk, float(employer.fulltime_hours), departments)
    raw = metrics.compute(figures_scope, period)
    if raw.employees < k:
        return report
    _fill(report, raw, figures_scope, tree, node, tops, k)
    if scope.department is not None and not _time_shown(tree, view, scope.department.pk, period, k):
        report.months = [_hidden(c.key, c.label) for c in report.months]
        report.quarters = [_hidden(c.key, c.label) for c in report.quarters]
    return report


def _time_shown(
    tree: _Tree, start: tuple[int | None, list[int]], target: int, period: Period, k: int
) -> bool:
    """Whether a department's report may show its months and quarters (issue 16): the
    report of its parent shows them too, so the parent's month minus the months of the
    departments that show theirs describes the others in that month. At every level from
    the actor's view down, the departments that show their months and quarters are only
    those whose own cells are all shown (none is small), and the cells that do not show
    them hold, in every month and quarter, nobody or at least ``k`` people; the smallest
    is taken out until they do. Nothing below a department that shows none shows any."""
    buckets = [*period.months(), *period.quarters()]
    people = _department_bucket_people(tree.employer_id, period, buckets)

    def in_bucket(departments: Iterable[int], key: str) -> set[int]:
        return set().union(*(people.get(d, {}).get(key, set()) for d in departments))

    def complete(departments: set[int]) -> bool:
        return all(not 0 < len(in_bucket(departments, b.key)) < k for b in buckets)

    node, tops = start
    while node != target:
        cells, sizes, hidden, total_hidden = tree.breakdown(node, tops, k)
        showing = {
            key for key, members in cells.items()
            if key != "direct" and sizes[key] > 0 and key not in hidden and not total_hidden
            and complete(members)
        }  # fmt: skip
        while showing:
            rest = [members for key, members in cells.items() if key not in showing]
            if not any(0 < len(in_bucket(set().union(*rest), b.key)) < k for b in buckets):
                break
            showing.remove(min(showing, key=lambda key: (sizes[key], key)))
        step = next(
            (key for key, members in cells.items() if key != "direct" and target in members), None
        )
        if step is None or step not in showing:
            return False
        node, tops = int(step), tree.children.get(int(step), [])
    return True


def _department_bucket_people(
    employer_id: int, period: Period, buckets: list[Bucket]
) -> dict[int, dict[str, set[int]]]:
    """Per department, the employees with an employment there in each month and quarter."""
    in_period = Q(start_date__lte=period.end) & (
        Q(end_date__isnull=True) | Q(end_date__gte=period.start)
    )
    rows = (
        Employment.objects.filter(in_period, employer_id=employer_id)
        .order_by()
        .values_list("department_id", "employee_id", "start_date", "end_date")
    )
    people: dict[int, dict[str, set[int]]] = {}
    for department_id, employee_id, start, end in rows:
        cells = people.setdefault(department_id, {})
        for bucket in buckets:
            if start <= bucket.end and (end is None or end >= bucket.start):
                cells.setdefault(bucket.key, set()).add(employee_id)
    return people


def _fill(
    report: Report, raw: metrics.RawStatistics, scope: metrics.Scope, tree: _Tree,
    node: int | None, tops: list[int], k: int,
) -> None:  # fmt: skip
    groups = list(raw.by_department.values())
    everything = range(len(raw.months))
    totals = _sum(groups, everything)
    report.suppressed = False
    report.headline = _cell("total", report.scope_label, raw.employees, totals, raw.sick_employees)
    report.average_headcount = round(totals["person_days"] / report.period.days, 1)
    ended = sum(g.ended for g in groups)
    report.ended_reports = ended
    report.frequent_absentees = raw.frequent_absentees
    atoms = metrics.atom_people(scope, report.period) if ended else {}
    ended_people = set().union(*atoms.values()) if atoms else set()
    # The average duration of fewer than k people's reports would describe them.
    report.average_duration = (
        round(sum(g.ended_days for g in groups) / ended, 1)
        if ended and len(ended_people) >= k
        else None
    )
    covers = {name: metrics.class_atoms(lo, hi)
              for name, lo, hi in (*metrics.WEEK_CLASSES, *metrics.VERNET_CLASSES)}  # fmt: skip
    hidden = overlapping_hidden(covers, atoms, k) if atoms else set()
    report.week_classes = _class_counts(groups, WEEK_CLASS_LABELS, hidden)
    report.vernet_classes = _class_counts(groups, VERNET_CLASS_LABELS, hidden)
    report.departments = _department_cells(raw, tree, node, tops, k)
    report.months, report.quarters = _time_cells(raw, scope, k)


def _class_counts(
    groups: list[metrics.GroupSums], labels: dict[str, Any], hidden: set[str]
) -> list[tuple[str, str, int | None]]:
    """Ended reports per duration class; ``None`` where the class is suppressed: its
    distinct people are too few (a class of one person's five short absences is one
    person), or it would let another range be subtracted (``overlapping_hidden``)."""
    return [
        (name, str(label), None if name in hidden else sum(g.classes.get(name, 0) for g in groups))
        for name, label in labels.items()
    ]
