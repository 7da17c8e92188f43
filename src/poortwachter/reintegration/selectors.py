"""Reads of the re-integration file that are not access decisions.

The functions that take ``*, actor`` are the pages' reads: they fetch through a
``policies`` fetcher and record the read in the access log, with the employee as
subject (the employee reading their own file acts as employee).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

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
from poortwachter.core.errors import Forbidden
from poortwachter.core.roles import Role
from poortwachter.organisations.models import DoctorAssignment
from poortwachter.reintegration import deadlines, policies, timeline
from poortwachter.reintegration.models import (
    AppointmentStatus,
    CaseManagerAssignment,
    ConsultationAppointment,
    ConversationNote,
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
    for note in case_notes(case):
        entries.append(FileEntry(note.held_on, "conversation_note", note))
    for opinion in expert_opinions_of(case):
        entries.append(FileEntry(opinion.requested_on, "expert_opinion", opinion))
        if opinion.outcome_on is not None:
            entries.append(FileEntry(opinion.outcome_on, "expert_opinion_outcome", opinion))
    order = {kind: i for i, kind in enumerate(
        ("sick_report", "advice", "plan_version", "evaluation", "conversation_note",
         "uwv_notification", "third_party_report", "expert_opinion", "expert_opinion_outcome",
         "recovery")
    )}  # fmt: skip
    return sorted(entries, key=lambda e: (e.day, order[e.kind], getattr(e.obj, "pk", 0)))


def case_notes(case: AbsenceCase) -> QuerySet[ConversationNote]:
    """The case's conversation notes (gespreksverslagen), oldest first."""
    return ConversationNote.objects.filter(case=case).select_related("written_by")


# --- case managers (issue 19) -----------------------------------------------------------


def current_case_manager_ids(case_ids: list[int]) -> dict[int, int]:
    """Per case id, the user id of its current case manager: the newest assignment, or
    else the one named in the newest version of its plan of action. Two queries."""
    current: dict[int, int] = {}
    for case_id, user_id in (
        PlanVersion.objects.filter(plan__case_id__in=case_ids)
        .order_by("plan__case_id", "number")
        .values_list("plan__case_id", "case_manager_id")
    ):
        current[case_id] = user_id
    for case_id, user_id in (
        CaseManagerAssignment.objects.filter(case_id__in=case_ids)
        .order_by("case_id", "assigned_at", "pk")
        .values_list("case_id", "manager_id")
    ):
        current[case_id] = user_id
    return current


def current_case_manager(case: AbsenceCase) -> User | None:
    user_id = current_case_manager_ids([case.pk]).get(case.pk)
    return User.objects.filter(pk=user_id).first() if user_id else None


def current_case_managers(case_ids: list[int]) -> dict[int, User]:
    """Per case id its current case manager (three queries, whatever the number)."""
    ids = current_case_manager_ids(case_ids)
    users = User.objects.in_bulk(set(ids.values()))
    return {case_id: users[user_id] for case_id, user_id in ids.items() if user_id in users}


def case_manager_history(case: AbsenceCase) -> list[CaseManagerAssignment]:
    """Every change of the case manager: who, when, from whom and to whom; newest first."""
    return list(
        CaseManagerAssignment.objects.filter(case=case)
        .select_related("manager", "previous", "assigned_by")
        .order_by("-assigned_at", "-pk")
    )


def case_manager_id_expression():
    """The current case manager's user id of the case in ``OuterRef("pk")``."""
    assigned = CaseManagerAssignment.objects.filter(case_id=OuterRef("pk")).order_by(
        "-assigned_at", "-pk"
    )
    planned = PlanVersion.objects.filter(plan__case_id=OuterRef("pk")).order_by("-number")
    return Coalesce(
        Subquery(assigned.values("manager_id")[:1]), Subquery(planned.values("case_manager_id")[:1])
    )


def task_assignees(task: Task, *, overdue: bool = False) -> list[User]:
    """Who a task's reminders (and notifications) go to, first the one it is for.

    An HR task goes to the case's case manager first (issue 19): before its date only to
    them while they still hold HR at the employer; once its date has passed (``overdue``)
    to them and every other HR user of the employer, as a legal deadline concerns the
    employer. A case without a (valid) case manager goes to HR of the employer. A
    doctor's task goes to the doctors who serve the employer today, an employee's task to
    the employee's account."""
    today = clock.today()
    if task.role == TaskRole.DOCTOR:
        rows = DoctorAssignment.objects.filter(
            employer_id=task.employer_id, doctor__is_active=True, since__lte=today
        ).exclude(until__lt=today)
        return list(User.objects.filter(pk__in=rows.values("doctor_id")).order_by("pk"))
    if task.role == TaskRole.EMPLOYEE:
        return list(
            User.objects.filter(
                is_active=True, role_assignments__role=Role.EMPLOYEE,
                role_assignments__employee_id=task.employee_id,
            ).distinct().order_by("pk")
        )  # fmt: skip
    hr = list(case_managers(task.employer_id))
    manager_id = current_case_manager_ids([task.case_id]).get(task.case_id)
    first = [user for user in hr if user.pk == manager_id]
    if first and not overdue:
        return first
    return first + [user for user in hr if user.pk != manager_id]


def case_hr_user_ids(case_id: int, employer_id: int) -> set[int]:
    """Who on HR's side hears of a fact of one case (a consultation planned, moved,
    cancelled or missed; issue 19): its case manager while they hold HR at the employer,
    else every HR user of the employer (as ``task_assignees`` does before a due date)."""
    hr = set(case_managers(employer_id).values_list("pk", flat=True))
    manager_id = current_case_manager_ids([case_id]).get(case_id)
    return {manager_id} if manager_id in hr else hr


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
    cases a list page already shows (and recorded as read with its rows): five queries,
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
    managers = {
        case_id: deadlines.user_name(user)
        for case_id, user in current_case_managers(sorted(visible)).items()
    }
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


