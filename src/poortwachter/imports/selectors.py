"""Reads of import runs. The preview shows lines of personal data from the file and the
records: opening it is recorded in the access log (counts only)."""

from collections.abc import Iterable

from django.core.paginator import Page
from django.db.models import QuerySet

from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core.actor import Actor
from poortwachter.core.pages import PageRequest, page_of
from poortwachter.imports.models import ImportRow, ImportRun, Outcome
from poortwachter.organisations.models import Employee, Employer


def runs_of(employer: Employer) -> QuerySet[ImportRun]:
    return ImportRun.objects.filter(employer=employer).defer("content")[:20]


def employees_on_lines(run: ImportRun, numbers: Iterable[str]) -> list[int]:
    """The employees of the run's employer whom lines with these personnel numbers are
    about (the access log's subjects; a new person's line has none yet)."""
    wanted = {number for number in numbers if number}
    return list(
        Employee.objects.filter(
            employer_id=run.employer_id, personnel_number__in=wanted
        ).values_list("pk", flat=True)
    )


def rows_of(*, actor: Actor, run: ImportRun, outcome: str, page: PageRequest) -> Page:
    """One page of the run's lines with the given outcome (all when it is empty)."""
    rows = ImportRow.objects.filter(run=run).order_by("line")
    if outcome in Outcome.values:
        rows = rows.filter(outcome=outcome)
    shown = page_of(rows, page)
    audit_record(
        actor=actor,
        action=Action.READ,
        target=run,
        employer_id=run.employer_id,
        details={"kind": "employee_import_preview", "rows": len(shown.object_list)},
        subject_employee_ids=employees_on_lines(
            run, (row.personnel_number for row in shown.object_list)
        ),
    )
    return shown
