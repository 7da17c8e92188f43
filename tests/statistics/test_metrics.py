"""Every metric against figures computed by hand (docs/statistics.md has the working).
The data are in conftest.py; period 1-1-2024 to 31-3-2024."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from poortwachter.statistics import metrics
from poortwachter.statistics.periods import Period, default_period, period_errors
from poortwachter.statistics.policies import StatisticsScope
from poortwachter.statistics.selectors import build_report
from tests.statistics.conftest import END, START

PERIOD = Period.of(START, END)


def _report(stats, department=None, roots=None):
    scope = StatisticsScope(stats.employer, roots, department, "hr")
    return build_report(scope, PERIOD)


def test_absence_percentage_weighs_part_time_partial_recovery_leave_and_edges(stats):
    """Σ weighted sick days 59.25 over Σ weighted available days 1008.9 (see the docs)."""
    report = _report(stats)
    assert not report.suppressed
    assert report.headline.absence_pct == pytest.approx(5.87)
    raw = metrics.compute(metrics.Scope(stats.employer.pk, 40.0), PERIOD)
    absent = sum(g.absent(i) for g in raw.by_department.values() for i in range(3))
    available = sum(g.available_net(i) for g in raw.by_department.values() for i in range(3))
    assert absent == pytest.approx(59.25)
    assert available == pytest.approx(1008.9)


def test_each_case_contributes_its_hand_computed_weighted_days(stats):
    """E1 part-time 10 days × 0.5; E2 10 + 19 × 0.75; E3 two relapsed reports 3 + 3;
    E4 5 days cut at the start and 7 at the end; E5 10 days, the 4 in leave left out;
    E8 2 days."""
    scope = metrics.Scope(stats.employer.pk, 40.0, frozenset({stats.world.department.pk}))
    raw = metrics.compute(scope, PERIOD)
    care = raw.by_department[stats.world.department.pk]
    assert sum(care.absent(i) for i in range(3)) == pytest.approx(5 + 24.25 + 6)
    kitchen_scope = metrics.Scope(
        stats.employer.pk, 40.0, frozenset({stats.world.sibling_department.pk})
    )
    kitchen = metrics.compute(kitchen_scope, PERIOD).by_department[
        stats.world.sibling_department.pk
    ]
    assert sum(kitchen.absent(i) for i in range(3)) == pytest.approx(12 + 10)
    # Available: Kees 91 × 0.8, E4 91, E5 91 − 60 leave, E6 46 (joined 15-2), E7 31 (left).
    assert sum(kitchen.available_net(i) for i in range(3)) == pytest.approx(
        72.8 + 91 + 31 + 46 + 31
    )


def test_report_frequency_counts_relapses_as_new_reports_and_is_annualised(stats):
    """7 new reports (E3's relapse counts; E4's report of December does not) over
    1169 person-days: 7 × 365 / 1169 = 2.19 per employee per year."""
    report = _report(stats)
    assert report.headline.new_reports == 7
    assert report.average_headcount == pytest.approx(round(1169 / 91, 1))
    assert report.headline.frequency == pytest.approx(2.19)


def test_average_duration_of_reports_ended_in_the_period(stats):
    """Ended: E1 10, E2 29, E3 3 and 3, E4 17 (began in December), E5 14, E8 2 days:
    78 / 7 = 11.1. E4's open report has not ended."""
    report = _report(stats)
    assert report.ended_reports == 7
    assert report.average_duration == pytest.approx(11.1)


def test_duration_classes(stats):
    """The reports of each class (the metric), and the people behind them."""
    raw = metrics.compute(metrics.Scope(stats.employer.pk, 40.0), PERIOD)
    counts = {
        name: sum(g.classes.get(name, 0) for g in raw.by_department.values())
        for name in ("short", "medium", "long", "d1_14", "d15_91", "d92_365", "d366_730",
                     "d731_plus")
    }  # fmt: skip
    assert counts == {"short": 3, "medium": 4, "long": 0, "d1_14": 5, "d15_91": 2,
                      "d92_365": 0, "d366_730": 0, "d731_plus": 0}  # fmt: skip
    people = metrics.class_people(metrics.Scope(stats.employer.pk, 40.0), PERIOD)
    assert {name: len(ids) for name, ids in people.items()} == {
        "short": 2, "medium": 4, "long": 0,  # E3's two short reports are one person
        "d1_14": 4, "d15_91": 2, "d92_365": 0, "d366_730": 0, "d731_plus": 0,
    }  # fmt: skip


