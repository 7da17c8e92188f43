"""Texts aimed at the right reader (issue 15): the employee reporting themself is
addressed as "u" and not shown the employer's rules; emergency information says when it
was shared only when it was; the end of the 104 weeks is announced only where it matters."""

import datetime as dt
import re

import pytest

from poortwachter.absences import services
from poortwachter.absences.models import AbsenceCase, SickReport
from poortwachter.core import clock


def _text(response) -> str:
    main = response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_the_employee_reporting_themself_is_addressed_as_u(world, client_for):
    response = client_for("employee").get(f"/verzuim/ziekmelden/{world.own_employee.pk}/")
    text = _text(response)
    assert "Valt u onder een vangnetbepaling" in text
    assert "de werknemer" not in text
    assert "Als werkgever mag u" not in text
    assert "U hoeft niet te vertellen wat u mankeert" in text


def test_hr_reporting_someone_sees_the_employers_rules(world, client_for):
    text = _text(client_for("hr").get(f"/verzuim/ziekmelden/{world.own_employee.pk}/"))
    assert "Als werkgever mag u alleen vastleggen" in text
    assert "Valt de werknemer onder een vangnetbepaling" in text


def test_emergency_information_not_shared_offers_no_withdrawal_and_no_date(world, client_for):
    text = _text(client_for("employee").get("/noodinformatie/"))
    assert "gedeeld op" not in text
    assert "Intrekken" not in text


def test_emergency_information_shared_says_when(world, client_for, actor_of):
    services.emergency_info_set(
        actor=actor_of("employee"), employee=world.own_employee, text="Bel 112.",
        visible_to_manager=True, visible_to_hr=False,
    )  # fmt: skip
    text = _text(client_for("employee").get("/noodinformatie/"))
    day = clock.now().astimezone().strftime("%-d-%-m-%Y")
    assert re.search(rf"U hebt deze informatie gedeeld op {day} \d\d:\d\d\.", text), text
    assert "Intrekken en verwijderen" in text


def _report(world, expected_duration: str, days_ago: int) -> SickReport:
    day = clock.today() - dt.timedelta(days=days_ago)
    case = AbsenceCase.objects.create(
        employer=world.employer, employee=world.own_employee, first_sick_day=day
    )
    return SickReport.objects.create(
        case=case, employer=world.employer, employee=world.own_employee, first_sick_day=day,
        reported_at=clock.now(), phone="0612345678", care_street="Laan",
        care_house_number="1", care_postcode="1234 AB", care_city="Utrecht",
        expected_duration=expected_duration, safety_net_applies=False, work_accident=False,
        traffic_accident_third_party=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("expected_duration", "days_ago", "announced"),
    [("days", 2, False), ("weeks_1_2", 5, False), ("longer", 2, True), ("days", 50, True)],
)
def test_the_end_of_the_104_weeks_only_where_it_matters(
    world, client_for, expected_duration, days_ago, announced
):
    report = _report(world, expected_duration, days_ago)
    text = _text(client_for("employee").get(f"/verzuim/meldingen/{report.pk}/"))
    assert ("104 weken" in text) is announced


def test_contract_hours_in_the_message_are_a_dutch_number(world, actor_of):
    from decimal import Decimal

    from poortwachter.absences import services as absence_services
    from poortwachter.core.errors import ServiceError

    world.own_employee.employments.update(hours_per_week=Decimal("28.5"))
    report = _report(world, "weeks_2_6", 20)
    with pytest.raises(ServiceError) as raised:
        absence_services.partial_recovery_record(
            actor=actor_of("hr"), report=report, from_date=clock.today(),
            hours_per_week=Decimal("30"), version=report.version,
        )  # fmt: skip
    assert "28,5 contracturen" in " ".join(raised.value.messages)
    world.own_employee.employments.update(hours_per_week=Decimal("28.0"))
    with pytest.raises(ServiceError) as raised:
        absence_services.partial_recovery_record(
            actor=actor_of("hr"), report=report, from_date=clock.today(),
            hours_per_week=Decimal("30"), version=report.version,
        )  # fmt: skip
    assert "de 28 contracturen" in " ".join(raised.value.messages)
