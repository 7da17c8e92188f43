"""The weekly security report (R-SEC-2): the checks, the dependency audit and the
dynamic scan of the running instance (issue 18)."""

import datetime as dt

from poortwachter.scheduling.registry import Job
from poortwachter.security.services import security_scan


def weekly_scan(day: dt.date) -> dict:
    report = security_scan(trigger="scheduled", dynamic=True)
    return {"report_id": report.pk, "high": report.high, "medium": report.medium}


JOB = Job("security-scan", run=weekly_scan, order=90, every="weekly")
