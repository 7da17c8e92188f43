"""The categories this app purges itself: administrative absence data and the employee
record (R-RET-1, R-RET-3). Both run on the same clocks; the employee record goes last.

"Last action on the file" (R-RET-3) is recorded explicitly, never read from a row's
``updated_at`` (a bulk update or a data migration touches every row and would restart
every five-year clock; issue 16). It is the latest, in Dutch local time, of:

- the dates the file itself holds: employments' start and end; absence cases' first sick
  day and closing day; sick reports' first sick day, recovery, and when sickness and
  recovery were reported; partial recoveries' start; when the service picked a report
  up; leave periods' start and end; emergency information's consent and withdrawal; the
  company doctor's published advices' date and publication;
- the day of the latest change to one of those records that the access log holds (a
  create, update or delete event with the employee as subject and one of these records
  as target): every service writes that event in the transaction of the change, so a
  correction of a report counts, while a change made outside the services does not.

Not counted: changes to the employee's own record (an address is not an action on the
absence file), legal holds (they stop the clock instead), reads, and the purge's own
deletions.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import partial

from django.db import models
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.db.models.deletion import get_candidate_relations_to_delete
from django.db.models.fields.related import ForeignObject
from django.db.models.signals import post_delete, pre_delete
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from poortwachter.absences.models import (
    AbsenceCase,
    EmergencyInfo,
    LeavePeriod,
    PartialRecovery,
    PublishedAdvice,
    ServiceQueueItem,
    SickReport,
)
from poortwachter.accounts.models import RoleAssignment, User
from poortwachter.audit.models import AccessEvent, Action
from poortwachter.core.aggregates import figures_changed
from poortwachter.organisations.models import Employee, Employment
from poortwachter.retention import registry, rules
from poortwachter.retention.models import LegalHold

ABSENCE_ADMIN = "absence_admin"
#: Employees per query when a list of ids has no bound: SQLite takes 32,766 parameters in
#: a statement by default (Debian's build 250,000), and long IN lists are slow to build.
CHUNK = 500
#: Candidate ids per query (``candidates``).
CANDIDATE_PAGE = 10_000

#: (model, path from a row to its employee, the date and datetime fields that count as
#: an action on the file).
ACTION_DATES = (
    (Employment, "employee_id", ("start_date", "end_date")),
    (AbsenceCase, "employee_id", ("first_sick_day", "closed_on")),
    (SickReport, "employee_id", ("first_sick_day", "recovered_on", "reported_at",
                                 "recovery_reported_at")),
    (PartialRecovery, "report__employee_id", ("from_date",)),
    (ServiceQueueItem, "report__employee_id", ("handled_at",)),
    (LeavePeriod, "employee_id", ("start", "end")),
    (EmergencyInfo, "employee_id", ("consent_given_at", "withdrawn_at")),
    (PublishedAdvice, "employee_id", ("advised_on", "published_at")),
)  # fmt: skip
#: The access log's target types of those records, and the actions that change them.
ACTION_TARGETS = tuple(model._meta.label_lower for model, _path, _fields in ACTION_DATES)
CHANGES = (Action.CREATE, Action.UPDATE, Action.DELETE)
#: The purge's own events (``retention.services.PURPOSE``) are no action on the file.
PURGE_PURPOSE = "retention"


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date()
    return value


def _chunks(ids: Iterable[int], size: int | None = None) -> Iterator[list[int]]:
    size = size or CHUNK
    chunk: list[int] = []
    for value in ids:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def last_actions(employee_ids: Sequence[int]) -> dict[int, dt.date]:
    """The last action on the file per employee (see the module docstring)."""
    latest: dict[int, dt.date] = {}
    for model, path, fields in ACTION_DATES:
        rows = (
            model.objects.filter(**{f"{path}__in": employee_ids})
            .order_by()
            .values(path)
            .annotate(**{f"last_{name}": Max(name) for name in fields})
        )
        for row in rows:
            for name in fields:
                value = row[f"last_{name}"]
                if value is not None:
                    day = _as_date(value)
                    employee_id = row[path]
                    latest[employee_id] = max(latest.get(employee_id, day), day)
    changes = (
        AccessEvent.objects.filter(
            subject_employee_id__in=employee_ids,
            target_type__in=ACTION_TARGETS,
            action__in=CHANGES,
        )
        .exclude(purpose=PURGE_PURPOSE)
        .order_by()
        .values("subject_employee_id")
        .annotate(last=Max("occurred_at"))
    )
    for row in changes:
        day, employee_id = _as_date(row["last"]), row["subject_employee_id"]
        latest[employee_id] = max(latest.get(employee_id, day), day)
    return latest


def employee_clocks(employee_ids: Iterable[int]) -> dict[int, list[rules.Clock]]:
    """R-RET-1 and, for an own-risk employer, R-RET-3 clocks for each existing employee."""
    clocks: dict[int, list[rules.Clock]] = {}
    for chunk in _chunks(employee_ids):
        key = ("employee_clocks", tuple(chunk))
        clocks.update(registry.shared(key, partial(_employee_clocks, chunk)))
    return clocks


def _employee_clocks(employee_ids: Sequence[int]) -> dict[int, list[rules.Clock]]:
    employees = dict(
        Employee.objects.filter(pk__in=employee_ids)
        .order_by()
        .values_list("pk", "employer__own_risk_sickness_benefit")
    )
    ends: dict[int, list[dt.date | None]] = defaultdict(list)
    rows = Employment.objects.filter(employee_id__in=employees).order_by()
    for employee_id, end in rows.values_list("employee_id", "end_date"):
        ends[employee_id].append(end)
    actions = last_actions(list(employees))
    return {
        pk: rules.employee_clocks(ends[pk], actions.get(pk), own_risk)
        for pk, own_risk in employees.items()
    }


def candidates(as_of: dt.date) -> Iterator[int]:
    """Employees whose every employment ended at least 2 years before ``as_of`` (a day's
    margin for 29 February): the only ones whose data can be due. In id order, a page of
    ids at a time, so a long list never sits in memory as Python objects."""
    latest_end = rules.add_years(as_of, -rules.ADMINISTRATIVE_YEARS) + dt.timedelta(days=1)
    # Grouped by the employment's employee id only: ids out, nothing of the person read.
    ended = (
        Employment.objects.order_by()
        .values("employee_id")
        .annotate(last_end=Max("end_date"), open=Count("pk", filter=Q(end_date__isnull=True)))
        .filter(last_end__lte=latest_end, open=0)
    )
    after = 0
    while True:
        page = list(
            ended.filter(employee_id__gt=after)
            .order_by("employee_id")
            .values_list("employee_id", flat=True)[:CANDIDATE_PAGE]
        )
        yield from page
        if len(page) < CANDIDATE_PAGE:
            return
        after = page[-1]


def _with_absence_data(employee_ids: Iterable[int]) -> set[int]:
    found: set[int] = set()
    for ids in _chunks(employee_ids):
        for model in (AbsenceCase, SickReport, LeavePeriod, EmergencyInfo, PublishedAdvice):
            found.update(
                model.objects.filter(employee_id__in=ids)
                .order_by()  # a model's ordering would join the DISTINCT
                .values_list("employee_id", flat=True)
                .distinct()
            )
    return found


def _referred_to(rows: QuerySet) -> bool:
    """Whether a row outside ``rows`` refers to one of them through a key the ORM would
    act on when deleting (anything but ``DO_NOTHING``): one ``EXISTS`` per such key."""
    model = rows.model._meta.concrete_model
    for relation in get_candidate_relations_to_delete(rows.model._meta):
        field: ForeignObject = relation.field  # type: ignore[attr-defined]
        if field.remote_field.on_delete is models.DO_NOTHING:
            continue
        referrer: type[models.Model] = field.model
        # On the delete's database, as the ORM's collector asks.
        referring = referrer._base_manager.using(rows.db).filter(**{f"{field.name}__in": rows})
        if referrer._meta.concrete_model is model:
            referring = referring.exclude(pk__in=rows)  # the same delete takes those too
        if referring.exists():
            return True
    return False


def bulk_delete(rows: QuerySet) -> int:
    """Delete ``rows`` in one ``DELETE`` statement, without loading them, when that is all
    the ORM's delete would do: no delete signals, no parent or generic relations, and no
    other row refers to them (the purge deletes children first, so normally none does).
    Otherwise the ORM's delete runs, with its cascades and its ``PROTECT`` errors."""
    model = rows.model
    meta = model._meta
    signals = pre_delete.has_listeners(model) or post_delete.has_listeners(model)
    if signals:
        return rows.delete()[0]
    if meta.parents or meta.private_fields or _referred_to(rows):
        # Nothing receives the instances, so the ORM needs their keys only.
        return rows.order_by().only("pk").delete()[0]
    return rows.order_by()._raw_delete(rows.db)


