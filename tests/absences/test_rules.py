"""Adding up sickness periods (art. 7:629 lid 10 BW), DOMAIN.md section 1."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from poortwachter.absences import rules

D = dt.date


def test_worked_example_from_domain_md():
    """Sick 3-1-2022 to 3-7-2022, fit 4-7 to 24-7, sick again 25-7: one case, and the
    end of the 104 weeks moves from 1-1-2024 to 22-1-2024."""
    assert rules.wage_continuation_ends(D(2022, 1, 3), 0) == D(2024, 1, 1)
    gap = rules.gap_days(recovered_on=D(2022, 7, 4), next_first_sick_day=D(2022, 7, 25))
    assert gap == 21
    assert rules.adds_up(gap)
    assert rules.wage_continuation_ends(D(2022, 1, 3), gap) == D(2024, 1, 22)


def test_four_weeks_or_more_fit_starts_a_new_case():
    assert rules.adds_up(rules.gap_days(D(2024, 3, 1), D(2024, 3, 28)))  # 27 days
    assert not rules.adds_up(rules.gap_days(D(2024, 3, 1), D(2024, 3, 29)))  # 28 days


def test_leave_between_periods_does_not_count_towards_the_gap():
    """Pregnancy and maternity leave are ignored when measuring the four weeks."""
    leave = [(D(2024, 3, 5), D(2024, 5, 31))]
    gap = rules.gap_days(D(2024, 3, 1), D(2024, 6, 10), leave)
    assert gap == 4 + 9  # 1-4 March and 1-9 June
    assert rules.adds_up(gap)


def test_leave_outside_the_gap_changes_nothing():
    assert rules.gap_days(D(2024, 3, 1), D(2024, 3, 11), [(D(2024, 1, 1), D(2024, 2, 1))]) == 10


def test_end_across_a_leap_day():
    # 104 weeks from 1-3-2023 cross 29-2-2024: 728 days is still 104 weeks exactly.
    assert rules.wage_continuation_ends(D(2023, 3, 1), 0) == D(2025, 2, 26)


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 1, 1)),
    st.integers(min_value=0, max_value=400),
)
def test_the_end_moves_exactly_by_the_gap(first_day, gap):
    base = rules.wage_continuation_ends(first_day, 0)
    assert rules.wage_continuation_ends(first_day, gap) - base == dt.timedelta(days=gap)
    assert (base - first_day).days == 104 * 7
