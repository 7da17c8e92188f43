"""The weekly security report (R-SEC-2): the checks, the dependency audit and the
dynamic scan of the running instance (issue 18)."""

import datetime as dt

from poortwachter.scheduling.registry import Job
from poortwachter.security.services import security_scan


def weekly_scan(day: dt.date) -> dict:
    report = security_scan(trigger="scheduled", dynamic=True)
    return {
        "report_id": report.pk, "high": report.high, "medium": report.medium,
        "dast": report.scans["dast"]["ran"], "deps": report.scans["deps"]["ran"],
    }  # fmt: skip


#: The dynamic scan takes each scan account up to its crawl time, every module's attack
#: time and a minute (18 minutes with the defaults): the lease covers eight roles twice
#: over, so no second scheduler starts the scan again while it still runs.
JOB = Job("security-scan", run=weekly_scan, order=90, every="weekly", lease=dt.timedelta(hours=6))
