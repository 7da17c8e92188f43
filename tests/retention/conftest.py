import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from poortwachter.absences.models import (
    AbsenceCase,
    EmergencyInfo,
    LeavePeriod,
    PartialRecovery,
    PublishedAdvice,
    ServiceQueueItem,
    SickReport,
)
from poortwachter.accounts.models import User
from poortwachter.core import clock
from poortwachter.core.roles import Role
from tests.factories import EmployeeFactory, EmploymentFactory, UserFactory, grant

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
#: Rows of absence data ``with_absence_history`` writes: case, report, partial recovery,
#: queue item, leave period, emergency information, and two advices of the company doctor
#: (the second superseding the first).
ABSENCE_ROWS = 8
RETENTION_DOCTOR = "retention-doctor@test.example"


def local(*args) -> dt.datetime:
    """A moment in Dutch local time, for ``time_machine.travel``."""
    return dt.datetime(*args, tzinfo=AMSTERDAM)


def with_absence_history(employee, first_day=dt.date(2023, 5, 1)) -> None:
    """One recovered sick report with everything that hangs off it (synthetic)."""
    case = AbsenceCase.objects.create(
        employer=employee.employer, employee=employee, first_sick_day=first_day,
        closed_on=first_day + dt.timedelta(days=60),
    )  # fmt: skip
    report = SickReport.objects.create(
        case=case, employer=employee.employer, employee=employee, first_sick_day=first_day,
        reported_at=clock.now(), phone="0612345678", care_street="Lindelaan",
        care_house_number="12", care_postcode="3511 AB", care_city="Utrecht",
        expected_duration="longer", safety_net_applies=False, work_accident=False,
        traffic_accident_third_party=False, recovered_on=first_day + dt.timedelta(days=60),
    )  # fmt: skip
    PartialRecovery.objects.create(
        report=report, from_date=first_day + dt.timedelta(days=30), hours_per_week=Decimal(16)
    )
    ServiceQueueItem.objects.create(report=report, employer=employee.employer)
    LeavePeriod.objects.create(
        employer=employee.employer, employee=employee,
        start=first_day + dt.timedelta(days=100), end=first_day + dt.timedelta(days=200),
    )  # fmt: skip
    EmergencyInfo.objects.create(
        employer=employee.employer, employee=employee, text="Bel mijn partner.",
        consent_given_at=clock.now(),
    )  # fmt: skip
    first = publish_advice(employee, case=case, advised_on=first_day + dt.timedelta(days=20))
    publish_advice(employee, case=case, advised_on=first_day + dt.timedelta(days=40),
                   supersedes=first)  # fmt: skip


def publish_advice(employee, **fields) -> PublishedAdvice:
    """A company doctor's advice as the medical module leaves it (synthetic)."""
    doctor = User.objects.filter(email=RETENTION_DOCTOR).first()
    doctor = doctor or UserFactory(email=RETENTION_DOCTOR)
    values = {
        "advised_on": clock.today(), "published_at": clock.now(),
        "work_possible": "Licht werk.", "work_not_possible": "Niet tillen.",
        "expected_duration": "weeks_2_6", "incapacity_percentage": 50, **fields,
    }  # fmt: skip
    return PublishedAdvice.objects.create(
        employer=employee.employer, employee=employee, doctor=doctor,
        source_ref=f"retentie-{PublishedAdvice.objects.count() + 1}", **values,
    )  # fmt: skip


@pytest.fixture
def former(world):
    """``former(ended=date)``: an employee of employer A whose only employment ended on
    that date, with an absence history and an account that holds only the employee role."""

    def make(ended=dt.date(2024, 3, 31), *, employer=None, department=None, absence=True):
        employer = employer or world.employer
        employee = EmployeeFactory(employer=employer)
        EmploymentFactory(
            employee=employee, employer=employer, department=department or world.department,
            end_date=ended,
        )  # fmt: skip
        user = UserFactory()
        grant(user, Role.EMPLOYEE, employer=employer, employee=employee)
        employee.user = user
        employee.save(update_fields=["user"])
        if absence:
            with_absence_history(employee)
        return employee

    return make


@pytest.fixture
def actor_of_hr(db):
    """An HR actor for any employer (for data the generator made)."""
    from poortwachter.accounts.selectors import actor_for_user

    def make(employer):
        user = UserFactory()
        grant(user, Role.HR, employer=employer)
        return actor_for_user(user)

    return make
