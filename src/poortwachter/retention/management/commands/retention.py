import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.errors import ServiceError
from poortwachter.retention import registry
from poortwachter.retention.services import PurgeResult, purge


def _date(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("Ongeldige datum voor --as-of: %(value)s. Gebruik JJJJ-MM-DD, bijvoorbeeld "
              "2026-03-02.") % {"value": repr(value)}
        ) from None  # fmt: skip


class Command(BaseCommand):
    help = (
        "Delete personal data whose retention term has ended (R-RET-1, R-RET-3, R-RET-5): "
        "administrative absence data and the employee record 2 years after the last "
        "employment ends; for an employer that bears its own Sickness Benefits risk the "
        "later of that and 5 years from 1 January after the last action on the file. "
        "Employees under a legal hold are skipped; a lifted hold moves the term by the days "
        "it was in force. The access log is never deleted. Each deletion is recorded "
        "without content. Run daily; a second run for the same date deletes nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of", dest="as_of", default=None,
            help="Reference date YYYY-MM-DD (default: today). Later than today only with "
                 "--dry-run.",
        )  # fmt: skip
        parser.add_argument(
            "--dry-run", dest="dry_run", action="store_true",
            help="Only count what would be deleted; nothing is changed or recorded.",
        )  # fmt: skip
        parser.add_argument(
            "--json", dest="as_json", action="store_true",
            help="One JSON object: as_of, dry_run, categories, held_employees, "
                 "access_log_kept.",
        )  # fmt: skip
        parser.add_argument(
            "--batch-size", dest="batch_size", type=int, default=500,
            help="Employees per transaction (default 500).",
        )  # fmt: skip

    def handle(self, *args, as_of=None, dry_run=False, as_json=False, batch_size=500, **options):
        day = clock.today() if as_of is None else _date(as_of)
        if batch_size < 1:
            raise CommandError(_("--batch-size moet minstens 1 zijn."))
        try:
            result = purge(
                actor=Actor.system("retention"), as_of=day, dry_run=dry_run,
                batch_size=batch_size,
            )  # fmt: skip
        except ServiceError as error:
            raise CommandError(" ".join(error.messages)) from None
        if as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            self.stdout.write(self._report(result))

    def _report(self, result: PurgeResult) -> str:
        day = {"day": f"{result.as_of:%d-%m-%Y}"}
        lines = [
            _("Proefrun bewaartermijnen per %(day)s: er is niets verwijderd.") % day
            if result.dry_run
            else _("Bewaartermijnen per %(day)s.") % day
        ]
        if result.earlier_run_at is not None:
            earlier = timezone.localtime(result.earlier_run_at)
            lines.append(
                _("Voor deze datum is al eerder een run gestart (%(at)s).")
                % {"at": f"{earlier:%d-%m-%Y %H:%M}"}
            )
        if not result.categories:
            lines.append(_("Niets (meer) te verwijderen."))
        line = _("- %(label)s (%(rule)s): %(count)d zou worden verwijderd")
        if not result.dry_run:
            line = _("- %(label)s (%(rule)s): %(count)d verwijderd")
        for entry in result.categories:
            label = _label(entry.category)
            lines.append(line % {"label": label, "rule": entry.rule, "count": entry.count})
        lines.append(
            _("Werknemers overgeslagen vanwege een bewaarblokkade: %(count)d.")
            % {"count": result.held_employees}
        )
        lines.append(
            _("Toegangslog: %(count)d regels bewaard (wordt nooit verwijderd).")
            % {"count": result.access_log_kept}
        )
        return "\n".join(lines)


def _label(code: str) -> str:
    try:
        return str(registry.get(code).label)
    except KeyError:
        return code
