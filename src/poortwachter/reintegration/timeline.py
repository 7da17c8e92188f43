"""The Wet verbetering poortwachter timeline, as pure functions (no database).

``compute(periods, leave=..., done=..., today=...)`` turns the sickness periods of one
person into legal cases, each with its milestones and due dates. Every rule below comes
from ../shared/DOMAIN.md section 1 (marked [S] there: from a public source) unless it is
marked [B] (background knowledge, an assumption of this module); docs/poortwachter.md
explains each with worked examples.

Day arithmetic [B, DOMAIN.md §1]
    Day 1 is the first sick day; "day N" is the first sick day + N−1 days; "week N" ends
    on day 7N. The clock of a legal case counts every calendar day from its first sick
    day *except* the days the person was fit between two of its periods (the gap days),
    so each date after a gap moves later by the gap days before it.

Adding up and reset [S art. 7:629 lid 10 BW; rviregister.nl; verzuimservices.nl]
    Periods separated by fewer than 28 days fit for work are one legal case, whatever the
    cause; a full recovery of 28 days or more starts a new case with a new 104-week clock.
    ``absences.rules`` holds the arithmetic (``ADDING_UP_DAYS``, ``gap_days``,
    ``adds_up``, ``wage_continuation_ends``); this module reuses it.

Pregnancy and maternity leave [S art. 7:629 lid 10 BW; DOMAIN.md §1; hrpraktijk.nl]
    "Pregnancy and maternity leave are ignored when measuring the 4-week gap. Sickness
    directly before and after the leave is added up [...]; the leave days themselves are
    not sickness and do not count towards the 104 weeks, so every later date moves by
    the leave's length." Leave days are not fit days (they do not break the case, as
    ``absences.rules.gap_days`` counts them) and the clock skips them like gap days,
    wherever they lie from the first sick day to the last: between two periods, inside
    an open period, or recorded while a report is open. Sickness that is not directly
    adjacent to the leave: the fit days on both sides are added up, and if they are
    fewer than 28 the periods are one case whose clock skips both the fit days and the
    leave [B, docs/poortwachter.md]. The cause is never recorded (R-SICK-2), so the
    exception "unless the cause differs" cannot be applied here: such periods are added
    up [B assumption].

A period's ``end`` is its last sick day (inclusive); the person is fit again from the
day after. A sick report's ``recovered_on`` is that day after: ``end = recovered_on − 1``.

Where a step happened (``done``), the steps that depend on it run from the actual date,
counted in days of the case's clock: the plan of action two weeks after the actual
problem analysis, each evaluation six weeks after the previous actual one, the track 2
decision six weeks after the actual first-year evaluation. The other deadlines are fixed
by law from the first sick day and do not move.

Early IVA application [art. 23 lid 6 and art. 66 WIA; DOMAIN.md §1; uwv.nl]
    Optional: when the employee chose to apply for an IVA benefit with a shortened
    waiting time, the milestone runs from the start of week 3 (day 15) to the end of
    week 68 (day 476), the last week such an application is possible.

Extension and wage sanction [art. 7:629 lid 11 BW; art. 24 lid 1 and art. 25 lid 9 WIA]
    A voluntary extension of the waiting time, agreed with UWV on the joint request of
    employer and employee (at most 52 weeks), moves the end of the wage continuation and
    the steps counted back from it (the current assessment, the final evaluation, the
    re-integration report and the WIA application, due eleven weeks before the end of
    the waiting time, art. 64 WIA) by its weeks. A wage sanction (loonsanctie, at most
    52 weeks, DOMAIN.md §1) runs the wage continuation on to the sanction's last day as
    UWV's decision states it: the end becomes the day after, when that is later. Both
    belong to the latest case (the one still running when UWV decides).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from poortwachter.absences import rules
from poortwachter.core.errors import ServiceError

DAY = dt.timedelta(days=1)

# --- milestone codes (stable: the re-integration file and its tasks rely on them) ----
REPORT_TO_SERVICE = "report_to_service"
PROBLEM_ANALYSIS = "problem_analysis"
PLAN_OF_ACTION = "plan_of_action"
EVALUATION = "evaluation"
UWV_42_WEEK_NOTIFICATION = "uwv_42_week_notification"
FIRST_YEAR_EVALUATION = "first_year_evaluation"
TRACK_2_DECISION = "track_2_decision"
#: Optional: only when the employee chose to apply early (``compute(early_iva=True)``).
EARLY_IVA_APPLICATION = "early_iva_application"
CURRENT_ASSESSMENT = "current_assessment"
FINAL_EVALUATION = "final_evaluation"
REINTEGRATION_REPORT = "reintegration_report"
WIA_APPLICATION = "wia_application"
WAGE_CONTINUATION_END = "wage_continuation_end"

#: Every code, in the order of the law's process (also the order for equal due dates).
CODES: tuple[str, ...] = (
    REPORT_TO_SERVICE,
    PROBLEM_ANALYSIS,
    PLAN_OF_ACTION,
    EVALUATION,
    UWV_42_WEEK_NOTIFICATION,
    FIRST_YEAR_EVALUATION,
    TRACK_2_DECISION,
    CURRENT_ASSESSMENT,
    FINAL_EVALUATION,
    REINTEGRATION_REPORT,
    WIA_APPLICATION,
    WAGE_CONTINUATION_END,
    EARLY_IVA_APPLICATION,  # optional (issue 16): appended, the other codes keep their place
)

LABELS: dict[str, str | Promise] = {
    REPORT_TO_SERVICE: gettext_lazy("Ziekmelding bij arbodienst of bedrijfsarts"),
    PROBLEM_ANALYSIS: gettext_lazy("Probleemanalyse door de bedrijfsarts"),
    PLAN_OF_ACTION: gettext_lazy("Plan van aanpak"),
    EVALUATION: gettext_lazy("Evaluatie plan van aanpak"),
    UWV_42_WEEK_NOTIFICATION: gettext_lazy("42e-weeksmelding aan UWV"),
    FIRST_YEAR_EVALUATION: gettext_lazy("Eerstejaarsevaluatie"),
    TRACK_2_DECISION: gettext_lazy("Besluit over spoor 2"),
    EARLY_IVA_APPLICATION: gettext_lazy("Vervroegde IVA-aanvraag (verkorte wachttijd)"),
    CURRENT_ASSESSMENT: gettext_lazy("Actueel oordeel bedrijfsarts"),
    FINAL_EVALUATION: gettext_lazy("Eindevaluatie plan van aanpak"),
    REINTEGRATION_REPORT: gettext_lazy("Re-integratieverslag"),
    WIA_APPLICATION: gettext_lazy("WIA-aanvraag"),
    WAGE_CONTINUATION_END: gettext_lazy("Einde loondoorbetaling (104 weken)"),
}

#: The end of the wage continuation as a task's name once an extension (art. 24 WIA) or a
#: wage sanction (art. 25 lid 9 WIA) moved it: no longer "104 weken" (issue 16).
MOVED_END_LABEL = gettext_lazy("Einde loondoorbetaling (verlengd of loonsanctie)")

# --- who acts -------------------------------------------------------------------------
HR = "hr"
DOCTOR = "doctor"
EMPLOYEE = "employee"
HR_AND_EMPLOYEE = "hr+employee"
ROLES = (HR, DOCTOR, EMPLOYEE, HR_AND_EMPLOYEE)

# --- statuses (only when ``today`` is given) -------------------------------------------
DONE = "done"
OVERDUE = "overdue"
PENDING = "pending"
#: The case ended (the last period is closed) before this step fell due.
LAPSED = "lapsed"

# --- the day numbers of DOMAIN.md §1 ----------------------------------------------------
REPORT_TO_SERVICE_DAY = 7  # ≤ 1 week: practice; the Regeling says "tijdig" (art. 2.1)
PROBLEM_ANALYSIS_DAY = 42  # ≤ week 6 (art. 2.2)
PLAN_AFTER_ANALYSIS_DAYS = 14  # ≤ 2 weeks after the problem analysis (art. 4.1)
PLAN_OF_ACTION_DAY = PROBLEM_ANALYSIS_DAY + PLAN_AFTER_ANALYSIS_DAYS  # day 56, ≈ week 8
EVALUATION_INTERVAL_DAYS = 42  # "at least once every 6 weeks" (uwv.nl)
UWV_NOTIFICATION_DAY = 42 * 7 + 1  # day 295: the first day after week 42
FIRST_YEAR_WINDOW_DAY = 45 * 7 + 1  # day 316: week 46 begins
FIRST_YEAR_EVALUATION_DAY = 52 * 7  # day 364: week 52 ends
TRACK_2_AFTER_EVALUATION_DAYS = 42  # ≤ 6 weeks after the first-year evaluation
CURRENT_ASSESSMENT_WINDOW_DAY = 86 * 7 + 1  # day 603: week 87 begins
CURRENT_ASSESSMENT_DAY = 87 * 7  # day 609: week 87 ends
FINAL_EVALUATION_DAY = 91 * 7  # day 637: week 91 ends
WIA_APPLICATION_DAY = 93 * 7  # day 651: week 93 ends
EARLY_IVA_WINDOW_DAY = 2 * 7 + 1  # day 15: week 3 begins (verkorte wachttijd ≥ 3 weeks)
EARLY_IVA_DAY = 68 * 7  # day 476: week 68 ends, the last week to apply early

SOURCES: dict[str, str] = {
    REPORT_TO_SERVICE: "Regeling procesgang art. 2.1; arboned.nl",
    PROBLEM_ANALYSIS: "Regeling procesgang art. 2.2–2.3",
    PLAN_OF_ACTION: "Regeling procesgang art. 4.1",
    EVALUATION: "Regeling procesgang art. 4.2 sub b; uwv.nl",
    UWV_42_WEEK_NOTIFICATION: "uwv.nl (42e-weeksmelding)",
    FIRST_YEAR_EVALUATION: "Regeling procesgang art. 4.2 sub b; brightmine.com",
    TRACK_2_DECISION: "UWV Werkwijzer Poortwachter; tbv-online.nl",
    EARLY_IVA_APPLICATION: "art. 23 lid 6 en art. 66 WIA; uwv.nl (vervroegd IVA aanvragen)",
    CURRENT_ASSESSMENT: "Regeling procesgang art. 6 sub i–k; poortwachtersloket.nl",
    FINAL_EVALUATION: "rendement.nl (eindevaluatie)",
    REINTEGRATION_REPORT: "Regeling procesgang art. 6; poortwachtersloket.nl",
    WIA_APPLICATION: "poortwachtersloket.nl; katalyse.nu",
    WAGE_CONTINUATION_END: "art. 7:629 lid 1 en 10 BW",
}

_ROLE_OF: dict[str, str] = {
    REPORT_TO_SERVICE: HR,
    PROBLEM_ANALYSIS: DOCTOR,
    PLAN_OF_ACTION: HR_AND_EMPLOYEE,
    EVALUATION: HR_AND_EMPLOYEE,
    UWV_42_WEEK_NOTIFICATION: HR,
    FIRST_YEAR_EVALUATION: HR_AND_EMPLOYEE,
    TRACK_2_DECISION: HR,
    EARLY_IVA_APPLICATION: EMPLOYEE,
    CURRENT_ASSESSMENT: DOCTOR,
    FINAL_EVALUATION: HR_AND_EMPLOYEE,
    REINTEGRATION_REPORT: HR_AND_EMPLOYEE,
    WIA_APPLICATION: EMPLOYEE,
    WAGE_CONTINUATION_END: HR,
}

#: The steps counted back from the end of the waiting time: a voluntary extension moves them.
_MOVED_BY_EXTENSION = (CURRENT_ASSESSMENT, FINAL_EVALUATION, REINTEGRATION_REPORT, WIA_APPLICATION)

#: Safety net against a runaway evaluation series (a case has about 14 evaluations).
_MAX_EVALUATIONS = 200


class TimelineError(ServiceError):
    """Input the timeline cannot be computed from; the message is for the user (Dutch).
    With ``field``, the API shows it at that field of the request body."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        self.text = message
        super().__init__({field: [message]} if field else message)

    def __str__(self) -> str:
        return self.text


