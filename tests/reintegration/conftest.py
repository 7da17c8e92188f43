"""Re-integration files for the personas of ``tests/conftest.py``: long-term absence
cases with a published advice of the doctor, and the task queue run immediately."""

import datetime as dt

import pytest
from django.test import override_settings

from poortwachter.absences.models import AbsenceCase, PublishedAdvice, SickReport
from poortwachter.core import clock
from poortwachter.reintegration import services
from tests.helpers import IMMEDIATE_TASKS

ADVICE_TEXT = "ADVIES-7f3a Licht administratief werk, vier uur per dag."


def make_case(employee, *, days_ago: int, safety_net: bool = False) -> AbsenceCase:
    day = clock.today() - dt.timedelta(days=days_ago)
    case = AbsenceCase.objects.create(
        employer=employee.employer, employee=employee, first_sick_day=day
    )
    SickReport.objects.create(
        case=case, employer=employee.employer, employee=employee, first_sick_day=day,
        reported_at=clock.now() - dt.timedelta(days=days_ago), phone="0612345678",
        care_street="Laan", care_house_number="1", care_postcode="1234 AB",
        care_city="Utrecht", expected_duration="longer", safety_net_applies=safety_net,
        work_accident=False, traffic_accident_third_party=False,
    )  # fmt: skip
    return case


def publish(case, doctor, *, days_after: int = 35, ref: str = "") -> PublishedAdvice:
    return PublishedAdvice.objects.create(
        employer=case.employer, employee=case.employee, case=case, doctor=doctor,
        advised_on=case.first_sick_day + dt.timedelta(days=days_after),
        published_at=clock.now(), source_ref=ref or f"test-{case.pk}-{days_after}",
        work_possible=ADVICE_TEXT, work_not_possible="Niet tillen.",
        expected_duration="weeks_6_months_3", incapacity_percentage=50,
    )  # fmt: skip


def plan_input(case, advice, manager, **changes) -> services.PlanInput:
    day = advice.advised_on + dt.timedelta(days=7)
    values = {
        "drawn_up_on": day, "activities": "Werkhervatting in aangepast werk, vier uur per dag.",
        "goals": "Terug in het eigen werk.", "goal_date": day + dt.timedelta(days=90),
        "evaluation_moments": "Elke zes weken.", "next_evaluation_on": day + dt.timedelta(days=42),
        "case_manager_id": manager.pk, "advice_id": advice.pk,
        "employer_view": "Volledige terugkeer is haalbaar.",
    }  # fmt: skip
    values.update(changes)
    return services.PlanInput(**values)


@pytest.fixture
def immediate_tasks():
    with override_settings(TASKS=IMMEDIATE_TASKS):
        yield


@pytest.fixture
def long_case(world):
    """Eva, 60 days sick, with the doctor's advice of day 36."""
    case = make_case(world.own_employee, days_ago=60)
    case.advice = publish(case, world.doctor)
    return case
