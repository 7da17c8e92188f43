"""Whether this session passed a second factor (R-SEC-1), and when it last used one.

allauth writes one record per authentication step into the session. A session counts
as two-factor when it holds an ``mfa`` record: from the second-factor step at sign-in,
from using a factor again (re-authentication), or, once, from enrolling the first factor
right after an activation (link from the e-mail plus the code the issuer handed over;
``grant_enrolment``). That last kind is marked ``enrolled`` and is never a *use* of a
factor: it does not open the medical window and does not allow adding another factor
(issue 18, finding 2).
"""

import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest

from poortwachter.accounts.allauth_internals import (
    get_authentication_records,
    record_authentication,
)

#: Session key: this session may enrol a first factor for this user until this time.
ENROLMENT_GRANT = "pw_enrolment_grant"
ENROLMENT_GRANT_SECONDS = 15 * 60


def session_passed_second_factor(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def last_factor_use(request: HttpRequest) -> float:
    """When this session last *used* an existing factor (sign-in step or
    re-authentication); 0 if never. Enrolling a factor is not a use."""
    records = get_authentication_records(request, request.user)
    return max(
        (
            float(r.get("at", 0))
            for r in records
            if r.get("method") == "mfa" and not r.get("enrolled")
        ),
        default=0.0,
    )


def used_factor_recently(request: HttpRequest) -> bool:
    return time.time() - last_factor_use(request) < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT


def grant_enrolment(request: HttpRequest, user) -> None:
    """After a valid activation: this session may enrol a first factor, for a while."""
    request.session[ENROLMENT_GRANT] = {
        "user": user.pk,
        "until": time.time() + ENROLMENT_GRANT_SECONDS,
    }


def enrolment_granted(request: HttpRequest, user) -> bool:
    grant = request.session.get(ENROLMENT_GRANT) or {}
    return grant.get("user") == user.pk and time.time() < float(grant.get("until", 0))


def end_enrolment_grant(request: HttpRequest) -> None:
    request.session.pop(ENROLMENT_GRANT, None)


def mark_session_verified(request: HttpRequest, authenticator: Authenticator) -> None:
    record_authentication(
        request, request.user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
    )


def mark_fresh_password_check(request: HttpRequest) -> None:
    """The activation (code plus new password) counts as the re-authentication allauth
    asks before a factor is added, for ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` seconds."""
    record_authentication(request, request.user, "password", reauthenticated=True)


def has_second_factor(user) -> bool:
    return (
        Authenticator.objects.filter(user=user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )
