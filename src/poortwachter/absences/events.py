"""What the absence services tell others, inside their own transaction (issue 19).

Notifications (``poortwachter.notifications``) are made here, with the event: a sick
report, a recovery, a published advice, withdrawn emergency information. Each carries a
kind and a path; the page behind the path applies its own policy.

``case_changed`` is sent when a sick report opens or joins a case and when a recovery
closes it, also inside the transaction: the re-integration app (above this one) listens
and brings the case's tasks in step at once, so a new case shows its first tasks without
waiting for the nightly job.
"""

from django.dispatch import Signal
from django.urls import reverse

from poortwachter.absences.models import AbsenceCase, EmergencyInfo, PublishedAdvice, SickReport
from poortwachter.core.actor import Actor
from poortwachter.notifications import selectors as recipients
from poortwachter.notifications.models import Kind
from poortwachter.notifications.services import notify

#: ``case_changed.send(sender=AbsenceCase, case=case)``
case_changed = Signal()

#: ``absence_changed.send(sender=SickReport, report=report, kind=...)``, kind one of
#: "absence.started", "absence.changed", "absence.ended": the integrations app (above)
#: records its webhook events in the same transaction (issue 20).
absence_changed = Signal()


def _others(users: set[int], actor: Actor) -> set[int]:
    """Nobody is told of what they did themself."""
    return users - {actor.user_id} if actor.user_id is not None else users


def sick_reported(report: SickReport, actor: Actor) -> None:
    employee_id, employer_id = report.employee_id, report.employer_id
    detail = reverse("absences:report_detail", kwargs={"report_id": report.pk})
    staff = recipients.manager_users(employee_id) | recipients.hr_users(employer_id)
    notify(recipients=_others(staff, actor), kind=Kind.SICK_REPORT, link=detail)
    # The doctor's queue item exists (ServiceQueueItem); the doctor hears of it.
    notify(
        recipients=_others(recipients.doctor_users(employer_id), actor),
        kind=Kind.SICK_REPORT, link=reverse("absences:caseload"),
    )  # fmt: skip
    # The employee's confirmation, also when they reported themself.
    notify(
        recipients=recipients.employee_users(employee_id),
        kind=Kind.SICK_REPORT_RECEIVED, link=reverse("absences:my_absence"),
    )  # fmt: skip
    case_changed.send(sender=AbsenceCase, case=report.case)
    absence_changed.send(sender=SickReport, report=report, kind="absence.started")


def recovered(report: SickReport, actor: Actor) -> None:
    users = (
        recipients.manager_users(report.employee_id)
        | recipients.hr_users(report.employer_id)
        | recipients.doctor_users(report.employer_id)
    )
    detail = reverse("absences:report_detail", kwargs={"report_id": report.pk})
    notify(recipients=_others(users, actor), kind=Kind.RECOVERY, link=detail)
    case_changed.send(sender=AbsenceCase, case=report.case)
    absence_changed.send(sender=SickReport, report=report, kind="absence.ended")


def partially_recovered(report: SickReport) -> None:
    absence_changed.send(sender=SickReport, report=report, kind="absence.changed")


def advice_published(advice: PublishedAdvice, actor: Actor) -> None:
    employee = advice.employee
    own = recipients.employee_users(employee.pk)
    staff = recipients.manager_users(employee.pk) | recipients.hr_users(employee.employer_id)
    link = reverse("absences:advice_detail", kwargs={"advice_id": advice.pk})
    notify(recipients=_others(own | staff, actor), kind=Kind.ADVICE_PUBLISHED, link=link)


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
