"""Import of employees and employments (issue 20; R-AUTHZ-1, R-SEC-3, R-SICK-3): check a
file against the employer's records (the preview), then write every accepted line in one
transaction.

The checks of one line are the organisations service's (``employee_input_refusals``:
BSN, age at start, hours, end before start, the medical-text guard), plus what only a
file can get wrong (empty or unreadable cells, a line twice, a personnel number and a
BSN of two different people). The existing records are read once, not per line, so
10,000 lines take seconds. Idempotent: a line equal to what is stored is "unchanged"
and writes nothing; a person is found by personnel number and BSN together."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.nl import bsn as stdnum_bsn

from poortwachter.accounts.models import RoleAssignment
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record, audit_record_many
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.csvformat import CsvDialect, lines
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.core.roles import Role
from poortwachter.imports import selectors
from poortwachter.imports.columns import FIELD_KEYS, LABELS, REQUIRED, detect
from poortwachter.imports.models import ColumnMapping, ImportRow, ImportRun, Outcome, RunStatus
from poortwachter.imports.parsing import (
    MAX_BYTES,
    BadValue,
    Table,
    UnreadableFile,
    parse_date,
    parse_hours,
    read_table,
)
from poortwachter.imports.policies import can_import
from poortwachter.organisations.events import employee_changed
from poortwachter.organisations.models import Department, Employee, Employer, Employment
from poortwachter.organisations.services import (
    EmployeeInput,
    department_name_refusal,
    employee_input_refusals,
)

logger = logging.getLogger(__name__)

#: How often (in lines) the progress bar's count is saved.
PROGRESS_STEP = 500
#: The longest value each text field takes (the model's columns).
MAX_LENGTHS = {
    "personnel_number": 32,
    "first_name": 100,
    "name_prefix": 20,
    "last_name": 100,
    "email": 254,
    "department": 200,
    "job_title": 200,
}
PERSON_FIELDS = ("first_name", "name_prefix", "last_name", "date_of_birth", "email")


# --- the analysis of a file -----------------------------------------------------------


@dataclass
class RowResult:
    line: int
    personnel_number: str
    outcome: str = Outcome.UNCHANGED
    reasons: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    #: What to write: the employee's values (new or changed), its id when it exists.
    employee_id: int | None = None
    person: dict[str, Any] = field(default_factory=dict)
    department_key: str = ""
    #: Employment to update (id → values), to create (values), to end (id, day).
    employment_update: tuple[int, dict[str, Any]] | None = None
    employment_create: dict[str, Any] | None = None
    employment_close: tuple[int, dt.date] | None = None


@dataclass
class Analysis:
    rows: list[RowResult]
    departments: dict[str, Department]
    new_departments: dict[str, Department]

    def counts(self) -> dict[str, int]:
        counted = Counter(row.outcome for row in self.rows)
        return {outcome.value: counted.get(outcome.value, 0) for outcome in Outcome}


@dataclass
class _Records:
    """The employer's people, employments, departments and managers, read once."""

    by_number: dict[str, dict[str, Any]]
    by_bsn: dict[str, dict[str, Any]]
    employments: dict[int, list[dict[str, Any]]]
    departments: dict[str, Department]
    departments_by_id: dict[int, Department]
    managers: dict[int, set[str]]


def _records(employer: Employer) -> _Records:
    people = list(
        Employee.objects.filter(employer=employer).values(
            "id", "personnel_number", "bsn", *PERSON_FIELDS
        )
    )
    employments: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in (
        Employment.objects.filter(employer=employer)
        .order_by("employee_id", "-start_date", "-id")
        .values(
            "id",
            "employee_id",
            "department_id",
            "job_title",
            "start_date",
            "end_date",
            "hours_per_week",
        )
    ):
        employments[row["employee_id"]].append(dict(row))
    departments = list(Department.objects.filter(employer=employer))
    managers: dict[int, set[str]] = defaultdict(set)
    for grant in RoleAssignment.objects.filter(
        role=Role.MANAGER, department__employer=employer
    ).select_related("user", "user__employee_record"):
        user = grant.user
        names = {user.email.casefold(), user.get_full_name().casefold()}
        record = getattr(user, "employee_record", None)
        if record is not None:
            names |= {record.personnel_number.casefold(), record.full_name.casefold()}
        managers[cast(int, grant.department_id)] |= names - {""}
    return _Records(
        by_number={p["personnel_number"]: p for p in people},
        by_bsn={p["bsn"]: p for p in people},
        employments=employments,
        departments={d.name.casefold(): d for d in departments},
        departments_by_id={d.pk: d for d in departments},
        managers=managers,
    )


