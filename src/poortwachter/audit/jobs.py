"""The daily check of the access log's hash chain (NEN 7513 §8): a broken chain fails
the run, which the scheduler logs as an error for the log keeper (logbeheerder)."""

import datetime as dt

from poortwachter.audit.verify import chains
from poortwachter.scheduling.registry import Job, JobFailed


def verify_daily(day: dt.date) -> dict:
    """Every registered chain; the summary of the first names which one broke."""
    summary: dict = {"intact": True, "checked": 0}
    for chain in chains():
        result = chain.verify()
        summary["checked"] += result.checked
        if result.first_break is not None:
            summary.update(intact=False, chain=chain.name, first_break_seq=result.first_break.seq)
            raise JobFailed(summary)
    return summary


JOB = Job("verify-audit", run=verify_daily, order=10)
