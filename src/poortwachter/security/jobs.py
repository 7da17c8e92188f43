"""The weekly security report (R-SEC-2)."""

import datetime as dt

from poortwachter.scheduling.registry import Job
from poortwachter.security.services import security_scan


def weekly_scan(day: dt.date) -> dict:
    report = security_scan(trigger="scheduled")
    return {"report_id": report.pk, "high": report.high, "medium": report.medium}


JOB = Job("security-scan", run=weekly_scan, order=90, every="weekly")
