"""Deadlines where people look (issue 15, R-REINT-3): the week of absence, the next
deadline and the steps that are late, per case, from the tasks the timeline made
(``sync.py``). One summary per case for the case file, HR's absence overview and the
manager's team view; the overview's sort keys as database expressions, which this app
lends to ``absences`` (``absences.selectors.register_overview_sort``, in ``apps.py``),
since ``absences`` may not import this app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Subquery
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Coalesce

from poortwachter.core import clock
from poortwachter.reintegration.models import (
    CaseManagerAssignment,
    PlanVersion,
    Task,
    TaskStatus,
)


def absence_week(first_sick_day: dt.date, today: dt.date, closed_on: dt.date | None = None) -> int:
    """The week of absence: week 1 starts on the first sick day (a closed case stops)."""
    end = min(today, closed_on) if closed_on else today
    return max(0, (end - first_sick_day).days) // 7 + 1


@dataclass(frozen=True)
class LateStep:
    task: Task
    days_late: int


@dataclass(frozen=True)
class CaseDeadlines:
    week: int
    #: The open task due first that is not late yet, if any.
    next_task: Task | None
    #: Open tasks past their date, the longest late first.
    late: list[LateStep] = field(default_factory=list)
    case_manager: str = ""

    @property
    def is_late(self) -> bool:
        return bool(self.late)


def summarise(
    first_sick_day: dt.date, closed_on: dt.date | None, open_tasks: Iterable[Task],
    today: dt.date, case_manager: str = "",
) -> CaseDeadlines:  # fmt: skip
    """The summary of one case from its open tasks (any order)."""
    tasks = sorted(open_tasks, key=lambda t: (t.due_on, t.pk or 0))
    late = [LateStep(t, (today - t.due_on).days) for t in tasks if t.due_on < today]
    coming = [t for t in tasks if t.due_on >= today]
    return CaseDeadlines(
        week=absence_week(first_sick_day, today, closed_on),
        next_task=coming[0] if coming else None,
        late=late,
        case_manager=case_manager,
    )


def case_manager_name(version: PlanVersion) -> str:
    return user_name(version.case_manager)


def user_name(user) -> str:
    return user.get_full_name() or user.email


# --- sort keys of HR's absence overview (expressions over a SickReport row) -------------


def _open_tasks_of_the_row():
    return Task.objects.filter(case_id=OuterRef("case_id"), status=TaskStatus.OPEN)


def next_due_expression() -> BaseExpression:
    """The earliest date of an open task of the row's case (late ones included)."""
    return Subquery(_open_tasks_of_the_row().order_by("due_on").values("due_on")[:1])


def late_expression() -> BaseExpression:
    """Whether the row's case has an open task past its date (today's date)."""
    return Exists(_open_tasks_of_the_row().filter(due_on__lt=clock.today()))


def case_manager_expression() -> BaseExpression:
    """The current case manager's last name: the newest assignment (issue 19), else the
    one named in the case's current plan of action."""
    assigned = CaseManagerAssignment.objects.filter(case_id=OuterRef("case_id")).order_by(
        "-assigned_at", "-pk"
    )
    versions = PlanVersion.objects.filter(plan__case_id=OuterRef("case_id")).order_by("-number")
    return Coalesce(
        Subquery(assigned.values("manager__last_name")[:1]),
        Subquery(versions.values("case_manager__last_name")[:1]),
    )
