"""Reads of the re-integration file that are not access decisions.

The functions that take ``*, actor`` are the pages' reads: they fetch through a
``policies`` fetcher and record the read in the access log, with the employee as
subject (the employee reading their own file acts as employee).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from poortwachter.absences.models import (
    AbsenceCase,
    PublishedAdvice,
    SickReport,
    WageExtension,
    WageSanction,
)
from poortwachter.absences.selectors import wage_continuation_ends
from poortwachter.accounts.models import User
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.roles import Role
from poortwachter.reintegration import deadlines, policies, timeline
from poortwachter.reintegration.models import (
    EarlyIva,
    Evaluation,
    ExpertOpinion,
    PlanOfAction,
    PlanVersion,
    ReportStatement,
    Task,
    TaskRole,
    TaskStatus,
    ThirdPartyReport,
    UwvNotification,
)

PURPOSE = "reintegration"

#: Open tasks shown on a dashboard, and task ids named in its access event.
DASHBOARD_TASKS = 500
DASHBOARD_LOGGED_IDS = 200


def case_advices(case: AbsenceCase) -> QuerySet[PublishedAdvice]:
    """The doctor's published advices for this case, oldest first: those joined to it,
    and those published while no case was open that fall within its dates."""
    loose = Q(case__isnull=True, employee_id=case.employee_id, advised_on__gte=case.first_sick_day)
    if case.closed_on is not None:
        loose &= Q(advised_on__lte=case.closed_on)
    return (
        PublishedAdvice.objects.filter(Q(case=case) | loose)
        .select_related("doctor")
        .order_by("advised_on", "published_at", "pk")
    )


def problem_analysis_on(case: AbsenceCase) -> dt.date | None:
    """The day of the problem analysis: the doctor's first published advice for the case
    (the employer side never sees the analysis itself, only the advice that follows)."""
    first = case_advices(case).first()
    return first.advised_on if first else None


def current_advice(case: AbsenceCase) -> PublishedAdvice | None:
    """The advice in force for the case: the last one published, by the same rule as
    the employer's other pages and the doctor's file (a newer publication supersedes the
    previous one, ``absences.services.advice_publish``), not the latest date."""
    return case_advices(case).order_by("-published_at", "-pk").first()


def plan_of(case: AbsenceCase) -> PlanOfAction | None:
    return PlanOfAction.objects.filter(case=case).first()


def current_version(plan: PlanOfAction | None) -> PlanVersion | None:
    if plan is None:
        return None
    return (
        plan.versions.select_related("case_manager", "advice", "created_by", "signed_by")
        .order_by("-number")
        .first()
    )


def case_managers(employer_id: int) -> QuerySet[User]:
    """Who can be named case manager: active users holding HR at the employer."""
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.HR,
            role_assignments__employer_id=employer_id,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


@dataclass(frozen=True)
class FileEntry:
    """One line of the file's chronological view."""

    day: dt.date
    kind: str
    obj: Any


def file_entries(case: AbsenceCase) -> list[FileEntry]:
    """Everything in the file, in the order it happened (R-REINT-2)."""
    entries: list[FileEntry] = []
    for report in SickReport.objects.filter(case=case).prefetch_related("partials"):
        entries.append(FileEntry(report.first_sick_day, "sick_report", report))
        if report.recovered_on:
            entries.append(FileEntry(report.recovered_on, "recovery", report))
    for advice in case_advices(case):
        entries.append(FileEntry(advice.advised_on, "advice", advice))
    plan = plan_of(case)
    if plan is not None:
        versions = plan.versions.select_related("case_manager", "created_by", "signed_by", "advice")
        for version in versions:
            entries.append(FileEntry(version.drawn_up_on, "plan_version", version))
    for evaluation in Evaluation.objects.filter(case=case).select_related("recorded_by"):
        entries.append(FileEntry(evaluation.held_on, "evaluation", evaluation))
    for notification in UwvNotification.objects.filter(case=case, sent_on__isnull=False):
        assert notification.sent_on is not None
        entries.append(FileEntry(notification.sent_on, "uwv_notification", notification))
    for upload in ThirdPartyReport.objects.filter(case=case).defer("data"):
        entries.append(FileEntry(upload.received_on, "third_party_report", upload))
    for opinion in expert_opinions_of(case):
        entries.append(FileEntry(opinion.requested_on, "expert_opinion", opinion))
        if opinion.outcome_on is not None:
            entries.append(FileEntry(opinion.outcome_on, "expert_opinion_outcome", opinion))
    order = {kind: i for i, kind in enumerate(
        ("sick_report", "advice", "plan_version", "evaluation", "uwv_notification",
         "third_party_report", "expert_opinion", "expert_opinion_outcome", "recovery")
    )}  # fmt: skip
    return sorted(entries, key=lambda e: (e.day, order[e.kind], getattr(e.obj, "pk", 0)))