# --- case managers and conversation notes: audited reads (issue 19) ---------------------


@dataclass(frozen=True)
class CaseManagerView:
    case: AbsenceCase
    current: User | None
    history: list[CaseManagerAssignment]


def case_manager_get(
    *, actor: Actor, case_id: int, fetch: CaseFetcher = policies.get_case_for, shown: bool = True
) -> CaseManagerView:
    """The case's current case manager and the history of changes, a logged read."""
    case = case_get(actor=actor, case_id=case_id, fetch=fetch, shown=shown, part="case_manager")
    return CaseManagerView(case, current_case_manager(case), case_manager_history(case))


def conversation_notes_get(*, actor: Actor, case_id: int) -> tuple[AbsenceCase, list]:
    """The case's conversation notes for someone who reads the file, a logged read."""
    case = case_get(actor=actor, case_id=case_id, part="conversation_notes")
    return case, list(case_notes(case))


def reactable_note_get(*, actor: Actor, case_id: int, note_id: int, shown: bool = True):
    """A note of the employee's own case, to react to; a logged read when shown."""
    note = policies.get_reactable_note_for(actor, case_id, note_id)
    if shown:
        case_read_record(actor, note.case, target=note)
    return note


@dataclass(frozen=True)
class MyCase:
    case: AbsenceCase
    deadlines: deadlines.CaseDeadlines | None


def my_cases(*, actor: Actor) -> list[MyCase]:
    """ "Mijn dossiers": the open cases whose current case manager is the actor, at the
    employers where they hold HR, each with its week, next deadline and late steps (the
    summary of HR's overview, ``deadlines_of``). A logged read of every employee shown."""
    cases: list[AbsenceCase] = list(
        policies.cases_visible_to(actor)
        .filter(employer_id__in=actor.employer_ids(Role.HR), closed_on__isnull=True)
        .annotate(current_manager_id=case_manager_id_expression())
        .filter(current_manager_id=actor.user_id)
        .select_related("employee")
        .order_by("first_sick_day", "pk")[:DASHBOARD_TASKS]
    )
    audit_record(
        actor=actor, action=Action.READ, purpose="my_cases",
        details={"case_ids": [c.pk for c in cases][:DASHBOARD_LOGGED_IDS]},
        subject_employee_ids=[c.employee_id for c in cases],
    )  # fmt: skip
    summaries = deadlines_of(actor=actor, cases=cases)
    return [MyCase(case, summaries.get(case.pk)) for case in cases]


# --- consultation appointments (spreekuur, issue 19) -------------------------------------


@dataclass(frozen=True)
class AppointmentFact:
    """What HR sees of a consultation: that it is (or was) planned, when, and whether
    the employee attended. Never where, with whom, why, or what the employee answered."""

    pk: int
    starts_at: dt.datetime
    status: str
    status_label: str

    @property
    def is_no_show(self) -> bool:
        return self.status == AppointmentStatus.NO_SHOW


def appointment_fact(appointment: ConsultationAppointment) -> AppointmentFact:
    return AppointmentFact(
        appointment.pk, appointment.starts_at, appointment.status,
        str(AppointmentStatus(appointment.status).label),
    )  # fmt: skip


def case_appointments(actor: Actor, case: AbsenceCase) -> list:
    """The case's appointments for its file (read with the file itself): the employee's
    own in full, HR's as ``AppointmentFact``; nobody else sees any."""
    if not policies.can_see_case_appointments(actor, case):
        return []
    rows = list(policies.appointments_visible_to(actor).filter(case=case))
    if policies.is_own(actor, case):
        return rows
    return [appointment_fact(row) for row in rows]


def own_appointments_get(*, actor: Actor) -> list[ConsultationAppointment]:
    """The employee's own appointments, newest planned first; recorded as read."""
    rows = list(
        ConsultationAppointment.objects.filter(employee_id__in=actor.employee_ids)
        .select_related("case")
        .order_by("-starts_at", "-id")[:100]
    )
    for employee_id, employer_id in {(r.employee_id, r.employer_id) for r in rows}:
        audit_record(
            actor=actor, action=Action.READ, employer_id=employer_id,
            subject_employee_id=employee_id, purpose=PURPOSE, role=Role.EMPLOYEE,
            details={"part": "consultation_appointments"},
        )  # fmt: skip
    return rows


def own_appointment_get(
    *, actor: Actor, appointment_id: int, shown: bool = True
) -> ConsultationAppointment:
    """One of the employee's own appointments (any other: not found), recorded as read
    when the page shows it."""
    appointment = policies.get_own_appointment_for(actor, appointment_id)
    if shown:
        case_read_record(actor, appointment.case, target=appointment,
                         part="consultation_appointment")  # fmt: skip
    return appointment


def appointments_list_get(*, actor: Actor, limit: int = 200) -> list:
    """The API's list, in the pages' scope and shapes: the employee's own appointments
    in full, HR's as ``AppointmentFact``; recorded as one read naming the employees."""
    if not policies.can_list_appointments(actor):
        raise Forbidden
    rows = list(policies.appointments_visible_to(actor).order_by("-starts_at", "-id")[:limit])
    audit_record(
        actor=actor, action=Action.READ, purpose=PURPOSE,
        subject_employee_ids=sorted({row.employee_id for row in rows}),
        details={"part": "consultation_appointments"},
    )  # fmt: skip
    return [row if policies.sees_appointment_details(actor, row) else appointment_fact(row)
            for row in rows]  # fmt: skip
