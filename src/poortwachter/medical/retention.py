"""Retention of the company doctor's medical file (issue 16, R-RET-3, R-RET-4), registered
with the purge (``retention.registry``) from the medical app's own ``ready()``: the
retention app never imports this module (DESIGN.md boundary 1). See ``docs/retention.md``.

One category, ``medical_file``: the file with everything in it (consultations, diagnoses,
treatments, problem analyses, FML, incapacity assessments, documents, the doctor's working
notes, advices, copy requests, delegations) and its owner's identity (``FileOwner``). Its
term is the latest of these clocks:

- ``WGBO/KNMG``: the occupational health service's own term,
  ``settings.POORTWACHTER_MEDICAL_FILE_YEARS`` (default 20: art. 7:454 lid 3 BW, since
  1-1-2020 counted from the last change to the file, as the KNMG advised before), from
  the day of the last change;
- ``R-RET-3`` (the employer is eigenrisicodrager Ziektewet): at least 10 years, counted
  from 1 January of the year after the last change to the file;
- ``R-RET-4`` (the employer is eigenrisicodrager WGA, ``Employer.own_risk_wga``): at least
  the WGA period, 10 years from the end of the 104 weeks of the employee's latest case
  that reached it (the first day a WGA benefit can start); no case reached it: no WGA
  period, no clock.

*The last change to the file*: the latest of the day it was opened, the day each entry,
document, working note or advice was written, the day an advice was published, and the
day of the latest create, update or delete event in the medical log on one of those
records (a draft advice saved again, a correction). Reads, delegations, copies and the
purge's own events do not count. All in Dutch local time.

The file never loses its owner: before the purge deletes anything of the employee on the
employer side (the employee record two years after the employment, R-RET-1), it calls
``keep_owners``, which copies the owner's name and date of birth (encrypted) and the dates
this term needs (the WGA period's start, the legal holds) into ``FileOwner``. After that
the file's clocks come from the medical database and the employer (whose flags stay); the
holds recorded there move the due date as they did while the employee record existed.

Deletions run in the medical database, each recorded in the medical log (action
``delete``, purpose ``retention``, the category and the number of rows: no content); the
purge adds the counts to its content-free ``DeletionRecord``. Nothing of it goes to the
employer's access log (``employer_side=False``).
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from poortwachter.absences.models import AbsenceCase, LeavePeriod
from poortwachter.absences.selectors import wage_continuation_ends
from poortwachter.audit.models import Action
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.medical.log import MEDICAL_DB, medical_record
from poortwachter.medical.models import (
    Advice,
    Appointment,
    Consultation,
    CopyRequest,
    Delegation,
    Diagnosis,
    Document,
    FileOwner,
    FunctionalAbilities,
    IncapacityAssessment,
    MedicalAccessEvent,
    MedicalFile,
    ProblemAnalysis,
    Treatment,
    WorkingNote,
)
from poortwachter.organisations.models import Employee, Employer
from poortwachter.retention import registry, rules
from poortwachter.retention.selectors import hold_periods

MEDICAL_FILE = "medical_file"
#: The occupational health service's own term (the setting).
RULE_SERVICE = "WGBO/KNMG"
RULE_OWN_RISK = rules.RULE_OWN_RISK  # R-RET-3
RULE_WGA = "R-RET-4"
#: R-RET-3: the medical file of an eigenrisicodrager Ziektewet, at least.
OWN_RISK_YEARS = 10
#: R-RET-4: the WGA period (an eigenrisicodrager WGA bears the benefit up to 10 years).
WGA_YEARS = 10
PURPOSE = "retention"
CHUNK = 500
CANDIDATE_PAGE = 10_000

#: The records of the file whose writing is a change to it.
CONTENT_MODELS = (
    Consultation, Diagnosis, Treatment, ProblemAnalysis, FunctionalAbilities,
    IncapacityAssessment, Document, WorkingNote, Advice,
)  # fmt: skip
#: Everything that goes with the file (the file itself counts one row more).
FILE_ROWS = (*CONTENT_MODELS, Delegation, CopyRequest, FileOwner, Appointment)
CHANGE_TARGETS = tuple(model._meta.label_lower for model in (MedicalFile, *CONTENT_MODELS))
CHANGES = (Action.CREATE, Action.UPDATE, Action.DELETE)


def service_years() -> int:
    years = getattr(settings, "POORTWACHTER_MEDICAL_FILE_YEARS", 20)
    if not isinstance(years, int) or years < 1:
        raise ImproperlyConfigured("POORTWACHTER_MEDICAL_FILE_YEARS must be at least 1.")
    return years


def _day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def last_changes(files: dict[str, int], opened: dict[int, dt.datetime]) -> dict[int, dt.date]:
    """The last change to each file, per employee (see the module docstring).
    ``files``: file id (as text) to employee id; ``opened``: employee id to opened_at."""
    latest = {employee_id: _day(at) for employee_id, at in opened.items()}

    def seen(employee_id: int, value: dt.datetime | None) -> None:
        if value is not None:
            latest[employee_id] = max(latest[employee_id], _day(value))

    file_ids = list(files)
    for model in CONTENT_MODELS:
        rows = model.objects.filter(file_id__in=file_ids).order_by().values("file_id")
        for row in rows.annotate(last=Max("created_at")):
            seen(files[str(row["file_id"])], row["last"])
    published = Advice.objects.filter(file_id__in=file_ids).order_by().values("file_id")
    for row in published.annotate(last=Max("published_at")):
        seen(files[str(row["file_id"])], row["last"])
    changes = (
        MedicalAccessEvent.objects.filter(
            subject_employee_id__in=list(opened), target_type__in=CHANGE_TARGETS,
            action__in=CHANGES,
        )
        .exclude(purpose=PURPOSE)
        .order_by()
        .values("subject_employee_id")
        .annotate(last=Max("occurred_at"))
    )  # fmt: skip
    for row in changes:
        seen(row["subject_employee_id"], row["last"])
    return latest


def wga_starts(employee_ids: Sequence[int]) -> dict[int, dt.date]:
    """Per employee, the latest end of the 104 weeks of a case still open on that day
    (closed on it or later, or not closed): when a WGA period can start (R-RET-4)."""
    leave: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for employee_id, start, end in LeavePeriod.objects.filter(
        employee_id__in=employee_ids
    ).values_list("employee_id", "start", "end"):
        leave[employee_id].append((start, end))
    starts: dict[int, dt.date] = {}
    for case in AbsenceCase.objects.filter(employee_id__in=employee_ids).order_by("pk"):
        ends = wage_continuation_ends(case, leave[case.employee_id])
        if case.closed_on is None or case.closed_on >= ends:
            starts[case.employee_id] = max(starts.get(case.employee_id, ends), ends)
    return starts


def file_clocks(
    last_change: dt.date, *, own_risk: bool, own_risk_wga: bool, wga_from: dt.date | None
) -> list[rules.Clock]:
    """The clocks of one medical file; the latest decides (``rules.decide``). The service's
    term is listed first, so it names the rule on a tie."""
    clocks = [rules.Clock(RULE_SERVICE, last_change, rules.add_years(last_change, service_years()))]
    if own_risk:
        starts = dt.date(last_change.year + 1, 1, 1)
        clocks.append(rules.Clock(RULE_OWN_RISK, starts, rules.add_years(starts, OWN_RISK_YEARS)))
    if own_risk_wga and wga_from is not None:
        clocks.append(rules.Clock(RULE_WGA, wga_from, rules.add_years(wga_from, WGA_YEARS)))
    return clocks


def _recorded_holds(owner_holds: list) -> list[rules.HoldPeriod]:
    return [
        rules.HoldPeriod(
            dt.date.fromisoformat(placed), dt.date.fromisoformat(lifted) if lifted else None
        )
        for placed, lifted in owner_holds
    ]


def _after_holds(clocks: list[rules.Clock], holds: list[rules.HoldPeriod]) -> list[rules.Clock]:
    """For a file whose employee record is gone: the holds recorded in ``FileOwner`` move
    the due dates, as the purge does with the employer side's holds while they exist. A
    hold still in force (never recorded: nothing is deleted under one) stops the clocks."""
    if any(hold.lifted_on is None for hold in holds):
        return [rules.Clock(c.rule, c.starts_on, None) for c in clocks]
    return [rules.Clock(c.rule, c.starts_on, rules.stop_the_clock(c, holds)) for c in clocks]


def _find(employee_ids: Sequence[int] | None) -> dict[int, list[rules.Clock]]:
    files_qs = MedicalFile.objects.order_by()
    if employee_ids is not None:
        files_qs = files_qs.filter(employee_id__in=list(employee_ids))
    rows = list(files_qs.values_list("pk", "employee_id", "employer_id", "opened_at"))
    if not rows:
        return {}
    files = {str(pk): employee_id for pk, employee_id, _employer, _at in rows}
    opened = {employee_id: at for _pk, employee_id, _employer, at in rows}
    last = last_changes(files, opened)
    flags = {
        pk: (zw, wga)
        for pk, zw, wga in Employer.objects.filter(
            pk__in={employer for _pk, _e, employer, _at in rows}
        ).values_list("pk", "own_risk_sickness_benefit", "own_risk_wga")
    }
    ids = [employee_id for _pk, employee_id, _employer, _at in rows]
    present = set(Employee.objects.filter(pk__in=ids).values_list("pk", flat=True))
    live_wga = wga_starts(sorted(present))
    owners = {
        file_id: (wga_from, holds)
        for file_id, wga_from, holds in FileOwner.objects.filter(
            file_id__in=[pk for pk, *_rest in rows]
        ).values_list("file_id", "wga_from", "holds")
    }
    clocks: dict[int, list[rules.Clock]] = {}
    for pk, employee_id, employer_id, _at in rows:
        own_risk, own_risk_wga = flags.get(employer_id, (False, False))
        recorded_wga, recorded_holds = owners.get(pk, (None, []))
        wga_from = max(
            (d for d in (live_wga.get(employee_id), recorded_wga) if d is not None), default=None
        )
        found = file_clocks(
            last[employee_id], own_risk=own_risk, own_risk_wga=own_risk_wga, wga_from=wga_from
        )
        if employee_id not in present:
            found = _after_holds(found, _recorded_holds(recorded_holds))
        clocks[employee_id] = found
    return clocks


def find_files(as_of: dt.date, employee_ids: Sequence[int] | None) -> dict[int, list[rules.Clock]]:
    if employee_ids is None:
        return _find(None)
    clocks: dict[int, list[rules.Clock]] = {}
    for chunk in _chunks(employee_ids):
        clocks.update(_find(chunk))
    return clocks


def candidates(as_of: dt.date) -> Iterator[int]:
    """The employees of files opened at least the service's term before ``as_of`` (two
    days' margin for 29 February and the time zone): every clock of a file ends no
    earlier than the service's term after it was opened. In id order, a page at a time."""
    opened_by = rules.add_years(as_of, -service_years()) + dt.timedelta(days=2)
    limit = dt.datetime.combine(opened_by, dt.time(), tzinfo=dt.UTC)
    files = MedicalFile.objects.filter(opened_at__lt=limit).order_by("employee_id")
    after = None
    while True:
        page_qs = files if after is None else files.filter(employee_id__gt=after)
        page = list(page_qs.values_list("employee_id", flat=True)[:CANDIDATE_PAGE])
        yield from page
        if len(page) < CANDIDATE_PAGE:
            return
        after = page[-1]


