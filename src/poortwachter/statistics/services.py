"""Writes and logged reads of statistics.

Every view, export, API call and command reads statistics through
:func:`statistics_read`, which records one access event: purpose
``absence_statistics``, the scope and period, and an empty list of employees, because
an aggregate shows no one (``audit_record`` documents the empty list as "showed no one").

:func:`cause_report_create` is the receiving end of the medical module's cause
statistics (``medical.cause_statistics``): it accepts only chapter letters with counts
that meet the threshold, and stores them as a :class:`CauseReport`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, ServiceError, field_errors
from poortwachter.core.roles import Role
from poortwachter.organisations.models import Department, Employer
from poortwachter.organisations.policies import served_employer_ids
from poortwachter.organisations.selectors import department_subtree_ids
from poortwachter.statistics.cache import cached_report
from poortwachter.statistics.models import CauseReport
from poortwachter.statistics.periods import Period
from poortwachter.statistics.policies import StatisticsScope, cause_reports_visible_to
from poortwachter.statistics.selectors import Report
from poortwachter.statistics.suppression import min_group

PURPOSE = "absence_statistics"
CAUSE_PURPOSE = "cause_statistics"
#: Cause statistics cover at least a quarter: a shorter period could single someone out.
CAUSE_MIN_DAYS = 90
_CHAPTER = re.compile(r"^[A-Z]$")


def statistics_read(
    *, actor: Actor, scope: StatisticsScope, period: Period, what: str = "dashboard",
    action: str = Action.READ,
) -> Report:  # fmt: skip
    """The suppressed report of a scope and period (cached while its figures have not
    changed, ``statistics.cache``), with its access event."""
    report = cached_report(scope, period)
    audit_record(
        actor=actor, action=action, employer_id=scope.employer.pk, purpose=PURPOSE,
        role=scope.role if scope.role in (Role.HR, Role.MANAGER) else None,
        subject_employee_ids=[],
        details={"what": what, "department_id": scope.department.pk if scope.department else None,
                 "from": period.start.isoformat(), "to": period.end.isoformat(),
                 "suppressed": report.suppressed},
    )  # fmt: skip
    return report


def cause_reports_read(*, actor: Actor, reports: list[CauseReport]) -> None:
    audit_record(
        actor=actor, action=Action.READ, purpose=CAUSE_PURPOSE, subject_employee_ids=[],
        details={"cause_report_ids": [r.pk for r in reports]},
    )  # fmt: skip


def cause_reports_list(*, actor: Actor, limit: int) -> list[CauseReport]:
    """The newest ``limit`` cause reports the actor may read, with their access event."""
    reports = list(cause_reports_visible_to(actor)[:limit])
    cause_reports_read(actor=actor, reports=reports)
    return reports


def check_cause_period(employer: Employer, department: Department | None, period: Period) -> None:
    """Refuse a period too short, or one that overlaps a published report in a way that
    lets two reports be subtracted from each other (see docs/statistics.md)."""
    if period.days < CAUSE_MIN_DAYS:
        raise field_errors(
            to=_("Oorzakenstatistiek gaat over minstens %(days)d dagen.") % {"days": CAUSE_MIN_DAYS}
        )
    mine = department_subtree_ids({department.pk}) if department else None
    overlapping = CauseReport.objects.filter(
        employer=employer, period_start__lte=period.end, period_end__gte=period.start
    )
    for other in overlapping:
        same_period = (other.period_start, other.period_end) == (period.start, period.end)
        theirs = department_subtree_ids({other.department_id}) if other.department_id else None
        disjoint = mine is not None and theirs is not None and not (mine & theirs)
        if not (same_period and disjoint):
            raise field_errors(
                **{
                    "from": _(
                        "Er is al een oorzakenstatistiek gepubliceerd die met deze periode en "
                        "afdeling overlapt; door ze af te trekken zou een kleine groep zichtbaar "
                        "worden."
                    )
                }
            )


@transaction.atomic
def cause_report_create(
    *, actor: Actor, employer: Employer, department: Department | None, period: Period,
    chapters: Mapping[str, int], suppressed: int,
) -> CauseReport:  # fmt: skip
    """Store the cause statistics a company doctor publishes: the chapters shown (letter
    and count) and the sum of the hidden ones. The medical module has suppressed them
    already (``medical.cause_statistics``); this side refuses anything that would still
    show a small group, whatever the caller did."""
    doctor_id = actor.user_id
    if doctor_id is None or not actor.has_role(Role.DOCTOR):
        raise Forbidden(_("Alleen een bedrijfsarts van deze werkgever publiceert dit."))
    if employer.pk not in served_employer_ids(actor):
        raise Forbidden(_("Alleen een bedrijfsarts van deze werkgever publiceert dit."))
    if department is not None and department.employer_id != employer.pk:
        raise field_errors(department=_("Onbekende afdeling."))
    if any(not _CHAPTER.match(c) for c in chapters):
        raise ServiceError(_("Alleen hoofdstukletters met aantallen worden gepubliceerd."))
    k = min_group()
    total = sum(chapters.values()) + suppressed
    if total < k or any(n < k for n in chapters.values()) or 0 < suppressed < k:
        raise ServiceError(
            _("Een groep is kleiner dan %(k)d: deze cijfers worden niet gepubliceerd.") % {"k": k}
        )
    check_cause_period(employer, department, period)
    rows = [
        {"chapter": c, "count": n, "percentage": round(100 * n / total, 1)}
        for c, n in sorted(chapters.items(), key=lambda item: (-item[1], item[0]))
    ]
    report = CauseReport.objects.create(
        employer=employer, department=department, period_start=period.start,
        period_end=period.end, total=total, chapters=rows, suppressed=suppressed,
        min_group=k, published_by_id=doctor_id, published_at=clock.now(),
    )  # fmt: skip
    audit_record(
        actor=actor, action=Action.CREATE, target=report, employer_id=employer.pk,
        purpose=CAUSE_PURPOSE, subject_employee_ids=[],
    )  # fmt: skip
    return report
