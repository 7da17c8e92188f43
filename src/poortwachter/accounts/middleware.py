"""Two guards on every request of a signed-in user.

``SessionTimeoutMiddleware`` ends sessions that were idle too long, are too old, or were
issued before the user's credentials were reset (``session_epoch``).

``SecondFactorRequiredMiddleware`` makes the second factor mandatory: a user without one
reaches only enrolment, language choice and sign-out, and only in the session of an
activation (e-mailed link plus the issuer's code; a password alone is signed out,
issue 18 finding 4); a session that somehow holds a
user with a factor but never passed it is signed out. The API answers 403 instead of
redirecting. There is no exemption by role, setting or path prefix (R-SEC-1).
"""

import time
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from poortwachter.accounts.second_factor import (
    enrolment_granted,
    has_second_factor,
    session_passed_second_factor,
)
from poortwachter.accounts.selectors import actor_for_request

STARTED, SEEN, EPOCH = "pw_started_at", "pw_seen_at", "pw_epoch"

#: The idle timer is written to the session at most this often (issue 21): one session
#: UPDATE a minute per active user instead of one per request. A request up to this much
#: after the last write does not move the timer, so a session can end up to a minute
#: *early*, never late (ASVS 3.3.2, SECURITY.md G5).
SEEN_RESOLUTION = 60

#: URL names a signed-in user without a second factor may reach.
ENROLMENT_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "account_logout",
        "set_language",
        "healthz",
    }
)


def start_session_clock(request: HttpRequest, user) -> None:
    now = time.time()
    request.session[STARTED] = now
    request.session[SEEN] = now
    request.session[EPOCH] = user.session_epoch


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _signed_out(request: HttpRequest, message: str) -> HttpResponse:
    logout(request)
    if _is_api(request):
        return JsonResponse({"detail": message}, status=401)
    messages.info(request, message)
    return redirect(settings.LOGIN_URL)


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            session, now = request.session, time.time()
            started, seen = session.get(STARTED), session.get(SEEN)
            if started is None or seen is None or session.get(EPOCH) != user.session_epoch:
                return _signed_out(request, _("Uw sessie is beëindigd. Log opnieuw in."))
            if now - started > settings.POORTWACHTER_SESSION_ABSOLUTE_SECONDS:
                return _signed_out(request, _("U was te lang ingelogd. Log opnieuw in."))
            if now - seen > settings.POORTWACHTER_SESSION_IDLE_SECONDS:
                return _signed_out(request, _("U was een tijd niet actief. Log opnieuw in."))
            if now - seen >= SEEN_RESOLUTION:  # the session is written at most once a minute
                session[SEEN] = now
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or session_passed_second_factor(request):
            return self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        if has_second_factor(user):
            # Signed in without passing the factor it has: never valid.
            return _signed_out(request, _("Log opnieuw in met uw tweede factor."))
        if not enrolment_granted(request, user):
            return _signed_out(
                request,
                _(
                    "Uw account is nog niet geactiveerd. Gebruik de activeringslink uit uw "
                    "e-mail en de code die u van uw beheerder kreeg."
                ),
            )
        try:
            url_name = resolve(request.path_info).view_name  # namespaced: no look-alikes
        except Resolver404:
            url_name = None
        if url_name in ENROLMENT_URL_NAMES:
            return self.get_response(request)
        if _is_api(request):
            return JsonResponse({"detail": _("Stel eerst een tweede factor in.")}, status=403)
        messages.warning(
            request,
            _(
                "Stel eerst een tweede factor in. Zonder tweede factor is Poortwachter "
                "niet te gebruiken."
            ),
        )
        return redirect("mfa_activate_totp")


class ActorMiddleware:
    """Puts ``request.get_actor()`` on every request: the signed-in user as an ``Actor``,
    built on first use and then kept for the request (``core.access`` reads it, so the
    bottom layer needs no import of this app)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.get_actor = partial(actor_for_request, request)  # type: ignore[attr-defined]
        return self.get_response(request)
