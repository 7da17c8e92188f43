"""The generated absence history looks like Dutch absence (DOMAIN.md §2): about 5 %
absence, about one report per employee-year, 35-45 % without a report in a year, long
tails capped at 104 weeks, relapses added up into cases, some partial recoveries."""

import datetime as dt

import pytest
import time_machine
from django.db.models import Count

from poortwachter.absences.models import AbsenceCase, PartialRecovery, SickReport
from poortwachter.absences.rules import WAGE_CONTINUATION_DAYS
from poortwachter.devtools.synthetic import generate
from poortwachter.organisations.models import Employment

TODAY = dt.date(2026, 6, 30)
YEAR_START, YEAR_END = dt.date(2025, 7, 1), dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), time_machine.travel(TODAY, tick=False):
        from django.db import transaction

        with transaction.atomic():
            generate(seed=11, employers=4, employees=1500, years=3)
            yield _measure()
            transaction.set_rollback(True)


def _measure() -> dict:
    whole_year = Employment.objects.filter(start_date__lte=YEAR_START).exclude(
        end_date__lt=YEAR_END
    )
    people = set(whole_year.values_list("employee_id", flat=True))
    reports = list(
        SickReport.objects.filter(employee_id__in=people).values_list(
            "employee_id", "first_sick_day", "recovered_on"
        )
    )
    in_year = [r for r in reports if YEAR_START <= r[1] <= YEAR_END]
    sick_days = 0
    for _employee, first, back in reports:
        start, end = max(first, YEAR_START), min(back or YEAR_END, YEAR_END + dt.timedelta(1))
        sick_days += max(0, (end - start).days)
    return {
        "frequency": len(in_year) / len(people),
        "zero_share": 1 - len({r[0] for r in in_year}) / len(people),
        "absence_pct": 100 * sick_days / (len(people) * 365),
    }


@pytest.mark.django_db
def test_frequency_is_about_one_report_per_year(history):
    assert 0.75 <= history["frequency"] <= 1.25


@pytest.mark.django_db
def test_35_to_45_percent_have_no_report_in_a_year(history):
    assert 0.35 <= history["zero_share"] <= 0.45


@pytest.mark.django_db
def test_absence_percentage_is_about_five(history):
    assert 4.0 <= history["absence_pct"] <= 6.5


@pytest.mark.django_db
def test_shape_of_the_history(history):
    durations = [
        (r.recovered_on - r.first_sick_day).days
        for r in SickReport.objects.filter(recovered_on__isnull=False).only(
            "first_sick_day", "recovered_on"
        )
    ]
    assert max(durations) <= WAGE_CONTINUATION_DAYS
    assert sum(d <= 7 for d in durations) / len(durations) > 0.6  # most are short
    assert any(d > 180 for d in durations)  # and the tail is long
    relapses = AbsenceCase.objects.annotate(n=Count("reports")).filter(n__gt=1)
    assert relapses.exists()
    assert all(case.gap_days > 0 for case in relapses)
    assert PartialRecovery.objects.exists()
    open_per_person = SickReport.objects.filter(recovered_on__isnull=True).values("employee_id")
    assert open_per_person.count() == open_per_person.distinct().count()
