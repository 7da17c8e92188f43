"""No statistics report can be subtracted into a group below the threshold (R-REP-1,
R-SICK-5, issue 16).

The attacker holds one report and subtracts shown figures from shown figures: the total
minus any set of shown departments; any time cell (the period, a quarter) minus any set
of shown months and quarters inside it; the duration classes from their total. What is
left describes the people behind the cells not subtracted. The test tries every such
subtraction and counts those people itself, from the employments and reports it created
(not through the code under test): each remainder must hold nobody or at least five.
"""

import csv
import datetime as dt
import html
import io
import itertools
import json
import re
from collections.abc import Iterable
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from poortwachter.absences.models import AbsenceCase, SickReport
from poortwachter.core.roles import Role
from poortwachter.organisations.models import Department, Employment
from poortwachter.statistics.periods import Period
from poortwachter.statistics.policies import StatisticsScope
from poortwachter.statistics.selectors import build_report
from poortwachter.statistics.suppression import hidden_cells
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    EmployerFactory,
    EmploymentFactory,
    UserFactory,
    enrol_totp,
    grant,
)
from tests.helpers import sign_in
from tests.privacy.pdf_text import pdf_text

D = dt.date
K = 5
YEAR = Period.of(D(2025, 1, 1), D(2025, 12, 31))
Q1 = Period.of(D(2025, 1, 1), D(2025, 3, 31))
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


#: The duration classes the report shows side by side, in days (both ends counted).
CLASS_BOUNDS = {
    "short": (1, 6), "medium": (7, 42), "long": (43, 10**6),
    "d1_14": (1, 14), "d15_91": (15, 91), "d92_365": (92, 365), "d366_730": (366, 730),
    "d731_plus": (731, 10**6),
}  # fmt: skip


def _class_subtractions(report, employer) -> list[str]:
    """The ended reports' classes in weeks and Vernet's, beside their total: every sum and
    difference of shown classes and the total (each taken +1, 0 or -1 times) that counts
    the reports of a set of day ranges describes the people with such a report; none may
    hold 1 to 4 people. One class minus another of the other breakdown (1-14 days minus
    1-6 days) is such a difference."""
    durations: dict[int, list[int]] = {}
    for employee_id, first, back in SickReport.objects.filter(
        employer=employer, recovered_on__gt=YEAR.start, recovered_on__lte=YEAR.end + dt.timedelta(1)
    ).values_list("employee_id", "first_sick_day", "recovered_on"):
        durations.setdefault(employee_id, []).append((back - first).days)
    edges = sorted({lo for lo, _hi in CLASS_BOUNDS.values()})
    ranges = [(lo, hi - 1) for lo, hi in zip(edges, [*edges[1:], 10**6 + 1], strict=True)]
    range_people = [{e for e, days in durations.items() if any(lo <= d <= hi for d in days)}
                    for lo, hi in ranges]  # fmt: skip
    shown = [name for name, _label, n in [*report.week_classes, *report.vernet_classes]
             if n is not None]  # fmt: skip
    vectors = [tuple(1 for _ in ranges)] + [
        tuple(int(CLASS_BOUNDS[n][0] <= lo and hi <= CLASS_BOUNDS[n][1]) for lo, hi in ranges)
        for n in shown
    ]
    leaks = []
    for coefficients in itertools.product((-1, 0, 1), repeat=len(vectors)):
        total = [sum(c * v[i] for c, v in zip(coefficients, vectors, strict=True))
                 for i in range(len(ranges))]  # fmt: skip
        if set(total) <= {0, 1} and _small(
            _union(p for p, t in zip(range_people, total, strict=True) if t)
        ):
            leaks.append(f"classes {coefficients}")
    if report.average_duration is not None and _small(_union(range_people)):
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


@pytest.fixture
def classes_overlap(db):
    """Twelve people, each with one report ended in 2025: five of 3 days, two of 10 days
    and five of 30 days. Every class holds five people or none, except "1-14 days" (seven)
    and "1 to 6 weeks" (seven); yet 1-14 days minus 1-6 days is the two of 10 days."""
    employer = EmployerFactory()
    department = DepartmentFactory(employer=employer)
    for n in range(5):
        _person(employer, department, sick=[(D(2025, 2, 3 + n), D(2025, 2, 6 + n))])
    for n in range(2):
        _person(employer, department, sick=[(D(2025, 4, 7 + n), D(2025, 4, 17 + n))])
    for n in range(5):
        _person(employer, department, sick=[(D(2025, 6, 2 + n), D(2025, 7, 2 + n))])
    return employer, department


