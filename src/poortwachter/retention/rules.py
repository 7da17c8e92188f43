"""The retention terms as pure functions (no database). See ``docs/retention.md``.

A *clock* is one rule's term for one employee: the day it starts running and the day the
data is due for deletion. Legal holds stop clocks; the latest clock decides.

- R-RET-1: administrative absence data and the employee record: 2 years after the (last)
  employment ends; while any employment is open no clock runs.
- R-RET-3: an employer that bears its own Sickness Benefits risk (eigenrisicodrager
  Ziektewet) keeps the other (non-medical) data 5 years, counted from 1 January of the
  year after the last action on the file; the later of this and R-RET-1 applies.
- R-RET-1 (legal hold): a hold in force stops the clock; lifted, it resumes where it
  stopped, so the due date moves later by the days the hold was in force while the clock
  ran (days before the clock started or after it ran out do not count).
- R-RET-5: everything whose term has ended is deleted; the deletion is recorded without
  content (``retention.services``).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: R-RET-1: years after the end of the (last) employment.
ADMINISTRATIVE_YEARS = 2
#: R-RET-3: years counted from 1 January of the year after the last action on the file.
OWN_RISK_YEARS = 5
#: R-RET-5/NEN 7513: the access log is kept at least this long; the application keeps it
#: for good (it is append-only and never purged).
ACCESS_LOG_MIN_YEARS = 5

RULE_ADMINISTRATIVE = "R-RET-1"
RULE_OWN_RISK = "R-RET-3"


@dataclass(frozen=True)
class Clock:
    """One rule's term: it runs from ``starts_on`` and ends on ``due_on`` (the first day
    the data may no longer be kept). ``None`` dates: the clock does not run yet."""

    rule: str
    starts_on: dt.date | None
    due_on: dt.date | None
    #: The one record of the category this clock is for (a re-integration file: its
    #: case), when the category's records each have their own term; ``None``: all of it.
    unit: int | None = None


@dataclass(frozen=True)
class HoldPeriod:
    """A legal hold in local dates; ``lifted_on`` is ``None`` while it is in force."""

    placed_on: dt.date
    lifted_on: dt.date | None = None


@dataclass(frozen=True)
class Term:
    """The decision for one employee in one category. ``due_on`` leaves out holds still
    in force (so it says when the data would have been due); ``held`` says one is."""

    rule: str
    due_on: dt.date | None
    held: bool = False

    def is_due(self, as_of: dt.date) -> bool:
        return not self.held and self.due_on is not None and self.due_on <= as_of

    def is_held_back(self, as_of: dt.date) -> bool:
        """Due but for a hold in force: the purge skips it and counts it as held."""
        return self.held and self.due_on is not None and self.due_on <= as_of


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later; 29 February becomes 28 February, so a term
    "at most N years" never runs a day long."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def last_employment_end(ends: Iterable[dt.date | None]) -> dt.date | None:
    """The end of the last employment, or ``None`` while any is open (or there is none)."""
    ends = list(ends)
    if not ends or any(end is None for end in ends):
        return None
    return max(end for end in ends if end is not None)


def administrative_clock(employment_end: dt.date | None) -> Clock:
    """R-RET-1: from the end of the last employment, 2 years."""
    if employment_end is None:
        return Clock(RULE_ADMINISTRATIVE, None, None)
    return Clock(
        RULE_ADMINISTRATIVE, employment_end, add_years(employment_end, ADMINISTRATIVE_YEARS)
    )


def own_risk_clock(last_action: dt.date) -> Clock:
    """R-RET-3: 5 years counted from 1 January of the year after the last action."""
    starts = dt.date(last_action.year + 1, 1, 1)
    return Clock(RULE_OWN_RISK, starts, add_years(starts, OWN_RISK_YEARS))


def employee_clocks(
    employment_ends: Sequence[dt.date | None], last_action: dt.date | None, own_risk: bool
) -> list[Clock]:
    """The clocks for the employee's administrative data and record. Nothing runs while
    an employment is open, also not the R-RET-3 clock (R-RET-1 is the floor)."""
    end = last_employment_end(employment_ends)
    clocks = [administrative_clock(end)]
    if own_risk and end is not None:
        clocks.append(own_risk_clock(max(last_action or end, end)))
    return clocks


def _merged(periods: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def stop_the_clock(clock: Clock, holds: Iterable[HoldPeriod]) -> dt.date | None:
    """The due date of ``clock`` moved later by the days lifted holds were in force while
    it ran. Holds still in force are left out (the caller marks the term as held).

    Each day a hold is in force between the clock's start and its (moving) due date adds
    one day: a clock paused at day X with R days left resumes when the hold is lifted and
    ends R days later. Overlapping holds count their days once.
    """
    if clock.starts_on is None or clock.due_on is None:
        return None
    due = clock.due_on
    lifted = [(h.placed_on, h.lifted_on) for h in holds if h.lifted_on is not None]
    for placed, lifted_on in _merged(lifted):
        start = max(placed, clock.starts_on)
        if lifted_on <= start:
            continue  # entirely before the clock started
        if start >= due:
            break  # the term had already run out when the hold was placed
        due += lifted_on - start
    return due


def decide(clocks: Sequence[Clock], holds: Sequence[HoldPeriod]) -> Term:
    """The term that applies: the latest of the clocks after holds; not running if any
    clock is not running; held while any hold is in force."""
    held = any(hold.lifted_on is None for hold in holds)
    dues = [(due, clock.rule) for clock in clocks if (due := stop_the_clock(clock, holds))]
    if not clocks or len(dues) < len(clocks):
        return Term(clocks[0].rule if clocks else RULE_ADMINISTRATIVE, None, held)
    # Latest date wins; on a tie the general rule (listed first) names it.
    due, rule = max(dues, key=lambda pair: pair[0])
    return Term(rule, due, held)