def evaluation_key(n: int) -> str:
    """The key of the n-th evaluation in ``done`` and ``depends_on``: ``evaluation.n``."""
    return f"{EVALUATION}.{n}"


@dataclass(frozen=True)
class Period:
    """A period of sickness: ``start`` is its first sick day, ``end`` its last sick day
    (inclusive); ``end=None``: still sick. Also used for leave (then ``end`` is needed)."""

    start: dt.date
    end: dt.date | None = None

    @property
    def fit_from(self) -> dt.date | None:
        """The first day fit for work again (a sick report's ``recovered_on``)."""
        return None if self.end is None else self.end + DAY

    @classmethod
    def from_report(cls, first_sick_day: dt.date, recovered_on: dt.date | None) -> Period:
        """A sick report's period: its ``recovered_on`` is the first day back at work."""
        return cls(first_sick_day, None if recovered_on is None else recovered_on - DAY)


@dataclass(frozen=True)
class Milestone:
    code: str
    label: str | Promise
    due: dt.date
    window_start: dt.date | None
    role: str
    depends_on: str | None
    done_on: dt.date | None
    source: str
    #: The evaluation's sequence number (1, 2, ...); ``None`` for every other code.
    n: int | None = None
    #: ``done``, ``overdue``, ``pending`` or ``lapsed``; ``None`` unless ``today`` given.
    status: str | None = None

    @property
    def days_late(self) -> int | None:
        """Days a step was done after its due date (a late report to the service, a late
        plan of action): done is not the same as done in time (issue 16)."""
        if self.done_on is None or self.done_on <= self.due:
            return None
        return (self.done_on - self.due).days

    @property
    def key(self) -> str:
        """Unique within a case: the code, or ``evaluation.n`` for an evaluation."""
        return self.code if self.n is None else evaluation_key(self.n)


