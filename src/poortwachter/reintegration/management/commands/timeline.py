import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from poortwachter.reintegration import timeline
from poortwachter.reintegration.timeline import Period, Timeline, TimelineError

WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")


def role_label(role: str) -> str:
    return {
        timeline.HR: _("HR of casemanager"),
        timeline.DOCTOR: _("bedrijfsarts"),
        timeline.EMPLOYEE: _("werknemer"),
        timeline.HR_AND_EMPLOYEE: _("werkgever en werknemer"),
    }.get(role, role)


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            _("Ongeldige datum voor %(option)s: %(value)s. Gebruik JJJJ-MM-DD, bijvoorbeeld "
              "2025-01-06.") % {"option": option, "value": repr(value)}
        ) from None  # fmt: skip


def _period(value: str, option: str, *, open_end: bool) -> Period:
    start, sep, end = value.partition(":")
    if not sep:
        raise CommandError(
            _("Ongeldige periode voor %(option)s: %(value)s. Gebruik BEGIN:EINDE, bijvoorbeeld "
              "2025-01-06:2025-03-02.") % {"option": option, "value": repr(value)}
        )  # fmt: skip
    if not end.strip() and not open_end:
        raise CommandError(
            _("Een verlofperiode heeft een einddatum nodig: %(value)s.") % {"value": repr(value)}
        )
    return Period(_date(start, option), _date(end, option) if end.strip() else None)


def _done(value: str) -> tuple[str, dt.date]:
    key, sep, day = value.partition("=")
    if not sep:
        raise CommandError(
            _("Ongeldige waarde voor --done: %(value)s. Gebruik stap=JJJJ-MM-DD, bijvoorbeeld "
              "problem_analysis=2025-02-10.") % {"value": repr(value)}
        )  # fmt: skip
    return key.strip(), _date(day, "--done")


def _day(day: dt.date | None) -> str:
    return "" if day is None else f"{WEEKDAYS[day.weekday()]} {day:%d-%m-%Y}"


def as_table(result: Timeline) -> str:
    lines = []
    for number, case in enumerate(result.cases, start=1):
        periods = "; ".join(
            f"{p.start:%d-%m-%Y} t/m {p.end:%d-%m-%Y}" if p.end else
            _("%(start)s t/m heden (nog ziek)") % {"start": f"{p.start:%d-%m-%Y}"}
            for p in case.periods
        )  # fmt: skip
        lines.append(
            _("Verzuimgeval %(number)s: eerste ziektedag %(first)s, %(gap)s hiaatdagen")
            % {"number": number, "first": f"{case.first_sick_day:%d-%m-%Y}", "gap": case.gap_days}
        )
        lines.append(_("Ziekteperiodes: %(periods)s") % {"periods": periods})
        rows = [(_("Uiterlijk"), _("Vanaf"), _("Stap"), _("Wie"), _("Gedaan op"), _("Bron"))]
        for m in case.milestones:
            label = str(m.label) if m.n is None else f"{m.label} {m.n}"
            rows.append(
                (_day(m.due), _day(m.window_start), label, role_label(m.role),
                 _day(m.done_on), m.source)
            )  # fmt: skip
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            lines.append("  ".join([*cells, row[-1]]).rstrip())
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


class Command(BaseCommand):
    help = (
        "Compute the Wet verbetering poortwachter timeline (DOMAIN.md section 1, "
        "docs/poortwachter.md): every milestone with its due date, per legal case. Periods "
        "less than four weeks apart are added up and move the dates by the gap; four weeks "
        "or more fit starts a new case; pregnancy and maternity leave between periods does "
        "not count as a gap. Nothing is read or stored."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--first-sick-day", dest="first_sick_day", required=True,
            help="First sick day YYYY-MM-DD. Without --period: one period, still open.",
        )  # fmt: skip
        parser.add_argument(
            "--period", dest="periods", action="append", default=[],
            help="A sickness period FIRST:LAST (last sick day, inclusive); FIRST: for a "
                 "period still open. Repeat for relapses; the first must start on "
                 "--first-sick-day.",
        )  # fmt: skip
        parser.add_argument(
            "--leave", dest="leave", action="append", default=[],
            help="Pregnancy or maternity leave FIRST:LAST (inclusive). Repeatable.",
        )  # fmt: skip
        parser.add_argument(
            "--done", dest="done", action="append", default=[],
            help="A step that happened: code=YYYY-MM-DD (e.g. problem_analysis=2025-02-10, "
                 "evaluation.1=2025-04-01). Later steps that depend on it follow from it.",
        )  # fmt: skip
        parser.add_argument(
            "--extension", dest="extension_weeks", type=int, default=0,
            help="A voluntary extension of the wage continuation agreed with UWV (art. 24 "
                 "lid 1 WIA), in weeks (1-52): moves the end and the WIA application.",
        )  # fmt: skip
        parser.add_argument(
            "--sanction", dest="sanction", default=None,
            help="A wage sanction (loonsanctie, art. 25 lid 9 WIA) FIRST:LAST as UWV's "
                 "decision states it (at most 52 weeks): the wage continuation runs on to LAST.",
        )  # fmt: skip
        parser.add_argument(
            "--early-iva", dest="early_iva", action="store_true",
            help="The employee chose to apply for IVA early (art. 23 lid 6, art. 66 WIA): "
                 "adds the optional milestone, from week 3 up to the end of week 68.",
        )  # fmt: skip
        parser.add_argument(
            "--json", dest="as_json", action="store_true",
            help='JSON: {"cases": [{"first_sick_day", "gap_days", "periods", "milestones": '
                 '[{"code", "key", "label", "due", "window_start", "role", "source", '
                 '"depends_on", "done_on", "n"?}]}]}',
        )  # fmt: skip

    def handle(self, *args, first_sick_day, periods, leave, done, as_json=False,
               extension_weeks=0, sanction=None, early_iva=False, **options):  # fmt: skip
        first = _date(first_sick_day, "--first-sick-day")
        sick = [_period(value, "--period", open_end=True) for value in periods]
        if not sick:
            sick = [Period(first)]
        elif min(p.start for p in sick) != first:
            raise CommandError(
                _("De eerste ziekteperiode moet beginnen op de eerste ziektedag (%(first)s).")
                % {"first": f"{first:%d-%m-%Y}"}
            )  # fmt: skip
        steps: dict[str, dt.date] = {}
        for value in done:
            key, day = _done(value)
            if key in steps:
                raise CommandError(_("Stap '%(key)s' staat er twee keer in.") % {"key": key})
            steps[key] = day
        try:
            result = timeline.compute(
                sick, leave=[_period(v, "--leave", open_end=False) for v in leave], done=steps,
                extension_weeks=extension_weeks,
                sanction=_period(sanction, "--sanction", open_end=True) if sanction else None,
                early_iva=early_iva,
            )  # fmt: skip
        except TimelineError as error:
            raise CommandError(str(error)) from None
        if as_json:
            self.stdout.write(json.dumps(timeline.as_dict(result), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(as_table(result), ending="")
