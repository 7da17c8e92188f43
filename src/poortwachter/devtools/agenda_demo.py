"""The company doctor's agenda in the demo (issue 19): consultation hours on working
mornings and a few consultations planned for open long-term cases, so the doctor's
spreekuur page, the employee's invitation and HR's view of it are not empty on first
sight. Planned through the medical module's own services, as a doctor would."""

import datetime as dt

from django.utils import timezone

from poortwachter.absences.models import AbsenceCase
from poortwachter.accounts.models import User
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.core import clock
from poortwachter.medical import policies, services
from poortwachter.organisations.models import Employer

HOURS = (dt.time(9), dt.time(12))
SLOT_MINUTES = 30
PLANNED = 4
PLACE = "Arbodienst, Stationsplein 1, Utrecht"
#: Synthetic, as all demo data (R-DEV-1): the doctor's own note of why they see someone.
REASON = "Voortgang en belastbaarheid bespreken."


def _working_days(start: dt.date, count: int) -> list[dt.date]:
    days: list[dt.date] = []
    day = start
    while len(days) < count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


def demo_agenda(*, doctor: User, employer: Employer, first: int | None = None) -> int:
    """Hours Monday to Friday 9-12 and ``PLANNED`` consultations on the next working
    days, for the employee ``first`` (when sick) and the longest open cases; returns how
    many were planned."""
    actor = actor_for_user(doctor)
    for weekday in range(5):
        services.hours_add(actor=actor, weekday=weekday, starts=HOURS[0], ends=HOURS[1],
                           slot_minutes=SLOT_MINUTES)  # fmt: skip
    open_cases = AbsenceCase.objects.filter(employer=employer, closed_on__isnull=True)
    employees = list(
        open_cases.order_by("first_sick_day", "pk").values_list("employee_id", flat=True)
    )
    if first is not None and first in employees:
        employees.remove(first)
        employees.insert(0, first)
    planned = 0
    for day, employee_id in zip(_working_days(clock.today(), PLANNED), employees, strict=False):
        starts_at = timezone.make_aware(dt.datetime.combine(day, HOURS[0]))
        access = policies.get_access_for(actor, employee_id)
        services.appointment_plan(access=access, data={
            "starts_at": starts_at, "duration_minutes": SLOT_MINUTES, "mode": "place",
            "place": PLACE, "with_whom": "doctor", "reason": REASON,
        })  # fmt: skip
        planned += 1
    return planned
