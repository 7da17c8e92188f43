"""What the absence services tell others, inside their own transaction (issue 19).

Notifications (``poortwachter.notifications``) are made here, with the event: a sick
report, a recovery, a published advice, withdrawn emergency information. Each carries a
kind and a path; the page behind the path applies its own policy.

``case_changed`` is sent when a sick report opens or joins a case and when a recovery
closes it, also inside the transaction: the re-integration app (above this one) listens
and brings the case's tasks in step at once, so a new case shows its first tasks without
waiting for the nightly job.
"""

import datetime as dt
from dataclasses import dataclass

from django.dispatch import Signal
from django.urls import reverse

from poortwachter.absences.models import AbsenceCase, EmergencyInfo, PublishedAdvice, SickReport
from poortwachter.core.actor import Actor
from poortwachter.notifications import selectors as recipients
from poortwachter.notifications.models import Kind
from poortwachter.notifications.services import notify, notify_many

#: ``case_changed.send(sender=AbsenceCase, case=case)``; a sick report that opened the
#: case adds ``opened=OpenedCase(...)``: what the report found under the employee's lock,
#: so a listener need not ask the database what a new case holds (issue 21).
case_changed = Signal()


@dataclass(frozen=True)
class OpenedCase:
    """A case the sick report ``report`` has just opened: it has this one report and
    nothing else of its own (no plan, evaluation, advice, UWV notification, sanction,
    extension or early IVA). What the employee has outside the case, read in the report's
    own statement under the employee's lock: whether leave ends on or after the first
    sick day (``leave``), whether an advice published without a case lies on or after it
    (``loose_advice``), and the last day of the employment with the employer when every
    contract with it has an end (``employment_ends``; ``None``: open-ended or none)."""

    report: SickReport
    leave: bool
    loose_advice: bool
    employment_ends: dt.date | None


#: ``absence_changed.send(sender=SickReport, report=report, kind=...)``, kind one of
#: "absence.started", "absence.changed", "absence.ended": the integrations app (above)
#: records its webhook events in the same transaction (issue 20).
absence_changed = Signal()


def _others(users: set[int], actor: Actor) -> set[int]:
    """Nobody is told of what they did themself."""
    return users - {actor.user_id} if actor.user_id is not None else users


def sick_reported(
    report: SickReport, actor: Actor, *, opened: OpenedCase | None = None,
    webhooks: bool | None = None,
) -> None:  # fmt: skip
    """The sick report's notifications: who hears of it in one query and all of them in
    one INSERT with one e-mail job (issue 21); then the case's tasks and the webhooks.
    ``opened``: the report opened a new case (see ``OpenedCase``); ``webhooks=False``:
    the caller knows the employer has no webhook (no query)."""
    employee_id, employer_id = report.employee_id, report.employer_id
    who = recipients.event_recipients(employee_id, employer_id)
    detail = reverse("absences:report_detail", kwargs={"report_id": report.pk})
    notify_many([
        (_others(who.managers | who.hr, actor), Kind.SICK_REPORT, detail),
        # The doctor's queue item exists (ServiceQueueItem); the doctor hears of it.
        (_others(who.doctors, actor), Kind.SICK_REPORT, reverse("absences:caseload")),
        # The employee's confirmation, also when they reported themself.
        (who.own, Kind.SICK_REPORT_RECEIVED, reverse("absences:my_absence")),
    ])  # fmt: skip
    case_changed.send(sender=AbsenceCase, case=report.case, opened=opened)
    absence_changed.send(
        sender=SickReport, report=report, kind="absence.started", webhooks=webhooks
    )


def recovered(report: SickReport, actor: Actor) -> None:
    who = recipients.event_recipients(report.employee_id, report.employer_id)
    detail = reverse("absences:report_detail", kwargs={"report_id": report.pk})
    users = who.managers | who.hr | who.doctors
    notify(recipients=_others(users, actor), kind=Kind.RECOVERY, link=detail)
    case_changed.send(sender=AbsenceCase, case=report.case)
    absence_changed.send(sender=SickReport, report=report, kind="absence.ended")


def partially_recovered(report: SickReport) -> None:
    absence_changed.send(sender=SickReport, report=report, kind="absence.changed")


def advice_published(advice: PublishedAdvice, actor: Actor) -> None:
    employee = advice.employee
    who = recipients.event_recipients(employee.pk, employee.employer_id)
    link = reverse("absences:advice_detail", kwargs={"advice_id": advice.pk})
    users = who.own | who.managers | who.hr
    notify(recipients=_others(users, actor), kind=Kind.ADVICE_PUBLISHED, link=link)


def emergency_info_withdrawn(info: EmergencyInfo, actor: Actor) -> None:
    """Those who could see it (``policies.emergency_info_for``) hear that it is gone.
    It was shown only beside the employee's sick reports: without one, nobody saw it."""
    report = SickReport.objects.filter(employee_id=info.employee_id).order_by("-pk").first()
    if report is None:
        return
    users = recipients.doctor_users(info.employer_id)
    if info.visible_to_manager:
        users |= recipients.manager_users(info.employee_id)
    if info.visible_to_hr:
        users |= recipients.hr_users(info.employer_id)
    detail = reverse("absences:report_detail", kwargs={"report_id": report.pk})
    notify(recipients=_others(users, actor), kind=Kind.EMERGENCY_INFO_WITHDRAWN, link=detail)