def _count_and_delete(rows: QuerySet, path: str, dry_run: bool) -> Counter[int]:
    grouped = rows.order_by().values(path).annotate(n=Count("pk"))
    counts: Counter[int] = Counter({row[path]: row["n"] for row in grouped})
    if not dry_run:
        bulk_delete(rows)
    return counts


def find_absence_admin(
    as_of: dt.date, employee_ids: Sequence[int] | None
) -> dict[int, list[rules.Clock]]:
    if employee_ids is None:
        return employee_clocks(sorted(_with_absence_data(candidates(as_of))))
    with_data = _with_absence_data(employee_ids)
    # The same clocks as the employee record's, so one decision reads them once.
    return {pk: clocks for pk, clocks in employee_clocks(employee_ids).items() if pk in with_data}


def _figures_changed(employee_ids: Sequence[int]) -> None:
    """Deleting old absence data changes past statistics: their cached reports go after
    the commit (issue 21)."""
    employers = (
        Employee.objects.filter(pk__in=employee_ids)
        .order_by()
        .values_list("employer_id", flat=True)
    )
    figures_changed(*set(employers))


def delete_absence_admin(employee_ids: Sequence[int], *, dry_run: bool) -> dict[int, int]:
    """Children before parents: partial recoveries and queue items, sick reports, the
    company doctor's advices (they may point at a case), cases, then leave periods and
    emergency information. An employee's advices go in one delete, so the chain of
    superseded advices never blocks it."""
    ids = list(employee_ids)
    if not dry_run:
        _figures_changed(ids)
    counts: Counter[int] = Counter()
    for rows, path in (
        (PartialRecovery.objects.filter(report__employee_id__in=ids), "report__employee_id"),
        (ServiceQueueItem.objects.filter(report__employee_id__in=ids), "report__employee_id"),
        (SickReport.objects.filter(employee_id__in=ids), "employee_id"),
        (PublishedAdvice.objects.filter(employee_id__in=ids), "employee_id"),
        (AbsenceCase.objects.filter(employee_id__in=ids), "employee_id"),
        (LeavePeriod.objects.filter(employee_id__in=ids), "employee_id"),
        (EmergencyInfo.objects.filter(employee_id__in=ids), "employee_id"),
    ):
        counts.update(_count_and_delete(rows, path, dry_run))
    return dict(counts)