@dataclass(frozen=True)
class Case:
    """One legal case: one 104-week clock for periods fewer than 28 days apart."""

    first_sick_day: dt.date
    periods: tuple[Period, ...]
    gap_days: int
    milestones: tuple[Milestone, ...]
    #: The days the clock skips, as sorted inclusive (first, last) ranges: the fit days
    #: between its periods and the leave days from its first to its last sick day.
    gaps: tuple[tuple[dt.date, dt.date], ...] = field(default=(), repr=False)
    #: Pregnancy and maternity leave days inside the case (not in ``gap_days``).
    leave_days: int = 0
    #: A voluntary extension agreed with UWV (art. 24 lid 1 WIA), in weeks.
    extension_weeks: int = 0
    #: A wage sanction's period (first and last day, ``Period`` with an end).
    sanction: Period | None = None

    @property
    def is_open(self) -> bool:
        return self.periods[-1].end is None

    @property
    def fit_from(self) -> dt.date | None:
        """The first day fit after the last period; ``None`` while still sick."""
        return self.periods[-1].fit_from

    @property
    def wage_continuation_ends(self) -> dt.date:
        return rules.wage_continuation_ends(
            self.first_sick_day, self.gap_days, self.leave_days,
            extension_weeks=self.extension_weeks,
            sanction_last_day=self.sanction.end if self.sanction else None,
        )  # fmt: skip

    def milestone(self, key: str) -> Milestone | None:
        return next((m for m in self.milestones if m.key == key), None)

    def date_of_day(self, n: int) -> dt.date:
        return _Clock(self.first_sick_day, self.gaps).date_of(n)

    def day_of(self, day: dt.date) -> int:
        return _Clock(self.first_sick_day, self.gaps).day_of(day)


