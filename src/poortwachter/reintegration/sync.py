"""Keeping the tasks of a case in step with its Poortwachter timeline (R-REINT-3), and
the reminders about them.

``tasks_sync(case)`` computes the timeline (``reintegration.timeline``) from the case's
sick reports, the employee's pregnancy/maternity leave and what the file shows was done
(the first published advice is the problem analysis, the plan's first version, the
evaluations, the UWV notification, a later advice in the window of the current
assessment) and a voluntary extension or wage sanction UWV decided (issue 16), and makes
one ``Task`` per milestone that falls due within ``HORIZON_DAYS`` (so a three-day
absence does not fill the dashboards with steps for week 93). A task the file shows as
done is closed with that date; once the employee is back at work, open tasks lapse
(``skipped``) and no new ones are made. Running it twice changes nothing the second
time.

Reminders (``reminders_queue``): a notification before the due date
(``REMIND_BEFORE_DAYS``) and one after it, each at most once per task (``TaskReminder``
is the claim), for the task's assignees; after it also for HR (issue 19). E-mail
follows as each user chose (``poortwachter.notifications``) and says only that there is
something and where to sign in: no name, no case, nothing medical (R-AUTHZ-1).
"""

import datetime as dt
import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from poortwachter.absences.events import OpenedCase
from poortwachter.absences.models import (
    AbsenceCase,
    LeavePeriod,
    SickReport,
)
from poortwachter.core import clock
from poortwachter.notifications import selectors as recipients
from poortwachter.notifications.models import Kind
from poortwachter.notifications.services import notify
from poortwachter.organisations.models import Employment
from poortwachter.reintegration import selectors, timeline
from poortwachter.reintegration.models import (
    EarlyIva,
    Evaluation,
    EvaluationKind,
    NotificationKind,
    ReminderKind,
    Task,
    TaskReminder,
    TaskRole,
    TaskStatus,
    UwvNotification,
)

logger = logging.getLogger(__name__)

#: A milestone becomes a task this many days before it is due.
HORIZON_DAYS = 42
#: The first reminder goes this many days before the due date; the second the day after.
REMIND_BEFORE_DAYS = 7
#: A safety-net case is reported to UWV by the 4th sick day at the latest; which
#: provision applies (and so its own deadline) is never recorded (R-SICK-1).
SAFETY_NET_REPORT_DAY = 4
#: The recovery notice after a 42nd-week notification: within two working days of the
#: first day back at work [B: docs/poortwachter.md].
RECOVERY_NOTICE_WORKING_DAYS = 2

_ROLE = {
    timeline.HR: (TaskRole.HR, False),
    timeline.HR_AND_EMPLOYEE: (TaskRole.HR, True),
    timeline.DOCTOR: (TaskRole.DOCTOR, False),
    timeline.EMPLOYEE: (TaskRole.EMPLOYEE, False),
}


def _periods(case: AbsenceCase) -> list[timeline.Period]:
    reports = SickReport.objects.filter(case=case).order_by("first_sick_day", "pk")
    return [
        timeline.Period.from_report(first, recovered)
        for first, recovered in reports.values_list("first_sick_day", "recovered_on")
    ]


def _leave(case: AbsenceCase) -> list[timeline.Period]:
    rows = LeavePeriod.objects.filter(employee_id=case.employee_id, end__gte=case.first_sick_day)
    return [timeline.Period(start, end) for start, end in rows.values_list("start", "end")]


