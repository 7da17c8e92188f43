"""Security reports: what the scan found, as codes, counts and ids (never secrets)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    HIGH = "high", _("hoog")
    MEDIUM = "medium", _("middel")
    LOW = "low", _("laag")
    INFO = "info", _("informatie")


class SecurityReport(models.Model):
    created_at = models.DateTimeField(db_index=True)
    trigger = models.CharField(max_length=16)  # "command", "scheduled", "page"
    high = models.PositiveIntegerField(default=0)
    medium = models.PositiveIntegerField(default=0)
    low = models.PositiveIntegerField(default=0)
    #: [{"code", "severity", "count", "ids"?, "detail"?}], plus the package versions.
    findings = models.JSONField(default=list)
    packages = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"beveiligingsrapport {self.created_at:%Y-%m-%d %H:%M}"
