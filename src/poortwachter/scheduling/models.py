"""One row per scheduled job and period: the run's record, and the lock that makes a
job run at most once per period however many schedulers are started. A claim is a
lease: ``claimed_by`` holds it until ``lease_expires_at``; after that another scheduler
may take the run over (``services._reclaim``)."""

import datetime as dt

from django.db import models

from poortwachter.core import clock
from poortwachter.scheduling.registry import DEFAULT_LEASE


def default_lease_expiry() -> dt.datetime:
    """A row made without a lease (and a run that was RUNNING when leases were added)
    gets the default one from now."""
    return clock.now() + DEFAULT_LEASE


class JobStatus(models.TextChoices):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobRun(models.Model):
    job = models.CharField(max_length=64)
    #: The period the run is for, e.g. the day ``2026-11-23`` for a daily job.
    period = models.CharField(max_length=32)
    status = models.CharField(max_length=16, choices=JobStatus.choices)
    attempts = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    #: Which scheduler holds the claim on this attempt ("host:pid:token"), and until when.
    claimed_by = models.CharField(max_length=128, blank=True)
    lease_expires_at = models.DateTimeField(default=default_lease_expiry)
    #: Counts and codes only, never content (like the access log).
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="job_once_per_period")
        ]
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.job} {self.period} {self.status}"
