"""Retention of the re-integration file (R-RET-2) and of the long-term agreements taken
from it (R-RET-5), registered with the purge (``retention.registry``).

- ``reintegration_file``: plan of action and its versions, evaluations, conversation
  notes and the history of case managers (issue 19), notifications to UWV, third
  parties' reports, tasks and reminders, one file per case. Each file is due
  2 years after its own re-integration is completed: the day its case was closed by full
  recovery, or, for a case still open, the end of the employee's last employment (the
  employer's re-integration duty ends with it); while its case runs and the employment
  lasts, no clock runs for it. A later case of the same employee (a new absence after
  four weeks at work) does not restart a finished file's clock (issue 16): each file is
  a unit of its own (``Clock.unit`` is the case), deleted when its own term ends, legal
  holds included; the category as a whole (which absence data waits for) is due when
  the last file is.
- Before the file goes, each evaluation's long-term agreement (for example about the
  employee's position) is copied to a ``PersonnelFileNote``: the only thing that may move
  to the personnel file. Everything else is deleted.
- ``personnel_file_note``: those notes, on the employee record's clocks (R-RET-1/3).
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from poortwachter.absences.models import AbsenceCase
from poortwachter.core import clock
from poortwachter.organisations.models import Employment
from poortwachter.reintegration.models import (
    CaseManagerAssignment,
    ConsultationAppointment,
    ConversationNote,
    EarlyIva,
    Evaluation,
    ExpertOpinion,
    PersonnelFileNote,
    PlanOfAction,
    PlanVersion,
    ReportStatement,
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
    (ConversationNote, "employee_id"),
    (ConsultationAppointment, "employee_id"),
    (CaseManagerAssignment, "employee_id"),
    (Evaluation, "employee_id"),
    (UwvNotification, "employee_id"),
    (ReportStatement, "employee_id"),
    (ExpertOpinion, "employee_id"),
    (EarlyIva, "employee_id"),
    (PlanVersion, "plan__employee_id"),
    (PlanOfAction, "employee_id"),
)


#: The rows that make a case's file exist (each has the case and the employee).
_FILE_MODELS = (
    PlanOfAction, Evaluation, UwvNotification, ThirdPartyReport, Task, ConversationNote,
    CaseManagerAssignment, ReportStatement, ExpertOpinion, EarlyIva, ConsultationAppointment,
)  # fmt: skip


def _with_file(employee_ids: Sequence[int] | None) -> set[int]:
    found: set[int] = set()
    for model in _FILE_MODELS:
        rows = model.objects.all()
        if employee_ids is not None:
            rows = rows.filter(employee_id__in=employee_ids)
        found.update(rows.values_list("employee_id", flat=True).distinct())
    return found


def completed_on(closed_on: dt.date | None, employment_end: dt.date | None) -> dt.date | None:
    """When one case's re-integration was completed, or ``None`` while it runs."""
    return closed_on or employment_end


def find_files(as_of: dt.date, employee_ids: Sequence[int] | None) -> dict[int, list[rules.Clock]]:
    """One clock per file (per case with re-integration records), named by the case."""
    ids = sorted(_with_file(employee_ids))
    cases: dict[int, set[int]] = defaultdict(set)
    for model in _FILE_MODELS:
        rows = model.objects.filter(employee_id__in=ids).order_by()
        for employee_id, case_id in rows.values_list("employee_id", "case_id").distinct():
            cases[employee_id].add(case_id)
    closed = dict(AbsenceCase.objects.filter(employee_id__in=ids).values_list("pk", "closed_on"))
    employment_ends: dict[int, list[dt.date | None]] = defaultdict(list)
    for employee_id, end in Employment.objects.filter(employee_id__in=ids).values_list(
        "employee_id", "end_date"
    ):
        employment_ends[employee_id].append(end)
    clocks: dict[int, list[rules.Clock]] = {}
    for employee_id in ids:
        end = rules.last_employment_end(employment_ends[employee_id])
        clocks[employee_id] = []
        for case_id in sorted(cases[employee_id]):
            done = completed_on(closed[case_id], end)
            due = rules.add_years(done, REINTEGRATION_YEARS) if done else None
            clocks[employee_id].append(rules.Clock(RULE_REINTEGRATION, done, due, unit=case_id))
    return clocks


def _keep_agreements(evaluations: QuerySet[Evaluation]) -> None:
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
        for e in evaluations.exclude(long_term_agreement="")
    )


def _count_and_delete(rows: QuerySet, path: str, dry_run: bool) -> Counter[int]:
    grouped = rows.order_by().values(path).annotate(n=Count("pk"))
    counts: Counter[int] = Counter({row[path]: row["n"] for row in grouped})
    if not dry_run:
        rows.delete()
    return counts


#: The path from each of ``_FILE_ROWS`` to its case.
_CASE_PATHS = {
    TaskReminder: "task__case_id",
    PlanVersion: "plan__case_id",
}


def _delete(filters: dict[type, Q], *, dry_run: bool) -> dict[int, int]:
    if not dry_run:
        _keep_agreements(Evaluation.objects.filter(filters[Evaluation]))
    counts: Counter[int] = Counter()
    for model, path in _FILE_ROWS:
        counts.update(_count_and_delete(model.objects.filter(filters[model]), path, dry_run))
    return dict(counts)


def delete_files(employee_ids: Sequence[int], *, dry_run: bool) -> dict[int, int]:
    """Every file of these employees."""
    ids = list(employee_ids)
    return _delete({model: Q(**{f"{path}__in": ids}) for model, path in _FILE_ROWS},
                   dry_run=dry_run)  # fmt: skip


def delete_file_units(units: Mapping[int, frozenset[int]], *, dry_run: bool) -> dict[int, int]:
    """The files of the given cases (``units``: employee id to case ids)."""
    case_ids = sorted(case_id for cases in units.values() for case_id in cases)
    return _delete(
        {model: Q(**{f"{_CASE_PATHS.get(model, 'case_id')}__in": case_ids})
         for model, _path in _FILE_ROWS},
        dry_run=dry_run,
    )  # fmt: skip


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
            delete_units=delete_file_units,
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
