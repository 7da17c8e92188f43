"""The daily retention run (R-RET-1..5): delete what is due today, as the system."""

import datetime as dt

from poortwachter.core.actor import Actor
from poortwachter.retention.services import purge
from poortwachter.scheduling.registry import Job


def retention_daily(day: dt.date) -> dict:
    result = purge(actor=Actor.system("retention"), as_of=day, dry_run=False)
    return {"deleted": result.deleted, "employees": result.employees,
            "held_employees": result.held_employees}  # fmt: skip


#: After the chain check, so a run never starts on a log that is already broken unseen.
JOB = Job("retention", run=retention_daily, order=50)