def done_dates(case: AbsenceCase, today: dt.date) -> dict[str, dt.date]:
    """What the file shows was done, by timeline key, never later than ``today``."""
    done: dict[str, dt.date] = {}
    first_report = SickReport.objects.filter(case=case).order_by("reported_at").first()
    if first_report is not None:
        done[timeline.REPORT_TO_SERVICE] = timezone.localtime(first_report.reported_at).date()
    advices = list(selectors.case_advices(case).values_list("advised_on", flat=True))
    if advices:
        done[timeline.PROBLEM_ANALYSIS] = advices[0]
    plan = selectors.plan_of(case)
    first_version = plan.versions.order_by("number").first() if plan else None
    if first_version is not None:
        done[timeline.PLAN_OF_ACTION] = first_version.drawn_up_on
    evaluations = Evaluation.objects.filter(case=case).order_by("held_on", "pk")
    periodic = [e.held_on for e in evaluations if e.kind == EvaluationKind.PERIODIC]
    if first_version is not None:
        plan_day = done[timeline.PLAN_OF_ACTION]
        for n, held_on in enumerate([d for d in periodic if d >= plan_day], start=1):
            done[timeline.evaluation_key(n)] = held_on
    for kind, key in ((EvaluationKind.FIRST_YEAR, timeline.FIRST_YEAR_EVALUATION),
                      (EvaluationKind.FINAL, timeline.FINAL_EVALUATION)):  # fmt: skip
        held = next((e.held_on for e in evaluations if e.kind == kind), None)
        if held is not None:
            done[key] = held
    early_iva = EarlyIva.objects.filter(case=case, applied_on__isnull=False).first()
    if early_iva is not None and early_iva.applied_on is not None:
        done[timeline.EARLY_IVA_APPLICATION] = early_iva.applied_on
    sent = UwvNotification.objects.filter(
        case=case, kind=NotificationKind.WEEK_42, sent_on__isnull=False
    ).first()
    if sent is not None and sent.sent_on is not None:
        done[timeline.UWV_42_WEEK_NOTIFICATION] = sent.sent_on
    return {key: day for key, day in done.items() if day <= today}


def _current_assessment_done(case_timeline: timeline.Case, advices: list[dt.date]):
    """The doctor's current assessment: an advice published in or after its window."""
    milestone = case_timeline.milestone(timeline.CURRENT_ASSESSMENT)
    if milestone is None or milestone.window_start is None:
        return None
    return next((day for day in advices if day >= milestone.window_start), None)


def case_timeline(case: AbsenceCase, today: dt.date | None = None) -> timeline.Case | None:
    """The case's timeline with what was done; ``None`` without sick reports."""
    today = today or clock.today()
    periods = _periods(case)
    if not periods:
        return None
    result = timeline.compute(
        periods, leave=_leave(case), done=done_dates(case, today), today=today,
        **selectors.timeline_options(case),
    )  # fmt: skip
    return next(
        (c for c in result.cases if c.first_sick_day == case.first_sick_day), result.cases[0]
    )


def _appears_on(milestone: timeline.Milestone) -> dt.date:
    """The date that brings a milestone within the horizon: its due date; for the early
    IVA application, chosen by the employee, the start of its window (week 3), so the
    task is there while the application is possible (issue 16)."""
    if milestone.code == timeline.EARLY_IVA_APPLICATION and milestone.window_start:
        return milestone.window_start
    return milestone.due


def _task_values(milestone: timeline.Milestone, done_on: dt.date | None, lapsed: bool) -> dict:
    role, with_employee = _ROLE.get(milestone.role, (TaskRole.HR, False))
    values: dict[str, Any] = {
        "label": str(milestone.label)[:200], "role": role, "with_employee": with_employee,
        "due_on": milestone.due, "window_start": milestone.window_start,
        "source": milestone.source[:200],
    }  # fmt: skip
    if done_on is not None:
        values |= {"status": TaskStatus.DONE, "done_on": done_on}
    elif lapsed:
        values |= {"status": TaskStatus.SKIPPED}
    return values


def _milestone_tasks(
    case: AbsenceCase, line: timeline.Case, today: dt.date, advices: list[dt.date],
    existing: dict[tuple[str, int], Task],
):  # fmt: skip
    """For each milestone that needs a task: the task there is (or ``None``) and the values
    it should have."""
    # Once the employee is back at work the file is complete: open tasks lapse and no
    # new ones are made (a relapse within four weeks reopens the case and its tasks).
    ended = line.fit_from is not None and line.fit_from <= today
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    for milestone in line.milestones:
        key = (milestone.code, milestone.n or 0)
        task = existing.get(key)
        if task is None and (ended or _appears_on(milestone) > horizon):
            continue
        done_on = milestone.done_on
        if done_on is None and milestone.code == timeline.CURRENT_ASSESSMENT:
            done_on = _current_assessment_done(line, advices)
        lapsed = ended
        if task is not None and task.status != TaskStatus.OPEN:
            done_on, lapsed = None, False  # closed by hand or before: keep it so
        yield milestone, task, _task_values(milestone, done_on, lapsed)


