"""``poortwachter verify-audit``: recompute the access-log hash chain.

Exits 0 when every link holds; otherwise names the first broken link and exits 1.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from poortwachter.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Controleer de hashketen van het toegangslog (NEN 7513)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Uitvoer als JSON.")

    def handle(self, *args, **options):
        result = verify_chain()
        if options["json"]:
            broken = result.first_break
            self.stdout.write(
                json.dumps(
                    {
                        "intact": result.intact,
                        "checked": result.checked,
                        "first_break": None
                        if broken is None
                        else {
                            "seq": broken.seq,
                            "event_id": broken.event_id,
                            "reason": broken.reason,
                        },
                    }
                )
            )
            if not result.intact:
                raise SystemExit(1)
            return
        if result.intact:
            self.stdout.write(f"Toegangslog intact: {result.checked} gebeurtenissen gecontroleerd.")
            return
        broken = result.first_break
        assert broken is not None
        where = f"gebeurtenis {broken.seq}" + (
            f" (id {broken.event_id})" if broken.event_id else ""
        )
        raise CommandError(
            f"Keten gebroken bij {where}: {broken.reason}. "
            f"{result.checked} gebeurtenissen ervoor zijn in orde."
        )
