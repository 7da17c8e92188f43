"""``poortwachter verify-audit``: recompute every access-log hash chain (the main log
and the medical module's) and check it against the checkpoints, in the database and off
the host (``AUDIT_CHECKPOINT_DIR``).

Exits 0 when every link and checkpoint holds and the sealer keeps up; otherwise names
the first broken link, or the events left unsealed (or checkpoints not yet off the host)
longer than ``AUDIT_UNSEALED_MAX_AGE_SECONDS``, and exits 1.
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
        behind = [(name, r) for name, r in results if r.intact and not r.ok]
        if options["json"]:
            report = {
                "intact": broken is None,
                "ok": broken is None and not behind,
                "checked": sum(r.checked for _name, r in results),
                "chains": {
                    name: {
                        "intact": r.intact,
                        "ok": r.ok,
                        "checked": r.checked,
                        "unsealed": r.unsealed,
                        "overdue": r.overdue,
                        "offhost": r.offhost,
                        "offhost_checked": r.offhost_checked,
                        "unexported": r.unexported,
                        "unreadable": r.unreadable,
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
            if broken is not None or behind:
                raise SystemExit(1)
            return
        if broken is None:
            for name, result in results:
                self.stdout.write(f"{name} intact: {result.checked} gebeurtenissen gecontroleerd.")
                self.stdout.write(f"  {self._sealing(result)}")
            if behind:
                raise CommandError(
                    "; ".join(
                        f"{name}: {r.overdue} gebeurtenissen te lang onverzegeld, "
                        f"{r.unexported} controlepunten te lang niet buiten de server"
                        for name, r in behind
                    )
                )
            return
        name, result = broken
        link = result.first_break
        assert link is not None
        where = f"gebeurtenis {link.seq}" + (f" (id {link.event_id})" if link.event_id else "")
        raise CommandError(
            f"{name}: keten gebroken bij {where}: {link.reason}. "
            f"{result.checked} gebeurtenissen ervoor zijn in orde."
        )

    @staticmethod
    def _sealing(result) -> str:
        offhost = (
            f"{result.offhost_checked} controlepunten buiten de server kloppen"
            + (f", {result.unreadable} onleesbare regels" if result.unreadable else "")
            if result.offhost
            else "geen map voor controlepunten buiten de server ingesteld"
        )
        return (
            f"{result.unsealed} nog niet verzegeld ({result.overdue} te lang); {offhost}; "
            f"{result.unexported} controlepunten te lang niet buiten de server."
        )