@dataclass(frozen=True)
class Timeline:
    cases: tuple[Case, ...]
    today: dt.date | None = None

    @property
    def current(self) -> Case:
        """The latest case (the one a relapse would join)."""
        return self.cases[-1]


# --- public holidays ---------------------------------------------------------------------


def _easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 19 * m) // 433
    month = (h + m - 7 * n + 90) // 25
    day = (h + m - 7 * n + 33 * month + 19) % 32
    return dt.date(year, month, day)


@cache
def public_holidays(year: int) -> frozenset[dt.date]:
    """The generally recognised holidays of art. 3 Algemene termijnenwet [B]: New Year's
    Day, Easter Monday, Ascension Day, Whit Monday, Christmas Day and Boxing Day, the
    King's birthday as celebrated (27 April, 26 April when the 27th is a Sunday; before
    2014 the Queen's: 30 April, or 29 April when that is a Sunday) and 5 May every year.
    Easter Sunday and Whit Sunday are Sundays anyway; Good Friday is not in the list."""
    easter = _easter_sunday(year)
    royal = dt.date(year, 4, 27) if year >= 2014 else dt.date(year, 4, 30)
    if royal.weekday() == 6:
        royal -= DAY
    return frozenset(
        {
            dt.date(year, 1, 1),
            easter + DAY,
            easter + 39 * DAY,
            easter + 50 * DAY,
            royal,
            dt.date(year, 5, 5),
            dt.date(year, 12, 25),
            dt.date(year, 12, 26),
        }
    )


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """The day itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += DAY
    return day


# --- the clock of a case -----------------------------------------------------------------


@dataclass(frozen=True)
class _Clock:
    """Day numbers of a case: calendar days from the first sick day, skipping gap days."""

    first: dt.date
    gaps: tuple[tuple[dt.date, dt.date], ...]

    def date_of(self, n: int) -> dt.date:
        day = self.first + (n - 1) * DAY
        for start, end in self.gaps:  # sorted and disjoint
            if start > day:
                break
            day += ((end - start).days + 1) * DAY
        return day

    def day_of(self, day: dt.date) -> int:
        """The day number of a date; a date in a gap counts as the last sick day before."""
        skipped = 0
        for start, end in self.gaps:
            if start > day:
                break
            skipped += (min(end, day) - start).days + 1
        return (day - self.first).days + 1 - skipped

    def after(self, day: dt.date, days: int) -> dt.date:
        """``days`` days of the clock after ``day``."""
        return self.date_of(self.day_of(day) + days)


# --- input checks ------------------------------------------------------------------------


def _fmt(day: dt.date | None) -> str:
    return "…" if day is None else day.strftime("%d-%m-%Y")


def _check_periods(periods: Sequence[Period]) -> list[Period]:
    if not periods:
        raise TimelineError(_("Geef minstens één ziekteperiode op."), field="periods")
    ordered = sorted(periods, key=lambda p: p.start)
    for period in ordered:
        if period.end is not None and period.end < period.start:
            raise TimelineError(
                _("Ziekteperiode %(start)s – %(end)s: de laatste ziektedag ligt vóór de "
                  "eerste.") % {"start": _fmt(period.start), "end": _fmt(period.end)},
                field="periods",
            )  # fmt: skip
    for before, after in itertools.pairwise(ordered):
        if before.end is None or after.start <= before.end:
            raise TimelineError(
                _("De ziekteperiodes %(a_start)s – %(a_end)s en %(b_start)s – %(b_end)s "
                  "overlappen. Alleen de laatste periode mag open zijn.")
                % {"a_start": _fmt(before.start), "a_end": _fmt(before.end),
                   "b_start": _fmt(after.start), "b_end": _fmt(after.end)},
                field="periods",
            )  # fmt: skip
    return ordered


def _merged_leave(leave: Iterable[Period]) -> list[tuple[dt.date, dt.date]]:
    """Leave periods as sorted, disjoint inclusive ranges (overlapping ones merged)."""
    ranges: list[tuple[dt.date, dt.date]] = []
    for period in sorted(leave, key=lambda p: p.start):
        if period.end is None:
            raise TimelineError(
                _("Verlofperiode vanaf %(start)s: geef ook de laatste verlofdag op.")
                % {"start": _fmt(period.start)},
                field="leave",
            )  # fmt: skip
        if period.end < period.start:
            raise TimelineError(
                _("Verlofperiode %(start)s – %(end)s: de laatste dag ligt vóór de eerste.")
                % {"start": _fmt(period.start), "end": _fmt(period.end)},
                field="leave",
            )  # fmt: skip
        if ranges and period.start <= ranges[-1][1] + DAY:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], period.end))
        else:
            ranges.append((period.start, period.end))
    return ranges


def _fit_ranges(
    first_fit: dt.date, last_fit: dt.date, leave: list[tuple[dt.date, dt.date]]
) -> list[tuple[dt.date, dt.date]]:
    """The days from first_fit to last_fit (inclusive) that are not leave."""
    ranges = []
    day = first_fit
    for start, end in leave:
        if end < day or start > last_fit:
            continue
        if start > day:
            ranges.append((day, start - DAY))
        day = end + DAY
    if day <= last_fit:
        ranges.append((day, last_fit))
    return ranges


def is_known_key(key: str) -> bool:
    """Whether ``key`` names a step: a code, or ``evaluation.n`` with n ≥ 1."""
    if key in CODES:
        return key != EVALUATION
    code, _sep, number = key.partition(".")
    return code == EVALUATION and number.isdigit() and int(number) >= 1


def _check_done(done: Mapping[str, dt.date], first: dt.date, today: dt.date | None) -> None:
    for key, day in done.items():
        if not is_known_key(key):
            raise TimelineError(
                _("Onbekende stap '%(key)s'. Bekende stappen: %(known)s (evaluaties als "
                  "evaluation.1, evaluation.2, …).")
                % {"key": key, "known": ", ".join(c for c in CODES if c != EVALUATION)},
                field="done",
            )  # fmt: skip
        if day < first:
            raise TimelineError(
                _("Stap '%(key)s' op %(day)s ligt vóór de eerste ziektedag (%(first)s).")
                % {"key": key, "day": _fmt(day), "first": _fmt(first)},
                field="done",
            )  # fmt: skip
        if today is not None and day > today:
            raise TimelineError(
                _("Stap '%(key)s' op %(day)s ligt in de toekomst.")
                % {"key": key, "day": _fmt(day)},
                field="done",
            )  # fmt: skip
    analysis, plan = done.get(PROBLEM_ANALYSIS), done.get(PLAN_OF_ACTION)
    if analysis and plan and plan < analysis:
        raise TimelineError(
            _("Het plan van aanpak (%(plan)s) kan niet vóór de probleemanalyse "
              "(%(analysis)s) liggen.") % {"plan": _fmt(plan), "analysis": _fmt(analysis)},
            field="done",
        )  # fmt: skip
    evaluations = sorted(
        (int(key.partition(".")[2]), day)
        for key, day in done.items()
        if key.startswith("evaluation.")
    )
    for (n_a, day_a), (n_b, day_b) in itertools.pairwise(evaluations):
        if day_b < day_a:
            raise TimelineError(
                _("Evaluatie %(b)s (%(day_b)s) ligt vóór evaluatie %(a)s (%(day_a)s).")
                % {"a": n_a, "b": n_b, "day_a": _fmt(day_a), "day_b": _fmt(day_b)},
                field="done",
            )  # fmt: skip
    if plan and evaluations and evaluations[0][1] < plan:
        raise TimelineError(
            _("Evaluatie %(n)s (%(day)s) ligt vóór het plan van aanpak (%(plan)s).")
            % {"n": evaluations[0][0], "day": _fmt(evaluations[0][1]), "plan": _fmt(plan)},
            field="done",
        )  # fmt: skip


# --- the computation ---------------------------------------------------------------------


def _leave_in_case(
    first: dt.date, last: dt.date | None, leave: list[tuple[dt.date, dt.date]]
) -> list[tuple[dt.date, dt.date]]:
    """The leave from ``first`` to ``last`` (inclusive; ``None``: no end), clipped."""
    return [
        (max(start, first), end if last is None else min(end, last))
        for start, end in leave
        if end >= first and (last is None or start <= last)
    ]


def _check_extension(extension_weeks: int, sanction: Period | None, first: dt.date) -> None:
    """A voluntary extension of 0 to 52 weeks; a sanction of at most 52 weeks, from the
    case's first sick day on."""
    if not 0 <= extension_weeks <= rules.MAX_EXTENSION_WEEKS:
        raise TimelineError(
            _("Een vrijwillige verlenging duurt 1 tot en met 52 weken (artikel 24 WIA)."),
            field="extension_weeks",
        )
    if sanction is None:
        return
    if sanction.end is None or sanction.end < sanction.start:
        raise TimelineError(
            _("Een loonsanctie heeft een laatste dag nodig, op of na de eerste dag."),
            field="sanction",
        )
    if (sanction.end - sanction.start).days + 1 > rules.MAX_SANCTION_DAYS:
        raise TimelineError(
            _("Een loonsanctie duurt hooguit 52 weken (%(max)s dagen); deze duurt %(days)s "
              "dagen.") % {"max": rules.MAX_SANCTION_DAYS,
                           "days": (sanction.end - sanction.start).days + 1},
            field="sanction",
        )  # fmt: skip
    if sanction.start < first:
        raise TimelineError(
            _("De loonsanctie begint vóór de eerste ziektedag (%(first)s).")
            % {"first": _fmt(first)},
            field="sanction",
        )  # fmt: skip


