"""The purge at scale (issue 9): it deletes in set-based statements without reading the
rows it deletes, falls back to the ORM's delete when something still refers to them,
asks the database in bounded chunks of ids, reads each employee's clocks once per
decision, and keeps batches and counts right while it streams through the candidates.
Speed itself is measured by ``benchmarks/retention.py``, never asserted here."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext

from poortwachter.absences.models import AbsenceCase, PartialRecovery, SickReport
from poortwachter.core.actor import Actor
from poortwachter.core.roles import Role
from poortwachter.retention import categories, registry, services
from poortwachter.retention.selectors import candidate_ids, decide_for
from tests.factories import UserFactory, grant
from tests.retention.conftest import ABSENCE_ROWS

SYSTEM = Actor.system("retention")
D = dt.date
DUE = D(2026, 3, 31)  # employments that ended on 31-3-2024, two years on


def purge(as_of, *, dry_run=False, **kwargs):
    return services.purge(actor=SYSTEM, as_of=as_of, dry_run=dry_run, **kwargs)


def test_the_purge_never_reads_the_content_it_deletes(world, former):
    """Deleting through the ORM's collector would load every sick report and employee
    record (care address, BSN) into memory first; the purge deletes by key instead."""
    for _ in range(3):
        former(ended=D(2024, 3, 31))
    with CaptureQueriesContext(connection) as queries:
        result = purge(DUE)
    assert result.deleted == 3 * (ABSENCE_ROWS + 4)
    # What the queries hand back: the select lists (an ORDER BY column is not read out).
    selected = [
        q["sql"].split(" FROM ")[0]
        for q in queries.captured_queries
        if q["sql"].lstrip().startswith("SELECT")
    ]
    for column in ('"care_street"', '"bsn"', '"work_possible"', '"first_name"', '"text"'):
        assert not [sql for sql in selected if column in sql], column


def test_rows_that_nothing_refers_to_go_in_one_statement(world, former):
    employee = former(ended=D(2024, 3, 31), absence=False)
    rows = AbsenceCase.objects.filter(employee=employee)
    case = AbsenceCase.objects.create(
        employer=employee.employer, employee=employee, first_sick_day=D(2023, 5, 1)
    )
    with CaptureQueriesContext(connection) as queries:
        assert categories.bulk_delete(rows) == 1
    deletes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("DELETE")]
    assert len(deletes) == 1
    assert not [q for q in queries.captured_queries if '"absences_absencecase"."id",' in q["sql"]]
    assert not AbsenceCase.objects.filter(pk=case.pk).exists()


def test_rows_still_referred_to_go_through_the_orm_with_its_cascades(world, former):
    """A partial recovery still hanging off a sick report: the ORM's delete takes it
    along (``CASCADE``), exactly as ``QuerySet.delete()`` would."""
    employee = former(ended=D(2024, 3, 31))
    report = SickReport.objects.get(employee=employee)
    assert PartialRecovery.objects.filter(report=report).exists()
    categories.bulk_delete(SickReport.objects.filter(pk=report.pk))
    assert not SickReport.objects.filter(pk=report.pk).exists()
    assert not PartialRecovery.objects.filter(report_id=report.pk).exists()


def test_a_protected_reference_still_refuses(world, former):
    employee = former(ended=D(2024, 3, 31))
    with pytest.raises(ProtectedError):
        categories.bulk_delete(AbsenceCase.objects.filter(employee=employee))
    assert AbsenceCase.objects.filter(employee=employee).exists()


def test_lists_of_ids_are_asked_in_bounded_chunks(world, former, monkeypatch):
    """SQLite takes 32,766 parameters in a statement by default: long id lists go in chunks,
    with the same answers as one list."""
    employees = [former(ended=D(2024, 3, 31)) for _ in range(5)]
    ids = sorted(e.pk for e in employees)
    whole = categories.employee_clocks(ids)
    monkeypatch.setattr(categories, "CHUNK", 2)
    assert categories.employee_clocks(ids) == whole
    assert set(categories.find_absence_admin(DUE, None)) == set(ids)
    assert set(categories.find_employee_records(DUE, None)) == set(ids)
    result = purge(DUE)
    assert result.deleted == 5 * (ABSENCE_ROWS + 4)
    assert result.employees == 5


def test_candidates_come_a_page_at_a_time_in_id_order(world, former, monkeypatch):
    ids = sorted(former(ended=D(2024, 3, 31)).pk for _ in range(5))
    monkeypatch.setattr(categories, "CANDIDATE_PAGE", 2)
    with CaptureQueriesContext(connection) as queries:
        assert list(categories.candidates(DUE)) == ids
    assert len(queries.captured_queries) == 3  # 2 + 2 + 1
    assert list(candidate_ids(DUE)) == ids  # each once, though two categories share them


@pytest.fixture
def unordered_category():
    def make(ids):
        registry.register(registry.Category(
            code="test_unordered", label="Test", requirements="-",
            find=lambda as_of, employee_ids: {}, delete=lambda employee_ids, *, dry_run: {},
            candidates=lambda as_of: list(reversed(ids)),
        ))  # fmt: skip

    yield make
    registry.unregister("test_unordered")


def test_candidates_out_of_order_are_refused(world, former, unordered_category):
    """The purge merges the categories' candidates in id order; one that does not keep
    to it could have a record decided twice."""
    unordered_category(sorted(former(ended=D(2024, 3, 31)).pk for _ in range(2)))
    with pytest.raises(ValueError, match="out of id order"):
        candidate_ids(DUE)


def test_one_decision_reads_the_clocks_once(world, former):
    """Absence data and the employee record run on the same clocks: deciding for a batch
    reads the employments' last actions once, not once per category."""
    ids = [former(ended=D(2024, 3, 31)).pk for _ in range(2)]
    with CaptureQueriesContext(connection) as queries:
        decisions = decide_for(ids, DUE)
    assert all(d.due == {"absence_admin", "employee_record"} for d in decisions.values())
    last_actions = [
        q for q in queries.captured_queries
        if 'MAX("organisations_employment"."start_date")' in q["sql"]
    ]  # fmt: skip
    assert len(last_actions) == 1


