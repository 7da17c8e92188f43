"""Cause statistics: how many absence cases of an employer fall in each diagnosis group
(CAS chapter: the letter of the code), computed here, on the medical side, and published
to the employer only as a suppressed aggregate (R-SICK-5, R-REP-1).

- **Who is counted.** Employees with a sick report running in the period (and, for a
  department, an employment in it or its sub-departments during the period) who have a
  medical file with a diagnosis recorded on or before the period's last day. Each person
  counts once, in the chapter of their latest such diagnosis.
- **Suppression.** No report for a group of fewer than the threshold
  (``POORTWACHTER_STATS_MIN_GROUP``) employees, nor with fewer cases than the
  threshold, nor for a period shorter than 90 days, nor for a period and department that
  overlap an earlier report so that the two could be subtracted
  (``statistics.services.check_cause_period``). Chapters below the threshold are hidden,
  and further chapters until the hidden ones hold at least the threshold together
  (``statistics.suppression.hidden_cells``); only their sum is published.
- **What crosses.** Chapter letters with counts and the sum of the hidden ones, through
  ``statistics.services.cause_report_create``: never a person, an id, a full code or text.

Decrypting the codes is a loop over the diagnoses of the files concerned: they are
encrypted per record, so the database cannot group them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from poortwachter.absences.models import SickReport
from poortwachter.audit.models import Action
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, NotFound, ServiceError
from poortwachter.medical import policies
from poortwachter.medical.log import medical_record
from poortwachter.medical.models import Diagnosis, MedicalFile
from poortwachter.organisations.models import Department, Employer, Employment
from poortwachter.organisations.policies import served_employer_ids
from poortwachter.organisations.selectors import department_subtree_ids
from poortwachter.statistics import services as statistics_services
from poortwachter.statistics.cas import chapter_label
from poortwachter.statistics.models import CauseReport
from poortwachter.statistics.periods import Period
from poortwachter.statistics.suppression import hidden_cells, min_group

PURPOSE = "cause_statistics"
_CHUNK = 500


@dataclass
class CauseStatistics:
    """The suppressed aggregate: what may be shown to the doctor and published."""

    employer: Employer
    department: Department | None
    period: Period
    total: int
    chapters: dict[str, int] = field(default_factory=dict)  # shown chapters only
    suppressed: int = 0

    def rows(self) -> list[tuple[str, str, int, float]]:
        return [
            (c, chapter_label(c), n, round(100 * n / self.total, 1))
            for c, n in sorted(self.chapters.items(), key=lambda item: (-item[1], item[0]))
        ]


def _scope_employee_ids(employer: Employer, department: Department | None, period: Period):
    employments = Employment.objects.filter(employer=employer, start_date__lte=period.end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start)
    )
    if department is not None:
        employments = employments.filter(department_id__in=department_subtree_ids({department.pk}))
    return employments.values("employee_id")


def _chapters(employee_ids: list[int], period: Period) -> tuple[Counter[str], list[int]]:
    """Chapter of each person's latest diagnosis up to the period's end."""
    counts: Counter[str] = Counter()
    read: list[int] = []
    for start in range(0, len(employee_ids), _CHUNK):
        files = dict(
            MedicalFile.objects.filter(
                employee_id__in=employee_ids[start : start + _CHUNK]
            ).values_list("pk", "employee_id")
        )
        seen: set = set()
        diagnoses = Diagnosis.objects.filter(
            file_id__in=list(files),
            recorded_on__lte=period.end,
            cas_code_enc__isnull=False,
            superseded_by__isnull=True,  # a corrected diagnosis counts in its new version only
        ).order_by("file_id", "-recorded_on", "-created_at")
        for diagnosis in diagnoses:
            if diagnosis.file_id in seen:
                continue
            seen.add(diagnosis.file_id)
            letter = (diagnosis.decrypt("cas_code") or "").strip()[:1].upper()
            if letter.isalpha() and letter.isascii():
                counts[letter] += 1
                read.append(files[diagnosis.file_id])
    return counts, read


def compute(
    *, actor: Actor, employer: Employer, department: Department | None, period: Period
) -> CauseStatistics:
    """The suppressed cause statistics of an employer (or department) and period."""
    if not policies.can_produce_cause_statistics(actor):
        raise Forbidden
    if employer.pk not in served_employer_ids(actor):
        raise NotFound
    if department is not None and department.employer_id != employer.pk:
        raise ServiceError({"afdeling": [_("Onbekende afdeling.")]})
    statistics_services.check_cause_period(employer, department, period)
    k = min_group()
    scope = _scope_employee_ids(employer, department, period)
    if scope.distinct().count() < k:
        raise ServiceError(_("De groep is te klein: minder dan %(k)d werknemers.") % {"k": k})
    sick = SickReport.objects.filter(
        employer=employer, first_sick_day__lte=period.end, employee_id__in=scope
    ).filter(Q(recovered_on__isnull=True) | Q(recovered_on__gt=period.start))
    employee_ids = sorted(set(sick.values_list("employee_id", flat=True)))
    counts, read = _chapters(employee_ids, period)
    medical_record(
        actor=actor, action=Action.READ, employer_id=employer.pk, purpose=PURPOSE,
        details={"employee_ids": sorted(read),
                 "department_id": department.pk if department else None},
    )  # fmt: skip
    total = sum(counts.values())
    hidden, total_hidden = hidden_cells(dict(counts), k)
    if total < k or total_hidden:
        raise ServiceError(
            _("Te weinig verzuimgevallen met een diagnosegroep (minder dan %(k)d).") % {"k": k}
        )
    shown = {c: n for c, n in counts.items() if c not in hidden}
    return CauseStatistics(
        employer, department, period, total, shown, sum(counts[c] for c in hidden)
    )


def publish(
    *, actor: Actor, employer: Employer, department: Department | None, period: Period
) -> CauseReport:
    """Compute again (never trust a preview) and publish the aggregate to the employer."""
    result = compute(actor=actor, employer=employer, department=department, period=period)
    report = statistics_services.cause_report_create(
        actor=actor, employer=employer, department=department, period=period,
        chapters=result.chapters, suppressed=result.suppressed,
    )  # fmt: skip
    medical_record(
        actor=actor, action=Action.EXPORT, employer_id=employer.pk, purpose=PURPOSE,
        details={"cause_report_id": report.pk},
    )  # fmt: skip
    return report
