"""Brute force (ASVS 2.2.1, SECURITY.md G4) and session lifetime (ASVS 3.3.2, G5)."""

import datetime as dt

import time_machine
from django.conf import settings

from poortwachter.accounts import services
from poortwachter.audit.models import AccessEvent, Action
from tests.factories import PASSWORD
from tests.helpers import sign_in, totp_code

LOGIN = "/accounts/login/"


def test_ten_wrong_passwords_lock_the_account_even_for_the_right_one(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"login": world.hr.email, "password": "fout-wachtwoord-123"})
    response = client.post(LOGIN, {"login": world.hr.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert client.get("/werknemers/").status_code == 302
    failures = AccessEvent.objects.filter(action=Action.SIGN_IN_FAILED, subject_user_id=world.hr.pk)
    assert failures.count() >= settings.AXES_FAILURE_LIMIT


def test_lockout_of_one_account_leaves_another_alone(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"login": world.hr.email, "password": "fout-wachtwoord-123"})
    response = client.post(LOGIN, {"login": world.manager.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"


def test_locked_page_is_the_same_for_unknown_accounts(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(LOGIN, {"login": "niemand@test.example", "password": "x" * 12})
    assert response.status_code == 429


def test_session_rotates_at_sign_in(world, client):
    """Session fixation (SECURITY.md pattern 15): the id before sign-in is not the id after."""
    client.get(LOGIN)
    client.post(LOGIN, {"login": world.hr.email, "password": PASSWORD})
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(world.secrets["hr"])})
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert before != after
    assert client.get("/werknemers/").status_code == 200


def test_idle_session_ends(world, client):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        sign_in(client, world.hr)
        clock.shift(settings.POORTWACHTER_SESSION_IDLE_SECONDS - 60)
        assert client.get("/werknemers/").status_code == 200
        clock.shift(settings.POORTWACHTER_SESSION_IDLE_SECONDS + 1)
        response = client.get("/werknemers/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN


def test_active_session_still_ends_after_the_absolute_limit(world, client):
    with time_machine.travel(dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC), tick=False) as clock:
        sign_in(client, world.hr)
        step = settings.POORTWACHTER_SESSION_IDLE_SECONDS // 2
        for _ in range(settings.POORTWACHTER_SESSION_ABSOLUTE_SECONDS // step - 1):
            clock.shift(step)
            assert client.get("/werknemers/").status_code == 200
        clock.shift(step + 1)
        response = client.get("/werknemers/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN


def test_credentials_reset_ends_open_sessions_at_the_next_request(world, client, actor_of):
    sign_in(client, world.hr)
    assert client.get("/werknemers/").status_code == 200
    services.credentials_reset(actor=actor_of("employer_admin"), user=world.hr)
    assert client.get("/werknemers/").status_code == 302
    assert client.get("/api/v1/me/").status_code == 403


def test_api_session_end_answers_401_not_a_redirect(world, client, actor_of):
    sign_in(client, world.hr)
    services.role_revoke(
        actor=actor_of("employer_admin"), assignment=world.hr.role_assignments.get()
    )
    assert client.get("/api/v1/me/").status_code == 401
