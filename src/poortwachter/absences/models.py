"""Sick reports, recoveries, absence cases, leave and emergency information.

The sick report (``SickReport``) holds exactly what R-SICK-1 allows the employer to
record, plus administrative dates and who reported. There is deliberately no field,
choice or upload for nature, cause, symptoms, diagnosis, treatment or an incapacity
percentage (R-SICK-2, R-INC-1): ``tests/absences/test_models.py`` pins the field list.

A legal case (``AbsenceCase``) adds up sick reports separated by less than four weeks
(art. 7:629 lid 10 BW): the 104-week clock runs from the case's first sick day and moves
by the days of the gaps. Each sick report stays a separate statistical report.

The company doctor's advice (``PublishedAdvice``) is the only record that crosses from
the medical module to the employer side (DESIGN.md boundary 1): exactly the R-DOC-1
items and where they came from. It is the only source of an incapacity percentage the
employer ever sees (R-INC-1).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from poortwachter.core.models import TimeStampedModel


class ExpectedDuration(models.TextChoices):
    UNKNOWN = "unknown", _("Nog niet bekend")
    DAYS = "days", _("Enkele dagen")
    WEEKS_1_2 = "weeks_1_2", _("Een tot twee weken")
    WEEKS_2_6 = "weeks_2_6", _("Twee tot zes weken")
    LONGER = "longer", _("Langer dan zes weken")


class AbsenceCase(TimeStampedModel):
    """The legal case: one 104-week clock for periods less than four weeks apart."""

    employer = models.ForeignKey(
        "organisations.Employer", on_delete=models.PROTECT, related_name="absence_cases"
    )
    employee = models.ForeignKey(
        "organisations.Employee", on_delete=models.PROTECT, related_name="absence_cases"
    )
    first_sick_day = models.DateField(_("eerste ziektedag"))
    #: Days between the periods of this case; the end of wage continuation moves by them.
    gap_days = models.PositiveIntegerField(default=0)
    #: First day back at work after the last period, while no period is open.
    closed_on = models.DateField(_("afgesloten per"), null=True, blank=True)

    class Meta:
        ordering = ["-first_sick_day"]
        verbose_name = _("verzuimdossier")
        verbose_name_plural = _("verzuimdossiers")
        indexes = [
            models.Index(fields=["employer", "closed_on"]),
            models.Index(fields=["employee", "first_sick_day"]),
        ]

    def __str__(self) -> str:
        return f"{self.employee} – {self.first_sick_day:%d-%m-%Y}"


class SickReport(TimeStampedModel):
    case = models.ForeignKey(AbsenceCase, on_delete=models.PROTECT, related_name="reports")
    employer = models.ForeignKey(
        "organisations.Employer", on_delete=models.PROTECT, related_name="sick_reports"
    )
    employee = models.ForeignKey(
        "organisations.Employee", on_delete=models.PROTECT, related_name="sick_reports"
    )
    first_sick_day = models.DateField(_("eerste ziektedag"))
    reported_at = models.DateTimeField(_("gemeld op"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # --- R-SICK-1, and nothing else ------------------------------------------------
    phone = models.CharField(_("telefoonnummer tijdens verzuim"), max_length=32)
    care_street = models.CharField(_("straat (verpleegadres)"), max_length=200)
    care_house_number = models.CharField(_("huisnummer"), max_length=16)
    care_postcode = models.CharField(_("postcode"), max_length=7)
    care_city = models.CharField(_("plaats"), max_length=100)
    expected_duration = models.CharField(
        _("verwachte duur"), max_length=16, choices=ExpectedDuration.choices
    )
    appointments_and_work = models.TextField(
        _("lopende afspraken en werkzaamheden"), blank=True, max_length=2000
    )
    safety_net_applies = models.BooleanField(_("valt onder een vangnetbepaling"))
    work_accident = models.BooleanField(_("verband met een arbeidsongeval"))
    traffic_accident_third_party = models.BooleanField(
        _("verkeersongeval met een aansprakelijke derde")
    )
    # --- recovery ---------------------------------------------------------------------
    recovered_on = models.DateField(_("hersteld per"), null=True, blank=True)
    recovery_reported_at = models.DateTimeField(null=True, blank=True)
    #: Optimistic lock: each change raises it; a change based on an older one is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-first_sick_day", "-id"]
        verbose_name = _("ziekmelding")
        verbose_name_plural = _("ziekmeldingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(recovered_on__isnull=True)
                | Q(recovered_on__gt=models.F("first_sick_day")),
                name="sick_report_recovery_after_first_day",
            ),
            # At most one open report per employee: the database refuses a second one
            # even if two requests race past the service's own check.
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(recovered_on__isnull=True),
                name="sick_report_one_open_per_employee",
            ),
        ]
        indexes = [
            models.Index(fields=["employer", "recovered_on"]),
            models.Index(fields=["employer", "first_sick_day"]),
            models.Index(fields=["employee", "first_sick_day"]),
            # Lists show the newest reports first: page 1 of a large scope is read in this
            # order instead of sorting every report in it (benchmarks/lists.py).
            models.Index(fields=["-first_sick_day", "-id"], name="sick_report_newest_first"),
            # The open reports of an employer, newest first (HR's overview, the company
            # doctor's open absence): a small index read in order, issue 21.
            models.Index(
                fields=["employer", "-first_sick_day", "-id"],
                condition=Q(recovered_on__isnull=True),
                name="sick_report_open_newest_first",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} – {self.first_sick_day:%d-%m-%Y}"

    @property
    def is_open(self) -> bool:
        return self.recovered_on is None


class PartialRecovery(TimeStampedModel):
    """Work resumed in part: hours actually worked per week from a date. Never a
    percentage of the manager's own making (R-INC-1)."""

    report = models.ForeignKey(SickReport, on_delete=models.CASCADE, related_name="partials")
    from_date = models.DateField(_("vanaf"))
    hours_per_week = models.DecimalField(
        _("gewerkte uren per week"), max_digits=4, decimal_places=1
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["from_date"]
        verbose_name = _("gedeeltelijk herstel")
        constraints = [
            models.UniqueConstraint(fields=["report", "from_date"], name="partial_unique_date"),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0), name="partial_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hours_per_week} u/w vanaf {self.from_date:%d-%m-%Y}"


class LeavePeriod(TimeStampedModel):
    """Pregnancy and maternity leave (WAZO): not sickness, and it neither breaks nor joins
    cases. Only that it exists and when: never why."""

    employer = models.ForeignKey("organisations.Employer", on_delete=models.PROTECT)
    employee = models.ForeignKey(
        "organisations.Employee", on_delete=models.PROTECT, related_name="leave_periods"
    )
    start = models.DateField(_("begin"))
    end = models.DateField(_("einde"))

    class Meta:
        ordering = ["start"]
        verbose_name = _("verlofperiode (WAZO)")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="leave_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.start:%d-%m-%Y} – {self.end:%d-%m-%Y}"


class EmergencyInfo(TimeStampedModel):
    """What colleagues must know or do in an emergency, in the employee's own words, at
    the employee's own request (R-SICK-7). Only the employee writes it; withdrawing it
    erases the text and keeps only when consent was given and withdrawn."""

    employer = models.ForeignKey("organisations.Employer", on_delete=models.PROTECT)
    employee = models.OneToOneField(
        "organisations.Employee", on_delete=models.CASCADE, related_name="emergency_info"
    )
    text = models.TextField(_("wat collega's moeten weten of doen"), max_length=1000, blank=True)
    visible_to_manager = models.BooleanField(_("zichtbaar voor mijn leidinggevende"), default=True)
    visible_to_hr = models.BooleanField(_("zichtbaar voor HR"), default=False)
    tell_colleagues = models.CharField(
        _("welke collega's het mogen weten (bijvoorbeeld BHV'ers)"), max_length=200, blank=True
    )
    consent_given_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("noodinformatie")

    def __str__(self) -> str:
        return f"noodinformatie {self.employee_id}"

    @property
    def is_active(self) -> bool:
        return bool(self.text) and self.withdrawn_at is None


class ServiceQueueItem(TimeStampedModel):
    """A new sick report waiting for the occupational health service (R-DOC-2)."""

    report = models.OneToOneField(SickReport, on_delete=models.CASCADE, related_name="queue_item")
    employer = models.ForeignKey("organisations.Employer", on_delete=models.PROTECT)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("werkvoorraad arbodienst")
        indexes = [models.Index(fields=["employer", "handled_at"])]

    def __str__(self) -> str:
        return f"melding {self.report_id}"


class AdviceDuration(models.TextChoices):
    """The doctor's estimate of how long the limitations last (R-DOC-1)."""

    UNDER_2_WEEKS = "under_2_weeks", _("korter dan 2 weken")
    WEEKS_2_6 = "weeks_2_6", _("2 tot 6 weken")
    WEEKS_6_MONTHS_3 = "weeks_6_months_3", _("6 weken tot 3 maanden")
    OVER_3_MONTHS = "over_3_months", _("langer dan 3 maanden")
    UNKNOWN = "unknown", _("nog niet te zeggen")


class PublishedAdvice(TimeStampedModel):
    """The company doctor's advice to the employer, as published by the medical module:
    exactly the R-DOC-1 items and their provenance. There is deliberately no field for a
    diagnosis, cause, code or notes: ``tests/absences/test_advice.py`` pins the list.

    A newer advice supersedes the previous one for the same employee; both stay (the
    re-integration file holds every advice, R-REINT-2)."""

    employer = models.ForeignKey(
        "organisations.Employer", on_delete=models.PROTECT, related_name="advices"
    )
    employee = models.ForeignKey(
        "organisations.Employee", on_delete=models.PROTECT, related_name="advices"
    )
    case = models.ForeignKey(
        AbsenceCase, null=True, blank=True, on_delete=models.PROTECT, related_name="advices"
    )
    # --- provenance -------------------------------------------------------------------
    doctor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("bedrijfsarts"),
    )  # fmt: skip
    advised_on = models.DateField(_("datum advies"))
    published_at = models.DateTimeField(_("gepubliceerd op"))
    #: The medical module's own reference (e.g. its advice UUID): opaque on this side.
    source_ref = models.CharField(max_length=64, unique=True)
    #: RESTRICT, not PROTECT: retention deletes an employee's advices together.
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="superseded_by"
    )
    # --- R-DOC-1, and nothing else ----------------------------------------------------
    work_possible = models.TextField(_("wat de werknemer wel kan"), max_length=4000)
    work_not_possible = models.TextField(
        _("wat de werknemer niet kan (beperkingen in het werk)"), max_length=4000
    )
    implications_for_work = models.TextField(
        _("gevolgen voor het werk"), max_length=4000, blank=True
    )
    expected_duration = models.CharField(
        _("verwachte duur"), max_length=20, choices=AdviceDuration.choices
    )
    expected_return_on = models.DateField(
        _("verwachte datum van werkhervatting"), null=True, blank=True
    )
    incapacity_percentage = models.PositiveSmallIntegerField(_("arbeidsongeschiktheidspercentage"))
    adjustments_advice = models.TextField(
        _("advies over aanpassingen, voorzieningen of interventies"), max_length=4000,
        blank=True,
    )  # fmt: skip

    class Meta:
        ordering = ["-advised_on", "-published_at", "-id"]
        verbose_name = _("advies van de bedrijfsarts")
        verbose_name_plural = _("adviezen van de bedrijfsarts")
        constraints = [
            models.CheckConstraint(
                condition=Q(incapacity_percentage__gte=0, incapacity_percentage__lte=100),
                name="advice_percentage_0_100",
            ),
            # An advice is superseded at most once: two racing publications cannot both
            # replace the same one.
            models.UniqueConstraint(fields=["supersedes"], name="advice_superseded_once"),
        ]
        indexes = [
            models.Index(fields=["employee", "published_at"]),
            models.Index(fields=["employer", "published_at"]),
        ]

    def __str__(self) -> str:
        return f"advies {self.employee_id} {self.advised_on:%d-%m-%Y}"


