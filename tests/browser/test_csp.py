"""The product's Content-Security-Policy holds in a real browser: no page it serves has
content the policy blocks (a blocked script or style is a broken feature, and console
noise that hides real attacks)."""

import pytest

from poortwachter.core.roles import Role
from tests.browser.flows import (
    ADD_WEBAUTHN,
    LOGIN,
    REAUTHENTICATE,
    SECOND_FACTOR,
    confirm_with_code,
    csp_events,
    enter_password,
    main_button,
    path_of,
    submit,
)
from tests.factories import EmployerFactory, UserFactory, enrol_totp, grant
from tests.helpers import totp_code

# The browser tests run in two xdist groups (tests/browser/conftest.py), each on one worker.
pytestmark = pytest.mark.xdist_group("browser")


@pytest.mark.browser
def test_pages_raise_no_content_security_policy_violations(site, page, console):
    user = UserFactory(email="hr@test.example")
    grant(user, Role.HR, employer=EmployerFactory())
    secret = enrol_totp(user)

    seen = {}
    page.goto(site + LOGIN)
    seen[LOGIN] = csp_events(page)
    enter_password(page, site, user.email)
    assert path_of(page) == SECOND_FACTOR
    seen[SECOND_FACTOR] = csp_events(page)
    page.locator("input[name=code]").fill(totp_code(secret))
    submit(page, main_button(page, "Inloggen"))
    assert path_of(page) == "/verzuim/overzicht/"
    seen["/verzuim/overzicht/"] = csp_events(page)
    page.goto(site + "/accounts/2fa/")
    seen["/accounts/2fa/"] = csp_events(page)
    page.goto(site + ADD_WEBAUTHN)
    # Adding a factor asks for the existing one first (issue 18).
    seen[REAUTHENTICATE] = csp_events(page)
    confirm_with_code(page, secret)
    assert path_of(page) == ADD_WEBAUTHN
    seen[ADD_WEBAUTHN] = csp_events(page)

    assert {path: events for path, events in seen.items() if events} == {}
    assert console.csp_violations() == []