def _managers_over(records: _Records, department: Department) -> set[str]:
    """Who manages the department, directly or through a department above it."""
    names: set[str] = set()
    seen: set[int] = set()
    current: Department | None = department
    while current is not None and current.pk is not None and current.pk not in seen:
        seen.add(current.pk)
        names |= records.managers.get(current.pk, set())
        current = records.departments_by_id.get(current.parent_id or 0)
    return names


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def analyse(
    *,
    employer: Employer,
    table: Table,
    columns: dict[str, str],
    create_departments: bool,
    progress: Callable[[int], None] | None = None,
) -> Analysis:
    """Every line's outcome, with its reasons and changes; nothing is written."""
    records = _records(employer)
    positions = {key: table.headings.index(h) for key, h in columns.items() if h in table.headings}
    rows = [(line, {key: cells[i] for key, i in positions.items()}) for line, cells in table.rows]
    numbers = Counter(raw.get("personnel_number", "") for _line, raw in rows)
    bsns = Counter(stdnum_bsn.compact(raw["bsn"]) for _line, raw in rows if raw.get("bsn"))
    new_departments: dict[str, Department] = {}
    results = []
    for done, (line, raw) in enumerate(rows, start=1):
        results.append(
            _analyse_row(
                line,
                raw,
                employer=employer,
                records=records,
                positions=positions,
                numbers=numbers,
                bsns=bsns,
                create_departments=create_departments,
                new_departments=new_departments,
            )
        )
        if progress is not None and done % PROGRESS_STEP == 0:
            progress(done)
    return Analysis(rows=results, departments=records.departments, new_departments=new_departments)


