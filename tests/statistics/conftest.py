"""Employer A of the personas' world, filled for the first quarter of 2024 with cases
whose figures docs/statistics.md and test_metrics.py compute by hand.

Full-time week: 40 hours. Period: 1-1-2024 to 31-3-2024 (91 days: 31 + 29 + 31).

| who | department | hours | what happens |
|---|---|---|---|
| Eva, Nina, Kees (the world's) | Verpleging, Nachtdienst, Keuken | 32 | nothing |
| E1 | Verpleging | 20 | sick 10-1 to 19-1 (back 20-1) |
| E2 | Verpleging | 40 | sick from 1-2; from 11-2 works 10 of 40 hours; back 1-3 |
| E3 | Verpleging | 40 | sick 2-1 to 4-1 and again 15-1 to 17-1 (one case, two reports) |
| F1 | Verpleging | 40 | nothing |
| N1 | Nachtdienst | 40 | nothing |
| E4 | Keuken | 40 | sick 20-12-2023 to 5-1 (cut at the start); again from 25-3, open |
| E5 | Keuken | 40 | sick 22-1 to 4-2; maternity leave 1-2 to 31-3 |
| E6 | Keuken | 40 | joins 15-2 |
| E7 | Keuken | 40 | leaves 31-1 |
| E8 | Kantoor | 40 | reports on 1-5-2023, 10-9-2023 and 4-3-2024 (2 days each) |
| F4 | Kantoor | 40 | nothing |

Group sizes: Verpleging 5 + Nachtdienst 2, Keuken 5, Kantoor 2: 14 employees.
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from poortwachter.absences.models import AbsenceCase, LeavePeriod, PartialRecovery, SickReport
from tests.factories import DepartmentFactory, EmployeeFactory, EmploymentFactory

D = dt.date
START, END = D(2024, 1, 1), D(2024, 3, 31)


def sick(employee, first, back=None, case=None):
    """A sick report from ``first``; ``back`` is the first day back at work."""
    case = case or AbsenceCase.objects.create(
        employer=employee.employer, employee=employee, first_sick_day=first, closed_on=back
    )
    return SickReport.objects.create(
        case=case, employer=employee.employer, employee=employee, first_sick_day=first,
        reported_at=dt.datetime.combine(first, dt.time(8), tzinfo=dt.UTC), phone="0612345678",
        care_street="Laan", care_house_number="1", care_postcode="1234AB", care_city="Utrecht",
        expected_duration="days", safety_net_applies=False, work_accident=False,
        traffic_accident_third_party=False, recovered_on=back,
    )  # fmt: skip


def person(employer, department, name, hours=40, start=None, end=None):
    start = start or D(2020, 1, 1)
    employee = EmployeeFactory(employer=employer, first_name=name, last_name=f"Test{name}")
    EmploymentFactory(
        employee=employee, employer=employer, department=department, start_date=start,
        end_date=end, hours_per_week=Decimal(hours),
    )  # fmt: skip
    return employee


@pytest.fixture
def stats(world):
    employer = world.employer
    employer.fulltime_hours = Decimal("40.0")
    employer.save(update_fields=["fulltime_hours"])
    s = SimpleNamespace(world=world, employer=employer)
    care, night, kitchen = world.department, world.sub_department, world.sibling_department
    office = DepartmentFactory(employer=employer, name="Kantoor")
    s.office = office
    s.e1 = person(employer, care, "E1", hours=20)
    sick(s.e1, D(2024, 1, 10), D(2024, 1, 20))
    s.e2 = person(employer, care, "E2")
    report = sick(s.e2, D(2024, 2, 1), D(2024, 3, 1))
    PartialRecovery.objects.create(report=report, from_date=D(2024, 2, 11), hours_per_week=10)
    s.e3 = person(employer, care, "E3")
    first = sick(s.e3, D(2024, 1, 2), D(2024, 1, 5))
    sick(s.e3, D(2024, 1, 15), D(2024, 1, 18), case=first.case)  # relapse: same case
    person(employer, care, "F1")
    person(employer, night, "N1")
    s.e4 = person(employer, kitchen, "E4")
    sick(s.e4, D(2023, 12, 20), D(2024, 1, 6))
    sick(s.e4, D(2024, 3, 25))
    s.e5 = person(employer, kitchen, "E5")
    sick(s.e5, D(2024, 1, 22), D(2024, 2, 5))
    LeavePeriod.objects.create(employer=employer, employee=s.e5, start=D(2024, 2, 1), end=END)
    person(employer, kitchen, "E6", start=D(2024, 2, 15))
    person(employer, kitchen, "E7", end=D(2024, 1, 31))
    s.e8 = person(employer, office, "E8")
    for first in (D(2023, 5, 1), D(2023, 9, 10), D(2024, 3, 4)):
        sick(s.e8, first, first + dt.timedelta(days=2))
    person(employer, office, "F4")
    return s
