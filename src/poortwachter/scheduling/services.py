"""Run the daily jobs that are due, each at most once per day (``poortwachter
scheduler``). Several schedulers may run at once: the unique (job, period) row decides
which one does the work. A failed run is retried on the next tick, up to ``MAX_ATTEMPTS``
times a day; its summary says why (the exception's type, never its text, which could
carry data)."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from poortwachter.core import clock
from poortwachter.scheduling.models import JobRun, JobStatus
from poortwachter.scheduling.registry import Job, JobFailed, jobs

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Outcome:
    job: str
    period: str
    status: str
    summary: dict


def _claim(job: Job, period: str) -> JobRun | None:
    """Take the run for this period, or ``None`` when it is done, running elsewhere or
    out of attempts."""
    now = clock.now()
    try:
        with transaction.atomic():
            return JobRun.objects.create(
                job=job.name, period=period, status=JobStatus.RUNNING, started_at=now
            )
    except IntegrityError:
        pass
    with transaction.atomic():
        retry = JobRun.objects.filter(
            job=job.name, period=period, status=JobStatus.FAILED, attempts__lt=MAX_ATTEMPTS
        ).select_for_update().first()  # fmt: skip
        if retry is None:
            return None
        retry.status = JobStatus.RUNNING
        retry.attempts += 1
        retry.started_at = now
        retry.finished_at = None
        retry.save(update_fields=["status", "attempts", "started_at", "finished_at"])
        return retry


def run_due(day: dt.date | None = None) -> list[Outcome]:
    day = day or clock.today()
    outcomes = []
    for job in jobs():
        period = job.period(day)
        run = _claim(job, period)
        if run is None:
            continue
        try:
            summary = job.run(day)
            run.status = JobStatus.DONE
        except JobFailed as failed:
            logger.error("scheduled job %s for %s failed: %s", job.name, period, failed.summary)
            summary = failed.summary
            run.status = JobStatus.FAILED
        except Exception as error:  # a job's failure must not stop the others
            logger.exception("scheduled job %s for %s failed", job.name, period)
            summary = {"error": type(error).__name__}
            run.status = JobStatus.FAILED
        run.summary = summary
        run.finished_at = clock.now()
        run.save(update_fields=["status", "summary", "finished_at"])
        outcomes.append(Outcome(job.name, period, run.status, summary))
    return outcomes
