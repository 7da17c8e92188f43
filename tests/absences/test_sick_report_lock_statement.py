"""The sick report's locked statement, compiled once per shape of the actor's scope
(``core.statements``, issue 21): it reads the same row as the ORM's own
``values_list(...).first()`` for every actor and situation, the scope stays the policy's
(another employer's employee, an actor without scope: no row), and a shape whose
parameters do not line up runs through the ORM."""

import datetime as dt

import pytest
from django.db import transaction
from django.db.transaction import TransactionManagementError

from poortwachter.absences import services
from poortwachter.absences.models import LeavePeriod, PublishedAdvice
from poortwachter.absences.policies import reportable_employees
from poortwachter.core import clock, statements
from poortwachter.organisations.models import Employee
from tests.absences.conftest import DAY

ADAPT = "adapt_datefield_value"


@pytest.fixture(autouse=True)
def _no_shapes():
    statements.clear()
    yield
    statements.clear()


def _both(actor, employee, day):
    """The row through ``first_row`` and through the ORM, in a transaction (the lock)."""
    scope = reportable_employees(actor).select_for_update().filter(pk=employee.pk)
    with transaction.atomic():
        cached = statements.first_row(
            "test_lock", scope, services._locked_row, value=day, other=day + DAY, adapt=ADAPT
        )
        orm = services._locked_row(scope, day).first()
    return cached, orm


def test_the_compiled_statement_reads_what_the_orm_reads(world, actor_of, report_for):
    """HR and the manager (two shapes), before and after a report and its recovery, with
    leave in the gap and an advice without a case: each value equal to the ORM's, also
    on the second and third call of a shape (the compiled SQL)."""
    eva, kees = world.own_employee, world.kitchen_employee
    today = clock.today()
    for persona in ("hr", "manager"):
        for employee in (eva, kees):
            for day in (today, today - 3 * DAY):
                cached, orm = _both(actor_of(persona), employee, day)
                assert cached == orm
    report = report_for("hr", eva, first_sick_day=today - 40 * DAY)
    report.recovered_on = today - 10 * DAY
    report.save(update_fields=["recovered_on"])
    LeavePeriod.objects.create(
        employer_id=eva.employer_id, employee=eva, start=today - 8 * DAY, end=today + 30 * DAY
    )
    PublishedAdvice.objects.create(
        employer_id=eva.employer_id, employee=eva, doctor=world.users["doctor"],
        advised_on=today, published_at=clock.now(), source_ref="vergrendeling-1",
        work_possible="Licht werk.", work_not_possible="Niet tillen.",
        expected_duration="weeks_2_6", incapacity_percentage=50,
    )  # fmt: skip
    for persona in ("hr", "manager"):
        cached, orm = _both(actor_of(persona), eva, today)
        assert cached == orm
        employed, last_first, last_recovered, leave_in_gap, webhooks, leave, loose, _ends = cached
        assert (employed, last_first, last_recovered) == (True, today - 40 * DAY, today - 10 * DAY)
        assert (leave_in_gap, leave, loose, webhooks) == (True, True, True, False)
        assert isinstance(last_first, dt.date)
    # HR's scope and the manager's: two kinds of SQL, each compiled once.
    shapes = [compiled for key, compiled in statements._shapes.items() if key[0] == "test_lock"]
    assert len(shapes) == 2
    assert all(shapes)


def test_the_scope_stays_the_policys(world, actor_of):
    """Another employer's employee, someone outside the manager's department and an actor
    with no scope at all: no row, as through the ORM, also once the shape is compiled."""
    other, kees, eva = world.other_employee, world.kitchen_employee, world.own_employee
    today = clock.today()
    assert _both(actor_of("hr"), eva, today)[0] is not None  # the shape, compiled
    assert _both(actor_of("hr"), other, today) == (None, None)
    assert _both(actor_of("manager"), eva, today)[0] is not None
    assert _both(actor_of("manager"), kees, today) == (None, None)
    assert _both(actor_of("doctor"), eva, today) == (None, None)


def test_a_shape_whose_parameters_do_not_line_up_runs_through_the_orm(world, actor_of):
    """A build that puts something other than the adapted value where the value varies
    is not compiled once: it runs through the ORM and still reads the right row."""

    def shifted(scope, day):
        return services._locked_row(scope, day - 28 * DAY)

    actor, eva, today = actor_of("hr"), world.own_employee, clock.today()
    scope = reportable_employees(actor).select_for_update().filter(pk=eva.pk)
    with transaction.atomic():
        for _ in range(2):
            row = statements.first_row(
                "test_shifted", scope, shifted, value=today, other=today + DAY, adapt=ADAPT
            )
            assert row == shifted(scope, today).first()
    assert [statements._shapes[key] for key in statements._shapes if key[0] == "test_shifted"] == [
        None
    ]


@pytest.mark.django_db(transaction=True)
def test_the_lock_needs_a_transaction(world, actor_of):
    """A locking statement outside a transaction is refused (Django's compiler refuses it
    on PostgreSQL; this on SQLite too), also once its SQL is compiled."""
    actor, eva, today = actor_of("hr"), world.own_employee, clock.today()
    _both(actor, eva, today)
    scope = reportable_employees(actor).select_for_update().filter(pk=eva.pk)
    with pytest.raises(TransactionManagementError):
        statements.first_row(
            "test_lock", scope, services._locked_row, value=today, other=today + DAY, adapt=ADAPT
        )


def test_employee_model_is_what_the_statement_reads():
    """The statement reads the employee table (the scope's model)."""
    assert services._locked_row(Employee.objects.none(), clock.today()).model is Employee
