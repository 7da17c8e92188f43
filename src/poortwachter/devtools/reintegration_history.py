"""Synthetic re-integration files for the demo (R-DEV-1): a few long-term cases get a
published advice of the demo doctor, a plan of action drawn up by the demo HR officer
and, where the plan is old enough, an evaluation; then every open case gets its tasks,
so HR's and the doctor's dashboards show tasks and deadlines. Everything goes through
the same services as the pages (so the medical-text guard checks these texts too).

A demo-only step, not a generator step: an advice needs a doctor's account, and the
generator makes no accounts.
"""

import datetime as dt

from poortwachter.absences.models import (
    AbsenceCase,
    AdviceDuration,
    ExpectedDuration,
    SickReport,
)
from poortwachter.absences.services import AdviceInput, advice_publish
from poortwachter.accounts.models import User
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.core import clock
from poortwachter.organisations.models import Employer, current_employments
from poortwachter.reintegration import services, sync
from poortwachter.reintegration.models import EvaluationKind

#: Long-term: at least this many days sick, so the problem analysis is near or past.
LONG_TERM_DAYS = 35
PLANS_PER_EMPLOYER = 4
#: Days sick of the long-term cases the demo adds when the generator gave too few: one
#: just past the problem analysis, one with evaluations, one near the 42nd week.
EXTRA_CASES_DAYS_AGO = (50, 150, 290)


def _ensure_long_term_cases(employer: Employer, today: dt.date) -> int:
    """Give the employer a few open long-term cases if the generator made too few."""
    cases = AbsenceCase.objects.filter(
        employer=employer, closed_on__isnull=True,
        first_sick_day__lte=today - dt.timedelta(days=LONG_TERM_DAYS),
    )  # fmt: skip
    missing = EXTRA_CASES_DAYS_AGO[cases.count() :]
    sick = SickReport.objects.filter(recovered_on__isnull=True).values("employee_id")
    later = SickReport.objects.filter(first_sick_day__gte=today - dt.timedelta(days=400))
    employments = (
        current_employments().filter(employer=employer)
        .exclude(employee_id__in=sick).exclude(employee_id__in=later.values("employee_id"))
        .select_related("employee").order_by("employee_id")
    )  # fmt: skip
    for days_ago, employment in zip(missing, employments, strict=False):
        first = today - dt.timedelta(days=days_ago)
        if employment.start_date > first:
            continue
        employee = employment.employee
        case = AbsenceCase.objects.create(
            employer=employer, employee=employee, first_sick_day=first
        )
        SickReport.objects.create(
            case=case, employer=employer, employee=employee, first_sick_day=first,
            reported_at=dt.datetime.combine(first, dt.time(8, 30), tzinfo=dt.UTC),
            phone=employee.phone or "0612345678", care_street=employee.street or "Dorpsstraat",
            care_house_number=employee.house_number or "1",
            care_postcode=employee.postcode or "1234 AB", care_city=employee.city or "Utrecht",
            expected_duration=ExpectedDuration.LONGER, safety_net_applies=False,
            work_accident=False, traffic_accident_third_party=False,
        )  # fmt: skip
    return len(missing)


def _advice(case: AbsenceCase, day: dt.date) -> AdviceInput:
    return AdviceInput(
        advised_on=day,
        work_possible="Eigen werk in aangepaste vorm, vier uur per dag, zonder avonddiensten.",
        work_not_possible="Geen zwaar tilwerk en geen werk onder hoge tijdsdruk.",
        implications_for_work="Rooster tijdelijk aanpassen; taken verdelen binnen het team.",
        expected_duration=AdviceDuration.WEEKS_6_MONTHS_3,
        incapacity_percentage=50,
        adjustments_advice="Opbouw in uren in overleg; werkplekonderzoek laten doen.",
    )


def _plan(case: AbsenceCase, advice_id: int, manager: User, day: dt.date) -> services.PlanInput:
    return services.PlanInput(
        drawn_up_on=day,
        activities="Werkhervatting in aangepast werk, vier uur per dag.\n"
        "Werkplekonderzoek door de arbodienst.\nWekelijks gesprek met de leidinggevende.",
        goals="Terugkeer in het eigen werk voor de volle contracturen.",
        goal_date=day + dt.timedelta(days=90),
        evaluation_moments="Elke zes weken, en de eerstejaarsevaluatie in week 52.",
        next_evaluation_on=day + dt.timedelta(days=42),
        case_manager_id=manager.pk,
        advice_id=advice_id,
        employer_view="Wij verwachten een volledige terugkeer als de uren rustig worden opgebouwd.",
    )


def demo_reintegration(*, doctor: User, hr: User, employers: list[Employer]) -> dict[str, int]:
    """Advices for the long-term cases of ``employers`` (all served by ``doctor``), plans
    for a few of the first employer's (HR's own), and tasks for every open case."""
    today = clock.today()
    doctor_actor, hr_actor = actor_for_user(doctor), actor_for_user(hr)
    counts = {"advices": 0, "plans": 0, "evaluations": 0, "tasks": 0}
    _ensure_long_term_cases(employers[0], today)
    open_cases = AbsenceCase.objects.filter(employer__in=employers, closed_on__isnull=True)
    long_term = open_cases.filter(first_sick_day__lte=today - dt.timedelta(days=LONG_TERM_DAYS))
    plans: dict[int, int] = {}
    for case in long_term.select_related("employee").order_by("first_sick_day", "pk"):
        advised_on = min(case.first_sick_day + dt.timedelta(days=35), today)
        advice = advice_publish(
            actor=doctor_actor, employee=case.employee, data=_advice(case, advised_on),
            source_ref=f"demo-advies-{case.pk}",
        )  # fmt: skip
        counts["advices"] += 1
        drawn_up_on = advised_on + dt.timedelta(days=10)
        own = case.employer_id == employers[0].pk
        if not own or drawn_up_on > today or plans.get(case.employer_id, 0) >= PLANS_PER_EMPLOYER:
            continue
        services.plan_draw_up(
            actor=hr_actor, case=case, data=_plan(case, advice.pk, hr, drawn_up_on)
        )
        plans[case.employer_id] = plans.get(case.employer_id, 0) + 1
        counts["plans"] += 1
        held_on = drawn_up_on + dt.timedelta(days=40)
        if held_on <= today:
            services.evaluation_record(
                actor=hr_actor, case=case,
                data=services.EvaluationInput(
                    kind=EvaluationKind.PERIODIC, held_on=held_on,
                    outcome="Opbouw verloopt volgens plan; volgende stap is zes uur per dag.",
                    employer_view="Tevreden over de voortgang.",
                    employee_view="De opbouw gaat goed; ik wil graag in dit tempo verder.",
                    plan_needs_revision=False,
                ),
            )  # fmt: skip
            counts["evaluations"] += 1
    for case in open_cases.order_by("pk"):
        counts["tasks"] += sync.tasks_sync(case, today=today)["created"]
    return counts