def find_employee_records(
    as_of: dt.date, employee_ids: Sequence[int] | None
) -> dict[int, list[rules.Clock]]:
    return employee_clocks(candidates(as_of) if employee_ids is None else list(employee_ids))


def account_links(employee_ids: Sequence[int]) -> list[tuple[int, int]]:
    """(user account, employee record) pairs: the record's own account, and every account
    with a role assignment on one of these records."""
    own = Employee.objects.filter(pk__in=employee_ids, user__isnull=False)
    grants = RoleAssignment.objects.filter(employee_id__in=employee_ids)
    return [
        *own.values_list("user_id", "pk").order_by("pk"),
        *grants.values_list("user_id", "employee_id").order_by("pk"),
    ]


def shared_account_links() -> list[tuple[int, int]]:
    """(user account, employee record) pairs of every account linked to two or more
    records (its own record and role assignments on records): the only links that tie
    records together. Found by the database, so as many as there are such accounts (few),
    not as many as there are accounts."""
    grants = RoleAssignment.objects.filter(employee__isnull=False).order_by()
    several = (
        grants.values("user_id")
        .annotate(n=Count("employee_id", distinct=True))
        .filter(n__gte=2)
        .values_list("user_id", flat=True)
    )
    another = Employee.objects.filter(user_id=OuterRef("user_id")).exclude(
        pk=OuterRef("employee_id")
    )
    with_own_record = grants.filter(Exists(another)).values_list("user_id", flat=True)
    links: list[tuple[int, int]] = []
    for users in _chunks(sorted({*several, *with_own_record})):
        links.extend(Employee.objects.filter(user_id__in=users).values_list("user_id", "pk"))
        links.extend(grants.filter(user_id__in=users).values_list("user_id", "employee_id"))
    return links


def accounts_to_delete(employee_ids: Sequence[int]) -> dict[int, int]:
    """The accounts of these employees (account → the record it is counted with) that
    hold no other role: no role assignment but employee grants on these same records."""
    links: dict[int, int] = {}
    for user_id, employee_id in account_links(employee_ids):
        links.setdefault(user_id, employee_id)
    keep = set(
        RoleAssignment.objects.filter(user_id__in=links)
        .exclude(employee_id__in=employee_ids)
        .values_list("user_id", flat=True)
    )
    return {user_id: employee_id for user_id, employee_id in links.items() if user_id not in keep}


def delete_employee_records(employee_ids: Sequence[int], *, dry_run: bool) -> dict[int, int]:
    """Lifted legal holds, the employee's role assignments, employments, the record, and
    then the account if it holds no other role (its e-mail address and second factors go
    with it by cascade and are not counted)."""
    ids = list(employee_ids)
    if not dry_run:
        _figures_changed(ids)
    accounts = accounts_to_delete(ids)
    counts: Counter[int] = Counter()
    for rows, path in (
        (LegalHold.objects.filter(employee_id__in=ids, lifted_at__isnull=False), "employee_id"),
        (RoleAssignment.objects.filter(employee_id__in=ids), "employee_id"),
        (Employment.objects.filter(employee_id__in=ids), "employee_id"),
        (Employee.objects.filter(pk__in=ids), "pk"),
    ):
        counts.update(_count_and_delete(rows, path, dry_run))
    users = User.objects.filter(pk__in=accounts).order_by()
    counts.update(accounts[user_id] for user_id in users.values_list("pk", flat=True))
    if not dry_run:
        bulk_delete(users)  # with its e-mail addresses and second factors (CASCADE)
    return dict(counts)


registry.register(
    registry.Category(
        code=ABSENCE_ADMIN,
        label=_("Verzuimgegevens (administratief)"),
        requirements="R-RET-1, R-RET-3",
        find=find_absence_admin,
        delete=delete_absence_admin,
        candidates=candidates,
    )
)
registry.register(
    registry.Category(
        code=registry.EMPLOYEE_RECORD,
        label=_("Werknemersgegevens, dienstverbanden en account"),
        requirements="R-RET-1, R-RET-3",
        find=find_employee_records,
        delete=delete_employee_records,
        before=(),
        candidates=candidates,
    )
)
