"""The parts of a re-integration file share one shape (issue 14): the case, its employer
and its employee, from the abstract ``CaseRecord``, with the reverse names and the
schema they had when each model declared them itself."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models

from poortwachter.absences.models import AbsenceCase
from poortwachter.organisations.models import Employee
from poortwachter.reintegration.models import (
    CaseRecord,
    Evaluation,
    PlanOfAction,
    Task,
    ThirdPartyReport,
    UwvNotification,
)

FILE_PARTS = (PlanOfAction, Evaluation, UwvNotification, ThirdPartyReport, Task)


@pytest.mark.parametrize("model", FILE_PARTS)
def test_each_part_of_the_file_refers_to_case_employer_and_employee(model):
    assert issubclass(model, CaseRecord)
    for name in ("case", "employer", "employee"):
        field = model._meta.get_field(name)
        assert field.remote_field.on_delete is models.PROTECT


def test_the_reverse_names_are_the_ones_code_and_queries_use():
    def accessors(target):
        return {
            relation.related_model.__name__: relation.get_accessor_name()
            for relation in target._meta.related_objects
            if relation.related_model in FILE_PARTS
        }

    assert accessors(AbsenceCase) == {
        "PlanOfAction": "plan_of_action", "Evaluation": "evaluations",
        "UwvNotification": "uwv_notifications", "ThirdPartyReport": "third_party_reports",
        "Task": "tasks",
    }  # fmt: skip
    assert accessors(Employee) == {
        "PlanOfAction": "plans_of_action", "Evaluation": "evaluations",
        "UwvNotification": "uwv_notifications", "ThirdPartyReport": "third_party_reports",
        "Task": "reintegration_tasks",
    }  # fmt: skip
    assert PlanOfAction._meta.get_field("case").one_to_one


@pytest.mark.django_db
def test_the_shared_shape_needs_no_migration():
    call_command("makemigrations", "reintegration", check=True, dry_run=True, stdout=StringIO())
