"""The retention arithmetic (R-RET-1, R-RET-3, legal holds) against dates worked out by
hand in docs/retention.md."""

import datetime as dt

import pytest

from poortwachter.retention import rules
from poortwachter.retention.rules import Clock, HoldPeriod, Term

D = dt.date


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (D(2024, 3, 31), 2, D(2026, 3, 31)),
        (D(2024, 2, 29), 2, D(2026, 2, 28)),  # never a day longer than "at most 2 years"
        (D(2024, 2, 29), 4, D(2028, 2, 29)),
        (D(2025, 1, 1), 5, D(2030, 1, 1)),
    ],
)
def test_add_years(day, years, expected):
    assert rules.add_years(day, years) == expected


def test_no_clock_runs_while_any_employment_is_open():
    """R-RET-1: nothing is due while any employment is open, however old the others."""
    assert rules.last_employment_end([D(2010, 1, 31), None]) is None
    assert rules.last_employment_end([]) is None
    clocks = rules.employee_clocks([D(2010, 1, 31), None], D(2010, 1, 31), own_risk=True)
    assert clocks == [Clock("R-RET-1", None, None)]
    assert rules.decide(clocks, []) == Term("R-RET-1", None)


def test_administrative_data_two_years_after_the_last_employment_ends():
    """R-RET-1: counted from the end of the last of several employments."""
    clocks = rules.employee_clocks([D(2019, 6, 30), D(2024, 3, 31)], None, own_risk=False)
    term = rules.decide(clocks, [])
    assert term == Term("R-RET-1", D(2026, 3, 31))
    assert not term.is_due(D(2026, 3, 30))
    assert term.is_due(D(2026, 3, 31))


@pytest.mark.parametrize(
    ("last_action", "due"),
    [
        (D(2024, 3, 31), D(2030, 1, 1)),
        (D(2024, 12, 31), D(2030, 1, 1)),  # the last day of a year ...
        (D(2025, 1, 1), D(2031, 1, 1)),  # ... and the first of the next: a year apart
    ],
)
def test_own_risk_employer_five_years_from_1_january_after_the_last_action(last_action, due):
    """R-RET-3: the later of R-RET-1 and 5 years from 1 January after the last action."""
    clocks = rules.employee_clocks([D(2024, 3, 31)], last_action, own_risk=True)
    assert rules.decide(clocks, []) == Term("R-RET-3", due)


def test_a_tie_is_named_after_the_general_rule():
    clocks = [Clock("R-RET-1", D(2024, 1, 1), D(2030, 1, 1)),
              Clock("R-RET-3", D(2025, 1, 1), D(2030, 1, 1))]  # fmt: skip
    assert rules.decide(clocks, []).rule == "R-RET-1"


ENDED = Clock("R-RET-1", D(2024, 3, 31), D(2026, 3, 31))


def test_worked_example_a_lifted_hold_moves_the_due_date_by_its_days():
    """docs/retention.md: employment ended 31-3-2024 (due 31-3-2026); a hold from
    10-1-2025 to 20-4-2025 was in force 100 days, so the data is due 9-7-2026."""
    hold = HoldPeriod(D(2025, 1, 10), D(2025, 4, 20))
    assert (hold.lifted_on - hold.placed_on).days == 100
    assert rules.stop_the_clock(ENDED, [hold]) == D(2026, 7, 9)


def test_hold_days_before_the_clock_started_do_not_count():
    """Placed during the employment, lifted 30 days after it ended: 30 days."""
    hold = HoldPeriod(D(2023, 1, 1), D(2024, 4, 30))
    assert rules.stop_the_clock(ENDED, [hold]) == D(2026, 4, 30)
    over_before = HoldPeriod(D(2022, 1, 1), D(2023, 1, 1))
    assert rules.stop_the_clock(ENDED, [over_before]) == D(2026, 3, 31)


def test_a_hold_placed_after_the_term_ran_out_adds_nothing_once_lifted():
    late = HoldPeriod(D(2026, 5, 1), D(2026, 6, 1))
    assert rules.stop_the_clock(ENDED, [late]) == D(2026, 3, 31)


def test_a_hold_lifted_after_the_original_due_date_resumes_the_remaining_days():
    """Stopped on 1-3-2026 with 30 days left, lifted 1-9-2026: due 31-9 → 1-10-2026."""
    hold = HoldPeriod(D(2026, 3, 1), D(2026, 9, 1))
    assert rules.stop_the_clock(ENDED, [hold]) == D(2026, 10, 1)


def test_overlapping_holds_count_their_days_once():
    first = HoldPeriod(D(2025, 1, 1), D(2025, 2, 1))  # 31 days
    second = HoldPeriod(D(2025, 1, 15), D(2025, 2, 11))  # 10 more
    assert rules.stop_the_clock(ENDED, [first, second]) == D(2026, 5, 11)


def test_a_hold_in_force_blocks_and_leaves_its_days_open():
    """In force: held, whatever the date; ``due_on`` is when it would have been due."""
    term = rules.decide([ENDED], [HoldPeriod(D(2025, 1, 10))])
    assert term == Term("R-RET-1", D(2026, 3, 31), held=True)
    assert not term.is_due(D(2040, 1, 1))
    assert term.is_held_back(D(2026, 3, 31))
    assert not term.is_held_back(D(2026, 3, 30))


def test_holds_stop_every_clock_and_the_latest_decides():
    clocks = rules.employee_clocks([D(2024, 3, 31)], D(2024, 6, 1), own_risk=True)
    # R-RET-3 runs 1-1-2025 to 1-1-2030: stopped on 1-12-2029 with 31 days left, lifted
    # 31-1-2030, so it ends 31 days later. R-RET-1 (due 31-3-2026) had run out before.
    hold = HoldPeriod(D(2029, 12, 1), D(2030, 1, 31))
    assert rules.decide(clocks, [hold]) == Term("R-RET-3", D(2030, 3, 3))
