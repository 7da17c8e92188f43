"""Replayed attack pattern (SECURITY.md section 3, issue 8): a forged cross-site request
is refused on every state-changing route of docs/access-matrix.md. The world and the
routes' objects are built once for the module (tests/shared_world.py)."""

import pytest
from django.test import Client

from tests.helpers import sign_in
from tests.test_access_matrix import ROUTE_HEADER, ROUTE_ROWS

#: Routes whose POST is allauth's own or not session-bound; tested in tests/accounts.
#: The integration API (issue 20) takes no session at all, only a client assertion or a
#: bearer token that a browser never attaches by itself, so a forged cross-site request
#: carries no credential: tests/integrations/test_api.py shows a session gets 401 there.
NOT_SESSION_WRITES: set[str] = {"/api/v1/oauth/token/", "/api/v1/integration/employees/"}


@pytest.fixture
def world(shared_world):
    return shared_world


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
def test_every_state_changing_route_needs_the_csrf_token(
    world, placeholders, route, method, persona
):
    """SECURITY.md / Project Insecurity: a forged cross-site request is refused."""
    client = Client(enforce_csrf_checks=True)
    sign_in(client, world.users[persona])
    path = route.format(**placeholders)
    response = getattr(client, method.lower())(path, {"x": "1"})
    assert response.status_code == 403, (route, response.status_code)
