import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from poortwachter.core.actor import Actor
from poortwachter.core.errors import ServiceError
from poortwachter.imports import services
from poortwachter.imports.models import ImportRow, RunStatus
from poortwachter.organisations.models import Employer


class Command(BaseCommand):
    help = (
        "Import employees and employments of one employer from a CSV or XLSX export "
        "(issue 20), with the employer's saved column mapping or the recognised headings. "
        "--dry-run checks and reports without writing. All accepted lines are written in "
        "one transaction, or none. Recorded in the access log; the report is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--employer", type=int, required=True)
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--create-departments", action="store_true")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, employer, file, dry_run, create_departments, json, **options):
        found = Employer.objects.filter(pk=employer).first()
        if found is None:
            raise CommandError(f"Onbekende werkgever {employer}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Bestand {file} bestaat niet.")
        actor = Actor.system("import-employees")
        try:
            run = services.run_create(
                actor=actor,
                employer=found,
                filename=path.name,
                content=path.read_bytes(),
                create_departments=create_departments,
            )
        except ServiceError as error:
            raise CommandError(" ".join(error.messages)) from None
        run = services.run_check(actor=actor, run=run)
        if not dry_run and (run.counts.get("new") or run.counts.get("changed")):
            try:
                run = services.run_import(actor=actor, run=services.run_start(actor=actor, run=run))
            except ServiceError as error:
                raise CommandError(" ".join(error.messages)) from None
        if dry_run:
            services.run_forget(actor=actor, run=run)
        refused: list[dict[str, Any]] = [
            {
                "line": r.line,
                "personnel_number": r.personnel_number,
                "reasons": [f"{label}: {m}" if label else m for label, m in r.reasons],
            }
            for r in ImportRow.objects.filter(run=run, outcome="refused").order_by("line")
        ]
        result = {
            "run": run.pk,
            "status": run.status,
            "dry_run": dry_run,
            "counts": run.counts,
            "refused": refused,
        }
        if json:
            self.stdout.write(_dumps(result))
        else:
            for key, value in run.counts.items():
                self.stdout.write(f"{key}\t{value}")
            for row in refused:
                self.stdout.write(f"regel {row['line']}\t" + " | ".join(row["reasons"]))
        if run.status == RunStatus.FAILED:
            raise CommandError("De import is mislukt; er is niets opgeslagen.")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