def test_duration_classes_of_fewer_than_five_people_are_suppressed(stats):
    """Issue 16: every class here holds fewer than five people (short: E3 twice and E8,
    two people), so each is hidden; together they hold six, enough for the total."""
    report = _report(stats)
    assert {k: n for k, _label, n in report.week_classes} == {
        "short": None, "medium": None, "long": 0,
    }  # fmt: skip
    assert {k: n for k, _label, n in report.vernet_classes} == {
        "d1_14": None, "d15_91": None, "d92_365": 0, "d366_730": 0, "d731_plus": 0,
    }  # fmt: skip
    assert report.ended_reports == 7


def test_zero_absence_and_frequent_absentees(stats):
    """6 of 14 employees had a sick day in the period: 8 / 14 = 57.14 %. Only E8 has 3
    reports in the 12 months up to 31-3-2024."""
    report = _report(stats)
    assert report.headline.employees == 14
    assert report.headline.zero_absence_pct == pytest.approx(57.14)
    assert report.frequent_absentees == 1


def test_trends_by_month_and_quarter(stats):
    report = _report(stats)
    assert [c.key for c in report.months] == ["2024-01", "2024-02", "2024-03"]
    assert [c.absence_pct for c in report.months] == pytest.approx([7.05, 8.03, 2.66])
    assert [c.new_reports for c in report.months] == [4, 1, 2]
    assert [c.key for c in report.quarters] == ["2024-K1"]
    assert report.quarters[0].absence_pct == pytest.approx(5.87)


def test_department_filter_covers_sub_departments(stats):
    """Verpleging with Nachtdienst: 35.25 / 555.1 = 6.35 %."""
    report = _report(stats, department=stats.world.department)
    assert not report.suppressed
    assert report.headline.employees == 7
    assert report.headline.absence_pct == pytest.approx(6.35)
    assert report.headline.frequency == pytest.approx(2.29)


def test_a_period_cut_inside_a_report_counts_only_its_days(stats):
    """10 to 14 January: E1 5 days × 0.5, E3 nothing; one new report (E1)."""
    raw = metrics.compute(
        metrics.Scope(stats.employer.pk, 40.0, frozenset({stats.world.department.pk})),
        Period.of(dt.date(2024, 1, 10), dt.date(2024, 1, 14)),
    )
    care = raw.by_department[stats.world.department.pk]
    assert care.absent(0) == pytest.approx(2.5)
    assert care.new_reports == [1]


def test_metrics_are_a_fixed_number_of_queries_whatever_the_size(stats):
    with CaptureQueriesContext(connection) as queries:
        metrics.compute(metrics.Scope(stats.employer.pk, 40.0), PERIOD)
    assert len(queries.captured_queries) == 12  # 8 without leave in the period (issue 16: +advice)


def test_period_rules_in_dutch():
    assert period_errors(dt.date(2024, 3, 1), dt.date(2024, 2, 1)) == {
        "to": "De einddatum ligt vóór de begindatum."
    }
    assert "vijf jaar" in period_errors(dt.date(2018, 1, 1), dt.date(2024, 1, 1))["to"]
    assert period_errors(dt.date(2019, 1, 1), dt.date(2023, 12, 31)) == {}


def test_months_and_quarters_are_cut_at_the_period_edges():
    period = Period.of(dt.date(2024, 2, 15), dt.date(2024, 4, 10))
    assert [(b.key, b.start.day, b.end.day) for b in period.months()] == [
        ("2024-02", 15, 29), ("2024-03", 1, 31), ("2024-04", 1, 10),
    ]  # fmt: skip
    assert [b.key for b in period.quarters()] == ["2024-K1", "2024-K2"]
    assert default_period(dt.date(2024, 3, 15)) == Period.of(
        dt.date(2023, 3, 1), dt.date(2024, 2, 29)
    )
