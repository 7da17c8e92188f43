"""Jobs the scheduler runs. An app registers its jobs in ``AppConfig.ready``:

    register(Job("retention", run=daily_retention))

``run(day)`` does the work for one day and returns a summary of counts and codes (no
content). It must be idempotent: a run that failed halfway is tried again.

``lease`` is how long a claim on a run holds without the scheduler that took it saying
it is done. A scheduler that dies mid-run (killed, host lost) leaves its run RUNNING;
once the lease has expired another scheduler takes the run over as the next attempt.
Set it well above the longest run the job can take: a run that outlives its lease may
be taken over while it still works (the job is idempotent, and the late finisher does
not overwrite the new attempt's record), and a crashed run waits this long for a retry.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Generous: the longest daily job (retention deleting a million rows) takes minutes.
DEFAULT_LEASE = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[dt.date], dict[str, Any]]
    #: Jobs with a lower number run first on the same tick.
    order: int = 100
    #: "daily", "weekly" (once per ISO week, on the first tick of the week) or "hourly"
    #: (once per hour of local time, on its first tick; the job reads the clock itself).
    every: str = "daily"
    #: How long a claim on a run holds before another scheduler may take it over.
    lease: dt.timedelta = DEFAULT_LEASE

    def period(self, day: dt.date, hour: int = 0) -> str:
        if self.every == "weekly":
            year, week, _weekday = day.isocalendar()
            return f"{year}-W{week:02d}"
        if self.every == "hourly":
            return f"{day.isoformat()}T{hour:02d}"
        return day.isoformat()


class JobFailed(Exception):
    """A job's own verdict that its run failed, with a summary worth keeping."""

    def __init__(self, summary: dict[str, Any]) -> None:
        super().__init__(summary)
        self.summary = summary


@dataclass(frozen=True)
class Frequent:
    """Work the scheduler does every ``every`` seconds rather than once a day (the
    access log's sealer). ``run()`` returns a summary, empty when there was nothing to
    do; it must be safe to run on several schedulers at once and after a crash (the job
    itself serialises and is idempotent). No ``JobRun`` row: a failure is logged and the
    next tick tries again."""

    name: str
    run: Callable[[], dict[str, Any]]
    every: float


_JOBS: dict[str, Job] = {}
_FREQUENT: dict[str, Frequent] = {}


def register(job: Job) -> None:
    if job.name in _JOBS and _JOBS[job.name] != job:
        raise ValueError(f"a different job named {job.name!r} is already registered")
    _JOBS[job.name] = job


def jobs() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda job: (job.order, job.name))


def register_frequent(job: Frequent) -> None:
    if job.name in _FREQUENT and _FREQUENT[job.name] != job:
        raise ValueError(f"a different frequent job named {job.name!r} is already registered")
    _FREQUENT[job.name] = job


def frequent_jobs() -> list[Frequent]:
    return sorted(_FREQUENT.values(), key=lambda job: job.name)