def _analyse_row(
    line: int,
    raw: dict[str, str],
    *,
    employer: Employer,
    records: _Records,
    positions: dict[str, int],
    numbers: Counter,
    bsns: Counter,
    create_departments: bool,
    new_departments: dict[str, Department],
) -> RowResult:
    number = raw.get("personnel_number", "")
    result = RowResult(line=line, personnel_number=number[:64])

    def refuse(key: str, message: str) -> None:
        label = str(LABELS.get(key, ""))
        if (label, str(message)) not in result.reasons:
            result.reasons.append((label, str(message)))

    for key in FIELD_KEYS:
        if key in REQUIRED and not raw.get(key):
            refuse(key, _("Dit verplichte veld is leeg."))
        if len(raw.get(key, "")) > MAX_LENGTHS.get(key, 10_000):
            refuse(key, _("Deze waarde is te lang."))
    if number and numbers[number] > 1:
        refuse("personnel_number", _("Dit personeelsnummer staat meer dan eens in het bestand."))
    bsn = stdnum_bsn.compact(raw["bsn"]) if raw.get("bsn") else ""
    if bsn and bsns[bsn] > 1:
        refuse("bsn", _("Dit BSN staat meer dan eens in het bestand."))
    dates: dict[str, dt.date | None] = {}
    for key in ("date_of_birth", "start_date", "end_date"):
        dates[key] = None
        if raw.get(key):
            try:
                dates[key] = parse_date(raw[key])
            except BadValue as bad:
                refuse(
                    key,
                    _("Schrijf het jaartal voluit, met vier cijfers.")
                    if bad.code == "year"
                    else _("Dit is geen geldige datum (dd-mm-jjjj of jjjj-mm-dd)."),
                )
    hours: Decimal | None = None
    if raw.get("hours_per_week"):
        try:
            hours = parse_hours(raw["hours_per_week"])
        except BadValue as bad:
            refuse(
                "hours_per_week",
                _("Gebruik hooguit één cijfer achter de komma.")
                if bad.code == "decimals"
                else _("Dit is geen getal."),
            )
    email = raw.get("email", "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            refuse("email", _("Dit is geen geldig e-mailadres."))
    department = _department(
        raw.get("department", ""), employer, records, create_departments, new_departments, refuse
    )
    data = EmployeeInput(
        personnel_number=number,
        first_name=raw.get("first_name", ""),
        name_prefix=raw.get("name_prefix", ""),
        last_name=raw.get("last_name", ""),
        bsn=cast(str, raw.get("bsn") or None),
        date_of_birth=cast(dt.date, dates["date_of_birth"]),
        email=email,
        phone="",
        street="",
        house_number="",
        postcode="",
        city="",
        department=cast(Department, department),
        job_title=raw.get("job_title", ""),
        start_date=cast(dt.date, dates["start_date"]),
        hours_per_week=cast(Decimal, hours),
    )
    refusals = employee_input_refusals(
        employer=employer, data=data, end_date=dates["end_date"], check_taken=False
    )
    for key, messages in refusals.by_field.items():
        for message in messages:
            refuse(key, message)
    matchable = number and bsn and stdnum_bsn.is_valid(bsn)
    existing = _match(number, bsn, records, refuse) if matchable else None
    if result.reasons:
        result.outcome = Outcome.REFUSED
        return result
    assert department is not None
    assert hours is not None
    start = cast(dt.date, dates["start_date"])
    result.department_key = department.name.casefold()
    person = {
        "personnel_number": number,
        "first_name": data.first_name,
        "last_name": data.last_name,
        "date_of_birth": dates["date_of_birth"],
        "bsn": bsn,
    }
    for key, value in (("name_prefix", data.name_prefix), ("email", email)):
        if key in positions:
            person[key] = value
    job = {"job_title": data.job_title} if "job_title" in positions else {}
    employment = {
        "department": department,
        "start_date": start,
        "hours_per_week": hours,
        "end_date": dates["end_date"],
        **job,
    }
    _manager_warning(raw.get("manager", ""), department, records, result)
    if existing is None:
        result.outcome = Outcome.NEW
        result.person = person
        result.employment_create = employment
        return result
    result.employee_id = existing["id"]
    _person_changes(existing, person, result)
    _employment_changes(
        records.employments.get(existing["id"], []),
        employment,
        result,
        refuse,
        records.departments_by_id,
    )
    if result.reasons:
        result.outcome = Outcome.REFUSED
        result.changes = []
    else:
        result.outcome = Outcome.CHANGED if result.changes else Outcome.UNCHANGED
    return result


def _department(
    name: str,
    employer: Employer,
    records: _Records,
    create: bool,
    new_departments: dict[str, Department],
    refuse: Callable[[str, str], None],
) -> Department | None:
    if not name:
        return None
    key = name.casefold()
    if key in records.departments:
        return records.departments[key]
    if not create:
        refuse(
            "department",
            _(
                "Deze afdeling bestaat niet bij deze werkgever. Maak haar eerst "
                "aan, of laat de import nieuwe afdelingen aanmaken."
            ),
        )
        return None
    if len(name) > MAX_LENGTHS["department"]:
        return None
    if department_name_refusal(name) is not None:
        # As "Afdeling toevoegen" checks a name (R-SICK-3); the reason does not repeat
        # the matched words, as for the other master-data texts of a line.
        refuse(
            "department", _("Deze tekst lijkt gezondheidsgegevens te noemen; die horen hier niet.")
        )
        return None
    return new_departments.setdefault(key, Department(employer=employer, name=name))


def _match(
    number: str, bsn: str, records: _Records, refuse: Callable[[str, str], None]
) -> dict[str, Any] | None:
    by_number, by_bsn = records.by_number.get(number), records.by_bsn.get(bsn)
    if by_number is not None and by_bsn is not None and by_number is not by_bsn:
        refuse(
            "personnel_number",
            _("Personeelsnummer en BSN horen bij twee verschillende werknemers."),
        )
    elif by_number is not None and by_bsn is None:
        refuse(
            "bsn",
            _(
                "Bij dit personeelsnummer hoort een ander BSN. Een BSN wijzigt u niet "
                "met een import."
            ),
        )
    elif by_bsn is not None and by_number is None:
        refuse(
            "personnel_number", _("Dit BSN hoort bij een werknemer met een ander personeelsnummer.")
        )
    return by_number


def _person_changes(existing: dict[str, Any], person: dict[str, Any], result: RowResult) -> None:
    changed = {}
    for key in PERSON_FIELDS:
        if key in person and person[key] != existing[key]:
            changed[key] = person[key]
            result.changes.append((str(LABELS[key]), _text(existing[key]), _text(person[key])))
    if changed:
        result.person = {**{k: existing[k] for k in PERSON_FIELDS}, **changed}


def _employment_changes(
    history: list[dict[str, Any]],
    employment: dict[str, Any],
    result: RowResult,
    refuse: Callable[[str, str], None],
    departments_by_id: dict[int, Department],
) -> None:
    start = employment["start_date"]
    same = next((e for e in history if e["start_date"] == start), None)
    if same is not None:
        updates: dict[str, Any] = {}
        department = employment["department"]
        if department.pk is None or department.pk != same["department_id"]:
            updates["department"] = department
            old = departments_by_id.get(same["department_id"])
            result.changes.append(
                (str(LABELS["department"]), old.name if old else "", department.name)
            )
        for key in ("job_title", "hours_per_week", "end_date"):
            if key not in employment or employment[key] == same[key]:
                continue
            if key == "end_date" and employment[key] is None:
                continue  # an empty "datum uit dienst" leaves an ended employment ended
            updates[key] = employment[key]
            result.changes.append((str(LABELS[key]), _text(same[key]), _text(employment[key])))
        if updates:
            result.employment_update = (same["id"], updates)
        return
    if history and start <= history[0]["start_date"]:
        refuse(
            "start_date",
            _(
                "Deze werknemer heeft een later dienstverband; een eerder "
                "dienstverband voegt de import niet toe."
            ),
        )
        return
    if history and history[0]["end_date"] is None:
        result.employment_close = (history[0]["id"], start - dt.timedelta(days=1))
        result.changes.append((_("Vorig dienstverband"), "", _text(start - dt.timedelta(days=1))))
    result.employment_create = employment
    result.changes.append((_("Nieuw dienstverband"), "", _text(start)))


def _manager_warning(
    name: str, department: Department, records: _Records, result: RowResult
) -> None:
    """The named manager is checked, never assigned: a manager's role is granted by the
    employer administrator on the accounts page (docs/integrations.md)."""
    if name and name.casefold() not in _managers_over(records, department):
        result.warnings.append(
            _(
                "De leidinggevende uit het bestand is in Poortwachter geen "
                "leidinggevende van deze afdeling; de import wijzigt geen "
                "rollen."
            )
        )


# --- writing --------------------------------------------------------------------------


def _apply(*, actor: Actor, employer: Employer, run: ImportRun, analysis: Analysis) -> dict:
    """Write every accepted line; the caller holds the transaction."""
    accepted = [r for r in analysis.rows if r.outcome in (Outcome.NEW, Outcome.CHANGED)]
    used = {r.department_key for r in accepted}
    created_departments = [d for k, d in analysis.new_departments.items() if k in used]
    Department.objects.bulk_create(created_departments, batch_size=500)
    new = [r for r in accepted if r.outcome == Outcome.NEW]
    people = [Employee(employer=employer, **r.person) for r in new]
    Employee.objects.bulk_create(people, batch_size=500)
    for row, person in zip(new, people, strict=True):
        row.employee_id = person.pk
    changed_people = [
        Employee(pk=r.employee_id, employer=employer, **r.person)
        for r in accepted
        if r.outcome == Outcome.CHANGED and r.person
    ]
    now = clock.now()
    for person in changed_people:
        person.updated_at = now
    Employee.objects.bulk_update(changed_people, [*PERSON_FIELDS, "updated_at"], batch_size=500)
    closes = [r.employment_close for r in accepted if r.employment_close]
    _update_employments({pk: {"end_date": day} for pk, day in closes}, now)
    _update_employments(dict(r.employment_update for r in accepted if r.employment_update), now)
    Employment.objects.bulk_create(
        [
            Employment(
                employer=employer, employee_id=cast(int, r.employee_id), **r.employment_create
            )
            for r in accepted
            if r.employment_create
        ],
        batch_size=500,
    )
    audit_record_many(actor=actor, events=_events(employer, run, accepted, created_departments))
    if accepted:
        employee_changed.send(
            sender=Employee,
            employer_id=employer.pk,
            employee_ids=[cast(int, r.employee_id) for r in accepted],
        )
    written = {
        "employees_created": len(people),
        "employees_changed": len(changed_people),
        "employments_created": sum(1 for r in accepted if r.employment_create),
        "employments_changed": len(
            {
                *(pk for pk, _d in closes),
                *(r.employment_update[0] for r in accepted if r.employment_update),
            }
        ),
        "departments_created": len(created_departments),
    }
    return written


def _update_employments(updates: dict[int, dict[str, Any]], now: dt.datetime) -> None:
    if not updates:
        return
    current = Employment.objects.in_bulk(list(updates))
    for pk, values in updates.items():
        for key, value in values.items():
            setattr(current[pk], key, value)
        current[pk].updated_at = now
    fields = sorted({key for values in updates.values() for key in values} | {"updated_at"})
    Employment.objects.bulk_update(list(current.values()), fields, batch_size=500)


def _events(
    employer: Employer, run: ImportRun, accepted: list[RowResult], departments: list[Department]
) -> Iterator[dict[str, Any]]:
    for department in departments:
        yield {
            "action": Action.CREATE,
            "target": department,
            "employer_id": employer.pk,
            "details": {"import_run": run.pk},
        }
    for row in accepted:
        person = Employee(pk=row.employee_id, employer=employer)
        yield {
            "action": Action.CREATE if row.outcome == Outcome.NEW else Action.UPDATE,
            "target": person,
            "employer_id": employer.pk,
            "subject_employee_id": row.employee_id,
            "details": {"import_run": run.pk},
        }


# --- runs: upload, check, import, report ----------------------------------------------


def _check_access(actor: Actor, employer: Employer) -> None:
    if not can_import(actor, employer.pk):
        raise Forbidden(_("U mag geen werknemers importeren bij deze werkgever."))


def saved_columns(employer: Employer) -> dict[str, str]:
    mapping = ColumnMapping.objects.filter(employer=employer).first()
    return dict(mapping.columns) if mapping else {}


def run_create(
    *, actor: Actor, employer: Employer, filename: str, content: bytes, create_departments: bool
) -> ImportRun:
    """Keep the upload and read its headings; the check itself is ``run_check``."""
    _check_access(actor, employer)
    if len(content) > MAX_BYTES:
        raise ServiceError(_("Het bestand is groter dan 20 MB."))
    try:
        table = read_table(content)
    except UnreadableFile:
        raise ServiceError(
            _(
                "Dit bestand kan niet worden gelezen. Kies een CSV- of "
                "XLSX-bestand met de kolomkoppen op de eerste regel."
            )
        ) from None
    run = ImportRun.objects.create(
        employer=employer,
        created_by_id=actor.user_id,
        actor_label=actor.label[:200],
        filename=filename[:255],
        content=content,
        create_departments=create_departments,
        headings=table.headings,
        columns=detect(table.headings, saved_columns(employer)),
        status=RunStatus.CHECKING,
        total=len(table.rows),
    )
    return run


def columns_save(
    *, actor: Actor, run: ImportRun, columns: dict[str, str], create_departments: bool
) -> ImportRun:
    """The person's choice of columns: kept on the run and for the employer's next
    import; the run is checked again."""
    _check_access(actor, run.employer)
    if run.status not in (RunStatus.CHECKED, RunStatus.FAILED):
        raise ServiceError(_("Deze import kan niet meer worden aangepast."))
    columns = {k: h for k, h in columns.items() if k in LABELS and h in run.headings}
    ColumnMapping.objects.update_or_create(employer=run.employer, defaults={"columns": columns})
    run.columns, run.create_departments = columns, create_departments
    run.status, run.progress, run.error = RunStatus.CHECKING, 0, ""
    run.save(
        update_fields=["columns", "create_departments", "status", "progress", "error", "updated_at"]
    )
    return run


def _progress(run: ImportRun) -> Callable[[int], None]:
    def report(done: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(progress=done)

    return report


def _store_rows(run: ImportRun, analysis: Analysis, *, values: bool = True) -> None:
    """The lines' outcomes for the page and the report; without ``values`` (an import
    that is done) the changes keep only the names of the fields."""
    ImportRow.objects.filter(run=run).delete()
    ImportRow.objects.bulk_create(
        (
            ImportRow(
                run=run,
                line=r.line,
                personnel_number=r.personnel_number,
                outcome=r.outcome,
                reasons=r.reasons,
                warnings=r.warnings,
                changes=r.changes if values else [(c[0], "", "") for c in r.changes],
            )
            for r in analysis.rows
        ),
        batch_size=1000,
    )


def _analyse_run(run: ImportRun) -> Analysis:
    table = read_table(bytes(run.content))
    return analyse(
        employer=run.employer,
        table=table,
        columns=run.columns,
        create_departments=run.create_departments,
        progress=_progress(run),
    )


def run_check(*, actor: Actor, run: ImportRun) -> ImportRun:
    """The preview: every line's outcome, stored for the page; nothing else is written."""
    _check_access(actor, run.employer)
    if run.status != RunStatus.CHECKING:
        return run  # already checked (a task that ran twice)
    missing = sorted(REQUIRED - set(run.columns))
    analysis = _analyse_run(run)
    with transaction.atomic():
        _store_rows(run, analysis)
        run.counts = {**analysis.counts(), "missing_columns": len(missing)}
        run.status, run.progress = RunStatus.CHECKED, run.total
        run.save(update_fields=["counts", "status", "progress", "updated_at"])
    return run


def run_start(*, actor: Actor, run: ImportRun) -> ImportRun:
    """Mark a checked run for import (the task does the work)."""
    _check_access(actor, run.employer)
    if run.status != RunStatus.CHECKED:
        raise ServiceError(_("Deze import is al gestart of nog niet gecontroleerd."))
    if REQUIRED - set(run.columns):
        raise ServiceError(_("Koppel eerst alle verplichte kolommen."))
    if not run.content:
        raise ServiceError(
            _("Het bestand van deze controle is niet meer bewaard; kies het opnieuw.")
        )
    # One conditional UPDATE: of two requests at once (a double press), only one starts
    # the import and enqueues its task; the other is refused as already started.
    started = ImportRun.objects.filter(pk=run.pk, status=RunStatus.CHECKED).update(
        status=RunStatus.IMPORTING, progress=0, updated_at=clock.now()
    )
    if not started:
        raise ServiceError(_("Deze import is al gestart of nog niet gecontroleerd."))
    run.status, run.progress = RunStatus.IMPORTING, 0
    return run


def run_import(*, actor: Actor, run: ImportRun) -> ImportRun:
    """Check the file again against the records as they are now, then write every
    accepted line in one transaction: all of them or, on any failure, none."""
    _check_access(actor, run.employer)
    if run.status != RunStatus.IMPORTING:
        return run
    analysis = _analyse_run(run)
    # Checked again: the page now shows the second step (the write, in one transaction
    # that no other connection sees until it commits).
    _progress(run)(run.total)
    try:
        with transaction.atomic():
            written = _apply(actor=actor, employer=run.employer, run=run, analysis=analysis)
            _store_rows(run, analysis, values=False)
            run.counts = {**analysis.counts(), **written}
            run.status, run.progress, run.content = RunStatus.DONE, run.total, b""
            run.imported_at = clock.now()
            run.save(
                update_fields=[
                    "counts",
                    "status",
                    "progress",
                    "content",
                    "imported_at",
                    "updated_at",
                ]
            )
            audit_record(
                actor=actor,
                action=Action.CREATE,
                target=run,
                employer_id=run.employer_id,
                details={"kind": "employee_import", **_flat(run.counts)},
            )
    except Exception as error:
        logger.exception("import %s failed", run.pk)
        ImportRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=type(error).__name__[:64]
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=run,
            employer_id=run.employer_id,
            outcome="failed",
            details={"kind": "employee_import"},
        )
        run.refresh_from_db()
    return run


@dataclass
class RecordsResult:
    run: ImportRun
    rows: list[RowResult]


def records_upsert(
    *, actor: Actor, employer: Employer, records: list[dict[str, str]], source: str
) -> RecordsResult:
    """The same check and write as a file's import, for records given as field key →
    text (the integration API's bulk upsert, issue 20): the accepted ones are written in
    one transaction, each refused one comes back with its reasons. Kept as a run (without
    content) so HR sees it beside the file imports."""
    _check_access(actor, employer)
    table = Table(
        headings=list(FIELD_KEYS),
        rows=[
            (number, [_text(record.get(key, "")).strip() for key in FIELD_KEYS])
            for number, record in enumerate(records, start=1)
        ],
        kind="api",
    )
    with transaction.atomic():
        analysis = analyse(
            employer=employer,
            table=table,
            columns={key: key for key in FIELD_KEYS},
            create_departments=False,
        )
        run = ImportRun.objects.create(
            employer=employer,
            actor_label=actor.label[:200],
            filename=source[:255],
            columns={key: key for key in FIELD_KEYS},
            headings=list(FIELD_KEYS),
            status=RunStatus.IMPORTING,
            total=len(records),
        )
        written = _apply(actor=actor, employer=employer, run=run, analysis=analysis)
        _store_rows(run, analysis, values=False)
        run.counts = {**analysis.counts(), **written}
        run.status, run.progress, run.imported_at = RunStatus.DONE, run.total, clock.now()
        run.save(update_fields=["counts", "status", "progress", "imported_at", "updated_at"])
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=run,
            employer_id=employer.pk,
            details={"kind": "employee_upsert", **_flat(run.counts)},
        )
    return RecordsResult(run=run, rows=analysis.rows)