def _new_task(case: AbsenceCase, milestone: timeline.Milestone, values: dict) -> Task:
    return Task(
        case=case, employer_id=case.employer_id, employee_id=case.employee_id,
        code=milestone.code, n=milestone.n or 0, **values,
    )  # fmt: skip


@transaction.atomic
def tasks_sync(case: AbsenceCase, *, today: dt.date | None = None) -> dict[str, int]:
    """Create and update the case's tasks from its timeline; idempotent."""
    today = today or clock.today()
    AbsenceCase.objects.select_for_update().filter(pk=case.pk).first()
    line = case_timeline(case, today)
    counts = {"created": 0, "updated": 0}
    if line is None:
        return counts
    advices = list(selectors.case_advices(case).values_list("advised_on", flat=True))
    existing = {(t.code, t.n): t for t in Task.objects.filter(case=case)}
    for milestone, task, values in _milestone_tasks(case, line, today, advices, existing):
        if task is None:
            _new_task(case, milestone, values).save(force_insert=True)
            counts["created"] += 1
        elif any(getattr(task, name) != value for name, value in values.items()):
            Task.objects.filter(pk=task.pk).update(updated_at=clock.now(), **values)
            counts["updated"] += 1
    counts["notifications"] = _notifications_sync(case, line, today)
    return counts


def tasks_open(
    case: AbsenceCase, opened: OpenedCase, *, today: dt.date | None = None
) -> dict[str, int]:  # fmt: skip
    """The first tasks and UWV notifications of a case a sick report has just opened, in
    the report's transaction (issue 19): what ``tasks_sync`` makes of it, computed from
    what a new case is known to hold (issue 21). It has one report and nothing of its own
    yet (no plan, evaluations, advice, UWV notifications, sanction, extension or early
    IVA), so those are not asked for; leave and an advice published without a case are
    read only when the report's statement saw them. One INSERT for the tasks. Raises
    ``TimelineError`` before writing anything."""
    today = today or clock.today()
    report = opened.report
    periods = [timeline.Period.from_report(report.first_sick_day, report.recovered_on)]
    advices: list[dt.date] = []
    if opened.loose_advice:
        advices = list(selectors.case_advices(case).values_list("advised_on", flat=True))
    done = {timeline.REPORT_TO_SERVICE: timezone.localtime(report.reported_at).date()}
    if advices:
        done[timeline.PROBLEM_ANALYSIS] = advices[0]
    result = timeline.compute(
        periods, leave=_leave(case) if opened.leave else [], today=today,
        done={key: day for key, day in done.items() if day <= today},
    )  # fmt: skip
    line = next(
        (c for c in result.cases if c.first_sick_day == case.first_sick_day), result.cases[0]
    )
    tasks = [
        _new_task(case, milestone, values)
        for milestone, _task, values in _milestone_tasks(case, line, today, advices, {})
    ]
    Task.objects.bulk_create(tasks)
    # The UWV notifications ``_notifications_sync`` wants for such a case: none was sent,
    # the case is open.
    wanted: dict[str, dt.date] = {}
    week_42 = line.milestone(timeline.UWV_42_WEEK_NOTIFICATION)
    if week_42 is not None and any(t.code == timeline.UWV_42_WEEK_NOTIFICATION for t in tasks):
        wanted[NotificationKind.WEEK_42] = week_42.due
    if report.safety_net_applies:
        wanted[NotificationKind.SAFETY_NET] = line.date_of_day(SAFETY_NET_REPORT_DAY)
    left_on = opened.employment_ends
    if left_on is not None and left_on >= case.first_sick_day:
        wanted[NotificationKind.LEFT_SERVICE] = left_on
    same = {"case": case, "employer_id": case.employer_id, "employee_id": case.employee_id}
    notices = [UwvNotification(**same, kind=kind, due_on=due) for kind, due in wanted.items()]
    UwvNotification.objects.bulk_create(notices)
    return {"created": len(tasks), "updated": 0, "notifications": len(wanted)}


def _after_working_days(day: dt.date, n: int) -> dt.date:
    """``n`` working days after ``day`` (weekends and public holidays skipped)."""
    for _step in range(n):
        day = timeline.next_working_day(day + dt.timedelta(days=1))
    return day