def case_tasks(case: AbsenceCase) -> QuerySet[Task]:
    return Task.objects.filter(case=case).order_by("due_on", "pk")


def case_notifications(case: AbsenceCase) -> QuerySet[UwvNotification]:
    return UwvNotification.objects.filter(case=case)


# --- audited reads ----------------------------------------------------------------------


def wage_sanction_of(case: AbsenceCase) -> WageSanction | None:
    return WageSanction.objects.filter(case=case).first()


def wage_extension_of(case: AbsenceCase) -> WageExtension | None:
    return WageExtension.objects.filter(case=case).first()


def report_statement_of(case: AbsenceCase) -> ReportStatement | None:
    return ReportStatement.objects.filter(case=case).first()


def expert_opinions_of(case: AbsenceCase) -> QuerySet[ExpertOpinion]:
    return ExpertOpinion.objects.filter(case=case).order_by("requested_on", "pk")


def early_iva_of(case: AbsenceCase) -> EarlyIva | None:
    return EarlyIva.objects.filter(case=case).first()


def timeline_options(case: AbsenceCase) -> dict[str, Any]:
    """What the file recorded that moves or adds to the case's timeline (issue 16): a
    voluntary extension, a wage sanction, the choice to apply for IVA early; the keyword
    arguments of ``timeline.compute`` (for a case already fetched through a policy)."""
    extension, sanction = wage_extension_of(case), wage_sanction_of(case)
    return {
        "extension_weeks": extension.weeks if extension else 0,
        "sanction": timeline.Period(sanction.starts_on, sanction.ends_on) if sanction else None,
        "early_iva": EarlyIva.objects.filter(case=case).exists(),
    }


@dataclass(frozen=True)
class WageContinuation:
    """The end of the wage continuation and what moved it (issue 16)."""

    ends_on: dt.date
    sanction: WageSanction | None
    extension: WageExtension | None


def wage_continuation_of(case: AbsenceCase) -> WageContinuation:
    return WageContinuation(
        ends_on=wage_continuation_ends(case), sanction=wage_sanction_of(case),
        extension=wage_extension_of(case),
    )  # fmt: skip


def case_read_record(
    actor: Actor, case: AbsenceCase, action: str = Action.READ, *, target=None,
    purpose: str = PURPOSE, **details,
) -> None:  # fmt: skip
    """One access event for a read (or print/export) of the case's file."""
    audit_record(
        actor=actor, action=action, target=target or case, employer_id=case.employer_id,
        subject_employee_id=case.employee_id, purpose=purpose,
        role=Role.EMPLOYEE if policies.is_own(actor, case) else None,
        details={"case_id": case.pk, **details},
    )  # fmt: skip


CaseFetcher = Callable[[Actor, int], AbsenceCase]


def case_get(
    *, actor: Actor, case_id: int, fetch: CaseFetcher = policies.get_case_for,
    shown: bool = True, **details,
) -> AbsenceCase:  # fmt: skip
    """The case through ``fetch`` (a ``policies`` fetcher), recorded as read when the page
    shows it: a form's submit records its own write instead. ``details`` name the page's
    part (``form="plan"``)."""
    case = fetch(actor, case_id)
    if shown:
        case_read_record(actor, case, **details)
    return case