def _flat(counts: dict[str, Any]) -> dict[str, int]:
    return {key: int(value) for key, value in counts.items() if isinstance(value, int)}


def run_forget(*, actor: Actor, run: ImportRun) -> None:
    """A check that will not be imported (the command's dry run): the file and the
    values are not kept, only the report."""
    _check_access(actor, run.employer)
    with transaction.atomic():
        _forget_values(run)
        run.content = b""
        run.save(update_fields=["content", "updated_at"])


#: How long an uploaded file is kept when it is not imported, and how long a report is.
FILE_KEPT = dt.timedelta(days=1)
REPORT_KEPT = dt.timedelta(days=2 * 365)


def imports_daily(day: dt.date) -> dict[str, Any]:
    """The scheduler's daily job (R-SEC-3): a file that was checked but not imported
    within a day is deleted with the values of its preview (a run still busy after a
    day has failed: its worker died); reports older than two years are deleted."""
    now = clock.now()
    stale = ImportRun.objects.filter(updated_at__lt=now - FILE_KEPT).exclude(status=RunStatus.DONE)
    forgotten = 0
    for run in stale.exclude(content=b"").only("id", "status").iterator():
        with transaction.atomic():
            _forget_values(run)
            failed = run.status in (RunStatus.CHECKING, RunStatus.IMPORTING)
            ImportRun.objects.filter(pk=run.pk).update(
                content=b"",
                status=RunStatus.FAILED if failed else run.status,
                error="stale" if failed else "",
            )
        forgotten += 1
    deleted, _per_model = ImportRun.objects.filter(created_at__lt=now - REPORT_KEPT).delete()
    return {"files_forgotten": forgotten, "rows_deleted": deleted}


