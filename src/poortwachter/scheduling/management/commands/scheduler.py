"""``poortwachter scheduler [--once] [--interval SECONDS]``: run the daily jobs when they
are due (retention, the access-log check, ...), checked every ``--interval`` seconds, and
the frequent jobs (the access log's sealer) at their own interval of a few seconds.
Safe to run on several hosts at once."""

import json
import os
import signal
import time

from django.core.management.base import BaseCommand

from poortwachter.scheduling.registry import frequent_jobs, jobs
from poortwachter.scheduling.services import run_due, run_frequent


class Command(BaseCommand):
    help = "Run scheduled jobs when due (each at most once per day)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One tick, then stop.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between ticks.")
        parser.add_argument(
            "--frequent-only",
            action="store_true",
            help="Only the frequent jobs (the access log's sealer), no daily ones.",
        )
        parser.add_argument(
            "--stop-with-parent",
            action="store_true",
            help="Stop when the process that started this one is gone (used by demo).",
        )

    def handle(self, *args, once, interval, frequent_only, stop_with_parent, **options):
        stopping = False
        parent = os.getppid()

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        daily = [] if frequent_only else [job.name for job in jobs()]
        names = ", ".join(daily + [job.name for job in frequent_jobs()])
        self.stdout.write(f"Planner gestart met taken: {names}.")
        last_run: dict[str, float] = {}
        while True:
            self._report(run_frequent(last_run, time.monotonic()))
            if not frequent_only:
                self._report(run_due())
            if once or stopping:
                return
            for _ in range(max(interval, 1)):
                if stopping or (stop_with_parent and os.getppid() != parent):
                    return
                time.sleep(1)
                self._report(run_frequent(last_run, time.monotonic()))

    def _report(self, outcomes) -> None:
        for outcome in outcomes:
            period = f" {outcome.period}" if outcome.period else ""
            self.stdout.write(
                f"{outcome.job}{period}: {outcome.status} "
                f"{json.dumps(outcome.summary, sort_keys=True)}"
            )