def _left_service_on(case: AbsenceCase) -> dt.date | None:
    """The last day of the employee's employment with the case's employer, if it ended
    while the case ran (on or after the first sick day, before the recovery)."""
    ends = list(
        Employment.objects.filter(
            employee_id=case.employee_id, employer_id=case.employer_id
        ).values_list("end_date", flat=True)
    )
    if not ends or any(end is None for end in ends):
        return None
    last = max(end for end in ends if end is not None)
    if last < case.first_sick_day or (case.closed_on is not None and case.closed_on <= last):
        return None
    return last


def _notifications_sync(case: AbsenceCase, line: timeline.Case, today: dt.date) -> int:
    """The notifications to UWV this case needs, with their deadlines: the 42nd-week
    notification when its task exists; a safety-net report when a sick report of the
    case says a safety-net provision applies; the recovery notice (hersteldmelding) when
    the employee recovered after the 42nd-week notification was sent; the report of
    sickness at the end of the employment when it ended while the case ran."""
    created = 0
    wanted: dict[str, dt.date] = {}
    week_42 = line.milestone(timeline.UWV_42_WEEK_NOTIFICATION)
    has_task = Task.objects.filter(case=case, code=timeline.UWV_42_WEEK_NOTIFICATION).exists()
    if week_42 is not None and has_task:
        wanted[NotificationKind.WEEK_42] = week_42.due
    if SickReport.objects.filter(case=case, safety_net_applies=True).exists():
        wanted[NotificationKind.SAFETY_NET] = line.date_of_day(SAFETY_NET_REPORT_DAY)
    week_42_sent = UwvNotification.objects.filter(
        case=case, kind=NotificationKind.WEEK_42, sent_on__isnull=False
    ).exists()
    if week_42_sent and case.closed_on is not None:
        wanted[NotificationKind.RECOVERY] = _after_working_days(
            case.closed_on, RECOVERY_NOTICE_WORKING_DAYS
        )
    if (left_on := _left_service_on(case)) is not None:
        wanted[NotificationKind.LEFT_SERVICE] = left_on
    for kind, due in wanted.items():
        notification = UwvNotification.objects.filter(case=case, kind=kind).first()
        if notification is None:
            UwvNotification.objects.create(
                case=case, employer_id=case.employer_id, employee_id=case.employee_id,
                kind=kind, due_on=due,
            )  # fmt: skip
            created += 1
        elif notification.due_on != due and notification.sent_on is None:
            UwvNotification.objects.filter(pk=notification.pk).update(due_on=due)
    return created


def cases_to_sync():
    """Open cases, closed ones that still have open tasks, and closed ones whose 42nd-week
    notification was sent and whose recovery notice does not exist yet."""
    with_open_tasks = Task.objects.filter(status=TaskStatus.OPEN).values("case_id")
    sent_42 = UwvNotification.objects.filter(
        kind=NotificationKind.WEEK_42, sent_on__isnull=False
    ).values("case_id")
    noticed = UwvNotification.objects.filter(kind=NotificationKind.RECOVERY).values("case_id")
    return AbsenceCase.objects.filter(
        Q(closed_on__isnull=True)
        | Q(pk__in=with_open_tasks)
        | (Q(pk__in=sent_42) & ~Q(pk__in=noticed))
    )


def task_assignees(task: Task, *, overdue: bool = False) -> set[int]:
    """The users a task's notifications go to, as ``selectors.task_assignees`` picks them:
    an HR task to its case manager first, and once overdue to every HR user too."""
    return {user.pk for user in selectors.task_assignees(task, overdue=overdue)}


def _task_link(task: Task) -> str:
    return reverse(_TASK_PAGES.get(task.role, "reintegration:hr_tasks"))


_TASK_PAGES: dict[str, str] = {
    TaskRole.HR: "reintegration:hr_tasks",
    TaskRole.DOCTOR: "reintegration:doctor_tasks",
    TaskRole.EMPLOYEE: "reintegration:my_tasks",
}