def test_candidates_are_ids_and_a_superset_of_what_is_due(world, former):
    due = former(ended=D(2024, 3, 31))
    not_yet = former(ended=D(2024, 4, 1))
    ids = list(candidate_ids(DUE))
    assert all(isinstance(pk, int) for pk in ids)
    assert ids == sorted(set(ids))
    assert due.pk in ids
    assert world.own_employee.pk not in ids  # employed: no clock runs
    assert not_yet.pk in ids  # a day's margin for 29 February; decide_for says no
    assert decide_for([not_yet.pk], DUE)[not_yet.pk].due == frozenset()


def test_accounts_shared_along_a_chain_keep_their_records_in_one_batch(world, former):
    """A's account has a grant on B's record, B's account one on C's: A, B and C are
    decided in one batch, however small the batches; D goes on its own."""
    a, b, c, d = (former(ended=D(2024, 3, 31)) for _ in range(4))
    grant(a.user, Role.EMPLOYEE, employer=world.employer, employee=b)
    grant(b.user, Role.EMPLOYEE, employer=world.employer, employee=c)
    batches = list(services._batches(sorted([a.pk, b.pk, c.pk, d.pk]), 1))
    assert batches == [sorted([a.pk, b.pk, c.pk]), [d.pk]]
    dry = purge(DUE, dry_run=True, batch_size=1)
    real = purge(DUE, batch_size=1)
    assert dry.categories == real.categories
    assert real.employees == 4


@pytest.mark.parametrize("own_record", [True, False])
def test_an_account_with_grants_on_two_records_ties_them(world, former, own_record):
    """Shared accounts are found by the database: an account with employee grants on two
    records (with or without a record of its own) keeps them in one batch."""
    a, b, c = (former(ended=D(2024, 3, 31)) for _ in range(3))
    user = a.user if own_record else UserFactory()
    for employee in (b, c) if own_record else (a, c):
        grant(user, Role.EMPLOYEE, employer=world.employer, employee=employee)
    tied = sorted([a.pk, c.pk] if not own_record else [a.pk, b.pk, c.pk])
    batches = list(services._batches(sorted([a.pk, b.pk, c.pk]), 1))
    assert tied in batches
    assert sorted(pk for batch in batches for pk in batch) == sorted([a.pk, b.pk, c.pk])


def test_held_employees_are_counted_once_across_batches(world, former, actor_of):
    employees = [former(ended=D(2024, 3, 31)) for _ in range(3)]
    services.legal_hold_place(
        actor=actor_of("hr"), employee=employees[1], kind="labour_dispute",
        reason="Procedure bij de kantonrechter.",
    )  # fmt: skip
    dry = purge(DUE, dry_run=True, batch_size=1)
    real = purge(DUE, batch_size=1)
    assert (dry.held_employees, real.held_employees) == (1, 1)
    assert (dry.employees, real.employees) == (2, 2)
    assert dry.categories == real.categories


def test_partial_recoveries_of_a_batch_go_with_their_reports(world, former):
    """Children before parents in set-based deletes: a second partial recovery and a
    report without one are both gone, and the counts say so."""
    employee = former(ended=D(2024, 3, 31))
    report = SickReport.objects.get(employee=employee)
    PartialRecovery.objects.create(
        report=report, from_date=D(2023, 6, 10), hours_per_week=Decimal(24)
    )
    result = purge(DUE)
    assert result.deleted == ABSENCE_ROWS + 1 + 4
    assert not PartialRecovery.objects.filter(report_id=report.pk).exists()
