"""Security reports: what the scan found, as codes, counts and ids (never secrets)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    HIGH = "high", _("hoog")
    MEDIUM = "medium", _("middel")
    LOW = "low", _("laag")
    INFO = "info", _("informatie")


#: How a report names the starters that are not people.
SYSTEM_STARTER_LABELS = {
    "command": _("de opdrachtregel (poortwachter security-scan)"),
    "scheduler": _("de planner (elke week)"),
}


class SecurityReport(models.Model):
    created_at = models.DateTimeField(db_index=True)
    trigger = models.CharField(max_length=16)  # "command", "scheduled", "page"
    #: Who started the scan: the service administrator for a scan from the page; the
    #: label says who it was even after the account is gone ("command" or "scheduler"
    #: for the command line and the scheduler).
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    started_by_label = models.CharField(max_length=200, blank=True)
    high = models.PositiveIntegerField(default=0)
    medium = models.PositiveIntegerField(default=0)
    low = models.PositiveIntegerField(default=0)
    #: [{"code", "severity", "count", "ids"?, "detail"?}], plus the package versions.
    findings = models.JSONField(default=list)
    packages = models.JSONField(default=dict)
    #: Whether the dynamic scan and the dependency audit ran, and if not why (a reason
    #: code), with what they covered: {"dast": {...}, "deps": {...}}.
    scans = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"beveiligingsrapport {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def starter(self) -> str:
        """Who started the scan, for people."""
        if self.trigger == "page":
            return self.started_by_label or str(_("onbekend"))
        label = SYSTEM_STARTER_LABELS.get(self.started_by_label)
        return str(label) if label else self.started_by_label or str(_("onbekend"))
