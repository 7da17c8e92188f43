"""Reads for retention: holds as date periods, and per employee which category is due.

``decide_for`` is the one place that turns the registered categories' clocks and the
legal holds into decisions; the purge, the dry run and HR's status page all use it.
"""

import datetime as dt
import heapq
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_employee_event
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.organisations.models import Employee
from poortwachter.retention import policies, registry, rules
from poortwachter.retention.models import LegalHold


@dataclass(frozen=True)
class Decision:
    """For one employee: the term of each category that holds data of theirs, and the
    categories due now (a category waits for those that must be deleted before it)."""

    terms: dict[str, rules.Term]
    due: frozenset[str]
    #: Per category not yet due as a whole: the records whose own term ended
    #: (``registry.Category.delete_units``).
    units: dict[str, frozenset[int]] = field(default_factory=dict)

    @property
    def has_work(self) -> bool:
        """Something of the employee is due now: a whole category or single records."""
        return bool(self.due or self.units)

    def held_back(self, as_of: dt.date) -> bool:
        """Something would be due by ``as_of`` but for a legal hold in force."""
        return any(term.is_held_back(as_of) for term in self.terms.values())


def hold_periods(employee_ids: Sequence[int]) -> dict[int, list[rules.HoldPeriod]]:
    periods: dict[int, list[rules.HoldPeriod]] = defaultdict(list)
    holds = (
        LegalHold.objects.filter(employee_id__in=employee_ids)
        .order_by()
        .values_list("employee_id", "placed_at", "lifted_at")
    )
    for employee_id, placed_at, lifted_at in holds:
        lifted_on = timezone.localtime(lifted_at).date() if lifted_at else None
        periods[employee_id].append(
            rules.HoldPeriod(timezone.localtime(placed_at).date(), lifted_on)
        )
    return periods


def candidate_ids(as_of: dt.date) -> Sequence[int]:
    """Every employee whose data in some category may be due by ``as_of`` (a superset:
    ``decide_for`` decides), in id order, each once: an array of 8 bytes an id, so even a
    long list stays small."""
    sources: list[Iterable[int]] = []
    asked: set[registry.Candidates] = set()
    for category in registry.in_deletion_order():
        if category.candidates is None:
            sources.append(sorted(category.find(as_of, None)))
        elif category.candidates not in asked:  # categories may share one
            asked.add(category.candidates)
            sources.append(category.candidates(as_of))
    ids: array[int] = array("q")
    for employee_id in heapq.merge(*sources):
        if ids and employee_id <= ids[-1]:
            if employee_id == ids[-1]:
                continue
            raise ValueError("a retention category gave candidates out of id order")
        ids.append(employee_id)
    return ids


def decide_for(employee_ids: Sequence[int], as_of: dt.date) -> dict[int, Decision]:
    categories = registry.in_deletion_order()
    with registry.deciding():
        clocks = {c.code: c.find(as_of, employee_ids) for c in categories}
    holds = hold_periods(employee_ids)
    decisions = {}
    for employee_id in employee_ids:
        terms = {
            c.code: rules.decide(clocks[c.code][employee_id], holds.get(employee_id, []))
            for c in categories
            if employee_id in clocks[c.code]
        }
        due: set[str] = set()
        for category in categories:  # deletion order: what must go first is decided first
            waits_for = [c.code for c in categories if category.code in c.before]
            if (
                category.code in terms
                and terms[category.code].is_due(as_of)
                and all(code not in terms or code in due for code in waits_for)
            ):
                due.add(category.code)
        units = {}
        for category in categories:
            if category.delete_units is None or category.code not in terms or category.code in due:
                continue
            own = clocks[category.code][employee_id]
            if found := _due_units(own, holds.get(employee_id, []), as_of):
                units[category.code] = found
        decisions[employee_id] = Decision(terms, frozenset(due), units)
    return decisions


def _due_units(
    clocks: Sequence[rules.Clock], holds: Sequence[rules.HoldPeriod], as_of: dt.date
) -> frozenset[int]:
    """The records whose own clock is due by ``as_of``, legal holds included."""
    return frozenset(
        clock.unit
        for clock in clocks
        if clock.unit is not None and rules.decide([clock], holds).is_due(as_of)
    )


@dataclass(frozen=True)
class StatusRow:
    code: str
    label: str
    requirements: str
    term: rules.Term | None


def employee_status(employee: Employee, as_of: dt.date) -> list[StatusRow]:
    """Per registered category: its rule and due date for this employee (``term`` is
    ``None`` when the category holds nothing of theirs)."""
    decision = decide_for([employee.pk], as_of)[employee.pk]
    return [
        StatusRow(c.code, str(c.label), c.requirements, decision.terms.get(c.code))
        for c in registry.in_deletion_order()
        if c.employer_side  # not the medical file, not even that one exists (R-MED-1)
    ]


@dataclass(frozen=True)
class RetentionStatus:
    employee: Employee
    today: dt.date
    rows: list[StatusRow]
    holds: list[LegalHold]


def retention_status_get(*, actor: Actor, employee_id: int) -> RetentionStatus:
    """HR's view of one employee's retention: per category the rule and due date, and
    the legal holds placed and lifted. The read is recorded."""
    employee = policies.get_retention_subject_for(actor, employee_id)
    today = clock.today()
    holds = list(
        LegalHold.objects.filter(employee=employee).select_related("placed_by", "lifted_by")
    )
    audit_employee_event(
        actor=actor, action=Action.READ, employee=employee, purpose="retention_status",
    )  # fmt: skip
    return RetentionStatus(
        employee=employee, today=today, rows=employee_status(employee, today), holds=holds
    )
