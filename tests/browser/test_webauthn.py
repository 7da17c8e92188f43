"""A security key as second factor, with Chromium's virtual authenticator (DevTools
WebAuthn domain) standing in for the hardware. Runs under the product's strict
Content-Security-Policy: allauth's WebAuthn scripts must work without inline script."""

import pytest
from allauth.mfa.models import Authenticator

from poortwachter.core.roles import Role
from tests.browser.flows import (
    ADD_WEBAUTHN,
    LOGIN,
    SECOND_FACTOR,
    confirm_with_code,
    csp_events,
    enter_password,
    path_is,
    path_of,
    sign_in,
    sign_out,
)
from tests.factories import EmployerFactory, UserFactory, enrol_totp, grant

# The browser tests run in two xdist groups (tests/browser/conftest.py), each on one worker.
pytestmark = pytest.mark.xdist_group("browser")

AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "usb",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}


@pytest.mark.browser
def test_add_a_security_key_and_sign_in_with_it(site, context, page, console):
    user = UserFactory(email="sleutel@test.example")
    grant(user, Role.HR, employer=EmployerFactory())
    secret = enrol_totp(user)

    devtools = context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    authenticator_id = devtools.send(
        "WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR}
    )["authenticatorId"]

    def credentials() -> list[dict]:
        return devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})[
            "credentials"
        ]

    sign_in(page, site, user, secret)
    assert path_of(page) == "/verzuim/overzicht/"

    page.goto(site + ADD_WEBAUTHN)
    # Adding a factor asks for a fresh use of the existing one, not the password.
    confirm_with_code(page, secret)
    assert path_of(page) == ADD_WEBAUTHN
    assert credentials() == []

    # The button runs allauth's script, which asks the (virtual) key for a credential and
    # posts it; the page then moves on.
    with page.expect_navigation(url=lambda url: ADD_WEBAUTHN not in url):
        page.locator("#mfa_webauthn_add").click()
    assert "Beveiligingssleutel toegevoegd" in page.locator(".messages").inner_text()
    keys = Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN)
    assert keys.count() == 1
    [credential] = credentials()
    assert credential["rpId"] == "localhost"
    sign_count = credential["signCount"]

    sign_out(page)
    assert path_of(page) == LOGIN
    page.goto(site + "/werknemers/")
    assert path_of(page) == LOGIN

    enter_password(page, site, user.email)
    assert path_of(page) == SECOND_FACTOR
    page.locator("main").get_by_role("button", name="Gebruik een beveiligingssleutel").click()
    page.wait_for_url(path_is("/verzuim/overzicht/"))
    assert page.locator("main h1").inner_text() == "Verzuimoverzicht"
    # The key signed this sign-in.
    assert credentials()[0]["signCount"] > sign_count

    # allauth's WebAuthn scripts ran under the policy: nothing blocked, nothing thrown.
    assert console.csp_violations("script-src") == []
    assert [e for e in csp_events(page) if e["directive"].startswith("script-src")] == []
    assert console.page_errors == []
