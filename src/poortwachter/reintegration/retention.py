"""Retention of the re-integration file (R-RET-2) and of the long-term agreements taken
from it (R-RET-5), registered with the purge (``retention.registry``).

- ``reintegration_file``: plan of action and its versions, evaluations, notifications to
  UWV, third parties' reports, tasks and reminders. Due 2 years after the re-integration
  is completed: the day the case was closed by full recovery, or, for a case still open,
  the end of the employee's last employment (the employer's re-integration duty ends
  with it). While any case of the employee is still running, no clock runs. The purge
  decides per employee: the latest file's term decides for all of that employee's files.
- Before the file goes, each evaluation's long-term agreement (for example about the
  employee's position) is copied to a ``PersonnelFileNote``: the only thing that may move
  to the personnel file. Everything else is deleted.
- ``personnel_file_note``: those notes, on the employee record's clocks (R-RET-1/3).
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from poortwachter.absences.models import AbsenceCase
from poortwachter.core import clock
from poortwachter.organisations.models import Employment
from poortwachter.reintegration.models import (
    Evaluation,
    PersonnelFileNote,
    PlanOfAction,
    PlanVersion,
    Task,
    TaskReminder,
    ThirdPartyReport,
    UwvNotification,
)
from poortwachter.retention import registry, rules
from poortwachter.retention.categories import ABSENCE_ADMIN, employee_clocks

REINTEGRATION_FILE = "reintegration_file"
PERSONNEL_FILE_NOTE = "personnel_file_note"
RULE_REINTEGRATION = "R-RET-2"
REINTEGRATION_YEARS = 2

#: (rows, path to the employee), children before parents.
_FILE_ROWS = (
    (TaskReminder, "task__employee_id"),
    (Task, "employee_id"),
    (ThirdPartyReport, "employee_id"),
    (Evaluation, "employee_id"),
    (UwvNotification, "employee_id"),
    (PlanVersion, "plan__employee_id"),
    (PlanOfAction, "employee_id"),
)


def _with_file(employee_ids: Sequence[int] | None) -> set[int]:
    found: set[int] = set()
    for model in (PlanOfAction, Evaluation, UwvNotification, ThirdPartyReport, Task):
        rows = model.objects.all()
        if employee_ids is not None:
            rows = rows.filter(employee_id__in=employee_ids)
        found.update(rows.values_list("employee_id", flat=True).distinct())
    return found


def completed_on(employee_id: int, case_rows, employment_end: dt.date | None) -> dt.date | None:
    """When the employee's re-integration was completed, or ``None`` while it runs."""
    ends = []
    for closed_on in case_rows.get(employee_id, []):
        if closed_on is None:
            if employment_end is None:
                return None
            ends.append(employment_end)
        else:
            ends.append(closed_on)
    return max(ends) if ends else employment_end


def find_files(as_of: dt.date, employee_ids: Sequence[int] | None) -> dict[int, list[rules.Clock]]:
    ids = sorted(_with_file(employee_ids))
    cases: dict[int, list[dt.date | None]] = defaultdict(list)
    for employee_id, closed_on in AbsenceCase.objects.filter(employee_id__in=ids).values_list(
        "employee_id", "closed_on"
    ):
        cases[employee_id].append(closed_on)
    employment_ends: dict[int, list[dt.date | None]] = defaultdict(list)
    for employee_id, end in Employment.objects.filter(employee_id__in=ids).values_list(
        "employee_id", "end_date"
    ):
        employment_ends[employee_id].append(end)
    clocks = {}
    for employee_id in ids:
        end = rules.last_employment_end(employment_ends[employee_id])
        done = completed_on(employee_id, cases, end)
        due = rules.add_years(done, REINTEGRATION_YEARS) if done else None
        clocks[employee_id] = [rules.Clock(RULE_REINTEGRATION, done, due)]
    return clocks


def _keep_agreements(employee_ids: list[int]) -> None:
    """R-RET-5: long-term agreements move to the personnel file before the file goes."""
    now = clock.now()
    PersonnelFileNote.objects.bulk_create(
        PersonnelFileNote(
            employer_id=e.employer_id,
            employee_id=e.employee_id,
            agreed_on=e.held_on,
            text=e.long_term_agreement,
            created_at=now,
        )
        for e in Evaluation.objects.filter(employee_id__in=employee_ids).exclude(
            long_term_agreement=""
        )
    )


def _count_and_delete(rows: QuerySet, path: str, dry_run: bool) -> Counter[int]:
    grouped = rows.order_by().values(path).annotate(n=Count("pk"))
    counts: Counter[int] = Counter({row[path]: row["n"] for row in grouped})
    if not dry_run:
        rows.delete()
    return counts


def delete_files(employee_ids: Sequence[int], *, dry_run: bool) -> dict[int, int]:
    ids = list(employee_ids)
    if not dry_run:
        _keep_agreements(ids)
    counts: Counter[int] = Counter()
    for model, path in _FILE_ROWS:
        rows = model.objects.filter(**{f"{path}__in": ids})
        counts.update(_count_and_delete(rows, path, dry_run))
    return dict(counts)


def find_notes(as_of: dt.date, employee_ids: Sequence[int] | None) -> dict[int, list[rules.Clock]]:
    notes = PersonnelFileNote.objects.all()
    if employee_ids is not None:
        notes = notes.filter(employee_id__in=employee_ids)
    ids = sorted(set(notes.values_list("employee_id", flat=True)))
    return employee_clocks(ids)


def delete_notes(employee_ids: Sequence[int], *, dry_run: bool) -> dict[int, int]:
    rows = PersonnelFileNote.objects.filter(employee_id__in=list(employee_ids))
    return dict(_count_and_delete(rows, "employee_id", dry_run))


def register() -> None:
    registry.register(
        registry.Category(
            code=REINTEGRATION_FILE,
            label=_("Re-integratiedossier"),
            requirements="R-RET-2, R-RET-5",
            find=find_files,
            delete=delete_files,
            # Its rows refer to cases and advices (absence data) and to the employee.
            before=(ABSENCE_ADMIN, registry.EMPLOYEE_RECORD, PERSONNEL_FILE_NOTE),
        )
    )
    registry.register(
        registry.Category(
            code=PERSONNEL_FILE_NOTE,
            label=_("Afspraken voor de lange termijn (personeelsdossier)"),
            requirements="R-RET-1, R-RET-5",
            find=find_notes,
            delete=delete_notes,
        )
    )
