import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from poortwachter.core.actor import Actor
from poortwachter.core.csvformat import TABS
from poortwachter.organisations.models import Department, Employer
from poortwachter.statistics import exports, services
from poortwachter.statistics.periods import Period, period_errors
from poortwachter.statistics.policies import StatisticsScope


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ongeldige datum {value!r}: gebruik JJJJ-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Absence statistics of one employer (or one department with its sub-departments) "
        "over a period, per the 1996 standard: absence percentage, report frequency, "
        "average duration, zero absence, duration classes, frequent absentees and trends. "
        "Groups smaller than POORTWACHTER_STATS_MIN_GROUP are suppressed, as everywhere. "
        "The read is recorded in the access log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--employer", type=int, required=True)
        parser.add_argument("--department", type=int)
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, employer, department, start, end, json: bool = False, **options):
        start_day, end_day = _date(start), _date(end)
        if errors := period_errors(start_day, end_day):
            raise CommandError(" ".join(errors.values()))
        found = Employer.objects.filter(pk=employer).first()
        if found is None:
            raise CommandError(f"Onbekende werkgever {employer}.")
        dept = None
        if department is not None:
            dept = Department.objects.filter(pk=department, employer=found).first()
            if dept is None:
                raise CommandError("Onbekende afdeling.")
        scope = StatisticsScope(employer=found, root_ids=None, department=dept, role="system")
        report = services.statistics_read(
            actor=Actor.system("stats"), scope=scope, period=Period.of(start_day, end_day),
            what="command",
        )  # fmt: skip
        if json:
            self.stdout.write(_dumps(exports.as_dict(report)))
        else:
            self.stdout.write(exports.as_csv(report, TABS))


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
