"""Retention writes: the purge (R-RET-1, R-RET-3, R-RET-5) and legal holds.

The purge starts from the ids of every employee whose data may be due (each category's
cheap superset) and works through them in batches, each batch in its own transaction:
it locks the batch's employee records, decides what is due (under the lock, so a hold
placed meanwhile wins), deletes category by category with children before parents, and
in the same transaction writes per employee one access event (codes and counts only)
and adds the counts to the content-free ``DeletionRecord`` of each (category, rule).
A crash leaves every finished batch recorded and the rest for the next run. It keeps
only ids between batches, never rows or decisions, so its memory does not grow with the
number of records it deletes.

A dry run takes the same decisions and counts the same rows, in the same batches, and
writes nothing.
"""

import datetime as dt
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from poortwachter.audit.models import AccessEvent, Action
from poortwachter.audit.services import audit_record, audit_record_many
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, ServiceError, field_errors
from poortwachter.organisations.models import Employee
from poortwachter.retention import categories, registry
from poortwachter.retention.models import DeletionRecord, HoldKind, LegalHold, RetentionRun
from poortwachter.retention.policies import can_manage_holds, can_purge
from poortwachter.retention.selectors import Decision, candidate_ids, decide_for
from poortwachter.textguard import check_text, refusal_message

PURPOSE = categories.PURGE_PURPOSE
REASON_MAX_LENGTH = 300


@dataclass(frozen=True)
class Plan:
    """What a purge for ``as_of`` would delete: the decisions of the employees with
    anything due, and the employees skipped for a hold in force."""

    as_of: dt.date
    due: dict[int, Decision]
    held_employee_ids: frozenset[int]
    access_log_kept: int


@dataclass(frozen=True)
class CategoryCount:
    category: str
    rule: str
    count: int


@dataclass(frozen=True)
class PurgeResult:
    as_of: dt.date
    dry_run: bool
    categories: tuple[CategoryCount, ...]
    held_employees: int
    access_log_kept: int
    employees: int = 0
    #: When a run for the same date started before this one (``None``: first run).
    earlier_run_at: dt.datetime | None = field(default=None, compare=False)

    @property
    def deleted(self) -> int:
        return sum(entry.count for entry in self.categories)

    def as_json(self) -> dict:
        """The command's ``--json`` shape; keep it stable."""
        return {
            "as_of": self.as_of.isoformat(),
            "dry_run": self.dry_run,
            "categories": [
                {"category": c.category, "rule": c.rule, "count": c.count} for c in self.categories
            ],
            "held_employees": self.held_employees,
            "access_log_kept": self.access_log_kept,
        }