def _end_label(extension_weeks: int, sanction: Period | None) -> str | Promise:
    if sanction is not None and sanction.end is not None:
        return _("Einde loondoorbetaling (loonsanctie UWV tot en met %(last)s)") % {
            "last": _fmt(sanction.end)
        }
    if extension_weeks:
        return _("Einde loondoorbetaling (104 weken, verlengd met %(weeks)s weken)") % {
            "weeks": extension_weeks
        }
    return LABELS[WAGE_CONTINUATION_END]


def _end_source(extension_weeks: int, sanction: Period | None) -> str:
    source = SOURCES[WAGE_CONTINUATION_END]
    if extension_weeks:
        source += "; art. 7:629 lid 11 BW, art. 24 lid 1 WIA"
    if sanction is not None:
        source += "; art. 7:629 lid 11 BW, art. 25 lid 9 WIA"
    return source


def _milestones(
    first: dt.date, clock: _Clock, skipped_days: int, done: Mapping[str, dt.date],
    extension_weeks: int = 0, sanction: Period | None = None, early_iva: bool = False,
) -> list[Milestone]:  # fmt: skip
    extension_days = 7 * extension_weeks

    def day(n: int) -> dt.date:
        return clock.date_of(n)

    def late_day(n: int) -> dt.date:
        """A step counted back from the end of the waiting time: moved by an extension."""
        return clock.date_of(n + extension_days)

    result: list[Milestone] = []

    def add(code: str, due: dt.date, *, window: dt.date | None = None,
            depends_on: str | None = None, n: int | None = None) -> None:  # fmt: skip
        key = code if n is None else evaluation_key(n)
        result.append(
            Milestone(
                code=code,
                label=LABELS[code],
                due=due,
                window_start=window,
                role=_ROLE_OF[code],
                depends_on=depends_on,
                done_on=done.get(key),
                source=SOURCES[code],
                n=n,
            )
        )

    add(REPORT_TO_SERVICE, day(REPORT_TO_SERVICE_DAY))
    add(PROBLEM_ANALYSIS, day(PROBLEM_ANALYSIS_DAY))
    analysis = done.get(PROBLEM_ANALYSIS)
    plan_due = (
        clock.after(analysis, PLAN_AFTER_ANALYSIS_DAYS) if analysis else day(PLAN_OF_ACTION_DAY)
    )
    add(PLAN_OF_ACTION, plan_due, depends_on=PROBLEM_ANALYSIS)

    final_due = late_day(FINAL_EVALUATION_DAY)
    previous, previous_key = done.get(PLAN_OF_ACTION) or plan_due, PLAN_OF_ACTION
    for n in range(1, _MAX_EVALUATIONS + 1):
        due = clock.after(previous, EVALUATION_INTERVAL_DAYS)
        if due >= final_due and evaluation_key(n) not in done:
            break
        add(EVALUATION, due, depends_on=previous_key, n=n)
        previous, previous_key = done.get(evaluation_key(n)) or due, evaluation_key(n)

    add(UWV_42_WEEK_NOTIFICATION, next_working_day(day(UWV_NOTIFICATION_DAY)))
    add(FIRST_YEAR_EVALUATION, day(FIRST_YEAR_EVALUATION_DAY), window=day(FIRST_YEAR_WINDOW_DAY))
    first_year = done.get(FIRST_YEAR_EVALUATION) or day(FIRST_YEAR_EVALUATION_DAY)
    add(TRACK_2_DECISION, clock.after(first_year, TRACK_2_AFTER_EVALUATION_DAYS),
        depends_on=FIRST_YEAR_EVALUATION)  # fmt: skip
    if early_iva:
        add(EARLY_IVA_APPLICATION, day(EARLY_IVA_DAY), window=day(EARLY_IVA_WINDOW_DAY))
    add(CURRENT_ASSESSMENT, late_day(CURRENT_ASSESSMENT_DAY),
        window=late_day(CURRENT_ASSESSMENT_WINDOW_DAY))  # fmt: skip
    add(FINAL_EVALUATION, final_due)
    add(REINTEGRATION_REPORT, late_day(WIA_APPLICATION_DAY))
    add(WIA_APPLICATION, late_day(WIA_APPLICATION_DAY))
    end = rules.wage_continuation_ends(
        first, skipped_days, extension_weeks=extension_weeks,
        sanction_last_day=sanction.end if sanction else None,
    )  # fmt: skip
    add(WAGE_CONTINUATION_END, end)
    if extension_weeks or sanction is not None:
        result[-1] = replace(
            result[-1], label=_end_label(extension_weeks, sanction),
            source=_end_source(extension_weeks, sanction),
        )  # fmt: skip
    order = {code: index for index, code in enumerate(CODES)}
    return sorted(result, key=lambda m: (m.due, order[m.code], m.n or 0))


