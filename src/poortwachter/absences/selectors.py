"""Reads of absence data that are not access decisions."""

import datetime as dt

from django.db.models import QuerySet

from poortwachter.absences import rules
from poortwachter.absences.models import AbsenceCase, SickReport
from poortwachter.absences.services import SickReportInput
from poortwachter.organisations.models import Employee


def open_reports(queryset: QuerySet[SickReport]) -> QuerySet[SickReport]:
    return queryset.filter(recovered_on__isnull=True)


def prefilled_input(employee: Employee, day: dt.date) -> dict:
    """The sick report form starts from the employee's own contact details."""
    return {
        "first_sick_day": day,
        "phone": employee.phone,
        "care_street": employee.street,
        "care_house_number": employee.house_number,
        "care_postcode": employee.postcode,
        "care_city": employee.city,
    }


def as_input(cleaned: dict) -> SickReportInput:
    return SickReportInput(**{name: cleaned[name] for name in SickReportInput.__dataclass_fields__})


def wage_continuation_ends(case: AbsenceCase) -> dt.date:
    return rules.wage_continuation_ends(case.first_sick_day, case.gap_days)
