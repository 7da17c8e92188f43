"""Lockout by account AND source, a progressive delay, unlocking by e-mail, and the
API's description for the roles that use the API (issue 18, finding 6; ASVS 2.2.1,
R-SEC-1). The attack: ten wrong passwords from anywhere locked any known address for
15 minutes, so anyone could lock a doctor out."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from poortwachter.accounts.lockout import DELAY_AFTER, delay_for
from tests.factories import PASSWORD

LOGIN = "/accounts/login/"
ELSEWHERE = "203.0.113.7"
HOME = "198.51.100.20"
WRONG = "fout-wachtwoord-123"


def _try(client, user, password, source):
    return client.post(LOGIN, {"login": user.email, "password": password}, REMOTE_ADDR=source)


def _lock(client, user, source, clock=None):
    """Ten wrong passwords from ``source``, waiting out each delay as a patient attacker
    would (so every one is really checked)."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, user, WRONG, source)
        if clock is not None:
            clock.shift(dt.timedelta(seconds=61))


def test_wrong_passwords_from_elsewhere_do_not_lock_the_doctor_out(world, client):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        _lock(client, world.doctor, ELSEWHERE, clock)
        assert _try(client, world.doctor, PASSWORD, ELSEWHERE).status_code == 429
        response = _try(client, world.doctor, PASSWORD, HOME)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"


def test_many_sources_together_do_not_lock_the_holder_out_either(world, client):
    """allauth's own limit per address (20 wrong passwords in 15 minutes) counted every
    source together: a handful of sources, each far below the lock, locked the holder
    out everywhere."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for n in range(25):
            _try(client, world.doctor, WRONG, f"203.0.113.{n + 1}")
            clock.shift(dt.timedelta(seconds=5))
        response = _try(client, world.doctor, PASSWORD, HOME)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"


def test_each_wrong_password_after_a_few_waits_longer(world, client):
    assert [delay_for(n) for n in range(DELAY_AFTER - 1, DELAY_AFTER + 4)] == [0, 1, 2, 4, 8]
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for _ in range(DELAY_AFTER + 1):
            _try(client, world.hr, WRONG, ELSEWHERE)
        # Within the wait even the right password is not read.
        refused = _try(client, world.hr, PASSWORD, ELSEWHERE)
        assert refused.status_code == 429
        assert "Wacht" in refused.content.decode()
        # The same account from another source does not wait.
        assert _try(client, world.hr, PASSWORD, HOME).status_code == 302
        client.logout()
        clock.shift(dt.timedelta(seconds=delay_for(DELAY_AFTER + 2) + 1))
        assert _try(client, world.hr, PASSWORD, ELSEWHERE).status_code == 302


def test_the_holder_lifts_the_lock_with_a_content_free_email(
    world, client, django_capture_on_commit_callbacks
):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            _lock(client, world.doctor, HOME, clock)
            _try(client, world.doctor, WRONG, HOME)  # hitting the lock again: no new mail
        assert _try(client, world.doctor, PASSWORD, HOME).status_code == 429
        [message] = mail.outbox
        assert message.to == [world.doctor.email]
        assert "Er is iets voor u" in message.subject
        body = message.body
        for detail in (
            HOME,
            world.doctor.email,
            world.doctor.last_name,
            "geblokkeerd",
            "wachtwoord",
        ):
            assert detail not in body
        link = re.search(r"https?://[^/\s]+(/\S+)", body).group(1)
        page = client.get(link)
        assert page.status_code == 200
        assert "Blokkade opheffen" in page.content.decode()
        # A GET (a mail scanner following the link) lifts nothing.
        assert _try(client, world.doctor, PASSWORD, HOME).status_code == 429
        assert client.post(link).status_code == 302
        assert client.post(link).status_code == 404  # once
        assert _try(client, world.doctor, PASSWORD, HOME).status_code == 302


def test_no_mail_for_an_address_without_account_and_the_same_page(world, client):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT + 1):
            response = client.post(
                LOGIN, {"login": "niemand@test.example", "password": WRONG}, REMOTE_ADDR=HOME
            )
            clock.shift(dt.timedelta(seconds=61))
    assert response.status_code == 429
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 403), ("assistant", 403), ("privacy_officer", 403), ("employee", 200),
     ("manager", 200), ("hr", 200), ("employer_admin", 200), ("doctor", 200),
     ("service_admin", 200)],
)  # fmt: skip
def test_the_api_description_is_for_the_roles_that_use_the_api(world, client_for, persona, status):
    assert client_for(persona).get("/api/schema/").status_code == status
