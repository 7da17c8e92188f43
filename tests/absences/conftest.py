import datetime as dt

import pytest

from poortwachter.absences.services import SickReportInput
from poortwachter.core import clock


def sick_input(**overrides) -> SickReportInput:
    values = {
        "first_sick_day": clock.today(),
        "phone": "06 12345678",
        "care_street": "Lindelaan",
        "care_house_number": "12",
        "care_postcode": "3511 AB",
        "care_city": "Utrecht",
        "expected_duration": "days",
        "appointments_and_work": "Klantafspraak donderdag verzetten.",
        "safety_net_applies": False,
        "work_accident": False,
        "traffic_accident_third_party": False,
    }
    values.update(overrides)
    return SickReportInput(**values)


@pytest.fixture
def report_for(actor_of):
    from poortwachter.absences.services import sick_report_create

    def make(persona, employee, **overrides):
        return sick_report_create(
            actor=actor_of(persona), employee=employee, data=sick_input(**overrides)
        )

    return make


DAY = dt.timedelta(days=1)