def _status(milestone: Milestone, case_fit_from: dt.date | None, today: dt.date) -> str:
    if milestone.done_on is not None:
        return DONE
    if case_fit_from is not None and case_fit_from <= today and milestone.due >= case_fit_from:
        return LAPSED
    return OVERDUE if milestone.due < today else PENDING


def compute(
    periods: Sequence[Period],
    *,
    leave: Sequence[Period] = (),
    done: Mapping[str, dt.date] | None = None,
    today: dt.date | None = None,
    extension_weeks: int = 0,
    sanction: Period | None = None,
    early_iva: bool = False,
) -> Timeline:
    """The legal cases of one person's sickness periods, each with its milestones.

    ``leave``: pregnancy and maternity leave (WAZO), each with an end. ``done``: the
    dates steps actually happened, by key (``problem_analysis``, ``evaluation.2``, ...);
    a date belongs to the case in whose span it lies (from its first sick day up to the
    day before the next case's). ``today``: gives each milestone a status and refuses
    done dates in the future. ``extension_weeks`` (a voluntary extension, art. 24 WIA)
    and ``sanction`` (a wage sanction's first and last day) apply to the latest case, and
    so does ``early_iva``: the employee chose to apply for IVA early, an optional
    milestone from week 3 up to the end of week 68 (art. 23 lid 6 and art. 66 WIA).
    Raises ``TimelineError`` (Dutch message) on bad input.
    """
    done = dict(done or {})
    ordered = _check_periods(periods)
    leave_ranges = _merged_leave(leave)
    _check_done(done, ordered[0].start, today)

    groups: list[tuple[list[Period], int, list[tuple[dt.date, dt.date]]]] = []
    for period in ordered:
        if groups:
            members, total, gaps = groups[-1]
            last = members[-1]
            if last.end is None:  # _check_periods refused an open period before another
                raise AssertionError("an open period before another")
            gap = rules.gap_days(last.end + DAY, period.start, leave_ranges)
            if rules.adds_up(gap):
                members.append(period)
                gaps.extend(_fit_ranges(last.end + DAY, period.start - DAY, leave_ranges))
                groups[-1] = (members, total + gap, gaps)
                continue
        groups.append(([period], 0, []))

    cases = []
    for index, (members, total, gaps) in enumerate(groups):
        first = members[0].start
        until = groups[index + 1][0][0].start if index + 1 < len(groups) else None
        own_done = {
            key: day for key, day in done.items() if day >= first and (until is None or day < until)
        }
        on_leave = _leave_in_case(first, members[-1].end, leave_ranges)
        leave_days = sum((end - start).days + 1 for start, end in on_leave)
        skipped = tuple(sorted(gaps + on_leave))
        clock = _Clock(first, skipped)
        latest = index + 1 == len(groups)
        if latest:
            _check_extension(extension_weeks, sanction, first)
        own_extension, own_sanction = (extension_weeks, sanction) if latest else (0, None)
        milestones = _milestones(
            first, clock, total + leave_days, own_done, own_extension, own_sanction,
            early_iva=early_iva and latest,
        )  # fmt: skip
        fit_from = members[-1].fit_from
        if today is not None:
            milestones = [replace(m, status=_status(m, fit_from, today)) for m in milestones]
        cases.append(
            Case(
                first_sick_day=first,
                periods=tuple(members),
                gap_days=total,
                milestones=tuple(milestones),
                gaps=skipped,
                leave_days=leave_days,
                extension_weeks=own_extension,
                sanction=own_sanction,
            )
        )
    return Timeline(cases=tuple(cases), today=today)


