"""Whether this session passed a second factor (R-SEC-1).

allauth writes one record per authentication step into the session. A session counts
as two-factor when it holds an ``mfa`` record: either from the second-factor step at
sign-in, or from enrolling a factor in this session (which proves possession of it
right after the password). ``mark_session_verified`` writes the latter.
"""

from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from poortwachter.accounts.allauth_internals import (
    get_authentication_records,
    record_authentication,
)


def session_passed_second_factor(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def mark_session_verified(request: HttpRequest, authenticator: Authenticator) -> None:
    record_authentication(
        request, request.user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
    )


def mark_fresh_password_check(request: HttpRequest) -> None:
    """The sign-in itself counts as the re-authentication allauth asks before a factor
    is added, for ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` seconds."""
    record_authentication(request, request.user, "password", reauthenticated=True)


def has_second_factor(user) -> bool:
    return (
        Authenticator.objects.filter(user=user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )
