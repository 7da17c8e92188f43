"""The Poortwachter timeline engine (DOMAIN.md section 1, docs/poortwachter.md).

Expected dates are written out by hand from the day arithmetic: day N = first sick day
+ N−1 days, week N ends on day 7N; the gap days of a case move every later date."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from poortwachter.absences import rules
from poortwachter.reintegration import timeline
from poortwachter.reintegration.timeline import Period, TimelineError, compute

D = dt.date


def dues(case) -> dict[str, dt.date]:
    return {m.key: m.due for m in case.milestones}


def one_case(*periods, **kwargs):
    result = compute(list(periods), **kwargs)
    assert len(result.cases) == 1
    return result.cases[0]


# --- DOMAIN.md's worked example -----------------------------------------------------------


def test_domain_md_adding_up_example():
    """Sick 3-1-2022 to 3-7-2022, fit 4-7 to 24-7, sick again from 25-7: one case, and the
    end of wage continuation moves from 1-1-2024 to 22-1-2024 [S rviregister.nl]."""
    alone = one_case(Period(D(2022, 1, 3)))
    assert dues(alone)["wage_continuation_end"] == D(2024, 1, 1)

    case = one_case(Period(D(2022, 1, 3), D(2022, 7, 3)), Period(D(2022, 7, 25)))
    assert case.first_sick_day == D(2022, 1, 3)
    assert case.gap_days == 21
    assert dues(case)["wage_continuation_end"] == D(2024, 1, 22)
    assert case.wage_continuation_ends == rules.wage_continuation_ends(D(2022, 1, 3), 21)


def test_dates_before_the_gap_stay_and_dates_after_it_move_by_the_gap():
    case = one_case(Period(D(2022, 1, 3), D(2022, 7, 3)), Period(D(2022, 7, 25)))
    plain = one_case(Period(D(2022, 1, 3)))
    shift = dt.timedelta(days=21)
    for milestone in plain.milestones:
        moved = dues(case)[milestone.key]
        if milestone.due <= D(2022, 7, 3):
            assert moved == milestone.due, milestone.key
        else:
            assert moved == milestone.due + shift, milestone.key
    # e.g. the 42nd-week notification: Monday 24-10-2022 becomes Monday 14-11-2022
    assert dues(case)["uwv_42_week_notification"] == D(2022, 11, 14)
    assert dues(case)["wia_application"] == D(2023, 11, 5)


# --- a plain case: every milestone ----------------------------------------------------------


def test_every_milestone_of_a_plain_case():
    """First sick day Monday 6-1-2025, still sick, nothing done yet."""
    case = one_case(Period(D(2025, 1, 6)))
    rows = [(m.key, m.due, m.window_start, m.role, m.depends_on) for m in case.milestones]
    evaluations = [
        (f"evaluation.{n}", D(2025, 3, 2) + dt.timedelta(days=42 * n), None, "hr+employee",
         "plan_of_action" if n == 1 else f"evaluation.{n - 1}")
        for n in range(1, 14)
    ]  # fmt: skip
    expected = [
        ("report_to_service", D(2025, 1, 12), None, "hr", None),  # day 7
        ("problem_analysis", D(2025, 2, 16), None, "doctor", None),  # day 42
        ("plan_of_action", D(2025, 3, 2), None, "hr+employee", "problem_analysis"),  # day 56
        *evaluations[:5],  # days 98, 140, 182, 224, 266
        ("uwv_42_week_notification", D(2025, 10, 27), None, "hr", None),  # day 295, a Monday
        *evaluations[5:7],  # days 308, 350
        ("first_year_evaluation", D(2026, 1, 4), D(2025, 11, 17), "hr+employee", None),
        *evaluations[7:8],  # day 392
        ("track_2_decision", D(2026, 2, 15), None, "hr", "first_year_evaluation"),  # day 406
        *evaluations[8:13],  # days 434 ... 602
        ("current_assessment", D(2026, 9, 6), D(2026, 8, 31), "doctor", None),  # week 87
        ("final_evaluation", D(2026, 10, 4), None, "hr+employee", None),  # day 637
        ("reintegration_report", D(2026, 10, 18), None, "hr+employee", None),  # day 651
        ("wia_application", D(2026, 10, 18), None, "employee", None),  # day 651
        ("wage_continuation_end", D(2027, 1, 4), None, "hr", None),  # + 104 weeks
    ]
    assert rows == expected
    assert evaluations[-1][1] == D(2026, 8, 30)  # the last one before the final evaluation


def test_milestones_carry_label_source_and_sequence_number():
    case = one_case(Period(D(2025, 1, 6)))
    for milestone in case.milestones:
        assert str(milestone.label)
        assert milestone.source
        assert milestone.role in timeline.ROLES
        assert milestone.done_on is None
        assert milestone.status is None
        assert (milestone.n is not None) == (milestone.code == "evaluation")
    assert str(case.milestone("problem_analysis").label) == "Probleemanalyse door de bedrijfsarts"
    assert case.milestone("problem_analysis").source == "Regeling procesgang art. 2.2–2.3"
    assert case.milestone("wage_continuation_end").source == "art. 7:629 lid 1 en 10 BW"
    assert [m.n for m in case.milestones if m.code == "evaluation"] == list(range(1, 14))


def test_the_codes_are_stable():
    assert timeline.CODES == (
        "report_to_service", "problem_analysis", "plan_of_action", "evaluation",
        "uwv_42_week_notification", "first_year_evaluation", "track_2_decision",
        "current_assessment", "final_evaluation", "reintegration_report", "wia_application",
        "wage_continuation_end", "early_iva_application",
    )  # fmt: skip


def test_day_arithmetic():
    case = one_case(Period(D(2025, 1, 6)))
    assert case.date_of_day(1) == D(2025, 1, 6)
    assert case.date_of_day(42) == D(2025, 2, 16)  # week 6 ends
    assert case.day_of(D(2025, 2, 16)) == 42


# --- year ends and leap years -------------------------------------------------------------


def test_across_a_year_end():
    case = one_case(Period(D(2023, 12, 27)))
    d = dues(case)
    assert d["report_to_service"] == D(2024, 1, 2)
    assert d["problem_analysis"] == D(2024, 2, 6)
    assert d["uwv_42_week_notification"] == D(2024, 10, 16)  # a Wednesday
    assert d["first_year_evaluation"] == D(2024, 12, 24)
    assert d["track_2_decision"] == D(2025, 2, 4)
    assert d["wia_application"] == D(2025, 10, 7)
    assert d["wage_continuation_end"] == D(2025, 12, 24)


def test_first_sick_day_on_29_february():
    case = one_case(Period(D(2024, 2, 29)))
    d = dues(case)
    assert d["problem_analysis"] == D(2024, 4, 10)
    assert d["uwv_42_week_notification"] == D(2024, 12, 19)
    assert d["first_year_evaluation"] == D(2025, 2, 26)
    assert case.milestone("first_year_evaluation").window_start == D(2025, 1, 9)
    assert d["final_evaluation"] == D(2025, 11, 26)
    assert d["wage_continuation_end"] == D(2026, 2, 26)


def test_a_year_that_holds_29_february():
    """1-3-2023: the first-year window and due date count 29-2-2024 as a day."""
    case = one_case(Period(D(2023, 3, 1)))
    assert case.milestone("first_year_evaluation").window_start == D(2024, 1, 10)
    assert dues(case)["first_year_evaluation"] == D(2024, 2, 27)
    assert dues(case)["track_2_decision"] == D(2024, 4, 9)
    assert dues(case)["wage_continuation_end"] == D(2025, 2, 26)


def test_a_gap_across_29_february():
    """Fit 20-2-2024 up to 10-3-2024 (20 days, 29 February included): added up."""
    case = one_case(Period(D(2024, 1, 2), D(2024, 2, 19)), Period(D(2024, 3, 11)))
    assert case.gap_days == 20
    assert dues(case)["wage_continuation_end"] == D(2025, 12, 30) + dt.timedelta(days=20)


# --- relapse: adding up and reset ---------------------------------------------------------


FIRST = Period(D(2025, 1, 6), D(2025, 2, 2))  # sick for four weeks, fit from 3-2-2025


def relapse_after(fit_days: int):
    return compute([FIRST, Period(D(2025, 2, 3) + dt.timedelta(days=fit_days))])


def test_relapse_after_27_days_fit_is_added_up():
    result = relapse_after(27)
    assert len(result.cases) == 1
    case = result.cases[0]
    assert case.gap_days == 27
    assert case.first_sick_day == D(2025, 1, 6)
    assert dues(case)["wage_continuation_end"] == D(2027, 1, 4) + dt.timedelta(days=27)
    # the problem analysis (day 42) falls after the gap: it moves by 27 days
    assert dues(case)["problem_analysis"] == D(2025, 2, 16) + dt.timedelta(days=27)
    # reporting to the service (day 7) fell in the first period: it stays
    assert dues(case)["report_to_service"] == D(2025, 1, 12)


@pytest.mark.parametrize("fit_days", [28, 29])
def test_relapse_after_four_weeks_fit_starts_a_new_case(fit_days):
    result = relapse_after(fit_days)
    assert [c.first_sick_day for c in result.cases] == [
        D(2025, 1, 6), D(2025, 2, 3) + dt.timedelta(days=fit_days)
    ]  # fmt: skip
    assert [c.gap_days for c in result.cases] == [0, 0]
    new = result.current
    assert dues(new)["problem_analysis"] == new.first_sick_day + dt.timedelta(days=41)
    assert dues(new)["wage_continuation_end"] == new.first_sick_day + dt.timedelta(days=728)


def test_adjacent_periods_are_one_case_without_gap():
    case = one_case(Period(D(2025, 1, 6), D(2025, 1, 10)), Period(D(2025, 1, 11)))
    assert case.gap_days == 0
    assert dues(case) == dues(one_case(Period(D(2025, 1, 6))))


def test_several_gaps_add_up():
    case = one_case(
        Period(D(2025, 1, 6), D(2025, 1, 31)),  # fit 1-2 .. 10-2: 10 days
        Period(D(2025, 2, 11), D(2025, 3, 31)),  # fit 1-4 .. 5-4: 5 days
        Period(D(2025, 4, 6)),
    )
    assert case.gap_days == 15
    assert dues(case)["wage_continuation_end"] == D(2027, 1, 19)


# --- pregnancy and maternity leave ---------------------------------------------------------


# Source of every test in this section: art. 7:629 lid 10 BW and DOMAIN.md §1: sickness
# directly before and after pregnancy and maternity leave (WAZO) is added up; the leave
# days are not sickness and do not count towards the 104 weeks, so every later date moves
# by the leave days inside the case (issue 16). Dates worked out by hand in the comments.

LEAVE_112 = Period(D(2025, 3, 10), D(2025, 6, 29))  # 22 + 30 + 31 + 29 = 112 days


def test_leave_between_periods_moves_every_later_date_by_its_length():
    """The issue's case: sick 6-1 to 9-3-2025, leave 10-3 to 29-6 (112 days), sick again
    from 30-6. Without leave: wage continuation ends 6-1-2025 + 728 = 4-1-2027 and day 295
    is 27-10-2025. With it both move by 112 days: 26-4-2027 (4-1 +31 4-2 +28 4-3 +31 4-4
    +22 26-4) and 16-2-2026 (27-10 +5 1-11 +30 1-12 +31 1-1 +31 1-2 +15 16-2, a Monday)."""
    case = one_case(Period(D(2025, 1, 6), D(2025, 3, 9)), Period(D(2025, 6, 30)),
                    leave=[LEAVE_112])  # fmt: skip
    assert (case.gap_days, case.leave_days) == (0, 112)
    assert dues(case)["wage_continuation_end"] == D(2027, 4, 26)
    assert case.wage_continuation_ends == D(2027, 4, 26)
    assert dues(case)["uwv_42_week_notification"] == D(2026, 2, 16)
    # Before the leave nothing moves: the problem analysis is day 42, 16-2-2025.
    assert dues(case)["problem_analysis"] == D(2025, 2, 16)


def test_leave_inside_one_open_period_moves_the_dates_the_same_way():
    """One open period from 6-1-2025 with the same leave recorded inside it: the same
    dates as with two periods. The first evaluation is day 98 of the clock: 63 sick days
    up to 9-3, day 64 is 30-6 after the leave, day 98 is 30-6 + 34 = 3-8-2025 (without
    leave: 6-1 + 97 = 13-4-2025)."""
    case = one_case(Period(D(2025, 1, 6)), leave=[LEAVE_112])
    assert case.leave_days == 112
    assert dues(case)["wage_continuation_end"] == D(2027, 4, 26)
    assert dues(case)["uwv_42_week_notification"] == D(2026, 2, 16)
    assert dues(case)["evaluation.1"] == D(2025, 8, 3)
    assert dues(one_case(Period(D(2025, 1, 6))))["evaluation.1"] == D(2025, 4, 13)


def test_leave_between_periods_with_fit_days_moves_by_both():
    """Sick 6-1 to 2-3-2025, leave 3-3 to 22-6 (29 + 30 + 31 + 22 = 112 days), fit 23-6 to
    6-7 (14 days), sick from 7-7: one case. End: 4-1-2027 + 14 + 112 = 10-5-2027. Day 295:
    56 sick days to 2-3, day 57 is 7-7, day 295 is 7-7 + 238 = 2-3-2026 (a Monday)."""
    periods = [Period(D(2025, 1, 6), D(2025, 3, 2)), Period(D(2025, 7, 7))]
    leave = [Period(D(2025, 3, 3), D(2025, 6, 22))]
    case = one_case(*periods, leave=leave)
    assert (case.gap_days, case.leave_days) == (14, 112)
    assert dues(case)["wage_continuation_end"] == D(2027, 5, 10)
    assert dues(case)["uwv_42_week_notification"] == D(2026, 3, 2)

    without_leave = compute(periods)
    assert len(without_leave.cases) == 2  # 126 days fit: a new case


def test_leave_not_adjacent_to_the_sickness_adds_the_fit_days_on_both_sides():
    """Decided and documented (docs/poortwachter.md): sick 6-1 to 2-3-2025, fit 3-3 to
    12-3 (10 days), leave 13-3 to 22-6 (19 + 30 + 31 + 22 = 102 days), fit 23-6 to 4-7 (12
    days), sick from 5-7: 22 fit days < 28, one case; the clock skips the fit days and the
    leave. End: 4-1-2027 + 22 + 102 = 8-5-2027."""
    case = one_case(Period(D(2025, 1, 6), D(2025, 3, 2)), Period(D(2025, 7, 5)),
                    leave=[Period(D(2025, 3, 13), D(2025, 6, 22))])  # fmt: skip
    assert (case.gap_days, case.leave_days) == (22, 102)
    assert dues(case)["wage_continuation_end"] == D(2027, 5, 8)


def test_leave_with_a_relapse_before_it():
    """Sick 6-1 to 2-2-2025, fit 3-2 to 9-2 (7 days), sick 10-2 to 9-3, leave 10-3 to
    29-6 (112), sick from 30-6: end 4-1-2027 + 7 + 112 = 3-5-2027."""
    case = one_case(Period(D(2025, 1, 6), D(2025, 2, 2)), Period(D(2025, 2, 10), D(2025, 3, 9)),
                    Period(D(2025, 6, 30)), leave=[LEAVE_112])  # fmt: skip
    assert (case.gap_days, case.leave_days) == (7, 112)
    assert dues(case)["wage_continuation_end"] == D(2027, 5, 3)


def test_leave_before_the_first_sick_day_or_after_recovery_changes_nothing():
    """Leave 1-1 to 5-1-2025 ends before the first sick day 6-1; leave from 10-3 starts
    after the recovery (sick 6-1 to 2-2): the end stays 4-1-2027."""
    before = one_case(Period(D(2025, 1, 6)), leave=[Period(D(2025, 1, 1), D(2025, 1, 5))])
    assert (before.leave_days, dues(before)["wage_continuation_end"]) == (0, D(2027, 1, 4))
    after = one_case(Period(D(2025, 1, 6), D(2025, 2, 2)), leave=[LEAVE_112])
    assert (after.leave_days, dues(after)["wage_continuation_end"]) == (0, D(2027, 1, 4))


def test_leave_at_the_end_of_the_104_weeks():
    """Sick from 6-1-2025, leave 1-12-2026 to 22-3-2027 (31 + 31 + 28 + 22 = 112 days):
    694 sick days up to 30-11-2026, day 695 is 23-3-2027, so the 728th day is 25-4-2027 and
    wage continuation ends on 26-4-2027. The WIA application (day 651, 18-10-2026) lies
    before the leave and does not move."""
    case = one_case(Period(D(2025, 1, 6)), leave=[Period(D(2026, 12, 1), D(2027, 3, 22))])
    assert case.leave_days == 112
    assert dues(case)["wage_continuation_end"] == D(2027, 4, 26)
    assert dues(case)["wia_application"] == D(2026, 10, 18)
    assert case.date_of_day(728) == D(2027, 4, 25)


def test_sickness_that_starts_during_the_leave_counts_from_the_day_after_it():
    """Leave 3-3 to 22-6-2025, first sick day 10-6 (during the leave): the 13 leave days
    10-6..22-6 are skipped, so day 1 of the clock is 23-6 and day 42 is 3-8-2025; the end is
    10-6-2025 + 728 + 13 = 21-6-2027, the same as a first sick day of 23-6-2025 [B]."""
    case = one_case(Period(D(2025, 6, 10)), leave=[Period(D(2025, 3, 3), D(2025, 6, 22))])
    assert case.leave_days == 13
    assert case.date_of_day(1) == D(2025, 6, 23)
    assert dues(case)["problem_analysis"] == D(2025, 8, 3)
    assert dues(case)["wage_continuation_end"] == D(2027, 6, 21)


def test_two_leaves_in_one_case_both_count():
    """Sick from 6-1-2025; leave 10-3 to 29-6-2025 (112) and leave 1-6 to 30-6-2026 (30):
    end 4-1-2027 + 142 = 26-5-2027 (26-4 + 30)."""
    case = one_case(Period(D(2025, 1, 6)),
                    leave=[LEAVE_112, Period(D(2026, 6, 1), D(2026, 6, 30))])  # fmt: skip
    assert case.leave_days == 142
    assert dues(case)["wage_continuation_end"] == D(2027, 5, 26)


def test_the_rules_and_the_timeline_agree_on_the_leave_days():
    """``absences.rules.leave_days_in_case`` (the stored case's end of wage continuation)
    counts what the timeline skips: leave from the first sick day up to the day back."""
    leave = [(LEAVE_112.start, LEAVE_112.end)]
    assert rules.leave_days_in_case(D(2025, 1, 6), None, leave) == 112
    assert rules.leave_days_in_case(D(2025, 1, 6), D(2025, 4, 1), leave) == 22  # 10-3..31-3
    assert rules.leave_days_in_case(D(2025, 1, 6), D(2025, 3, 10), leave) == 0
    assert rules.wage_continuation_ends(D(2025, 1, 6), 0, 112) == D(2027, 4, 26)


def test_fit_days_on_both_sides_of_the_leave_add_up():
    """10 days fit, leave, 20 days fit: 30 days ≥ 28, so a new case."""
    periods = [Period(D(2025, 1, 6), D(2025, 3, 2)), Period(D(2025, 7, 13))]
    leave = [Period(D(2025, 3, 13), D(2025, 6, 22))]  # fit 3-3..12-3 and 23-6..12-7
    assert len(compute(periods, leave=leave).cases) == 2
    shorter = [Period(D(2025, 1, 6), D(2025, 3, 2)), Period(D(2025, 7, 5))]
    case = one_case(*shorter, leave=leave)  # 10 + 12 = 22 days
    assert (case.gap_days, case.leave_days) == (22, 102)


def test_leave_at_the_start_of_the_case():
    """Sick from Monday 3-3-2025 and still sick, leave the next day, 4-3 to 23-6-2025
    (28 + 30 + 31 + 23 = 112 days). Day 1 is 3-3, day 2 is 24-6 after the leave, so day
    42 is 24-6 + 40 = 3-8-2025 (30-6 +31 31-7 +3). Day 295 is 3-3-2025 + 294 + 112 =
    3-3-2025 + 406 = 13-4-2026, a Monday (3-3-2026 + 41). End: 3-3-2025 + 728 = 1-3-2027
    (two times 364 days), + 112 = 21-6-2027 (1-4 +31, 1-5 +61, 1-6 +92, 21-6 +112)."""
    case = one_case(Period(D(2025, 3, 3)), leave=[Period(D(2025, 3, 4), D(2025, 6, 23))])
    assert (case.gap_days, case.leave_days) == (0, 112)
    assert case.date_of_day(2) == D(2025, 6, 24)
    assert dues(case)["report_to_service"] == D(2025, 6, 29)  # day 7: 24-6 + 5
    assert dues(case)["problem_analysis"] == D(2025, 8, 3)
    assert dues(case)["uwv_42_week_notification"] == D(2026, 4, 13)
    assert dues(case)["wage_continuation_end"] == D(2027, 6, 21)


def test_leave_with_a_relapse_after_it():
    """The issue's leave (sick 6-1 to 9-3-2025, leave 10-3 to 29-6, 112 days), sick 30-6
    to 31-7, fit 1-8 to 20-8 (20 days), sick again from 21-8: one case, 20 gap days and
    112 leave days. End: 4-1-2027 + 132 = 16-5-2027 (31-1 +27, 28-2 +55, 31-3 +86, 30-4
    +116, 16-5 +132). Day 295: 63 sick days to 9-3, 32 from 30-6 to 31-7 (days 64-95),
    day 96 is 21-8, day 295 is 21-8 + 199 = 8-3-2026 (27-10-2025 + 132), a Sunday: the
    notification is due on Monday 9-3-2026."""
    case = one_case(Period(D(2025, 1, 6), D(2025, 3, 9)), Period(D(2025, 6, 30), D(2025, 7, 31)),
                    Period(D(2025, 8, 21)), leave=[LEAVE_112])  # fmt: skip
    assert (case.gap_days, case.leave_days) == (20, 112)
    assert case.date_of_day(295) == D(2026, 3, 8)
    assert dues(case)["uwv_42_week_notification"] == D(2026, 3, 9)
    assert dues(case)["wage_continuation_end"] == D(2027, 5, 16)


def test_a_relapse_four_weeks_after_the_leave_starts_a_new_case_without_it():
    """As above, but fit 1-8 to 28-8-2025 (28 days): the relapse from 29-8 is a new case
    (art. 7:629 lid 10 BW: four weeks fit), which holds no leave: end 29-8-2025 + 728 =
    27-8-2027. The first case keeps its 112 leave days."""
    result = compute([Period(D(2025, 1, 6), D(2025, 3, 9)),
                      Period(D(2025, 6, 30), D(2025, 7, 31)), Period(D(2025, 8, 29))],
                     leave=[LEAVE_112])  # fmt: skip
    first, second = result.cases
    assert (first.gap_days, first.leave_days) == (0, 112)
    assert (second.first_sick_day, second.gap_days, second.leave_days) == (D(2025, 8, 29), 0, 0)
    assert dues(second)["wage_continuation_end"] == D(2027, 8, 27)


def test_overlapping_leave_is_counted_once():
    periods = [Period(D(2025, 1, 6), D(2025, 3, 2)), Period(D(2025, 7, 7))]
    leave = [Period(D(2025, 3, 3), D(2025, 5, 1)), Period(D(2025, 4, 1), D(2025, 6, 22))]
    assert one_case(*periods, leave=leave).gap_days == 14


# --- the 42nd-week notification and public holidays ------------------------------------------


@pytest.mark.parametrize(
    ("first_sick_day", "day_295", "due"),
    [
        (D(2025, 1, 6), D(2025, 10, 27), D(2025, 10, 27)),  # Monday: stays
        (D(2025, 1, 4), D(2025, 10, 25), D(2025, 10, 27)),  # Saturday → Monday
        (D(2025, 1, 5), D(2025, 10, 26), D(2025, 10, 27)),  # Sunday → Monday
        (D(2025, 3, 6), D(2025, 12, 25), D(2025, 12, 29)),  # Christmas, Boxing Day, weekend
        (D(2025, 6, 16), D(2026, 4, 6), D(2026, 4, 7)),  # Easter Monday 2026
        (D(2025, 7, 7), D(2026, 4, 27), D(2026, 4, 28)),  # King's Day 2026
    ],
)
def test_42nd_week_notification_on_the_first_working_day_after_week_42(
    first_sick_day, day_295, due
):
    case = one_case(Period(first_sick_day))
    assert case.date_of_day(295) == day_295
    assert dues(case)["uwv_42_week_notification"] == due


def test_public_holidays():
    # King's Day 27-4-2025 is a Sunday: celebrated on the 26th.
    assert timeline.public_holidays(2025) == {
        D(2025, 1, 1), D(2025, 4, 21), D(2025, 4, 26), D(2025, 5, 5), D(2025, 5, 29),
        D(2025, 6, 9), D(2025, 12, 25), D(2025, 12, 26),
    }  # fmt: skip
    assert D(2024, 3, 29) not in timeline.public_holidays(2024)  # Good Friday
    assert timeline.next_working_day(D(2024, 5, 9)) == D(2024, 5, 10)  # Ascension Day


# --- actual dates move the steps that depend on them -----------------------------------------


def test_a_late_problem_analysis_moves_the_plan_of_action_and_evaluations():
    case = one_case(Period(D(2025, 1, 6)), done={"problem_analysis": D(2025, 3, 10)})
    d = dues(case)
    assert case.milestone("problem_analysis").done_on == D(2025, 3, 10)
    assert d["problem_analysis"] == D(2025, 2, 16)  # the legal due date stays
    assert d["plan_of_action"] == D(2025, 3, 24)  # two weeks after the actual date
    assert d["evaluation.1"] == D(2025, 5, 5)
    assert d["uwv_42_week_notification"] == D(2025, 10, 27)  # fixed by law


def test_an_early_problem_analysis_moves_the_plan_earlier():
    case = one_case(Period(D(2025, 1, 6)), done={"problem_analysis": D(2025, 1, 27)})
    assert dues(case)["plan_of_action"] == D(2025, 2, 10)


def test_actual_plan_and_evaluations_drive_the_next_evaluation():
    done = {
        "problem_analysis": D(2025, 2, 10),
        "plan_of_action": D(2025, 3, 20),  # late: due 24-2
        "evaluation.1": D(2025, 4, 15),  # early: due 1-5
    }
    case = one_case(Period(D(2025, 1, 6)), done=done)
    d = dues(case)
    assert d["plan_of_action"] == D(2025, 2, 24)
    assert d["evaluation.1"] == D(2025, 5, 1)
    assert d["evaluation.2"] == D(2025, 5, 27)
    assert case.milestone("evaluation.1").done_on == D(2025, 4, 15)


def test_actual_first_year_evaluation_moves_the_track_2_decision():
    case = one_case(Period(D(2025, 1, 6)), done={"first_year_evaluation": D(2025, 12, 1)})
    assert dues(case)["track_2_decision"] == D(2026, 1, 12)
    assert dues(case)["first_year_evaluation"] == D(2026, 1, 4)


def test_dependent_dates_skip_the_gap():
    """Plan of action on 20-6-2022 (day 169); six weeks of the case's clock later falls
    after the 21-day gap: 22-8-2022, not 1-8-2022."""
    periods = [Period(D(2022, 1, 3), D(2022, 7, 3)), Period(D(2022, 7, 25))]
    case = one_case(*periods, done={"plan_of_action": D(2022, 6, 20)})
    assert dues(case)["evaluation.1"] == D(2022, 8, 22)


def test_done_dates_belong_to_the_case_they_fall_in():
    result = compute(
        [FIRST, Period(D(2025, 4, 1))],
        done={"report_to_service": D(2025, 1, 8), "problem_analysis": D(2025, 5, 1)},
    )
    old, new = result.cases
    assert old.milestone("report_to_service").done_on == D(2025, 1, 8)
    assert old.milestone("problem_analysis").done_on is None
    assert new.milestone("problem_analysis").done_on == D(2025, 5, 1)
    assert new.milestone("report_to_service").done_on is None


def test_status_with_today():
    case = one_case(
        Period(D(2025, 1, 6)), done={"report_to_service": D(2025, 1, 7)}, today=D(2025, 3, 1)
    )
    assert case.milestone("report_to_service").status == "done"
    assert case.milestone("problem_analysis").status == "overdue"
    assert case.milestone("plan_of_action").status == "pending"


def test_steps_after_recovery_lapse():
    case = one_case(Period(D(2025, 1, 6), D(2025, 2, 20)), today=D(2025, 3, 1))
    assert case.fit_from == D(2025, 2, 21)
    assert case.milestone("problem_analysis").status == "overdue"  # due 16-2, still sick then
    assert case.milestone("plan_of_action").status == "lapsed"


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("periods", "kwargs", "message"),
    [
        ([], {}, "minstens één ziekteperiode"),
        ([Period(D(2025, 3, 1), D(2025, 2, 1))], {}, "ligt vóór de eerste"),
        ([Period(D(2025, 1, 1), D(2025, 2, 1)), Period(D(2025, 2, 1))], {}, "overlappen"),
        ([Period(D(2025, 1, 1)), Period(D(2025, 3, 1))], {}, "Alleen de laatste periode"),
        ([Period(D(2025, 1, 1))], {"done": {"plan": D(2025, 2, 1)}}, "Onbekende stap 'plan'"),
        ([Period(D(2025, 1, 1))], {"done": {"evaluation": D(2025, 2, 1)}}, "Onbekende stap"),
        ([Period(D(2025, 1, 1))], {"done": {"evaluation.0": D(2025, 2, 1)}}, "Onbekende stap"),
        ([Period(D(2025, 1, 1))], {"done": {"problem_analysis": D(2024, 12, 1)}},
         "vóór de eerste ziektedag"),
        ([Period(D(2025, 1, 1))],
         {"done": {"problem_analysis": D(2025, 2, 1), "plan_of_action": D(2025, 1, 20)}},
         "niet vóór de probleemanalyse"),
        ([Period(D(2025, 1, 1))],
         {"done": {"evaluation.1": D(2025, 5, 1), "evaluation.2": D(2025, 4, 1)}},
         "Evaluatie 2"),
        ([Period(D(2025, 1, 1))], {"done": {"problem_analysis": D(2025, 3, 1)},
                                   "today": D(2025, 2, 1)}, "in de toekomst"),
        ([Period(D(2025, 1, 1))], {"leave": [Period(D(2025, 1, 1))]}, "laatste verlofdag"),
        ([Period(D(2025, 1, 1))], {"leave": [Period(D(2025, 2, 1), D(2025, 1, 1))]},
         "ligt vóór de eerste"),
    ],
)  # fmt: skip
def test_bad_input_gives_a_dutch_error(periods, kwargs, message):
    with pytest.raises(TimelineError) as raised:
        compute(periods, **kwargs)
    assert message in str(raised.value)


# --- properties ------------------------------------------------------------------------------


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31))


@given(
    first=dates,
    lengths=st.lists(st.integers(1, 200), min_size=1, max_size=5),
    gaps=st.lists(st.integers(1, 60), min_size=4, max_size=4),
)
def test_cases_follow_the_28_day_rule_and_shift_by_their_gaps(first, lengths, gaps):
    periods, start = [], first
    for index, length in enumerate(lengths):
        end = start + dt.timedelta(days=length - 1)
        periods.append(Period(start, end))
        start = end + dt.timedelta(days=1 + gaps[index % len(gaps)])
    result = compute(periods)
    assert sum(len(c.periods) for c in result.cases) == len(periods)
    for case in result.cases:
        inner = [
            (b.start - a.end).days - 1 for a, b in zip(case.periods, case.periods[1:], strict=False)
        ]
        assert all(gap < 28 for gap in inner)
        assert case.gap_days == sum(inner)
        assert dues(case)["wage_continuation_end"] == rules.wage_continuation_ends(
            case.first_sick_day, case.gap_days
        )
        for milestone in case.milestones:
            if milestone.code in ("problem_analysis", "final_evaluation"):
                n = {"problem_analysis": 42, "final_evaluation": 637}[milestone.code]
                skipped = sum((e - s).days + 1 for s, e in case.gaps if s <= milestone.due)
                assert milestone.due == case.first_sick_day + dt.timedelta(n - 1 + skipped)
                assert case.day_of(milestone.due) == n
    for before, after in zip(result.cases, result.cases[1:], strict=False):
        assert (after.first_sick_day - before.periods[-1].end).days - 1 >= 28
