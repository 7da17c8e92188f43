"""Signing in, in tests: a session exactly as allauth leaves it after password + TOTP."""

import re
import secrets
import time

from django.db import connection

from poortwachter.accounts.allauth_internals import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    AUTHENTICATION_METHODS_USER_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    user_id_to_str,
)
from poortwachter.accounts.middleware import EPOCH, SEEN, STARTED


def sign_in(client, user, *, second_factor: bool = True):
    """A signed-in session; ``second_factor=False`` gives a password-only session."""
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    session = client.session
    now = time.time()
    records = [{"method": "password", "at": now, "email": user.email}]
    if second_factor:
        records.append({"method": "mfa", "at": now, "type": "totp", "id": 1})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session[STARTED] = now
    session[SEEN] = now
    session[EPOCH] = user.session_epoch
    session.save()
    return client


def totp_code(secret: str, offset: int = 0) -> str:
    """The code for now (+ ``offset`` periods); tolerance 1 accepts the next one too."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


#: Run django-tasks jobs at once, in the test's process (the worker's part of a test).
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


#: The password an activation sets: made anew for each test run, like ``factories.PASSWORD``.
NEW_PASSWORD = secrets.token_urlsafe(18) + "-Nw2"


def activation_link(mailbox) -> str:
    """The path of the activation link in the last e-mail (issue 18, finding 4)."""
    return re.search(r"https?://[^/\s]+(/activeren/\S+/)", mailbox[-1].body).group(1)


def activate(client, path: str, code: str, password: str = NEW_PASSWORD):
    """Claim an account as its holder does: the e-mailed link and the issuer's code."""
    return client.post(path, {"code": code, "password1": password, "password2": password})


def employer_trigger_tables(app: str) -> set[str]:
    """The tables of ``app`` that carry an employer trigger now (``absences.db``), read
    from the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{app}_%_employer_%"],
            )
        else:
            cursor.execute(
                "SELECT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE %s",
                [f"{app}_%_employer"],
            )
        return {row[0] for row in cursor.fetchall()}
