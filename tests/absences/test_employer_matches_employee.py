"""A row about an employee carries that employee's employer, enforced by the database
(issue 21; R-AUTHZ-1): HR and the doctor see sick reports through the report's own
``employer_id``, so a report filed under another employer would show it to that
employer's HR. The services set the column right; the triggers refuse any other writer."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.management.sql import emit_post_migrate_signal
from django.db import IntegrityError, connection, transaction

from poortwachter.absences import db as triggers
from poortwachter.absences import services
from poortwachter.absences.models import AbsenceCase, LeavePeriod, ServiceQueueItem, SickReport
from tests.absences.conftest import sick_input
from tests.helpers import employer_trigger_tables

migration = importlib.import_module(
    "poortwachter.absences.migrations.0006_employer_matches_employee"
)
queue_migration = importlib.import_module(
    "poortwachter.absences.migrations.0007_queue_item_employer_matches_report"
)


def test_every_table_with_an_employee_and_an_employer_is_guarded():
    models = apps.get_app_config("absences").get_models()
    fields = {model._meta.db_table: {f.name for f in model._meta.get_fields()} for model in models}
    with_employee = {table for table, names in fields.items() if {"employer", "employee"} <= names}
    # Every other table with an employer has a parent row whose employer it must carry.
    others = {table for table, names in fields.items() if "employer" in names} - with_employee
    assert others == set(triggers.PARENTS)
    assert with_employee == set(migration.TABLES)
    assert set(triggers.TABLES) == with_employee | set(queue_migration.TABLES) | others


def _guarded_tables() -> set[str]:
    return employer_trigger_tables("absences")


def test_every_table_carries_its_trigger_and_gets_it_back_after_a_migrate(db):
    """On SQLite a later migration that alters a column rebuilds the table and drops its
    triggers: after every ``migrate`` they are put back (post_migrate)."""
    assert _guarded_tables() == set(triggers.TABLES)
    dropped = triggers.TABLES[:3]
    triggers.drop_employer_triggers(connection, dropped)
    assert _guarded_tables() == set(triggers.TABLES) - set(dropped)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert _guarded_tables() == set(triggers.TABLES)


def test_a_sick_report_under_another_employer_is_refused(world, actor_of):
    report = services.sick_report_create(
        actor=actor_of("hr"), employee=world.own_employee, data=sick_input()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SickReport.objects.filter(pk=report.pk).update(employer=world.other_employer)
    with pytest.raises(IntegrityError), transaction.atomic():  # the other way round
        SickReport.objects.filter(pk=report.pk).update(employee=world.other_employee)
    with pytest.raises(IntegrityError), transaction.atomic():
        AbsenceCase.objects.create(
            employer=world.other_employer, employee=world.own_employee,
            first_sick_day=dt.date(2026, 1, 5),
        )  # fmt: skip
    report.refresh_from_db()
    assert report.employer_id == world.employer.pk == world.own_employee.employer_id
    # The service's queue item: its report's employer, no other.
    item = ServiceQueueItem.objects.get(report=report)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceQueueItem.objects.filter(pk=item.pk).update(employer=world.other_employer)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceQueueItem.objects.create(report=report, employer=world.other_employer)
    assert ServiceQueueItem.objects.get(report=report).employer_id == world.employer.pk


def test_rows_under_the_employees_own_employer_are_written(world):
    LeavePeriod.objects.create(
        employer=world.employer, employee=world.own_employee,
        start=dt.date(2026, 3, 2), end=dt.date(2026, 6, 21),
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        LeavePeriod.objects.create(
            employer=world.other_employer, employee=world.own_employee,
            start=dt.date(2026, 7, 1), end=dt.date(2026, 7, 2),
        )  # fmt: skip
    assert LeavePeriod.objects.filter(employee=world.own_employee).count() == 1
