"""The synthetic data generator (R-DEV-1): deterministic for a seed, valid BSNs, every
person marked synthetic, and the dataset recorded."""

import datetime as dt
from decimal import Decimal
from itertools import islice

import pytest
import time_machine
from hypothesis import example, given
from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

from poortwachter.core.bsn import bsn_sequence, check_digit
from poortwachter.devtools.synthetic import generate
from poortwachter.organisations.models import (
    Department,
    Employee,
    Employer,
    Employment,
    SyntheticDataset,
)

EMPLOYERS, EMPLOYEES, YEARS = 3, 200, 5
# The generator dates employments relative to today: freeze it so that a run across
# midnight still compares like with like.
FROZEN = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def _generate(seed: int):
    with time_machine.travel(FROZEN, tick=False):
        return generate(seed=seed, employers=EMPLOYERS, employees=EMPLOYEES, years=YEARS)


def _snapshot() -> list[tuple]:
    """Everything generated, without database ids (they differ between runs)."""
    rows = []
    for employer in Employer.objects.order_by("id"):
        departments = sorted(employer.departments.values_list("name", flat=True))
        rows.append((employer.name, employer.kvk_number, tuple(departments)))
        employments = Employment.objects.filter(employer=employer).select_related(
            "employee", "department"
        )
        for job in employments.order_by("employee__personnel_number"):
            e = job.employee
            rows.append(
                (
                    e.personnel_number,
                    e.first_name,
                    e.name_prefix,
                    e.last_name,
                    e.bsn,
                    e.date_of_birth,
                    e.email,
                    e.postcode,
                    job.department.name,
                    job.job_title,
                    job.start_date,
                    job.end_date,
                    job.hours_per_week,
                )
            )
    return rows


def _delete_generated() -> None:
    from poortwachter.absences.models import AbsenceCase, PartialRecovery, SickReport

    for model in (PartialRecovery, SickReport, AbsenceCase, Employment, Employee, Department,
                  Employer, SyntheticDataset):  # fmt: skip
        model.objects.all().delete()


@pytest.fixture
def dataset(db):
    return _generate(seed=7)


def test_same_seed_gives_the_same_data(dataset):
    first = _snapshot()
    _delete_generated()
    assert not Employee.objects.exists()

    _generate(seed=7)

    assert _snapshot() == first


def test_a_different_seed_gives_different_data(dataset):
    first = _snapshot()
    first_bsns = set(Employee.objects.values_list("bsn", flat=True))
    _delete_generated()

    _generate(seed=8)

    assert _snapshot() != first
    assert set(Employee.objects.values_list("bsn", flat=True)) != first_bsns


def test_every_bsn_passes_the_eleven_test_and_is_unique(dataset):
    bsns = list(Employee.objects.values_list("bsn", flat=True))
    assert len(bsns) == EMPLOYEES
    assert all(stdnum_bsn.is_valid(number) for number in bsns)
    assert len(set(bsns)) == len(bsns)


def test_every_employer_and_employee_is_synthetic(dataset):
    assert not Employer.objects.filter(is_synthetic=False).exists()
    assert not Employee.objects.filter(is_synthetic=False).exists()


def test_counts_match_the_request(dataset):
    assert Employer.objects.count() == EMPLOYERS
    assert Employee.objects.count() == EMPLOYEES
    assert Employment.objects.count() == EMPLOYEES
    assert Department.objects.count() >= 2 * EMPLOYERS
    assert all(employer.employees.exists() for employer in Employer.objects.all())
    assert {k: dataset.counts[k] for k in ("employers", "employees", "employments")} == {
        "employers": EMPLOYERS,
        "employees": EMPLOYEES,
        "employments": EMPLOYEES,
    }


def test_employments_are_plausible(dataset):
    for job in Employment.objects.select_related("employee", "department"):
        assert Decimal(0) < job.hours_per_week <= Decimal(60)
        assert job.end_date is None or job.end_date >= job.start_date
        assert job.employer_id == job.employee.employer_id == job.department.employer_id


def test_the_dataset_records_its_parameters(dataset):
    recorded = SyntheticDataset.objects.get()
    assert recorded.seed == 7
    assert recorded.parameters == {
        "employers": EMPLOYERS,
        "employees": EMPLOYEES,
        "years": YEARS,
    }


def test_too_few_employees_is_refused(db):
    with pytest.raises(ValueError, match="employee per employer"):
        generate(seed=1, employers=3, employees=2, years=1)
    assert not SyntheticDataset.objects.exists()


@given(st.integers(min_value=10_000_000, max_value=99_999_999))
@example(10_000_000)
@example(99_999_990)
@example(99_999_999)
def test_bsn_sequence_yields_only_valid_numbers_and_skips_none(start):
    numbers = list(islice(bsn_sequence(start), 30))
    assert numbers, "at most one prefix in eleven has no check digit"
    assert all(stdnum_bsn.is_valid(number) and len(number) == 9 for number in numbers)
    prefixes = [int(number[:8]) for number in numbers]
    assert prefixes[0] >= start
    assert prefixes == sorted(set(prefixes))
    # Every prefix passed over has no valid check digit (sum % 11 == 10).
    wanted = set(prefixes)
    for prefix in range(start, prefixes[-1]):
        assert (prefix in wanted) == (check_digit(f"{prefix:08d}") is not None)


@pytest.mark.parametrize("start", [0, 9_999_999, 100_000_000, -1])
def test_bsn_sequence_refuses_a_start_that_is_not_eight_digits(start):
    with pytest.raises(ValueError, match="8-digit"):
        bsn_sequence(start)


def test_email_addresses_are_valid(dataset):
    from django.core.validators import validate_email

    for email in Employee.objects.values_list("email", flat=True):
        validate_email(email)  # raises on accents, commas, spaces


def test_surnames_carry_no_doubled_prefix(dataset):
    from poortwachter.devtools.synthetic import split_prefix

    for prefix, last in Employee.objects.values_list("name_prefix", "last_name"):
        assert split_prefix(last) == ("", last), (prefix, last)


def test_everyone_starts_work_as_an_adult(dataset):
    for employment in Employment.objects.select_related("employee"):
        age_at_start = (employment.start_date - employment.employee.date_of_birth).days / 365.25
        assert 18 <= age_at_start <= 67


def test_split_prefix_and_email_local_part():
    from poortwachter.devtools.synthetic import email_local_part, split_prefix

    assert split_prefix("van der Maes") == ("van der", "Maes")
    assert split_prefix("Vandermeer") == ("", "Vandermeer")
    assert email_local_part("Daniël", "van", "Bourgondië,", "3") == "daniel.van.bourgondie.3"
