"""Replayed attack patterns (SECURITY.md section 3, issue 8): stored XSS through free
text (CSRF on every state-changing route: test_csrf_every_route.py). The other patterns
have their tests where the behaviour lives; docs/security.md maps each pattern to its
tests."""

import datetime as dt

import pytest

from poortwachter.absences.models import AbsenceCase, SickReport
from poortwachter.core import clock

XSS = '<script>alert("pw")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def report_with_markup(world):
    day = clock.today() - dt.timedelta(days=2)
    case = AbsenceCase.objects.create(
        employer=world.employer, employee=world.own_employee, first_sick_day=day
    )
    return SickReport.objects.create(
        case=case, employer=world.employer, employee=world.own_employee, first_sick_day=day,
        reported_at=clock.now(), phone="0612345678", care_street=XSS, care_house_number="1",
        care_postcode="1234 AB", care_city="Utrecht", expected_duration="days",
        safety_net_applies=False, work_accident=False, traffic_accident_third_party=False,
        appointments_and_work=XSS,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("hr", "/verzuim/meldingen/{report}/"),
        ("manager", "/verzuim/meldingen/{report}/"),
        ("employee", "/verzuim/"),
        ("hr", "/verzuim/overzicht/"),
        ("doctor", "/bedrijfsarts/werkvoorraad/"),
    ],
)
def test_stored_markup_is_shown_as_text(world, client_for, report_with_markup, persona, url):
    """Stored XSS: free text comes back escaped on every page that shows it."""
    response = client_for(persona).get(url.format(report=report_with_markup.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body
    assert "onerror=alert(1)>" not in body
