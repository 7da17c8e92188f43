"""``poortwachter security-scan [--dynamic] [--json] [--fail-on high|medium]``: check the running
installation (R-SEC-2) and keep the report; the service administrator sees the history
at /arbodienst/beveiliging/."""

import json

from django.core.management.base import BaseCommand, CommandError

from poortwachter.security.checks import describe
from poortwachter.security.services import security_scan


class Command(BaseCommand):
    help = "Beveiligingsrapport van deze installatie (R-SEC-2)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Uitvoer als JSON.")
        parser.add_argument(
            "--dynamic", action="store_true",
            help="Ook de dynamische scan (Wapiti) van POORTWACHTER_DAST_URL; duurt minuten.",
        )  # fmt: skip
        parser.add_argument(
            "--fail-on", choices=["high", "medium"], help="Exit 1 bij een bevinding van dit niveau."
        )

    def handle(self, *args, **options):
        report = security_scan(trigger="command", dynamic=options["dynamic"])
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "id": report.pk,
                        "created_at": report.created_at.isoformat(),
                        "started_by": report.started_by_label,
                        "summary": {"high": report.high, "medium": report.medium,
                                    "low": report.low},
                        "findings": report.findings,
                        "packages": report.packages,
                        "scans": report.scans,
                    }
                )
            )  # fmt: skip
        else:
            self.stdout.write(
                f"Beveiligingsrapport {report.pk}: {report.high} hoog, {report.medium} middel, "
                f"{report.low} laag."
            )
            for finding in report.findings:
                message = describe(finding)
                line = f"- [{finding['severity']}] {message} ({finding.get('count', 1)})"
                code = finding["code"]
                if code.startswith(("dast.", "deps.")) and not code.endswith(".not_run"):
                    line += f": {finding.get('detail', '')}"  # where, for the scanners
                self.stdout.write(line)
        fail_on = options.get("fail_on")
        if (fail_on == "high" and report.high) or (
            fail_on == "medium" and (report.high or report.medium)
        ):
            raise CommandError("Bevindingen boven de drempel.")
