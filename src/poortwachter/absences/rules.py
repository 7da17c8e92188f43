"""The legal arithmetic of absence cases, as pure functions (no database).

Sources (../shared/DOMAIN.md section 1): periods of sickness separated by less than four
weeks are added up, whatever the cause (art. 7:629 lid 10 BW); the gap itself does not
count, so the end of the 104 weeks moves later by the gap's length; pregnancy and
maternity leave are ignored when measuring the gap. A full recovery of four weeks or
more starts a new case.

Pregnancy and maternity leave (WAZO) is not sickness: art. 7:629 lid 10 BW adds up the
periods of sickness directly before and after the leave, and the leave days themselves
do not count towards the 104 weeks (DOMAIN.md §1; the WIA waiting time of art. 23 WIA
runs on the same 104 weeks). So every date after a leave day of the case moves later
by one day, like a gap day, wherever the leave lies in the case: between two periods,
inside an open period, or recorded by HR while the report is open (issue 16).
"""

import datetime as dt
from collections.abc import Iterable

#: Periods less than this many days apart belong to one case.
ADDING_UP_DAYS = 28
#: 104 weeks of wage continuation (art. 7:629 lid 1 BW).
WAGE_CONTINUATION_DAYS = 104 * 7


def _overlap_days(start: dt.date, end: dt.date, other_start: dt.date, other_end: dt.date) -> int:
    """Days of [start, end) that fall in [other_start, other_end] (inclusive end)."""
    first = max(start, other_start)
    last = min(end, other_end + dt.timedelta(days=1))
    return max(0, (last - first).days)


def gap_days(
    recovered_on: dt.date,
    next_first_sick_day: dt.date,
    leave: Iterable[tuple[dt.date, dt.date]] = (),
) -> int:
    """Days fit for work between two periods: from the first day back up to (not
    including) the next first sick day, not counting days of leave."""
    total = (next_first_sick_day - recovered_on).days
    on_leave = sum(_overlap_days(recovered_on, next_first_sick_day, s, e) for s, e in leave)
    return max(0, total - on_leave)


def adds_up(gap: int) -> bool:
    return gap < ADDING_UP_DAYS


def leave_days_in_case(
    first_sick_day: dt.date,
    closed_on: dt.date | None,
    leave: Iterable[tuple[dt.date, dt.date]],
) -> int:
    """Days of leave from the case's first sick day up to (not including) ``closed_on``,
    the first day back at work; an open case (``closed_on=None``) counts all later leave,
    also leave recorded ahead. Leave periods must not overlap (the service refuses it).
    Leave in a gap between two periods is counted here and not in ``gap_days``."""
    end = closed_on or dt.date.max
    return sum(_overlap_days(first_sick_day, end, s, e) for s, e in leave)


def wage_continuation_ends(
    first_sick_day: dt.date, total_gap_days: int, leave_days: int = 0, *,
    extension_weeks: int = 0, sanction_last_day: dt.date | None = None,
) -> dt.date:  # fmt: skip
    """The end of the 104 weeks (einde wachttijd): first sick day + 104 weeks, moved later
    by the gaps between the case's periods and by the leave days inside the case. This is
    how DOMAIN.md's worked example and UWV date it: first sick day 3-1-2022 gives
    1-1-2024.

    A voluntary extension agreed with UWV (art. 24 lid 1 WIA) moves it by its weeks; a
    wage sanction (loonsanctie, art. 25 lid 9 WIA) runs the wage continuation on to the
    sanction's last day as UWV's decision states it, so the end is the day after that day
    when it is later (art. 7:629 lid 11 BW; issue 16)."""
    end = first_sick_day + dt.timedelta(
        days=WAGE_CONTINUATION_DAYS + total_gap_days + leave_days + 7 * extension_weeks
    )
    if sanction_last_day is not None:
        end = max(end, sanction_last_day + dt.timedelta(days=1))
    return end


#: At most 52 weeks: a wage sanction (art. 25 lid 9 WIA) and a voluntary extension
#: (art. 24 lid 1 WIA) each.
MAX_EXTENSION_WEEKS = 52
MAX_SANCTION_DAYS = 52 * 7


#: Expected durations for which the end of the 104 weeks is worth announcing at once.
LONG_EXPECTED = ("weeks_2_6", "longer")
#: From the sixth week on, the Poortwachter steps begin: from then the end matters anyway.
LONG_AFTER_DAYS = 42


def wage_continuation_relevant(expected_duration: str, first_sick_day: dt.date,
                               today: dt.date) -> bool:  # fmt: skip
    """Whether a report's page mentions the end of the 104 weeks: not for an absence of a
    few days (issue 15), yes when a long one is expected or it has lasted six weeks."""
    return expected_duration in LONG_EXPECTED or (today - first_sick_day).days >= LONG_AFTER_DAYS