def _claim_and_notify(task: Task, kind: str) -> bool:
    """Claim the reminder and make its notifications in one transaction, so a reminder
    is made exactly once; e-mail follows as each recipient chose (issue 19). After the
    due date the step is overdue: the assignees are told, and HR of the employer too
    (a legal deadline passed); both signals are legally required ones."""
    try:
        with transaction.atomic():
            reminder = TaskReminder.objects.create(task=task, kind=kind, queued_at=clock.now())
            _notify_reminder(reminder)
    except IntegrityError:
        return False  # already made
    return True


def _notify_reminder(reminder: TaskReminder) -> None:
    """Make the reminder's notifications and mark it sent, inside the caller's
    transaction."""
    task, kind = reminder.task, reminder.kind
    assignees = task_assignees(task, overdue=kind == ReminderKind.AFTER)
    if kind == ReminderKind.BEFORE:
        made = notify(recipients=assignees, kind=Kind.TASK_DUE_SOON, link=_task_link(task))
    else:
        made = notify(recipients=assignees, kind=Kind.TASK_OVERDUE, link=_task_link(task))
        made += notify(
            recipients=recipients.hr_users(task.employer_id) - assignees,
            kind=Kind.DEADLINE_PASSED,
            link=reverse("reintegration:case_file", kwargs={"case_id": task.case_id}),
        )
    reminder.sent_at, reminder.recipients = clock.now(), min(len(made), 32767)
    reminder.save(update_fields=["sent_at", "recipients"])


def reminder_complete(reminder_id: int) -> int:
    """Finish a reminder queued by a version before issue 19 (its row exists, unsent):
    the notifications are made now, once. Returns how many reminders were finished."""
    with transaction.atomic():
        reminder = (
            TaskReminder.objects.select_for_update()
            .select_related("task")
            .filter(pk=reminder_id, sent_at__isnull=True)
            .first()
        )
        if reminder is None or reminder.task.status != TaskStatus.OPEN:
            return 0
        _notify_reminder(reminder)
    return 1


def reminders_queue(today: dt.date | None = None) -> dict[str, int]:
    """Queue the reminders that are due: before (within ``REMIND_BEFORE_DAYS``) and
    after the due date, each once per task."""
    today = today or clock.today()
    open_tasks = Task.objects.filter(status=TaskStatus.OPEN)
    soon = open_tasks.filter(
        due_on__gte=today, due_on__lte=today + dt.timedelta(days=REMIND_BEFORE_DAYS)
    ).exclude(reminders__kind=ReminderKind.BEFORE)
    late = open_tasks.filter(due_on__lt=today).exclude(reminders__kind=ReminderKind.AFTER)
    counts = {ReminderKind.BEFORE.value: 0, ReminderKind.AFTER.value: 0}
    for kind, tasks in ((ReminderKind.BEFORE, soon), (ReminderKind.AFTER, late)):
        for task in tasks.order_by("pk").iterator():
            if _claim_and_notify(task, kind):
                counts[kind.value] += 1
    return counts


def on_case_changed(
    sender, case: AbsenceCase, opened: OpenedCase | None = None, **kwargs
) -> None:  # fmt: skip
    """``absences.events.case_changed``: a sick report opened or joined the case, or a
    recovery closed it. Its tasks follow at once, in the same transaction (issue 19: a
    new case shows its first tasks without waiting for the nightly job); a new one's
    from what it is known to hold (``tasks_open``, issue 21). A timeline that cannot be
    computed does not refuse the report: the nightly job logs it."""
    try:
        if opened is not None:
            tasks_open(case, opened)
        else:
            tasks_sync(case)
    except timeline.TimelineError:
        logger.warning("re-integration timeline failed for case %s", case.pk)


def reintegration_daily(day: dt.date) -> dict[str, Any]:
    """The scheduler's daily job: every running case's tasks, then the reminders."""
    summary = {"cases": 0, "created": 0, "updated": 0, "errors": 0}
    for case in cases_to_sync().order_by("pk").iterator():
        try:
            counts = tasks_sync(case, today=day)
        except timeline.TimelineError:
            # Bad data in one file must not stop the others; the code says which.
            logger.warning("re-integration timeline failed for case %s", case.pk)
            summary["errors"] += 1
            continue
        summary["cases"] += 1
        summary["created"] += counts["created"]
        summary["updated"] += counts["updated"]
    summary |= {f"reminders_{k}": v for k, v in reminders_queue(day).items()}
    return summary
