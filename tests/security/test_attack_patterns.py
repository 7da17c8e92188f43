"""Replayed attack patterns (SECURITY.md section 3, issue 8) that need the whole route
table: CSRF on every state-changing route, and stored XSS through free text. The other
patterns have their tests where the behaviour lives; docs/security.md maps each pattern
to its tests."""

import datetime as dt

import pytest
from django.test import Client

from poortwachter.absences.models import AbsenceCase, SickReport
from poortwachter.core import clock
from tests.helpers import sign_in
from tests.test_access_matrix import ROUTE_HEADER, ROUTE_ROWS, _placeholders

#: Routes whose POST is allauth's own or not session-bound; tested in tests/accounts.
#: The integration API (issue 20) takes no session at all, only a client assertion or a
#: bearer token that a browser never attaches by itself, so a forged cross-site request
#: carries no credential: tests/integrations/test_api.py shows a session gets 401 there.
NOT_SESSION_WRITES: set[str] = {"/api/v1/oauth/token/", "/api/v1/integration/employees/"}


def _csrf_cells():
    """Each state-changing route with the first persona that may use it."""
    for route, method, *statuses in ROUTE_ROWS:
        if method == "GET" or route in NOT_SESSION_WRITES:
            continue
        for persona, status in zip(ROUTE_HEADER, statuses, strict=True):
            if persona != "anonymous" and status not in ("403", "404", "405"):
                yield pytest.param(route, method, persona, id=f"{method} {route} as {persona}")
                break


@pytest.mark.parametrize(("route", "method", "persona"), list(_csrf_cells()))
def test_every_state_changing_route_needs_the_csrf_token(world, route, method, persona):
    """SECURITY.md / Project Insecurity: a forged cross-site request is refused."""
    client = Client(enforce_csrf_checks=True)
    sign_in(client, world.users[persona])
    path = route.format(**_placeholders(world))
    response = getattr(client, method.lower())(path, {"x": "1"})
    assert response.status_code == 403, (route, response.status_code)


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
