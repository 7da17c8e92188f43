"""An import of employees and employments from an HR or payroll export (issue 20).

``ImportRun`` holds the uploaded file until the import is done (then it is emptied: the
source is the employer's own system), the column mapping used, the counts, and the
progress a page polls. ``ImportRow`` is the outcome of one line: what the preview showed
and what the kept report says. Once the run is imported or abandoned, the rows keep only
the line number, personnel number, outcome, names of changed fields and reasons, never
the values (data minimisation; the report needs no more)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from poortwachter.core.models import TimeStampedModel
from poortwachter.organisations.models import Employer


class ColumnMapping(TimeStampedModel):
    """The employer's column choices, offered again at the next import."""

    employer = models.OneToOneField(
        Employer, on_delete=models.CASCADE, related_name="import_mapping"
    )
    #: field key → column heading of the file
    columns = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("kolomkoppeling")

    def __str__(self) -> str:
        return f"{self.employer}"


class RunStatus(models.TextChoices):
    CHECKING = "checking", _("wordt gecontroleerd")
    CHECKED = "checked", _("gecontroleerd")
    IMPORTING = "importing", _("wordt ingelezen")
    DONE = "done", _("ingelezen")
    FAILED = "failed", _("mislukt")


class ImportRun(TimeStampedModel):
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="import_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: "system:import-employees" for the command.
    actor_label = models.CharField(max_length=200, blank=True)
    filename = models.CharField(_("bestandsnaam"), max_length=255)
    content = models.BinaryField(default=b"")
    create_departments = models.BooleanField(_("afdelingen aanmaken"), default=False)
    columns = models.JSONField(default=dict)
    headings = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=RunStatus.choices)
    #: Lines handled so far of ``total``, for the progress bar.
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    #: Counts per outcome (new, changed, unchanged, refused) and what was written.
    counts = models.JSONField(default=dict)
    #: Why the run failed, as a code (never content).
    error = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")

    def __str__(self) -> str:
        return f"import {self.pk} ({self.employer_id})"

    @property
    def busy(self) -> bool:
        return self.status in (RunStatus.CHECKING, RunStatus.IMPORTING)


class Outcome(models.TextChoices):
    NEW = "new", _("nieuw")
    CHANGED = "changed", _("gewijzigd")
    UNCHANGED = "unchanged", _("ongewijzigd")
    REFUSED = "refused", _("geweigerd")


class ImportRow(models.Model):
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField()
    personnel_number = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    #: Reasons of a refusal, in Dutch: [[field label, message], ...]
    reasons = models.JSONField(default=list)
    #: Warnings that do not refuse the line (e.g. the named manager).
    warnings = models.JSONField(default=list)
    #: Changes per field: [[field label, old, new], ...]; values dropped after the run.
    changes = models.JSONField(default=list)

    class Meta:
        ordering = ["line"]
        indexes = [models.Index(fields=["run", "outcome", "line"])]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.line}"
