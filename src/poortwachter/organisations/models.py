"""The tenants and their people.

One installation serves one occupational health service (arbodienst) and many employers.
Every employer-side row carries ``employer_id`` so that each scope is one indexed filter.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from poortwachter.core import clock
from poortwachter.core.models import TimeStampedModel


class OccupationalHealthService(TimeStampedModel):
    """The arbodienst that runs this installation (one row)."""

    name = models.CharField(_("naam"), max_length=200)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("arbodienst")

    def __str__(self) -> str:
        return self.name


class Employer(TimeStampedModel):
    name = models.CharField(_("naam"), max_length=200)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, blank=True)
    payroll_tax_number = models.CharField(_("loonheffingennummer"), max_length=12, blank=True)
    fulltime_hours = models.DecimalField(
        _("voltijd uren per week"), max_digits=4, decimal_places=1, default=Decimal("38.0")
    )
    own_risk_sickness_benefit = models.BooleanField(_("eigenrisicodrager Ziektewet"), default=False)
    own_risk_wga = models.BooleanField(_("eigenrisicodrager WGA"), default=False)
    is_synthetic = models.BooleanField(_("synthetische gegevens"), default=False)
    #: Set when a webhook of this employer is saved active, never cleared by a
    #: deactivation (a stale ``True`` costs one query): while ``False``, a sick report
    #: records no webhook event without asking (issue 21).
    has_webhooks = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("werkgever")
        verbose_name_plural = _("werkgevers")

    def __str__(self) -> str:
        return self.name


class Department(TimeStampedModel):
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="departments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("naam"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("afdeling")
        verbose_name_plural = _("afdelingen")
        constraints = [
            models.UniqueConstraint(fields=["employer", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Employee(TimeStampedModel):
    """A person employed (now or before) by one employer. Administrative data only."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="employees")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee_record",
    )
    personnel_number = models.CharField(_("personeelsnummer"), max_length=32)
    first_name = models.CharField(_("voornaam"), max_length=100)
    name_prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=100)
    bsn = models.CharField(_("BSN"), max_length=9)
    date_of_birth = models.DateField(_("geboortedatum"))
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=32, blank=True)
    street = models.CharField(_("straat"), max_length=200, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=16, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    is_synthetic = models.BooleanField(_("synthetische gegevens"), default=False)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("werknemer")
        verbose_name_plural = _("werknemers")
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "personnel_number"], name="employee_unique_personnel_number"
            ),
            models.UniqueConstraint(fields=["employer", "bsn"], name="employee_unique_bsn"),
        ]
        indexes = [
            models.Index(fields=["employer", "last_name", "first_name"]),
            # The API lists an employer's people by key: read in order, not filtered out
            # of the whole table's key order (issue 21).
            models.Index(fields=["employer", "id"], name="employee_employer_by_id"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(
            part for part in (self.first_name, self.name_prefix, self.last_name) if part
        )


class Employment(TimeStampedModel):
    """A contract: where and how many hours. ``employer`` is kept beside ``employee`` so
    that scopes filter on one column."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="employments")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="employments")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="employments")
    job_title = models.CharField(_("functie"), max_length=200)
    start_date = models.DateField(_("ingangsdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("uren per week"), max_digits=4, decimal_places=1)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("dienstverband")
        verbose_name_plural = _("dienstverbanden")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="employment_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=60),
                name="employment_hours_in_range",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "end_date"]),
            models.Index(fields=["employer", "end_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.job_title} ({self.start_date:%d-%m-%Y})"

    @property
    def part_time_factor(self) -> Decimal:
        """Hours as a fraction of the employer's full-time week (capped at 1)."""
        return min(Decimal(1), self.hours_per_week / self.employer.fulltime_hours)


class DoctorAssignment(TimeStampedModel):
    """A company doctor serves an employer: the doctor sees that employer's caseload."""

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="doctor_assignments"
    )
    doctor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="served_employers"
    )
    since = models.DateField(_("sinds"))
    #: Last day the doctor serves this employer; access ends after it.
    until = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("toewijzing bedrijfsarts")
        constraints = [
            models.UniqueConstraint(fields=["employer", "doctor"], name="doctor_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.doctor} → {self.employer}"


class DoctorAssignmentChange(models.Model):
    """One change of who serves an employer as company doctor: who did it, when, and
    what (issue 18, finding 3; R-ACC-1). Rows are only added, never changed: the
    privacy officer reads the history on the page of doctor assignments."""

    class Change(models.TextChoices):
        ASSIGNED = "assigned", _("toegewezen")
        REMOVED = "removed", _("beëindigd")

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="doctor_assignment_changes"
    )
    doctor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    change = models.CharField(_("wijziging"), max_length=16, choices=Change.choices)
    #: The first (assigned) or last (removed) day the doctor serves the employer.
    effective_on = models.DateField(_("met ingang van"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("tijdstip"))

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("wijziging toewijzing bedrijfsarts")
        verbose_name_plural = _("wijzigingen toewijzing bedrijfsarts")

    def __str__(self) -> str:
        return f"{self.doctor} → {self.employer}: {self.change}"


class SyntheticDataset(TimeStampedModel):
    """Marks that (part of) this database was made by the generator (R-DEV-1)."""

    seed = models.BigIntegerField()
    parameters = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("synthetische dataset")

    def __str__(self) -> str:
        return f"seed {self.seed}"


def current_employments(on: dt.date | None = None) -> models.QuerySet[Employment]:
    """The contracts in force on ``on`` (today when not given)."""
    day = on or clock.today()
    return Employment.objects.filter(start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )
