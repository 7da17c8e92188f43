"""Legal holds and the content-free record of what retention deleted (R-RET-1..5).

A ``LegalHold`` stops the retention clock of one employee during a labour dispute or a
dispute about a sickness or disability benefit (R-RET-1). Its reason is free text written
on the employer side, so it passes the medical-text guard like every other such field.

``DeletionRecord`` and ``RetentionRun`` say what was deleted, under which rule and when,
and nothing about whom (R-RET-5): no employee id, no name, no content. Who was affected is
in the access log, as for every other processing of personal data.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from poortwachter.core.models import TimeStampedModel


class HoldKind(models.TextChoices):
    LABOUR_DISPUTE = "labour_dispute", _("Arbeidsconflict")
    BENEFIT_DISPUTE = (
        "benefit_dispute",
        _("Geschil over een uitkering bij ziekte of arbeidsongeschiktheid"),
    )


class LegalHold(TimeStampedModel):
    """While a hold is in force nothing of the employee is deleted; once lifted, the
    retention clock resumes where it stopped (``retention.rules.stop_the_clock``)."""

    employer = models.ForeignKey(
        "organisations.Employer", on_delete=models.PROTECT, related_name="legal_holds"
    )
    employee = models.ForeignKey(
        "organisations.Employee", on_delete=models.PROTECT, related_name="legal_holds"
    )
    kind = models.CharField(_("soort geschil"), max_length=32, choices=HoldKind.choices)
    reason = models.CharField(_("toelichting"), max_length=300)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(_("geplaatst op"))
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    lifted_at = models.DateTimeField(_("opgeheven op"), null=True, blank=True)
    lift_reason = models.CharField(_("reden van opheffen"), max_length=300, blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        verbose_name = _("bewaarblokkade")
        verbose_name_plural = _("bewaarblokkades")
        constraints = [
            # One hold of each kind in force per employee, even under racing requests.
            models.UniqueConstraint(
                fields=["employee", "kind"],
                condition=Q(lifted_at__isnull=True),
                name="legal_hold_one_active_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True) | Q(lifted_at__gte=models.F("placed_at")),
                name="legal_hold_lifted_after_placed",
            ),
        ]
        indexes = [models.Index(fields=["employee", "lifted_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.placed_at:%d-%m-%Y})"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class RetentionRun(models.Model):
    """One row per date the purge ran for: a second run for the same date finds it and
    continues (or finds nothing more), so the daily run is idempotent."""

    as_of = models.DateField(unique=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-as_of"]
        verbose_name = _("bewaartermijnrun")

    def __str__(self) -> str:
        return f"retentie {self.as_of:%Y-%m-%d}"


class DeletionRecord(models.Model):
    """How many records of a category were deleted under which rule, for which date.
    Content-free by design: codes and a count, nothing that identifies a person."""

    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="deletions")
    as_of = models.DateField()
    category = models.CharField(max_length=64)
    rule = models.CharField(max_length=16)
    count = models.PositiveIntegerField(default=0)
    run_at = models.DateTimeField()

    class Meta:
        ordering = ["-as_of", "category", "rule"]
        verbose_name = _("verwijderregistratie")
        constraints = [
            models.UniqueConstraint(
                fields=["as_of", "category", "rule"], name="deletion_record_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.as_of:%Y-%m-%d} {self.category} {self.rule}: {self.count}"
