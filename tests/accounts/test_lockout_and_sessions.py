"""Brute force (ASVS 2.2.1, SECURITY.md G4) and session lifetime (ASVS 3.3.2, G5)."""

import datetime as dt

import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from poortwachter.accounts import selectors, services
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


def _session_writes(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(
        q["sql"].startswith(("UPDATE", "INSERT")) and '"django_session"' in q["sql"]
        for q in queries.captured_queries
    )


def test_the_idle_timer_is_written_at_most_once_a_minute(world, client):
    """Issue 21: an active user's session is written once a minute, not per request; the
    idle limit still holds from the last write (so it can only end up to a minute early)."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        sign_in(client, world.hr)
        clock.shift(59)
        assert _session_writes(client, "/werknemers/") == 0
        clock.shift(1)
        assert _session_writes(client, "/werknemers/") == 1
        clock.shift(30)
        assert _session_writes(client, "/werknemers/") == 0
        clock.shift(settings.POORTWACHTER_SESSION_IDLE_SECONDS - 29)
        response = client.get("/werknemers/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN


def test_roles_and_scopes_are_loaded_once_per_request(world, client, monkeypatch):
    """Issue 21: the page, its policy checks and the navigation share one actor: one
    query for the roles, one computation of the manager's department scope."""
    sign_in(client, world.manager)
    page = f"/werknemers/{world.own_employee.pk}/"
    client.get(page)
    scopes = []
    real = selectors.department_subtree_ids
    monkeypatch.setattr(
        selectors, "department_subtree_ids", lambda ids: scopes.append(ids) or real(ids)
    )
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    roles = [q for q in queries.captured_queries if 'FROM "accounts_roleassignment"' in q["sql"]]
    assert len(roles) == 1
    assert len(scopes) == 1