class WageSanction(TimeStampedModel):
    """A wage sanction (loonsanctie) UWV imposed on the employer: the waiting time and so
    the wage continuation run on to the sanction's last day (art. 25 lid 9 WIA; art. 7:629
    lid 11 BW), at most 52 weeks. UWV's decision states the period; the employer records
    it as decided, and a shortened period (bekorting) by changing the last day. An
    employer-side fact: no reason, no medical content."""

    employer = models.ForeignKey("organisations.Employer", on_delete=models.PROTECT)
    employee = models.ForeignKey(
        "organisations.Employee", on_delete=models.PROTECT, related_name="wage_sanctions"
    )
    #: CASCADE: part of the case's administrative data, deleted with the case (R-RET-1).
    case = models.OneToOneField(AbsenceCase, on_delete=models.CASCADE, related_name="wage_sanction")
    decided_on = models.DateField(_("datum beschikking UWV"))
    starts_on = models.DateField(_("eerste dag van de loonsanctie"))
    ends_on = models.DateField(_("laatste dag van de loonsanctie"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("loonsanctie")
        verbose_name_plural = _("loonsancties")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="sanction_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"loonsanctie {self.case_id} {self.starts_on:%d-%m-%Y} – {self.ends_on:%d-%m-%Y}"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class WageExtension(TimeStampedModel):
    """A voluntary extension of the waiting time and of the wage continuation, agreed
    with UWV on the joint request of employer and employee (art. 24 lid 1 WIA; art. 7:629
    lid 11 BW): a number of weeks, at most 52. The WIA application moves with it."""

    employer = models.ForeignKey("organisations.Employer", on_delete=models.PROTECT)
    employee = models.ForeignKey(
        "organisations.Employee", on_delete=models.PROTECT, related_name="wage_extensions"
    )
    #: CASCADE: part of the case's administrative data, deleted with the case (R-RET-1).
    case = models.OneToOneField(
        AbsenceCase, on_delete=models.CASCADE, related_name="wage_extension"
    )
    requested_on = models.DateField(_("datum gezamenlijk verzoek"))
    decided_on = models.DateField(_("datum beslissing UWV"))
    weeks = models.PositiveSmallIntegerField(_("verlenging in weken"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("vrijwillige verlenging loondoorbetaling")
        verbose_name_plural = _("vrijwillige verlengingen loondoorbetaling")
        constraints = [
            models.CheckConstraint(
                condition=Q(weeks__gte=1, weeks__lte=52), name="extension_1_to_52_weeks"
            )
        ]

    def __str__(self) -> str:
        return f"verlenging {self.case_id} {self.weeks} weken"


class LateReport(TimeStampedModel):
    """Why HR entered a sick report whose first sick day lies more than a year back
    (issue 16): an administrative reason, never a medical one (it passes the guard)."""

    report = models.OneToOneField(SickReport, on_delete=models.CASCADE, related_name="late")
    employer = models.ForeignKey("organisations.Employer", on_delete=models.PROTECT)
    employee = models.ForeignKey(
        "organisations.Employee", on_delete=models.PROTECT, related_name="late_reports"
    )
    reason = models.TextField(_("reden van de late melding"), max_length=1000)

    class Meta:
        verbose_name = _("late ziekmelding")
        verbose_name_plural = _("late ziekmeldingen")

    def __str__(self) -> str:
        return f"late melding {self.report_id}"