def _chunks(ids: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def find_due(as_of: dt.date, *, batch_size: int = 500) -> Plan:
    """Everything due for deletion by ``as_of``, and who is held back (reads only)."""
    due: dict[int, Decision] = {}
    held: set[int] = set()
    for chunk in _chunks(candidate_ids(as_of), batch_size):
        for employee_id, decision in decide_for(chunk, as_of).items():
            if decision.has_work:
                due[employee_id] = decision
            if decision.held_back(as_of):
                held.add(employee_id)
    return Plan(as_of, due, frozenset(held), AccessEvent.objects.count())


def _contains(sorted_ids: Sequence[int], value: int) -> bool:
    index = bisect_left(sorted_ids, value)
    return index < len(sorted_ids) and sorted_ids[index] == value


def _shared_accounts(employee_ids: Sequence[int]) -> dict[int, list[int]]:
    """For each of ``employee_ids`` (in id order) that shares a user account with another
    of them, directly or through a chain of accounts: its whole group, in id order.
    Records that share nothing are left out, so the result is as small as the sharing."""
    first: dict[int, int] = {}
    pairs: list[tuple[int, int]] = []
    for user_id, employee_id in categories.shared_account_links():
        if _contains(employee_ids, employee_id):
            seen = first.setdefault(user_id, employee_id)
            if seen != employee_id:
                pairs.append((seen, employee_id))
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for one, other in pairs:
        parent[root(other)] = root(one)
    groups: dict[int, list[int]] = defaultdict(list)
    for node in sorted(parent):
        groups[root(node)].append(node)
    return {node: group for group in groups.values() for node in group}


def _batches(employee_ids: Sequence[int], size: int) -> Iterator[list[int]]:
    """Batches of about ``size`` of ``employee_ids`` (in id order). Records that share a
    user account stay in one batch (where the first of them comes), so whether the
    account goes is decided once, the same in a dry run."""
    shared = _shared_accounts(employee_ids)
    batch: list[int] = []
    for employee_id in employee_ids:
        group = shared.get(employee_id, [employee_id])
        if group[0] != employee_id:
            continue  # it went with the first of its group
        if batch and len(batch) + len(group) > size:
            yield batch
            batch = []
        batch.extend(group)
    if batch:
        yield batch


def _apply(
    decisions: dict[int, Decision], batch: Sequence[int], *, dry_run: bool
) -> dict[int, Counter[str]]:
    """Delete (or count) the batch's due data, category by category in deletion order.
    Returns rows per employee per category code."""
    per_employee: dict[int, Counter[str]] = defaultdict(Counter)
    ordered = registry.in_deletion_order()
    if not dry_run:
        # Data that outlives the employer side keeps what it needs of it first (issue 16).
        for category in ordered:
            going = [e for e in batch if e in decisions and decisions[e].due - {category.code}]
            if going and category.keep_owner is not None:
                category.keep_owner(going)
    for category in ordered:
        ids = [e for e in batch if e in decisions and category.code in decisions[e].due]
        counts = category.delete(ids, dry_run=dry_run) if ids else {}
        units = {
            e: decisions[e].units[category.code]
            for e in batch
            if e in decisions and category.code in decisions[e].units
        }
        if units and category.delete_units is not None:
            counts = {**counts, **category.delete_units(units, dry_run=dry_run)}
        for employee_id, count in counts.items():
            if count:
                per_employee[employee_id][category.code] += count
    return per_employee


def _totals(
    decisions: dict[int, Decision], per_employee: dict[int, Counter[str]]
) -> Counter[tuple[str, str]]:
    totals: Counter[tuple[str, str]] = Counter()
    for employee_id, counts in per_employee.items():
        for code, count in counts.items():
            totals[(code, decisions[employee_id].terms[code].rule)] += count
    return totals


def _record(run: RetentionRun, totals: Counter[tuple[str, str]]) -> None:
    now = clock.now()
    for (category, rule), count in totals.items():
        record, created = DeletionRecord.objects.get_or_create(
            as_of=run.as_of, category=category, rule=rule,
            defaults={"run": run, "count": count, "run_at": now},
        )  # fmt: skip
        if not created:
            DeletionRecord.objects.filter(pk=record.pk).update(count=F("count") + count)


@dataclass
class _Outcome:
    """One batch: rows per (category, rule), employees that lost data, employees held."""

    totals: Counter[tuple[str, str]] = field(default_factory=Counter)
    employees: int = 0
    held: int = 0

    def add(self, other: "_Outcome") -> None:
        self.totals.update(other.totals)
        self.employees += other.employees
        self.held += other.held


def _held(decisions: dict[int, Decision], as_of: dt.date) -> int:
    return sum(1 for decision in decisions.values() if decision.held_back(as_of))


def _count_batch(as_of: dt.date, batch: Sequence[int]) -> _Outcome:
    """A dry run's batch: the same decisions, only counted."""
    decisions = decide_for(batch, as_of)
    due = {e: d for e, d in decisions.items() if d.has_work}
    per_employee = _apply(due, list(due), dry_run=True)
    return _Outcome(_totals(due, per_employee), len(per_employee), _held(decisions, as_of))


def _purge_batch(actor: Actor, run: RetentionRun, batch: Sequence[int]) -> _Outcome:
    """One batch, one transaction."""
    with transaction.atomic():
        employers = dict(
            Employee.objects.select_for_update()
            .filter(pk__in=batch)
            .order_by("pk")  # one lock order for every writer
            .values_list("pk", "employer_id")
        )
        # Under the lock: a hold placed meanwhile wins. Employees without a record here
        # are decided too: a medical file outlives the record (issue 16).
        decisions = decide_for(list(batch), run.as_of)
        due = {e: d for e, d in decisions.items() if d.has_work}
        per_employee = _apply(due, list(due), dry_run=False)
        # The employer's log gets the employer-side categories only; the medical file's
        # deletions are in the medical log (R-MED-1).
        employer_side = {c.code for c in registry.in_deletion_order() if c.employer_side}
        audit_record_many(actor=actor, events=(
            {"action": Action.DELETE, "employer_id": employers[employee_id],
             "subject_employee_id": employee_id, "purpose": PURPOSE, "details": shown}
            for employee_id, counts in per_employee.items()
            if employee_id in employers
            and (shown := {c: n for c, n in counts.items() if c in employer_side})
        ))  # fmt: skip
        totals = _totals(due, per_employee)
        _record(run, totals)
    return _Outcome(totals, len(per_employee), _held(decisions, run.as_of))


def _start_run(as_of: dt.date) -> tuple[RetentionRun, dt.datetime | None]:
    with transaction.atomic():
        run, created = RetentionRun.objects.get_or_create(
            as_of=as_of, defaults={"started_at": clock.now()}
        )
    return run, None if created else run.started_at


def _summary(totals: Counter[tuple[str, str]]) -> tuple[CategoryCount, ...]:
    order = {c.code: index for index, c in enumerate(registry.in_deletion_order())}
    return tuple(
        CategoryCount(category, rule, count)
        for (category, rule), count in sorted(
            totals.items(), key=lambda item: (order.get(item[0][0], len(order)), item[0][1])
        )
        if count
    )


def purge(*, actor: Actor, as_of: dt.date, dry_run: bool, batch_size: int = 500) -> PurgeResult:
    """Delete everything due by ``as_of`` (R-RET-1, R-RET-3, R-RET-5), skipping employees
    under a legal hold in force. Idempotent: a second run finds nothing more."""
    if not can_purge(actor):
        raise Forbidden(_("Alleen de geplande bewaartermijnrun verwijdert gegevens."))
    if not dry_run and as_of > clock.today():
        raise ServiceError(
            _("Verwijderen kan alleen tot en met vandaag. Gebruik --dry-run om te zien wat "
              "er op een latere datum verwijderd zou worden.")
        )  # fmt: skip
    earlier = RetentionRun.objects.filter(as_of=as_of).values_list("started_at", flat=True)
    earlier_run_at = earlier.first()
    run = None
    if not dry_run:
        run, earlier_run_at = _start_run(as_of)
    outcome = _Outcome()
    for batch in _batches(candidate_ids(as_of), batch_size):
        if run is None:
            outcome.add(_count_batch(as_of, batch))
        else:
            outcome.add(_purge_batch(actor, run, batch))
    if run is not None:
        RetentionRun.objects.filter(pk=run.pk).update(finished_at=clock.now())
    return PurgeResult(
        as_of=as_of, dry_run=dry_run, categories=_summary(outcome.totals),
        held_employees=outcome.held, access_log_kept=AccessEvent.objects.count(),
        employees=outcome.employees, earlier_run_at=earlier_run_at,
    )  # fmt: skip


# --- legal holds -------------------------------------------------------------------------


def _guard(field_name: str, text: str) -> None:
    """Employer-side free text may hold no health information (R-SICK-3/4). The refusal
    says what a hold's reason should hold instead (not "afspraken en werk")."""
    result = check_text(text)
    if result.medical:
        advice = _(
            "Beschrijf alleen om welk geschil het gaat en waarom de gegevens bewaard "
            "moeten blijven, bijvoorbeeld een procedure bij de rechter of een "
            "deskundigenoordeel bij UWV, zonder aard of oorzaak van de ziekte."
        )
        raise ServiceError({field_name: [refusal_message(result, advice=advice)]})


def _check_length(field_name: str, text: str) -> None:
    if len(text) > REASON_MAX_LENGTH:
        message = _("Houd het kort: hooguit %(count)d tekens.") % {"count": REASON_MAX_LENGTH}
        raise field_errors(**{field_name: message})


@transaction.atomic
def legal_hold_place(*, actor: Actor, employee: Employee, kind: str, reason: str) -> LegalHold:
    """HR stops the retention clock of one employee during a dispute (R-RET-1)."""
    if not can_manage_holds(actor, employee.employer_id):
        raise Forbidden(_("Alleen HR van de werkgever plaatst een bewaarblokkade."))
    if kind not in HoldKind.values:
        raise field_errors(kind=_("Kies om welk soort geschil het gaat."))
    reason = reason.strip()
    if not reason:
        raise field_errors(reason=_("Geef kort aan om welk geschil het gaat."))
    _check_length("reason", reason)
    _guard("reason", reason)
    Employee.objects.select_for_update().filter(pk=employee.pk).first()  # vs. the purge
    already = _("Voor deze werknemer geldt al een blokkade van deze soort.")
    if LegalHold.objects.filter(employee=employee, kind=kind, lifted_at__isnull=True).exists():
        raise field_errors(kind=already)
    try:
        with transaction.atomic():
            hold = LegalHold.objects.create(
                employer_id=employee.employer_id, employee=employee, kind=kind,
                reason=reason, placed_by_id=actor.user_id, placed_at=clock.now(),
            )  # fmt: skip
    except IntegrityError:
        raise field_errors(kind=already) from None
    audit_record(
        actor=actor, action=Action.CREATE, target=hold, employer_id=employee.employer_id,
        subject_employee_id=employee.pk, purpose="legal_hold", details={"kind": kind},
    )  # fmt: skip
    return hold


@transaction.atomic
def legal_hold_lift(*, actor: Actor, hold: LegalHold, lift_reason: str) -> LegalHold:
    """The dispute is over: the clock resumes where it stopped."""
    if not can_manage_holds(actor, hold.employer_id):
        raise Forbidden(_("Alleen HR van de werkgever heft een bewaarblokkade op."))
    lift_reason = lift_reason.strip()
    if not lift_reason:
        raise field_errors(lift_reason=_("Geef kort aan waarom de blokkade wordt opgeheven."))
    _check_length("lift_reason", lift_reason)
    _guard("lift_reason", lift_reason)
    now = clock.now()
    lifted = LegalHold.objects.filter(pk=hold.pk, lifted_at__isnull=True).update(
        lifted_at=now, lifted_by_id=actor.user_id, lift_reason=lift_reason, updated_at=now
    )
    if not lifted:
        raise ServiceError(_("Deze blokkade is al opgeheven."))
    audit_record(
        actor=actor, action=Action.UPDATE, target=hold, employer_id=hold.employer_id,
        subject_employee_id=hold.employee_id, purpose="legal_hold",
        details={"kind": hold.kind, "change": "lifted"},
    )  # fmt: skip
    hold.refresh_from_db()
    return hold
