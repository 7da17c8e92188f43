"""``poortwachter seal-audit [--json]``: seal the committed access-log events now, in
batches, and copy the new checkpoints off the host (``audit.sealer``). The scheduler does
the same every few seconds; this is for an operator, a deployment step or a test."""

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand

from poortwachter.audit.sealer import seal_all


class Command(BaseCommand):
    help = "Verzegel de nieuwe gebeurtenissen van de toegangslogs (NEN 7513)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Uitvoer als JSON.")

    def handle(self, *args, **options):
        results = seal_all()
        if options["json"]:
            report = {sealed.chain: asdict(sealed) for sealed in results}
            self.stdout.write(json.dumps(report))
        else:
            for sealed in results:
                self.stdout.write(
                    f"{sealed.chain}: {sealed.events} gebeurtenissen verzegeld in "
                    f"{sealed.batches} batches; {sealed.exported} controlepunten buiten de "
                    "server vastgelegd."
                )
        if any(sealed.export_failed for sealed in results):
            raise SystemExit(1)