def _rows(file_ids: list) -> Counter:
    """Rows per file: the file itself and everything in it."""
    counts: Counter = Counter(dict.fromkeys(file_ids, 1))
    for model in FILE_ROWS:
        grouped = model.objects.filter(file_id__in=file_ids).order_by().values("file_id")
        for row in grouped.annotate(n=Count("pk")):
            counts[row["file_id"]] += row["n"]
    return counts


def delete_files(employee_ids: Sequence[int], *, dry_run: bool) -> dict[int, int]:
    """The files of these employees with everything in them, in the medical database;
    each deletion is recorded in the medical log with the number of rows only."""
    files = list(
        MedicalFile.objects.filter(employee_id__in=list(employee_ids))
        .order_by("employee_id")
        .values_list("pk", "employee_id", "employer_id")
    )
    rows = _rows([pk for pk, _e, _r in files])
    if not dry_run and files:
        actor = Actor.system(PURPOSE)
        with transaction.atomic(using=MEDICAL_DB):
            for pk, employee_id, employer_id in files:
                medical_record(
                    actor=actor, action=Action.DELETE, employee_id=employee_id,
                    employer_id=employer_id, purpose=PURPOSE,
                    details={"category": MEDICAL_FILE, "rows": rows[pk]},
                )  # fmt: skip
            # The file's rows go with it (CASCADE; a correction chain is RESTRICT, deleted
            # in the same delete).
            MedicalFile.objects.filter(pk__in=[pk for pk, _e, _r in files]).delete()
    return {employee_id: rows[pk] for pk, employee_id, _employer in files}