# --- the tests -------------------------------------------------------------------------


def test_the_year_minus_the_first_quarter_no_longer_shows_the_four_who_stayed(one_leaves):
    """The issue's case: Q2-Q4 each hold the same four people; counted as twelve they
    needed no second hidden cell, and the year minus Q1 described those four. Since the
    rule across periods (docs/statistics.md rule 10) the department's year is not shown
    at all: it employs four people on every day from 1 April."""
    employer, shop, _office = one_leaves
    report = build_report(StatisticsScope(employer, None, shop, "hr"), YEAR)
    assert report.suppressed
    first = build_report(StatisticsScope(employer, None, shop, "hr"), Q1)
    assert not first.suppressed


@pytest.mark.parametrize("where", ["employer", "shop"])
def test_no_subtraction_of_the_first_world_finds_a_small_group(one_leaves, where):
    employer, shop, office = one_leaves
    department = shop if where == "shop" else None
    report = build_report(StatisticsScope(employer, None, department, "hr"), YEAR)
    assert report.suppressed == (where == "shop")  # the shop: four a day from April
    assert _time_subtractions(report, employer, {shop.pk} if department else None) == []
    if department is None:
        assert _class_subtractions(report, employer) == []
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
    # b and c employ fewer than five people on some days, and a is the complement.
    assert all(c.suppressed for c in report.departments)


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


def test_one_duration_class_minus_another_gives_nothing_away(classes_overlap):
    """Issue 16: the week classes and Vernet's overlap. Each suppressed on its own showed
    everything here (every class five people or more), and "1-14 days" (7 reports) minus
    "korter dan 1 week" (5) told that two people had a report of 7 to 14 days."""
    employer, _department = classes_overlap
    report = build_report(StatisticsScope(employer, None, None, "hr"), YEAR)
    assert not report.suppressed
    assert _class_subtractions(report, employer) == []
    shown = {k: n for k, _label, n in [*report.week_classes, *report.vernet_classes]}
    assert shown["short"] is None or shown["d1_14"] is None
    assert report.ended_reports == 12


# --- every output: page, CSV, XLSX, PDF, API, command ------------------------------------

HIDDEN = "onderdrukt"
AVERAGE = "Gemiddelde verzuimduur (dagen)"
QUERY = {"van": YEAR.start.isoformat(), "tot": YEAR.end.isoformat()}


def _outputs(client, employer, department=None, period=YEAR) -> dict[str, object]:
    """What a reader of the employer's HR gets from each channel, raw; with
    ``department``, the report of that department (the filter every channel has)."""
    get = client.get
    api_query = {"employer": employer.pk, "from": period.start, "to": period.end}
    query = {"van": period.start.isoformat(), "tot": period.end.isoformat()}
    command = ["--employer", str(employer.pk)]
    if department is not None:
        api_query["department"] = query["afdeling"] = department.pk
        command += ["--department", str(department.pk)]
    command += ["--from", str(period.start), "--to", str(period.end)]
    api = get("/api/v1/statistics/", api_query)
    out, tabs = io.StringIO(), io.StringIO()
    call_command("stats", *command, "--json", stdout=out)
    call_command("stats", *command, stdout=tabs)
    responses = {
        "page": get("/statistieken/", query),
        "csv": get("/statistieken/export.csv", query),
        "csv-machine": get("/statistieken/export.csv", {**query, "formaat": "machine"}),
        "xlsx": get("/statistieken/export.xlsx", query),
        "pdf": get("/statistieken/rapport.pdf", query),
    }
    assert api.status_code == 200
    assert all(r.status_code == 200 for r in responses.values()), {
        name: r.status_code for name, r in responses.items()
    }
    return {
        "api": api.json(),
        "command": json.loads(out.getvalue()),
        "command-tsv": tabs.getvalue(),
        **{name: r.content for name, r in responses.items()},
    }