def _forget_values(run: ImportRun) -> None:
    """After the import the rows keep which fields changed, not their values."""
    changed = ImportRow.objects.filter(run=run).exclude(changes=[])
    rows = list(changed.only("id", "changes"))
    for row in rows:
        row.changes = [[label, "", ""] for label, *_values in row.changes]
    ImportRow.objects.bulk_update(rows, ["changes"], batch_size=1000)


REPORT_HEADINGS = (
    "regel",
    "personeelsnummer",
    "uitkomst",
    "gewijzigde velden",
    "redenen",
    "waarschuwingen",
)


def report_lines(*, actor: Actor, run: ImportRun, dialect: CsvDialect) -> Iterator[str]:
    """The run's report as CSV: per line its outcome, the changed fields (names only)
    and the reasons; no values. Downloading it is recorded in the access log."""
    _check_access(actor, run.employer)
    audit_record(
        actor=actor,
        action=Action.EXPORT,
        target=run,
        employer_id=run.employer_id,
        details={"kind": "employee_import_report"},
        subject_employee_ids=selectors.employees_on_lines(
            run, ImportRow.objects.filter(run=run).values_list("personnel_number", flat=True)
        ),
    )
    return _report(run, dialect)


def _report(run: ImportRun, dialect: CsvDialect) -> Iterator[str]:
    outcomes = dict(Outcome.choices)
    rows = (
        ImportRow.objects.filter(run=run)
        .order_by("line")
        .values_list("line", "personnel_number", "outcome", "changes", "reasons", "warnings")
    )
    yield from lines(
        [
            REPORT_HEADINGS,
            *(
                (
                    line,
                    number,
                    str(outcomes.get(outcome, outcome)),
                    ", ".join(label for label, *_v in changes),
                    " | ".join(
                        f"{label}: {message}" if label else message for label, message in reasons
                    ),
                    " | ".join(warnings),
                )
                for line, number, outcome, changes, reasons, warnings in rows.iterator()
            ),
        ],
        dialect,
    )
