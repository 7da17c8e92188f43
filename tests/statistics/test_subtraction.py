"""No statistics report can be subtracted into a group below the threshold (R-REP-1,
R-SICK-5, issue 16).

The attacker holds one report and subtracts shown figures from shown figures: the total
minus any set of shown departments; any time cell (the period, a quarter) minus any set
of shown months and quarters inside it; the duration classes from their total. What is
left describes the people behind the cells not subtracted. The test tries every such
subtraction and counts those people itself, from the employments and reports it created
(not through the code under test): each remainder must hold nobody or at least five.
"""

import datetime as dt
import itertools
from collections.abc import Iterable

import pytest

from poortwachter.absences.models import AbsenceCase, SickReport
from poortwachter.organisations.models import Employment
from poortwachter.statistics.periods import Period
from poortwachter.statistics.policies import StatisticsScope
from poortwachter.statistics.selectors import build_report
from poortwachter.statistics.suppression import hidden_cells
from tests.factories import DepartmentFactory, EmployeeFactory, EmployerFactory, EmploymentFactory

D = dt.date
K = 5
YEAR = Period.of(D(2025, 1, 1), D(2025, 12, 31))
SINCE = D(2024, 1, 1)


def _person(employer, department, *, start=SINCE, end=None, sick=()):
    employee = EmployeeFactory(employer=employer)
    EmploymentFactory(employee=employee, employer=employer, department=department,
                      start_date=start, end_date=end, hours_per_week=36)  # fmt: skip
    for first, back in sick:
        case = AbsenceCase.objects.create(employer=employer, employee=employee,
                                          first_sick_day=first, closed_on=back)  # fmt: skip
        SickReport.objects.create(
            case=case, employer=employer, employee=employee, first_sick_day=first,
            recovered_on=back, reported_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            phone="0612345678", care_street="Laan", care_house_number="1",
            care_postcode="1234 AB", care_city="Utrecht", expected_duration="days",
            safety_net_applies=False, work_accident=False, traffic_accident_third_party=False,
        )  # fmt: skip
    return employee


# --- independent counting ---------------------------------------------------------------


def _months() -> list[tuple[str, dt.date, dt.date]]:
    return [(b.key, b.start, b.end) for b in YEAR.months()]


def _people_in(employer, start: dt.date, end: dt.date, departments=None) -> set[int]:
    rows = Employment.objects.filter(employer=employer, start_date__lte=end).exclude(
        end_date__lt=start
    )
    if departments is not None:
        rows = rows.filter(department_id__in=departments)
    return set(rows.values_list("employee_id", flat=True))


def _union(groups: Iterable[set[int]]) -> set[int]:
    return set().union(*groups)


def _small(people: set[int]) -> bool:
    return 0 < len(people) < K


def _time_subtractions(report, employer, departments=None) -> list[str]:
    """Every way to subtract shown quarters and months from the period total (or from a
    shown quarter): the months left over, when their people are 1 to 4. ``departments``:
    the report's departments (``None``: the whole employer)."""
    months = {key: _people_in(employer, s, e, departments) for key, s, e in _months()}
    shown_months = {c.key for c in report.months if not c.suppressed}
    shown_quarters = {c.key for c in report.quarters if not c.suppressed}
    quarters = {q.key: [m.key for m in YEAR.months() if q.start <= m.start <= q.end]
                for q in YEAR.quarters()}  # fmt: skip
    leaks = []
    # Within one shown quarter: the quarter minus any of its shown months.
    for quarter, inside in quarters.items():
        if quarter not in shown_quarters:
            continue
        shown = [m for m in inside if m in shown_months]
        for size in range(len(shown) + 1):
            for taken in itertools.combinations(shown, size):
                left = [m for m in inside if m not in taken]
                if _small(_union(months[m] for m in left)):
                    leaks.append(f"{quarter} - {taken}")
    # The period total minus, per quarter, the quarter or any of its shown months.
    options = []
    for quarter, inside in quarters.items():
        shown = [m for m in inside if m in shown_months]
        choices = [frozenset(c) for n in range(len(shown) + 1)
                   for c in itertools.combinations(shown, n)]  # fmt: skip
        if quarter in shown_quarters:
            choices.append(frozenset(inside))
        options.append(choices)
    for combination in itertools.product(*options):
        taken = frozenset().union(*combination)
        left = [key for key, _s, _e in _months() if key not in taken]
        if _small(_union(months[m] for m in left)):
            leaks.append(f"total - {sorted(taken)}")
    return leaks


def _department_subtractions(report, employer, cells: dict[str, set[int]]) -> list[str]:
    """The total minus any set of shown department cells."""
    people = {key: _people_in(employer, YEAR.start, YEAR.end, ids) for key, ids in cells.items()}
    shown = [c.key for c in report.departments if not c.suppressed]
    leaks = []
    for size in range(len(shown) + 1):
        for taken in itertools.combinations(shown, size):
            left = [key for key in cells if key not in taken]
            if _small(_union(people[k] for k in left)):
                leaks.append(f"total - {taken}")
    return leaks


def _class_subtractions(report, employer) -> list[str]:
    """The ended reports' classes: those not shown, together, hold nobody or five."""
    durations = {}
    for employee_id, first, back in SickReport.objects.filter(
        employer=employer, recovered_on__gt=YEAR.start, recovered_on__lte=YEAR.end + dt.timedelta(1)
    ).values_list("employee_id", "first_sick_day", "recovered_on"):
        durations.setdefault(employee_id, []).append((back - first).days)
    bounds = {"short": (1, 6), "medium": (7, 42), "long": (43, 10**6)}
    people = {name: {e for e, days in durations.items() if any(lo <= d <= hi for d in days)}
              for name, (lo, hi) in bounds.items()}  # fmt: skip
    hidden = [name for name, _label, n in report.week_classes if n is None]
    leaks = [f"classes {hidden}"] if _small(_union(people[n] for n in hidden)) else []
    if report.average_duration is not None and _small(_union(people.values())):
        leaks.append("average duration")
    return leaks


