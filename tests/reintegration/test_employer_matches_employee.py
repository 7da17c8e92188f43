"""The re-integration file's rows about an employee carry that employee's employer,
enforced by the database (R-AUTHZ-1), as the absence app's rows are
(``tests/absences/test_employer_matches_employee.py``): HR reads plans, tasks, notes and
appointments through the row's own ``employer_id``, so a note filed under another
employer would show it to that employer's HR."""

import importlib

import pytest
from django.apps import apps
from django.core.management.sql import emit_post_migrate_signal
from django.db import IntegrityError, connection, transaction

from poortwachter.absences import db as absence_triggers
from poortwachter.reintegration import db as triggers
from poortwachter.reintegration.models import ConversationNote, Task, TaskRole
from tests.helpers import employer_trigger_tables
from tests.reintegration.conftest import make_case

migration = importlib.import_module(
    "poortwachter.reintegration.migrations.0008_employer_matches_employee"
)


def test_every_table_with_an_employee_and_an_employer_is_guarded():
    tables = {
        model._meta.db_table
        for model in apps.get_app_config("reintegration").get_models()
        if {"employer", "employee"} <= {field.name for field in model._meta.get_fields()}
    }
    assert tables == set(migration.TABLES) == set(triggers.TABLES)


def _guarded_tables() -> set[str]:
    return employer_trigger_tables("reintegration")


def test_every_table_carries_its_trigger_and_gets_it_back_after_a_migrate(db):
    assert _guarded_tables() == set(triggers.TABLES)
    dropped = triggers.TABLES[:4]
    absence_triggers.drop_employer_triggers(connection, dropped)
    assert _guarded_tables() == set(triggers.TABLES) - set(dropped)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert _guarded_tables() == set(triggers.TABLES)


def test_a_task_or_note_under_another_employer_is_refused(world):
    case = make_case(world.own_employee, days_ago=20)
    task = Task.objects.create(
        case=case, employer=world.employer, employee=world.own_employee, code="evaluation",
        n=1, label="Evaluatie", role=TaskRole.HR, due_on=case.first_sick_day,
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(employer=world.other_employer)
    with pytest.raises(IntegrityError), transaction.atomic():  # the other way round
        Task.objects.filter(pk=task.pk).update(employee=world.other_employee)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConversationNote.objects.create(
            case=case, employer=world.other_employer, employee=world.own_employee,
            held_on=case.first_sick_day, participants="Teamleider en werknemer",
            agreements="Het rooster wordt volgende week besproken.", author_role="manager",
        )  # fmt: skip
    task.refresh_from_db()
    assert task.employer_id == world.employer.pk == world.own_employee.employer_id
    assert not ConversationNote.objects.exists()
