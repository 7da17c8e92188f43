"""The absence percentage uses the company doctor's published incapacity percentage where
one exists (issue 16, R-INC-1): the hours a manager records (partial recovery) give the
incapacity fraction only before the report's first published advice. docs/statistics.md
gives the rule; every figure below is worked out by hand.

Source of the formula: "Berekening van ziekteverzuim" (CBS/NIA/TNO, 1996), absence
percentage = Σ sick days × part-time factor × incapacity fraction ÷ Σ available days ×
part-time factor; the incapacity fraction is the degree of incapacity as the company
doctor established it (R-INC-1: the only percentage the employer may record).
"""

import datetime as dt

import pytest
from django.utils import timezone

from poortwachter.absences.models import LeavePeriod, PartialRecovery, PublishedAdvice
from poortwachter.statistics import metrics
from poortwachter.statistics.periods import Period
from tests.factories import DepartmentFactory
from tests.statistics.conftest import END, START, person, sick

D = dt.date
PERIOD = Period.of(START, END)  # 1-1-2024 to 31-3-2024


def _advice(report, day: dt.date, percentage: int, doctor) -> PublishedAdvice:
    return PublishedAdvice.objects.create(
        employer=report.employer, employee=report.employee, case=report.case, doctor=doctor,
        advised_on=day, published_at=timezone.now(),
        source_ref=f"stat-{report.pk}-{day}-{percentage}", work_possible="Licht werk.",
        work_not_possible="Niet tillen.", expected_duration="weeks_2_6",
        incapacity_percentage=percentage,
    )  # fmt: skip


@pytest.fixture
def warehouse(stats):
    """A department of five, each with one case; full-time week 40 hours."""
    employer, doctor = stats.employer, stats.world.doctor
    department = DepartmentFactory(employer=employer, name="Magazijn Noord")
    # A: 40 h, sick 1-2, back 1-3 (29 days); works 10 of 40 h from 11-2 (hours-based
    # fraction 0.75); the doctor publishes 50 % on 21-2.
    a = sick(person(employer, department, "A"), D(2024, 2, 1), D(2024, 3, 1))
    PartialRecovery.objects.create(report=a, from_date=D(2024, 2, 11), hours_per_week=10)
    _advice(a, D(2024, 2, 21), 50, doctor)
    # B: 20 h (part-time factor 0.5), sick 8-1, back 22-1; 100 % on 8-1, 40 % on 15-1.
    b = sick(person(employer, department, "B", hours=20), D(2024, 1, 8), D(2024, 1, 22))
    _advice(b, D(2024, 1, 8), 100, doctor)
    _advice(b, D(2024, 1, 15), 40, doctor)
    # C: sick 5-3, back 10-3 (5 days); an advice of an earlier absence (10-12-2023, 0 %)
    # and one after the recovery (20-3, 0 %) do not apply.
    c = sick(person(employer, department, "C"), D(2024, 3, 5), D(2024, 3, 10))
    _advice(c, D(2023, 12, 10), 0, doctor)
    _advice(c, D(2024, 3, 20), 0, doctor)
    # D: sick 4-3, back 14-3 (10 days); two advices of 4-3: the later one (30 %) replaces
    # the first (80 %) and the days are not counted twice.
    d = sick(person(employer, department, "D"), D(2024, 3, 4), D(2024, 3, 14))
    _advice(d, D(2024, 3, 4), 80, doctor)
    _advice(d, D(2024, 3, 4), 30, doctor)
    # E: sick from 1-3, still sick on 31-3 (31 days); 60 % from 1-3; maternity leave
    # 11-3 to 20-3 (10 days): neither sick nor available days.
    e_person = person(employer, department, "E")
    e = sick(e_person, D(2024, 3, 1))
    _advice(e, D(2024, 3, 1), 60, doctor)
    LeavePeriod.objects.create(employer=employer, employee=e_person, start=D(2024, 3, 11),
                               end=D(2024, 3, 20))  # fmt: skip
    return metrics.Scope(employer.pk, 40.0, frozenset({department.pk})), department


def test_the_doctors_percentage_replaces_the_hours_based_fraction(warehouse):
    scope, department = warehouse
    sums = metrics.compute(scope, PERIOD).by_department[department.pk]
    # January: B 7 days × 0.5 × 1 + 7 days × 0.5 × 0.4 = 3.5 + 1.4 = 4.9 (14 × 0.5 = 7
    # without the advices).
    assert sums.absent(0) == pytest.approx(4.9)
    # February: A 10 × 1 + 10 × 0.75 (hours, before the first advice) + 9 × 0.5 (the
    # doctor's 50 % from 21-2 to 29-2) = 22.0 (24.25 with the hours alone).
    assert sums.absent(1) == pytest.approx(22.0)
    # March: C 5 × 1 = 5; D 10 × 0.3 = 3; E (31 − 10 leave) × 0.6 = 12.6: 20.6.
    assert sums.absent(2) == pytest.approx(20.6)


def test_the_period_totals_agree(warehouse):
    scope, _department = warehouse
    absent, available = metrics.absence_totals(scope, PERIOD)
    assert absent == pytest.approx(4.9 + 22.0 + 20.6)
    # Available: A, C, D, E 4 × 91 = 364; B 91 × 0.5 = 45.5; E's 10 leave days out: 399.5.
    assert available == pytest.approx(364 + 45.5 - 10)


def test_without_an_advice_the_hours_still_count(stats):
    """docs/statistics.md worked example, E2: 10 + 19 × 0.75 = 24.25 (no advice)."""
    scope = metrics.Scope(stats.employer.pk, 40.0, frozenset({stats.world.department.pk}))
    care = metrics.compute(scope, PERIOD).by_department[stats.world.department.pk]
    assert sum(care.absent(i) for i in range(3)) == pytest.approx(5 + 24.25 + 6)