# --- the worlds ------------------------------------------------------------------------


@pytest.fixture
def one_leaves(db):
    """A department of five where one person leaves on 31 March 2025 (the issue's case),
    and a second department of six, so the employer's report is shown."""
    employer = EmployerFactory()
    shop, office = DepartmentFactory(employer=employer), DepartmentFactory(employer=employer)
    _person(employer, shop, end=D(2025, 3, 31), sick=[(D(2025, 2, 3), D(2025, 2, 10))])
    for n in range(4):
        _person(employer, shop, sick=[(D(2025, 5 + n, 5), D(2025, 5 + n, 9))])
    for _ in range(6):
        _person(employer, office)
    return employer, shop, office


@pytest.fixture
def movers_and_newcomers(db):
    """People who join mid-year, a mover between two departments, short absences
    repeated by one person: the cases where counting heads per cell adds people twice."""
    employer = EmployerFactory()
    a, b, c = (DepartmentFactory(employer=employer) for _ in range(3))
    for n in range(5):
        _person(employer, a, sick=[(D(2025, 1 + n, 6), D(2025, 1 + n, 8))])
    mover = _person(employer, b, end=D(2025, 6, 30),
                    sick=[(D(2025, 3, 3), D(2025, 3, 5)), (D(2025, 4, 7), D(2025, 4, 9)),
                          (D(2025, 9, 1), D(2025, 9, 3))])  # fmt: skip
    EmploymentFactory(employee=mover, employer=employer, department=c, start_date=D(2025, 7, 1),
                      hours_per_week=36)  # fmt: skip
    for month in (8, 9, 10):
        _person(employer, c, start=D(2025, month, 1))
    _person(employer, b, sick=[(D(2025, 11, 3), D(2025, 12, 19))])
    return employer, a, b, c


# --- the tests -------------------------------------------------------------------------


def test_the_year_minus_the_first_quarter_no_longer_shows_the_four_who_stayed(one_leaves):
    """The issue's case: Q2-Q4 each hold the same four people; counted as twelve they
    needed no second hidden cell, and the year minus Q1 described those four."""
    employer, shop, _office = one_leaves
    report = build_report(StatisticsScope(employer, None, shop, "hr"), YEAR)
    assert not report.suppressed
    quarters = {c.key: c.suppressed for c in report.quarters}
    assert quarters == {"2025-K1": True, "2025-K2": True, "2025-K3": True, "2025-K4": True}
    assert _time_subtractions(report, employer, {shop.pk}) == []


@pytest.mark.parametrize("where", ["employer", "shop"])
def test_no_subtraction_of_the_first_world_finds_a_small_group(one_leaves, where):
    employer, shop, office = one_leaves
    department = shop if where == "shop" else None
    report = build_report(StatisticsScope(employer, None, department, "hr"), YEAR)
    assert not report.suppressed
    assert _time_subtractions(report, employer, {shop.pk} if department else None) == []
    if department is None:
        assert _class_subtractions(report, employer) == []
    if department is None:
        cells = {str(shop.pk): {shop.pk}, str(office.pk): {office.pk}}
        assert _department_subtractions(report, employer, cells) == []


def test_no_subtraction_of_movers_and_newcomers_finds_a_small_group(movers_and_newcomers):
    employer, a, b, c = movers_and_newcomers
    report = build_report(StatisticsScope(employer, None, None, "hr"), YEAR)
    assert not report.suppressed
    cells = {str(d.pk): {d.pk} for d in (a, b, c)}
    assert _department_subtractions(report, employer, cells) == []
    assert _time_subtractions(report, employer) == []
    assert _class_subtractions(report, employer) == []
    # The mover is one person in the months they spent in two departments' cells.
    department_sizes = {c.key: c.employees for c in report.departments}
    assert department_sizes.get(str(a.pk)) == 5


def test_a_small_group_behind_a_class_is_hidden_though_it_has_many_reports(db):
    """One person's five short absences are five reports but one person."""
    employer = EmployerFactory()
    department = DepartmentFactory(employer=employer)
    _person(employer, department, sick=[(D(2025, m, 6), D(2025, m, 8)) for m in range(1, 6)])
    for _ in range(5):
        _person(employer, department, sick=[(D(2025, 7, 7), D(2025, 7, 28))])
    report = build_report(StatisticsScope(employer, None, None, "hr"), YEAR)
    classes = {key: n for key, _label, n in report.week_classes}
    assert classes["short"] is None  # five reports, one person
    assert classes["medium"] is None  # five people, hidden as the complementary class
    assert _class_subtractions(report, employer) == []


def test_hidden_cells_count_people_once_across_cells():
    """The rule itself: three cells of the same four people are four people."""
    same = {1, 2, 3, 4}
    sizes = {"q1": 5, "q2": 4, "q3": 4, "q4": 4}
    members = {"q1": same | {5}, "q2": same, "q3": same, "q4": same}
    assert hidden_cells(sizes, 5) == ({"q2", "q3", "q4"}, False)  # heads added: 12
    assert hidden_cells(sizes, 5, members) == ({"q1", "q2", "q3", "q4"}, False)