def _name(first: str, prefix: str, last: str) -> str:
    return " ".join(part for part in (first, prefix, last) if part)


def keep_owners(employee_ids: Sequence[int]) -> None:
    """Before the employer side forgets these employees: each medical file keeps its
    owner's name and date of birth (encrypted), the WGA period's start and the legal
    holds (``FileOwner``). Idempotent; a later call keeps the latest WGA start and every
    hold recorded before."""
    files = {
        f.employee_id: f for f in MedicalFile.objects.filter(employee_id__in=list(employee_ids))
    }
    if not files:
        return
    employees = list(
        Employee.objects.filter(pk__in=list(files)).values_list(
            "pk", "first_name", "name_prefix", "last_name", "date_of_birth"
        )
    )
    present = [row[0] for row in employees]
    wga = wga_starts(present)
    holds = hold_periods(present)
    owners = {o.file_id: o for o in FileOwner.objects.filter(file__in=list(files.values()))}
    actor = Actor.system(PURPOSE)
    now = clock.now()
    with transaction.atomic(using=MEDICAL_DB):
        for employee_id, first, prefix, last, born in employees:
            file = files[employee_id]
            owner = owners.get(file.pk)
            created = owner is None
            owner = owner or FileOwner(file=file)
            owner.recorded_at = now
            owner.encrypt("name", _name(first, prefix, last))
            owner.encrypt("date_of_birth", born.isoformat())
            known = [d for d in (owner.wga_from, wga.get(employee_id)) if d is not None]
            owner.wga_from = max(known, default=None)
            periods = {tuple(period) for period in owner.holds} | {
                (h.placed_on.isoformat(), h.lifted_on.isoformat() if h.lifted_on else None)
                for h in holds.get(employee_id, [])
            }
            owner.holds = [list(period) for period in sorted(periods, key=lambda p: p[0])]
            owner.save()
            medical_record(
                actor=actor, action=Action.CREATE if created else Action.UPDATE, file=file,
                target=owner, purpose=PURPOSE,
            )  # fmt: skip


def register() -> None:
    registry.register(
        registry.Category(
            code=MEDICAL_FILE,
            label=_("Medisch dossier (bedrijfsarts)"),
            requirements="R-RET-3, R-RET-4",
            find=find_files,
            delete=delete_files,
            # It refers to the employee by a plain id and keeps its own owner identity, so
            # the employer side's record does not wait for it (R-RET-1).
            before=(),
            candidates=candidates,
            employer_side=False,
            keep_owner=keep_owners,
        )
    )