def for_first_sick_day(first_sick_day: dt.date, **kwargs) -> Timeline:
    """The timeline of one open period from ``first_sick_day``."""
    return compute([Period(first_sick_day)], **kwargs)


# --- output ------------------------------------------------------------------------------


def milestone_as_dict(milestone: Milestone) -> dict:
    data: dict = {
        "code": milestone.code,
        "key": milestone.key,
        "label": str(milestone.label),
        "due": milestone.due.isoformat(),
        "window_start": milestone.window_start.isoformat() if milestone.window_start else None,
        "role": milestone.role,
        "source": milestone.source,
        "depends_on": milestone.depends_on,
        "done_on": milestone.done_on.isoformat() if milestone.done_on else None,
        "days_late": milestone.days_late,
    }
    if milestone.n is not None:
        data["n"] = milestone.n
    if milestone.status is not None:
        data["status"] = milestone.status
    return data


def as_dict(timeline: Timeline) -> dict:
    """The JSON shape shared by the command and the API (ISO dates)."""
    return {
        "cases": [
            {
                "first_sick_day": case.first_sick_day.isoformat(),
                "gap_days": case.gap_days,
                "leave_days": case.leave_days,
                "extension_weeks": case.extension_weeks,
                "wage_sanction": None
                if case.sanction is None or case.sanction.end is None
                else {
                    "start": case.sanction.start.isoformat(),
                    "end": case.sanction.end.isoformat(),
                },
                "wage_continuation_ends": case.wage_continuation_ends.isoformat(),
                "periods": [
                    {"start": p.start.isoformat(), "end": p.end.isoformat() if p.end else None}
                    for p in case.periods
                ],
                "milestones": [milestone_as_dict(m) for m in case.milestones],
            }
            for case in timeline.cases
        ]
    }