def _rows(name: str, raw) -> list[list[str]]:
    """Label and values of every table row a channel shows."""
    if name == "xlsx":
        sheet = load_workbook(io.BytesIO(raw)).active
        return [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    if name == "page":
        text = raw.decode()
        rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', text, re.DOTALL)
        return [
            [html.unescape(label), re.sub(r"<[^>]+>", "", rest).strip()] for label, rest in rows
        ]
    text = raw if isinstance(raw, str) else raw.decode("utf-8").removeprefix("\ufeff")
    delimiter = {"csv": ";", "csv-machine": ",", "command-tsv": "\t"}[name]
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _view(name: str, raw, skeleton: dict) -> SimpleNamespace:
    """The report as one channel shows it: which cells and classes carry figures, and
    whether the average duration does. ``skeleton`` (the API's answer) gives the keys."""
    if name in ("api", "command"):
        data = raw
        parts = [data[p] for p in ("departments", "months", "quarters")]
        shown = {c["label"]: not c["suppressed"] for part in parts for c in part}
        classes = data["duration_classes"]
        shown |= {
            c["label"]: c["count"] is not None for p in ("weeks", "vernet") for c in classes[p]
        }
        average = data["metrics"]["average_duration_days"] is not None
    else:
        shown, average = {}, False
        for row in _rows(name, raw):
            if not row:
                continue
            values = [v for v in row[1:] if v.strip()]
            if row[0] == AVERAGE:
                average = bool(values) and values[0][:1].isdigit()
            elif values:
                shown.setdefault(row[0], all(v != HIDDEN for v in values))

    def cells(part):
        return [SimpleNamespace(key=c["key"], suppressed=not shown[c["label"]])
                for c in skeleton[part]]  # fmt: skip

    def classes(part):
        return [(c["key"], c["label"], 1 if shown[c["label"]] else None)
                for c in skeleton["duration_classes"][part]]  # fmt: skip

    return SimpleNamespace(
        departments=cells("departments"), months=cells("months"), quarters=cells("quarters"),
        week_classes=classes("weeks"), vernet_classes=classes("vernet"),
        average_duration=1.0 if average else None,
    )  # fmt: skip


def _hr_client(client, employer):
    hr = UserFactory()
    grant(hr, Role.HR, employer=employer)
    enrol_totp(hr)
    return sign_in(client, hr)


@pytest.mark.parametrize("world", ["one_leaves", "movers_and_newcomers", "classes_overlap"])
def test_no_output_of_any_channel_can_be_subtracted(db, world, request, client):
    """The criterion of issue 16 for every way a report leaves the product: the page, the
    CSV (Dutch Excel and plain), the XLSX, the PDF, the API and the command (JSON and
    tab-separated). Each channel is read as a reader sees it, and every subtraction it
    allows is tried on what it shows."""
    employer, *departments = request.getfixturevalue(world)
    outputs = _outputs(_hr_client(client, employer), employer)
    skeleton = outputs["api"]
    assert not skeleton["suppressed"]
    cells = {str(d.pk): {d.pk} for d in departments}
    views = {name: _view(name, raw, skeleton) for name, raw in outputs.items() if name != "pdf"}
    # Every channel shows and hides exactly the same cells, classes and average...
    assert {name: view for name, view in views.items() if view != views["api"]} == {}
    # ... and nothing it shows can be subtracted into a small group.
    view = views["api"]
    assert _time_subtractions(view, employer) == []
    assert _class_subtractions(view, employer) == []
    if len(departments) > 1:
        assert _department_subtractions(view, employer, cells) == []
    # The PDF draws the same tables as the CSV: as many hidden cells.
    pdf = pdf_text(outputs["pdf"]).splitlines()
    excel = _rows("csv", outputs["csv"])
    assert pdf.count(HIDDEN) == sum(row.count(HIDDEN) for row in excel) > 0


def test_no_output_of_a_departments_report_can_be_subtracted(db, one_leaves, client):
    """The same for the report of the issue's department (five, one leaves on 31 March)
    through the department filter of every channel: the year is suppressed in each (four
    people a day from April, rule 10), its first quarter shown in each, alike."""
    employer, shop, _office = one_leaves
    hr = _hr_client(client, employer)
    for period, hidden in ((YEAR, True), (Q1, False)):
        outputs = _outputs(hr, employer, shop, period)
        skeleton = outputs["api"]
        assert skeleton["suppressed"] is hidden
        assert skeleton["department"] == shop.pk
        assert outputs["command"]["suppressed"] is hidden
        if hidden:
            continue
        views = {name: _view(name, raw, skeleton) for name, raw in outputs.items()
                 if name != "pdf"}  # fmt: skip
        assert {name: view for name, view in views.items() if view != views["api"]} == {}
        assert not any(c.suppressed for c in views["api"].quarters)


# --- across reports: the employer's months minus a department's ----------------------------


def _subtree(department) -> set[int]:
    found, todo = {department.pk}, [department.pk]
    while todo:
        kids = Department.objects.filter(parent_id=todo.pop()).values_list("pk", flat=True)
        found |= set(kids)
        todo.extend(kids)
    return found


def _cross_subtractions(employer, departments) -> list[str]:
    """HR holds the employer's report and every department's (the department filter).
    For every month and quarter a report shows, subtract any set of reports of
    departments below it (none inside another) that show it too: the people left in that
    month or quarter (counted from the employments the test created) must be nobody or at
    least five."""
    reports = {None: build_report(StatisticsScope(employer, None, None, "hr"), YEAR)}
    reports |= {d.pk: build_report(StatisticsScope(employer, None, d, "hr"), YEAR)
                for d in departments}  # fmt: skip
    trees = {d.pk: _subtree(d) for d in departments}
    trees[None] = {d.pk for d in departments}
    buckets = {b.key: (b.start, b.end) for b in [*YEAR.months(), *YEAR.quarters()]}

    def shows(pk, key) -> bool:
        report = reports[pk]
        cells = [*report.months, *report.quarters]
        return not report.suppressed and any(c.key == key and not c.suppressed for c in cells)

    leaks = []
    for top in reports:
        for key, (start, end) in buckets.items():
            if not shows(top, key):
                continue
            whole = _people_in(employer, start, end, trees[top] if top else None)
            below = [pk for pk in trees[top] if pk != top and shows(pk, key)]
            for size in range(1, len(below) + 1):
                for taken in itertools.combinations(below, size):
                    if any(a != b and a in trees[b] for a in taken for b in taken):
                        continue  # one inside another: not a subtraction of disjoint groups
                    inside = set().union(*(trees[pk] for pk in taken))
                    left = whole - _people_in(employer, start, end, inside)
                    if _small(left):
                        leaks.append(f"{top} {key} - departments {taken}")
    return leaks


def test_the_employer_minus_another_departments_quarter_does_not_show_the_four(one_leaves):
    """The issue's case across two reports: the employer's second quarter (ten people)
    minus the office's (six, through the department filter) was the shop's four who
    stayed, which the shop's own report hides."""
    employer, shop, office = one_leaves
    assert _cross_subtractions(employer, [shop, office]) == []
    whole = build_report(StatisticsScope(employer, None, None, "hr"), YEAR)
    assert not any(c.suppressed for c in whole.quarters)  # the employer's own stay
    office_report = build_report(StatisticsScope(employer, None, office, "hr"), YEAR)
    # The office is the complement of the shop, which employs four a day from April
    # (rule 10): its year is not shown, so it cannot be taken from the employer's.
    assert office_report.suppressed


def test_no_department_report_subtracts_from_the_employers_months(movers_and_newcomers):
    employer, *departments = movers_and_newcomers
    assert _cross_subtractions(employer, departments) == []


def test_departments_keep_their_months_when_the_others_are_large_enough(db):
    """Two departments of six and seven people all year: each shows its months."""
    employer = EmployerFactory()
    a, b = DepartmentFactory(employer=employer), DepartmentFactory(employer=employer)
    for department, n in ((a, 6), (b, 7)):
        for _ in range(n):
            _person(employer, department)
    for department in (a, b):
        report = build_report(StatisticsScope(employer, None, department, "hr"), YEAR)
        assert not any(c.suppressed for c in [*report.months, *report.quarters])
    assert _cross_subtractions(employer, [a, b]) == []


def test_nested_departments_cannot_be_subtracted_across_reports(db):
    """A department (care) with two sub-departments, day (six) and night (five, one of
    whom leaves on 31 March), beside an office of seven: care's second quarter minus
    day's was night's four. Every report the filter gives, at every level, minus the
    reports below it that show the same month or quarter."""
    employer = EmployerFactory()
    care, office = DepartmentFactory(employer=employer), DepartmentFactory(employer=employer)
    day, night = (DepartmentFactory(employer=employer, parent=care) for _ in range(2))
    _person(employer, night, end=D(2025, 3, 31))
    for department, n in ((day, 6), (night, 4), (office, 7)):
        for _ in range(n):
            _person(employer, department)
    assert _cross_subtractions(employer, [care, office, day, night]) == []
    # Care and the office show theirs: the others beside each are at least five.
    for department in (care, office):
        report = build_report(StatisticsScope(employer, None, department, "hr"), YEAR)
        assert not any(c.suppressed for c in report.quarters)


# --- across periods: two reports of the same group over different periods ---------------

#: Periods a reader can ask for around the issue's date (any dates are accepted): the
#: year, its quarters, the rest of the year, and periods a day shorter or longer.
PERIODS = [
    YEAR, Q1, Period.of(D(2025, 4, 1), D(2025, 12, 31)),
    Period.of(D(2025, 1, 1), D(2025, 3, 30)), Period.of(D(2025, 1, 1), D(2025, 4, 1)),
    Period.of(D(2025, 1, 1), D(2025, 6, 30)), Period.of(D(2025, 3, 31), D(2025, 12, 31)),
    Period.of(D(2024, 7, 1), D(2025, 6, 30)),
    *(Period.of(q.start, q.end) for q in YEAR.quarters()[1:]),
]  # fmt: skip


def _days(period: Period) -> set[dt.date]:
    return {period.start + dt.timedelta(n) for n in range(period.days)}


def _people_on(employer, days: set[dt.date], departments) -> set[int]:
    """The people employed in ``departments`` (``None``: anywhere) on any of ``days``."""
    if not days:
        return set()
    return _people_in(employer, min(days), max(days), departments) & {
        e.employee_id
        for e in Employment.objects.filter(employer=employer)
        if (departments is None or e.department_id in departments)
        and any(e.start_date <= d and (e.end_date is None or d <= e.end_date) for d in days)
    }


def _period_subtractions(employer, departments, periods=PERIODS) -> tuple[list[str], int]:
    """HR asks for the employer's report and each department's (the filter) over every
    period. For every two reports of the same group (the scope; a department cell of the
    employer's report; the cells the report hides, together; a month or quarter cell),
    both shown, each one's days the other lacks describe the people employed in the
    group on those days: nobody or at least five. Returns the leaks and how many pairs
    of shown groups were tried."""
    trees = {d.pk: _subtree(d) for d in departments}
    scopes = [None, *departments]
    leaks, tried = [], 0
    shown: dict[tuple, list[tuple[Period, set[dt.date]]]] = {}
    for scope in scopes:
        where = trees[scope.pk] if scope else None
        for period in periods:
            report = build_report(StatisticsScope(employer, None, scope, "hr"), period)
            if report.suppressed:
                continue
            days = _days(period)
            shown.setdefault(("scope", scope and scope.pk, frozenset(where or ())), []).append(
                (period, days)
            )
            for cell in [*report.months, *report.quarters]:
                if not cell.suppressed:
                    bucket = next(b for b in [*period.months(), *period.quarters()]
                                  if b.key == cell.key)  # fmt: skip
                    group = ("time", cell.key, frozenset(where or ()))
                    shown.setdefault(group, []).append((period, _days(bucket)))
            if scope is None:
                cells = {c.key: c for c in report.departments}
                hidden: set[int] = set()
                for d in departments:
                    if d.parent_id is not None:
                        continue
                    cell = cells.get(str(d.pk))
                    if cell is not None and not cell.suppressed:
                        group = ("cell", d.pk, frozenset(trees[d.pk]))
                        shown.setdefault(group, []).append((period, days))
                    else:
                        hidden |= trees[d.pk]
                if hidden:
                    group = ("rest", None, frozenset(hidden))
                    shown.setdefault(group, []).append((period, days))
    for (kind, key, where), reports in shown.items():
        for (p1, days1), (p2, days2) in itertools.combinations(reports, 2):
            tried += 1
            for left in (days1 - days2, days2 - days1):
                if _small(_people_on(employer, left, set(where) if where else None)):
                    leaks.append(f"{kind} {key}: {p1.start}..{p1.end} vs {p2.start}..{p2.end}")
    return leaks, tried


@pytest.fixture
def five_one_leaves(db):
    """The issue's example as a whole employer: five people, one leaves on 31 March 2025,
    one new report in the first quarter and one in each of May to August."""
    employer = EmployerFactory()
    shop = DepartmentFactory(employer=employer)
    _person(employer, shop, end=D(2025, 3, 31), sick=[(D(2025, 2, 3), D(2025, 2, 10))])
    for n in range(4):
        _person(employer, shop, sick=[(D(2025, 5 + n, 5), D(2025, 5 + n, 9))])
    return employer, shop


def test_the_year_minus_the_first_quarter_as_two_requests_gives_nothing_away(
    five_one_leaves, client
):
    """Issue 16 across periods: the year (five people, five new reports) minus the first
    quarter (five people, one new report) was the four new reports of the four who
    stayed, whose own report (1 April to 31 December) is suppressed. Likewise 1 January
    to 1 April minus the first quarter: the one day 1 April, four people. The first
    quarter, and the period a day shorter (to 30 March), stay shown: every day they hold
    five (rule 10)."""
    employer, shop = five_one_leaves
    leaks, tried = _period_subtractions(employer, [shop])
    assert leaks == []
    assert tried > 0
    whole = StatisticsScope(employer, None, None, "hr")
    shown = {p: not build_report(whole, p).suppressed for p in PERIODS}
    assert shown[Q1]
    assert shown[Period.of(D(2025, 1, 1), D(2025, 3, 30))]
    assert not shown[YEAR]
    assert not shown[Period.of(D(2025, 1, 1), D(2025, 4, 1))]
    # Every channel asked for the year says suppressed; for the first quarter, shown.
    hr = _hr_client(client, employer)
    for period, hidden in ((YEAR, True), (Q1, False)):
        outputs = _outputs(hr, employer, None, period)
        assert outputs["api"]["suppressed"] is hidden
        assert outputs["command"]["suppressed"] is hidden
        employees = next(
            row for row in _rows("csv", outputs["csv"]) if row[:1] == ["Aantal werknemers"]
        )
        assert (employees[1] == HIDDEN) is hidden


@pytest.mark.parametrize("world", ["one_leaves", "movers_and_newcomers"])
def test_no_two_periods_of_any_group_can_be_subtracted(world, request):
    """Every pair of periods above, for the employer, each department through the filter,
    each department cell, the hidden cells together and each month and quarter cell."""
    employer, *departments = request.getfixturevalue(world)
    leaks, tried = _period_subtractions(employer, departments)
    assert leaks == []
    assert tried > 0


def test_groups_of_five_every_day_stay_shown_for_any_period(db):
    """The rule does not hide what is safe: an employer whose two departments hold six
    and seven people every day (someone is replaced the day after leaving) shows every
    period, every department and every month."""
    employer = EmployerFactory()
    a, b = DepartmentFactory(employer=employer), DepartmentFactory(employer=employer)
    _person(employer, a, end=D(2025, 3, 31))
    _person(employer, a, start=D(2025, 4, 1))
    for department, n in ((a, 5), (b, 7)):
        for _ in range(n):
            _person(employer, department)
    for period in PERIODS:
        report = build_report(StatisticsScope(employer, None, None, "hr"), period)
        assert not report.suppressed
        assert not any(c.suppressed for c in [*report.departments, *report.months])
    leaks, tried = _period_subtractions(employer, [a, b])
    assert leaks == []
    assert tried > 0


def test_hidden_cells_hide_a_cell_small_on_some_day_and_its_complement():
    """The rule itself with a daily check: cell b has six people in the period but only
    four on some day; hidden, it is the complement of a, so a is hidden too."""
    sizes = {"a": 7, "b": 6}
    small_sets = {frozenset({"b"})}

    def small(cells) -> bool:
        return frozenset(cells) in small_sets

    assert hidden_cells(sizes, K) == (set(), False)
    assert hidden_cells(sizes, K, small=small) == ({"a", "b"}, False)
    small_sets.add(frozenset({"a", "b"}))
    assert hidden_cells(sizes, K, small=small) == ({"a", "b"}, True)
