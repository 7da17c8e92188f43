"""Signing in through the real allauth flow: password, then the second factor (R-SEC-1),
and every way around it that past systems left open (SECURITY.md patterns 7, 9, 12)."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core import mail

from poortwachter.accounts.adapters import MFAAdapter
from poortwachter.audit.models import AccessEvent, Action
from tests.factories import PASSWORD
from tests.helpers import sign_in, totp_code

LOGIN = "/accounts/login/"
SECOND_FACTOR = "/accounts/2fa/authenticate/"


def _password_step(client, user, password=PASSWORD):
    return client.post(LOGIN, {"login": user.email, "password": password})


def test_password_alone_does_not_sign_in(world, client):
    response = _password_step(client, world.hr)
    assert response.status_code == 302
    assert response["Location"] == SECOND_FACTOR
    assert client.get("/werknemers/").status_code == 302  # still anonymous
    assert client.get("/api/v1/me/").status_code == 403


def test_password_and_code_sign_in_and_are_logged(world, client):
    _password_step(client, world.hr)
    response = client.post(SECOND_FACTOR, {"code": totp_code(world.secrets["hr"])})
    assert response.status_code == 302
    assert client.get("/werknemers/").status_code == 200
    assert client.get("/api/v1/me/").json()["email"] == world.hr.email
    assert AccessEvent.objects.filter(action=Action.SIGN_IN, subject_user_id=world.hr.pk).exists()


def test_a_code_is_single_use(world, client):
    code = totp_code(world.secrets["hr"])
    _password_step(client, world.hr)
    client.post(SECOND_FACTOR, {"code": code})
    client.logout()
    _password_step(client, world.hr)
    response = client.post(SECOND_FACTOR, {"code": code})
    assert response.status_code == 200  # form shown again with an error
    assert client.get("/werknemers/").status_code == 302


def test_five_wrong_codes_destroy_the_pending_sign_in(world, client):
    _password_step(client, world.hr)
    for _ in range(settings.POORTWACHTER_MAX_CODE_FAILURES):
        client.post(SECOND_FACTOR, {"code": "000000"})
    # Even the right code no longer helps: the attacker must start from the password.
    response = client.post(SECOND_FACTOR, {"code": totp_code(world.secrets["hr"])})
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert client.get("/werknemers/").status_code == 302
    failures = AccessEvent.objects.filter(action=Action.SIGN_IN_FAILED, subject_user_id=world.hr.pk)
    assert failures.count() == settings.POORTWACHTER_MAX_CODE_FAILURES


def test_session_without_the_factor_it_has_is_signed_out(world, client):
    """A session that holds a user with a factor but never passed it (e.g. made by some
    other path) is never valid: page and API both sign it out."""
    sign_in(client, world.hr, second_factor=False)
    assert client.get("/api/v1/me/").status_code == 401
    sign_in(client, world.hr, second_factor=False)
    response = client.get("/werknemers/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert client.get("/werknemers/").status_code == 302


@pytest.mark.parametrize(
    "header", ["Basic aHJAdGVzdC5leGFtcGxlOmNvcnJlY3Q=", "Bearer abc", "Token abc"]
)
def test_api_accepts_no_credentials_but_a_two_factor_session(world, client, header):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 403


def test_the_last_factor_cannot_be_removed(world, client):
    totp = Authenticator.objects.get(user=world.hr, type=Authenticator.Type.TOTP)
    assert MFAAdapter().can_delete_authenticator(totp) is False
    Authenticator.objects.create(user=world.hr, type=Authenticator.Type.WEBAUTHN, data={})
    assert MFAAdapter().can_delete_authenticator(totp) is True
    Authenticator.objects.filter(user=world.hr, type=Authenticator.Type.WEBAUTHN).delete()
    sign_in(client, world.hr)
    client.post("/accounts/2fa/totp/deactivate/", {})
    assert Authenticator.objects.filter(user=world.hr, type=Authenticator.Type.TOTP).exists()


def test_no_way_to_skip_the_second_factor_by_configuration():
    assert getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None) is None
    assert settings.MFA_TRUST_ENABLED is False
    assert settings.MFA_PASSKEY_LOGIN_ENABLED is False
    assert settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET is False
    assert settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] == [
        "poortwachter.api.authentication.SecondFactorSessionAuthentication"
    ]


def test_password_reset_does_not_sign_in_nor_skip_the_second_factor(world, client):
    client.post("/accounts/password/reset/", {"email": world.hr.email})
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", mail.outbox[-1].body).group(0)
    form_url = client.get(link.replace("http://testserver", "")).url
    new = "een-heel-nieuw-wachtwoord-77"
    client.post(form_url, {"password1": new, "password2": new})
    assert client.get("/werknemers/").status_code == 302  # not signed in
    response = _password_step(client, world.hr, new)
    assert response["Location"] == SECOND_FACTOR  # the factor is still asked


def test_reset_answers_the_same_for_known_and_unknown_addresses(world, client):
    known = client.post("/accounts/password/reset/", {"email": world.hr.email})
    unknown = client.post("/accounts/password/reset/", {"email": "niemand@test.example"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])


@pytest.mark.parametrize("email", ["HR@TEST.EXAMPLE", "hr@test.exampIe", "hr@tеst.example"])
def test_reset_with_look_alike_addresses_sends_no_link(world, client, email):
    """Upper case may match (same mailbox); homoglyphs never get a link (Django CVE-2019-19844)."""
    client.post("/accounts/password/reset/", {"email": email})
    links = [m for m in mail.outbox if "/accounts/password/reset/key/" in m.body]
    if email.lower() == world.hr.email:
        # Same mailbox: the link goes to the address on record, never to the typed one.
        assert [m.to for m in links] == [[world.hr.email]]
    else:
        assert not links


def test_reset_with_an_array_of_addresses_sends_one_link_to_one_address(world, client):
    """GitLab CVE-2023-7028: email[]=victim&email[]=attacker."""
    client.post(
        "/accounts/password/reset/",
        {"email": [world.hr.email, "aanvaller@evil.example"]},
    )
    recipients = [addr for m in mail.outbox for addr in m.to]
    assert "aanvaller@evil.example" not in recipients
    assert len(mail.outbox) <= 1
