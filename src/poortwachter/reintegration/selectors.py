"""Reads of the re-integration file that are not access decisions."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from poortwachter.absences.models import AbsenceCase, PublishedAdvice, SickReport
from poortwachter.accounts.models import User
from poortwachter.core.roles import Role
from poortwachter.reintegration.models import (
    Evaluation,
    PlanOfAction,
    PlanVersion,
    Task,
    ThirdPartyReport,
    UwvNotification,
)


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
    return case_advices(case).order_by("-advised_on", "-published_at", "-pk").first()


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
    order = {kind: i for i, kind in enumerate(
        ("sick_report", "advice", "plan_version", "evaluation", "uwv_notification",
         "third_party_report", "recovery")
    )}  # fmt: skip
    return sorted(entries, key=lambda e: (e.day, order[e.kind], getattr(e.obj, "pk", 0)))


def case_tasks(case: AbsenceCase) -> QuerySet[Task]:
    return Task.objects.filter(case=case).order_by("due_on", "pk")
