"""``poortwachter verify-audit``: recompute every access-log hash chain (the main log
and the medical module's).

Exits 0 when every link holds; otherwise names the first broken link and exits 1.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from poortwachter.audit.verify import chains


class Command(BaseCommand):
    help = "Controleer de hashketens van de toegangslogs (NEN 7513)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Uitvoer als JSON.")

    def handle(self, *args, **options):
        results = [(chain.name, chain.verify()) for chain in chains()]
        broken = next(((name, r) for name, r in results if not r.intact), None)
        if options["json"]:
            report = {
                "intact": broken is None,
                "checked": sum(r.checked for _name, r in results),
                "chains": {
                    name: {
                        "intact": r.intact,
                        "checked": r.checked,
                        "first_break": None
                        if r.first_break is None
                        else {
                            "seq": r.first_break.seq,
                            "event_id": r.first_break.event_id,
                            "reason": r.first_break.reason,
                        },
                    }
                    for name, r in results
                },
            }
            self.stdout.write(json.dumps(report))
            if broken is not None:
                raise SystemExit(1)
            return
        if broken is None:
            for name, result in results:
                self.stdout.write(f"{name} intact: {result.checked} gebeurtenissen gecontroleerd.")
            return
        name, result = broken
        link = result.first_break
        assert link is not None
        where = f"gebeurtenis {link.seq}" + (f" (id {link.event_id})" if link.event_id else "")
        raise CommandError(
            f"{name}: keten gebroken bij {where}: {link.reason}. "
            f"{result.checked} gebeurtenissen ervoor zijn in orde."
        )
