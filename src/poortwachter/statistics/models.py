"""Statistics that cross from the medical side to the employer side.

``CauseReport`` is the only form in which anything derived from diagnoses reaches the
employer (R-SICK-5, R-REP-1): counts per CAS chapter of a period and scope, already
suppressed below the threshold by the medical module before it is published. It holds
no person, no employee id, no code below the chapter letter and no diagnosis text.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from poortwachter.core.models import TimeStampedModel


class CauseReport(TimeStampedModel):
    employer = models.ForeignKey(
        "organisations.Employer", on_delete=models.PROTECT, related_name="cause_reports"
    )
    #: ``None``: the whole employer. A department covers its sub-departments.
    department = models.ForeignKey(
        "organisations.Department", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    period_start = models.DateField(_("van"))
    period_end = models.DateField(_("tot en met"))
    #: Files with a sick report in the period and a diagnosis group (at least the threshold).
    total = models.PositiveIntegerField(_("aantal verzuimgevallen met een diagnosegroep"))
    #: ``[{"chapter": "L", "count": 12, "percentage": 34.3}, ...]``; chapters below the
    #: threshold are left out and only their sum appears, as ``suppressed``.
    chapters = models.JSONField(default=list)
    suppressed = models.PositiveIntegerField(_("onderdrukt (kleine groepen samen)"), default=0)
    min_group = models.PositiveSmallIntegerField(_("drempel"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("gepubliceerd door"),
    )  # fmt: skip
    published_at = models.DateTimeField(_("gepubliceerd op"))

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("oorzakenstatistiek")
        verbose_name_plural = _("oorzakenstatistieken")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="cause_report_period_order",
            ),
            models.CheckConstraint(condition=Q(min_group__gte=5), name="cause_report_min_group"),
        ]
        indexes = [models.Index(fields=["employer", "published_at"])]

    def __str__(self) -> str:
        return f"oorzaken {self.employer_id} {self.period_start}–{self.period_end}"
