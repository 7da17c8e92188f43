"""Synthetic absence history for the generator (R-DEV-1), calibrated to DOMAIN.md §2:
absence percentage about 5 %, about one report per employee per year, 35-45 % of
employees without a report in a year, long-tailed durations capped at 104 weeks, some
relapses within four weeks (added up into one case) and some partial recoveries."""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

from poortwachter.absences.models import (
    AbsenceCase,
    ExpectedDuration,
    PartialRecovery,
    SickReport,
)
from poortwachter.absences.rules import ADDING_UP_DAYS, WAGE_CONTINUATION_DAYS
from poortwachter.devtools.synthetic import BATCH, GeneratorState, register_step
from poortwachter.organisations.models import Employee, Employment

REPORTS_PER_YEAR = 1.0
#: Gamma shape of each person's own report rate: 4 gives about 41 % with no report a year.
RATE_SHAPE = 4.0
RELAPSE_CHANCE = 0.08
WORK_NOTES = [
    "",
    "",
    "",
    "Klantafspraak donderdag verzetten.",
    "Rapportage van deze week gaat naar een collega.",
    "Diensten voor het weekend moeten worden ingevuld.",
    "Overleg met leidinggevende volgende week.",
    "Openstaande orders overdragen aan het team.",
]


def _duration(rng: random.Random) -> int:
    """Calendar days from the first sick day to the first day back."""
    pick = rng.random()
    if pick < 0.70:
        days = rng.randint(1, 7)
    elif pick < 0.90:
        days = rng.randint(8, 42)
    else:
        days = int(rng.lognormvariate(math.log(55), 0.9)) + 43
    return min(days, WAGE_CONTINUATION_DAYS)


def _expected(days: int) -> str:
    if days <= 5:
        return ExpectedDuration.DAYS
    if days <= 14:
        return ExpectedDuration.WEEKS_1_2
    if days <= 42:
        return ExpectedDuration.WEEKS_2_6
    return ExpectedDuration.LONGER


def _periods(rng: random.Random, start: dt.date, end: dt.date):
    """(first sick day, days) of one person's reports between start and end."""
    rate = rng.gammavariate(RATE_SHAPE, REPORTS_PER_YEAR / RATE_SHAPE) / 365
    day = start + dt.timedelta(days=int(rng.expovariate(rate))) if rate else end
    while day < end:
        days = _duration(rng)
        yield day, days
        back = day + dt.timedelta(days=days)
        if rng.random() < RELAPSE_CHANCE:
            day = back + dt.timedelta(days=rng.randint(3, ADDING_UP_DAYS - 1))
        else:
            day = back + dt.timedelta(days=1 + int(rng.expovariate(rate)))


def _person(state: GeneratorState, employee: Employee, employment: Employment):
    rng, today = state.rng, state.today
    horizon = today - dt.timedelta(days=365 * state.years)
    start = max(employment.start_date, horizon)
    end = min(employment.end_date or today, today)
    cases: list[tuple[AbsenceCase, list[SickReport]]] = []
    last_back: dt.date | None = None
    for first_day, days in _periods(rng, start, end):
        back = first_day + dt.timedelta(days=days)
        recovered = back if back <= today else None
        report = SickReport(
            employer_id=employee.employer_id, employee=employee, first_sick_day=first_day,
            reported_at=dt.datetime.combine(first_day, dt.time(8, 30), tzinfo=dt.UTC),
            phone=employee.phone, care_street=employee.street,
            care_house_number=employee.house_number, care_postcode=employee.postcode,
            care_city=employee.city, expected_duration=_expected(days),
            appointments_and_work=rng.choice(WORK_NOTES),
            safety_net_applies=rng.random() < 0.03, work_accident=rng.random() < 0.02,
            traffic_accident_third_party=rng.random() < 0.01, recovered_on=recovered,
            recovery_reported_at=(
                dt.datetime.combine(recovered, dt.time(9, 0), tzinfo=dt.UTC) if recovered else None
            ),
        )  # fmt: skip
        gap = (first_day - last_back).days if last_back else None
        if gap is not None and gap < ADDING_UP_DAYS and cases:
            case = cases[-1][0]
            case.gap_days += gap
            case.closed_on = recovered
        else:
            case = AbsenceCase(
                employer_id=employee.employer_id, employee=employee,
                first_sick_day=first_day, closed_on=recovered,
            )  # fmt: skip
            cases.append((case, []))
        cases[-1][1].append(report)
        last_back = back
        if recovered is None:
            break  # at most one open report per person
    return cases


def _partials(rng: random.Random, reports: list[SickReport], hours: dict[int, Decimal], today):
    partials = []
    for report in reports:
        end = report.recovered_on or (report.first_sick_day + dt.timedelta(days=400))
        days = (end - report.first_sick_day).days
        if days > 42 and rng.random() < 0.5:
            contract = hours[report.employee_id]
            worked = (contract * Decimal(rng.choice(["0.25", "0.5", "0.75"]))).quantize(
                Decimal("0.5")
            )
            from_date = report.first_sick_day + dt.timedelta(days=int(days * 0.6))
            if Decimal(0) < worked < contract and from_date <= today:
                partials.append(
                    PartialRecovery(report=report, from_date=from_date, hours_per_week=worked)
                )
    return partials


@register_step("absence history")
def _absence_history(state: GeneratorState) -> None:
    for employer in state.created_employers:
        employments = (
            Employment.objects.filter(employer=employer).select_related("employee").order_by("pk")
        )
        all_cases: list[tuple[AbsenceCase, list[SickReport]]] = []
        hours = {}
        for employment in employments:
            hours[employment.employee_id] = employment.hours_per_week
            all_cases.extend(_person(state, employment.employee, employment))
        AbsenceCase.objects.bulk_create([case for case, _ in all_cases], batch_size=BATCH)
        reports = []
        for case, case_reports in all_cases:
            for report in case_reports:
                report.case = case
                reports.append(report)
        SickReport.objects.bulk_create(reports, batch_size=BATCH)
        partials = _partials(state.rng, reports, hours, state.today)
        PartialRecovery.objects.bulk_create(partials, batch_size=BATCH)
        for name, count in (("cases", len(all_cases)), ("sick reports", len(reports)),
                            ("partial recoveries", len(partials))):  # fmt: skip
            state.counts[name] = state.counts.get(name, 0) + count
