"""The access log's scheduled work (NEN 7513 §8): the sealer every few seconds, and the
daily check of the hash chains. A broken chain, events left unsealed or checkpoints kept
from the off-host copy longer than ``AUDIT_UNSEALED_MAX_AGE_SECONDS`` fail the daily run,
which the scheduler logs as an error for the log keeper (logbeheerder)."""

import datetime as dt

from django.conf import settings

from poortwachter.audit.sealer import seal_all
from poortwachter.audit.verify import chains
from poortwachter.scheduling.registry import Frequent, Job, JobFailed


def verify_daily(day: dt.date) -> dict:
    """Every registered chain; the summary of the first names which one broke or
    fell behind."""
    summary: dict = {"intact": True, "checked": 0}
    for chain in chains():
        result = chain.verify()
        summary["checked"] += result.checked
        if result.first_break is not None:
            summary.update(intact=False, chain=chain.name, first_break_seq=result.first_break.seq)
            raise JobFailed(summary)
        if not result.ok:
            summary.update(chain=chain.name, overdue=result.overdue, unexported=result.unexported)
            raise JobFailed(summary)
    return summary


def seal_frequent() -> dict:
    """Seal every chain; the summary names the chains that had work (empty: none)."""
    summary: dict = {}
    for sealed in seal_all():
        if sealed.events or sealed.exported or sealed.export_failed:
            summary[sealed.chain] = {
                "events": sealed.events, "batches": sealed.batches,
                "exported": sealed.exported, "export_failed": sealed.export_failed,
            }  # fmt: skip
    return summary


JOB = Job("verify-audit", run=verify_daily, order=10)
SEALER = Frequent("seal-audit", run=seal_frequent, every=settings.AUDIT_SEAL_INTERVAL_SECONDS)
