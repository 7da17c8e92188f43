"""Run the daily jobs that are due, each at most once per day (``poortwachter
scheduler``). Several schedulers may run at once: the unique (job, period) row decides
which one does the work. A failed run is retried on the next tick, up to ``MAX_ATTEMPTS``
times a day; its summary says why (the exception's type, never its text, which could
carry data).

A claim is a lease (``Job.lease``). A scheduler that dies mid-run leaves its run RUNNING;
once the lease has expired, the next scheduler to tick takes the run over as the next
attempt (the crashed one counts as failed), or records it as failed when it was the
last attempt. Retries and takeovers are compare-and-set updates of the row as it was
read, so of two schedulers that try at once exactly one wins."""

import datetime as dt
import logging
import os
import socket
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from poortwachter.core import clock
from poortwachter.scheduling.models import JobRun, JobStatus
from poortwachter.scheduling.registry import Job, JobFailed, frequent_jobs, jobs

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
#: The outcome of a run whose claim another scheduler took over before it finished.
LOST = "lost"


@dataclass(frozen=True)
class Outcome:
    job: str
    period: str
    status: str
    summary: dict


def _token() -> str:
    """Who holds a claim: this host and process, and a fresh token for this claim."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _claim(job: Job, period: str) -> JobRun | None:
    """Take the run for this period, or ``None`` when it is done, held under a live lease
    elsewhere or out of attempts."""
    now = clock.now()
    try:
        with transaction.atomic():
            return JobRun.objects.create(
                job=job.name, period=period, status=JobStatus.RUNNING, started_at=now,
                claimed_by=_token(), lease_expires_at=now + job.lease,
            )  # fmt: skip
    except IntegrityError:
        pass
    seen = JobRun.objects.filter(job=job.name, period=period).first()
    return None if seen is None else _reclaim(job, seen, now)


def _reclaim(job: Job, seen: JobRun, now: dt.datetime) -> JobRun | None:
    """Retry a failed run or take over a RUNNING one whose lease has expired, if ``seen``
    (the row as this scheduler read it) is still what the database holds."""
    expired = seen.status == JobStatus.RUNNING and seen.lease_expires_at <= now
    if seen.status != JobStatus.FAILED and not expired:
        return None
    unchanged = JobRun.objects.filter(
        pk=seen.pk, status=seen.status, attempts=seen.attempts, claimed_by=seen.claimed_by
    )
    if seen.attempts >= MAX_ATTEMPTS:
        if expired and unchanged.update(
            status=JobStatus.FAILED, finished_at=now, summary={"error": "lease_expired"}
        ):
            logger.error("scheduled job %s for %s: lease expired on the last attempt",
                         seen.job, seen.period)  # fmt: skip
        return None
    token = _token()
    if not unchanged.update(
        status=JobStatus.RUNNING, attempts=F("attempts") + 1, started_at=now,
        finished_at=None, claimed_by=token, lease_expires_at=now + job.lease,
    ):  # fmt: skip
        return None  # another scheduler retried or took it over first
    if expired:
        logger.warning("scheduled job %s for %s: lease of %s expired, taken over",
                       seen.job, seen.period, seen.claimed_by)  # fmt: skip
    return JobRun.objects.get(pk=seen.pk)


def _finish(run: JobRun, status: str, summary: dict) -> str:
    """Record the outcome, unless the claim was lost meanwhile: then the attempt that
    took over owns the row."""
    kept = JobRun.objects.filter(pk=run.pk, claimed_by=run.claimed_by).update(
        status=status, summary=summary, finished_at=clock.now()
    )
    if not kept:
        logger.error("scheduled job %s for %s outlived its lease and was taken over",
                     run.job, run.period)  # fmt: skip
        return LOST
    return status


def _run(job: Job, day: dt.date, period: str) -> tuple[str, dict]:
    try:
        return JobStatus.DONE, job.run(day)
    except JobFailed as failed:
        logger.error("scheduled job %s for %s failed: %s", job.name, period, failed.summary)
        return JobStatus.FAILED, failed.summary
    except Exception as error:  # a job's failure must not stop the others
        logger.exception("scheduled job %s for %s failed", job.name, period)
        return JobStatus.FAILED, {"error": type(error).__name__}


def run_due(day: dt.date | None = None) -> list[Outcome]:
    day = day or clock.today()
    hour = timezone.localtime(clock.now()).hour
    outcomes = []
    for job in jobs():
        period = job.period(day, hour)
        run = _claim(job, period)
        if run is None:
            continue
        status, summary = _run(job, day, period)
        outcomes.append(Outcome(job.name, period, _finish(run, status, summary), summary))
    return outcomes


def run_frequent(last_run: dict[str, float], now: float) -> list[Outcome]:
    """Run the frequent jobs whose interval has passed since ``last_run`` (monotonic
    seconds by name, updated here). Only outcomes with something to say are returned."""
    outcomes = []
    for job in frequent_jobs():
        if job.name in last_run and now - last_run[job.name] < job.every:
            continue
        last_run[job.name] = now
        try:
            summary, status = job.run(), JobStatus.DONE
        except Exception as error:  # the next tick tries again; the others still run
            logger.exception("frequent job %s failed", job.name)
            summary, status = {"error": type(error).__name__}, JobStatus.FAILED
        if summary:
            outcomes.append(Outcome(job.name, "", status, summary))
    return outcomes