def notification_get(
    *, actor: Actor, case_id: int, notification_id: int, shown: bool = True
) -> UwvNotification:
    """A notification to UWV (HR), recorded as read when the page shows it."""
    notification = policies.get_notification_for(actor, case_id, notification_id)
    if shown:
        case_read_record(actor, notification.case, target=notification, purpose="uwv_notification")
    return notification


def expert_opinion_get(
    *, actor: Actor, case_id: int, opinion_id: int, shown: bool = True
) -> ExpertOpinion:
    """An expert opinion request (HR), recorded as read when the page shows it."""
    opinion = policies.get_expert_opinion_for(actor, case_id, opinion_id)
    if shown:
        case_read_record(actor, opinion.case, target=opinion, form="expert_opinion_outcome")
    return opinion


def third_party_report_get(*, actor: Actor, case_id: int, report_id: int) -> ThirdPartyReport:
    """A third party's report with its content, recorded as read."""
    report = policies.get_third_party_report_for(actor, case_id, report_id)
    case_read_record(actor, report.case, target=report)
    return report


@dataclass(frozen=True)
class Dashboard:
    tasks: list[Task]
    cases: list[AbsenceCase]
    #: The role the page is for (the access event's role; the template's wording).
    role: str


def _dashboard_scope(actor: Actor, role: str) -> tuple[QuerySet[Task], list[AbsenceCase], str]:
    if role == TaskRole.EMPLOYEE:
        cases = policies.cases_visible_to(actor).filter(employee_id__in=actor.employee_ids)
        return policies.own_tasks_for(actor), list(cases.order_by("-first_sick_day")), "own_data"
    return policies.tasks_for(actor, role), [], "reintegration_tasks"


def task_dashboard(*, actor: Actor, role: str) -> Dashboard:
    """The open tasks of one role the actor holds (``TaskRole``), soonest first; for the
    employee also their cases. Every employee shown is recorded as a subject."""
    scope, cases, purpose = _dashboard_scope(actor, role)
    tasks = list(
        scope.filter(status=TaskStatus.OPEN)
        .select_related("employee", "employer", "case")
        .order_by("due_on", "pk")[:DASHBOARD_TASKS]
    )
    shown = [t.employee_id for t in tasks] + [c.employee_id for c in cases]
    audit_record(
        actor=actor, action=Action.READ, purpose=purpose, role=role,
        details={"task_ids": [t.pk for t in tasks][:DASHBOARD_LOGGED_IDS]},
        subject_employee_ids=shown,
    )  # fmt: skip
    return Dashboard(tasks, cases, role)


# --- deadlines of many cases at once (issue 15) -------------------------------------------


def deadlines_of(*, actor: Actor, cases: list[AbsenceCase]) -> dict[int, deadlines.CaseDeadlines]:
    """Per case id, the week of absence, next deadline, late steps and case manager, for
    cases a list page already shows (and recorded as read with its rows): three queries,
    whatever the number of cases. Only cases in the actor's scope are summarised."""
    if not cases:
        return {}
    ids = [case.pk for case in cases]
    visible = set(policies.cases_visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True))
    tasks: dict[int, list[Task]] = {}
    for task in (
        Task.objects.filter(case_id__in=visible, status=TaskStatus.OPEN)
        .only("case_id", "code", "n", "label", "role", "due_on")
        .order_by("due_on", "pk")
    ):
        tasks.setdefault(task.case_id, []).append(task)
    managers: dict[int, str] = {}
    for version in (
        PlanVersion.objects.filter(plan__case_id__in=visible)
        .select_related("case_manager", "plan")
        .only("number", "plan__case_id", "case_manager__first_name",
              "case_manager__last_name", "case_manager__email")
        .order_by("plan__case_id", "number")
    ):  # fmt: skip
        managers[version.plan.case_id] = deadlines.case_manager_name(version)
    today = clock.today()
    return {
        case.pk: deadlines.summarise(
            case.first_sick_day,
            case.closed_on,
            tasks.get(case.pk, []),
            today,
            managers.get(case.pk, ""),
        )
        for case in cases
        if case.pk in visible
    }
