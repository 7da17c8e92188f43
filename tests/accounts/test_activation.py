"""Enrolment that a password alone cannot claim (issue 18, finding 4).

An account without a second factor (new, or its factor reset by the service) is claimed
only with the e-mailed activation link together with the code the issuer hands over:
limited in time, single use, void after five wrong codes. The attack replayed: whoever
knows the password of such an account signs in and enrols their own authenticator."""

import re
import secrets
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.utils import timezone

from poortwachter.accounts import services
from poortwachter.accounts.models import Activation
from poortwachter.audit.models import AccessEvent, Action
from poortwachter.core.roles import Role
from tests.factories import PASSWORD, UserFactory, grant
from tests.helpers import NEW_PASSWORD, activate, activation_link, sign_in, totp_code

LOGIN = "/accounts/login/"
ENROL = "/accounts/2fa/totp/activate/"


@pytest.fixture
def reset_hr(world, actor_of, django_capture_on_commit_callbacks):
    """HR's factor reset by the employer administrator: link mailed, code returned."""
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.credentials_reset(actor=actor_of("employer_admin"), user=world.hr)
    assert issued is not None
    return activation_link(mail.outbox), issued.code


def _enrol(client) -> str:
    page = client.get(ENROL).content.decode()
    secret = re.search(r"\b([A-Z2-7]{32})\b", page.replace(" ", "")).group(1)
    response = client.post(ENROL, {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def test_password_alone_never_reaches_enrolment(world, client):
    """The attack: an account without a factor, and someone who knows its password."""
    user = UserFactory(email="zonder.factor@test.example")  # usable password, no factor
    grant(user, Role.HR, employer=world.employer)
    response = client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session
    follow = client.get(LOGIN)
    assert "nog niet geactiveerd" in follow.content.decode()
    # Nor by walking straight to the enrolment page, page or API.
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    client.post(ENROL, {"code": "123456"})
    assert not Authenticator.objects.filter(user=user).exists()


@pytest.mark.parametrize("path", [ENROL, "/accounts/2fa/webauthn/add/", "/werknemers/", "/"])
def test_a_password_only_session_without_a_factor_is_signed_out(world, client, path):
    """Whatever made the session (a path we did not foresee): no activation, no way in."""
    user = UserFactory(email="zonder.factor@test.example")
    grant(user, Role.HR, employer=world.employer)
    sign_in(client, user, second_factor=False)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


# Autocommit, as in production: allauth reports the new factor in on_commit, inside the
# request.
@pytest.mark.django_db(transaction=True)
def test_link_and_code_lead_to_enrolment_and_then_the_product(world, client, reset_hr):
    path, code = reset_hr
    assert client.get(path).status_code == 200
    response = activate(client, path, code)
    assert response.status_code == 302
    assert response["Location"] == ENROL
    # Before a factor: enrolment only.
    assert client.get("/werknemers/")["Location"] == ENROL
    assert client.get("/api/v1/employees/").status_code == 403
    _enrol(client)
    assert client.get("/werknemers/").status_code == 200
    world.hr.refresh_from_db()
    assert world.hr.check_password(NEW_PASSWORD)
    assert Activation.objects.get(user=world.hr).used_at is not None
    assert AccessEvent.objects.filter(
        action=Action.SIGN_IN, subject_user_id=world.hr.pk, details__step="activation"
    ).exists()
    assert AccessEvent.objects.filter(
        action=Action.MFA_ENROLLED, subject_user_id=world.hr.pk, details__after="activation"
    ).exists()


def test_the_old_password_does_not_survive_a_factor_reset(world, client, reset_hr):
    response = client.post(LOGIN, {"login": world.hr.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200  # the password is unusable: a plain refusal


def test_a_link_works_once(world, client, reset_hr):
    path, code = reset_hr
    activate(client, path, code)
    client.logout()
    assert client.get(path).status_code == 404
    response = activate(client, path, code, password=secrets.token_urlsafe(18) + "-Ot3")
    assert response.status_code == 404
    world.hr.refresh_from_db()
    assert world.hr.check_password(NEW_PASSWORD)


def test_a_link_expires(world, client, reset_hr):
    path, code = reset_hr
    Activation.objects.filter(user=world.hr).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(path).status_code == 404
    assert activate(client, path, code).status_code == 404
    assert "_auth_user_id" not in client.session
    world.hr.refresh_from_db()
    assert not world.hr.has_usable_password()


def test_a_wrong_code_is_refused_and_five_void_the_link(world, client, reset_hr):
    path, code = reset_hr
    wrong = "0000-0000" if code != "0000-0000" else "1111-1111"
    response = activate(client, path, wrong)
    assert response.status_code == 200
    assert "code klopt niet" in response.content.decode()
    assert "_auth_user_id" not in client.session
    for _ in range(services.ACTIVATION_MAX_WRONG_CODES - 1):
        activate(client, path, wrong)
    # The right code no longer helps: the issuer has to make a new activation.
    assert activate(client, path, code).status_code == 404
    assert "_auth_user_id" not in client.session
    failures = AccessEvent.objects.filter(
        action=Action.SIGN_IN_FAILED, subject_user_id=world.hr.pk, details__step="activation"
    )
    assert failures.count() == services.ACTIVATION_MAX_WRONG_CODES


def test_the_code_of_another_activation_does_not_fit(
    world, client, actor_of, reset_hr, django_capture_on_commit_callbacks
):
    path, _code = reset_hr
    with django_capture_on_commit_callbacks(execute=True):
        other = services.credentials_reset(actor=actor_of("employer_admin"), user=world.manager)
    assert activate(client, path, other.code).status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_new_activation_voids_the_older_one(
    world, client, actor_of, reset_hr, django_capture_on_commit_callbacks
):
    old_path, old_code = reset_hr
    with django_capture_on_commit_callbacks(execute=True):
        services.credentials_reset(actor=actor_of("employer_admin"), user=world.hr)
    assert activate(client, old_path, old_code).status_code == 404


def test_a_weak_password_is_refused_and_the_link_stays_usable(world, client, reset_hr):
    path, code = reset_hr
    response = activate(client, path, code, password="x" * 3)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert activate(client, path, code).status_code == 302


@pytest.mark.parametrize("persona", ["employee", "hr", "doctor", "service_admin", "outsider"])
def test_someone_signed_in_cannot_use_a_link_without_its_code(world, client_for, reset_hr, persona):
    """Negative access: holding the link (say, from a shared mailbox) is not enough."""
    path, code = reset_hr
    client = client_for(persona)
    response = activate(client, path, "9999-9999" if code != "9999-9999" else "8888-8888")
    assert response.status_code == 200
    assert int(client.session["_auth_user_id"]) == world.users[persona].pk
    world.hr.refresh_from_db()
    assert not world.hr.has_usable_password()


def test_the_issuer_sees_the_code_once_and_the_mail_holds_only_the_link(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for("employer_admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/accounts-beheer/{world.hr.pk}/herstellen/",
            {"password": "on", "second_factor": "on"},
            follow=True,
        )
    page = response.content.decode()
    code = re.search(r"Activeringscode: (\d{4}-\d{4})", page).group(1)
    body = mail.outbox[-1].body
    assert "/activeren/" in body
    assert code not in body
    assert code.replace("-", "") not in body
    assert mail.outbox[-1].to == [world.hr.email]
    # Shown once: the next page does not repeat it.
    assert code not in client.get(f"/accounts-beheer/{world.hr.pk}/").content.decode()


def test_the_api_returns_the_code_to_the_issuer(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for("employer_admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/users/{world.hr.pk}/reset-credentials/", {}, content_type="application/json"
        )
    assert response.status_code == 200
    code = response.json()["activation_code"]
    assert re.fullmatch(r"\d{4}-\d{4}", code)
    assert code not in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/users/{world.hr.pk}/reset-credentials/",
            {"password": True, "second_factor": False},
            content_type="application/json",
        )
    assert response.json() == {"activation_code": None, "activation_expires_at": None}
