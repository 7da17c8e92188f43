"""django-axes hooks: which account a sign-in attempt is for, the lockout answer, and a
progressive delay (issue 18, finding 6; ASVS 2.2.1).

Wrong passwords count per account *and source* together (``AXES_LOCKOUT_PARAMETERS``):
ten from one address lock that address out of that account for 15 minutes, and only
that. Someone elsewhere who knows a doctor's e-mail address cannot lock the doctor out.
Before the lock, each further wrong password from the same source waits longer (1, 2,
4, ... seconds, at most a minute): a sign-in inside the wait is refused unread.
Guessing from many sources is bounded by allauth's limit per source (20 wrong passwords
a minute; its limit per address counts per source too, ``AccountAdapter``) and by the
second factor every account has (R-SEC-1). The holder of a locked account gets an
e-mail with only a link (no content) that lifts the lock (``accounts:unlock``).
"""

import time

from axes.handlers.cache import AxesCacheHandler
from axes.helpers import get_client_cache_keys, get_cool_off
from axes.models import AccessAttempt
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

#: Wrong passwords from one source before each next one has to wait.
DELAY_AFTER = 3
MAX_DELAY_SECONDS = 60


def username_from_request(request: HttpRequest, credentials: dict | None) -> str:
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request.method == "POST":
        value = request.POST.get("login", "")
    return str(value or "").strip().lower()[:254]


def delay_for(failures: int) -> int:
    """Seconds the next attempt waits after ``failures`` wrong passwords in a row."""
    if failures < DELAY_AFTER:
        return 0
    return min(2 ** (failures - DELAY_AFTER), MAX_DELAY_SECONDS)


def _delay_key(request, credentials) -> str:
    return "pw-delay:" + get_client_cache_keys(request, credentials)[0]


class DelayingCacheHandler(AxesCacheHandler):
    """Axes' cache handler, counting per account and source, with the wait before each
    next attempt."""

    def wait_remaining(self, request, credentials=None) -> float:
        until = self.cache.get(_delay_key(request, credentials), 0)
        return max(0.0, until - time.time())

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return self.wait_remaining(request, credentials) > 0

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        waiting = request is not None and self.wait_remaining(request, credentials) > 0
        super().user_login_failed(sender, credentials, request, **kwargs)
        if waiting:
            # Refused unread inside the wait: answer with the lockout page (it still
            # counts towards the lock, as axes counts attempts during a lock).
            request.axes_locked_out = True
            request.axes_credentials = credentials
        failures = getattr(request, "axes_failures_since_start", 0) if request else 0
        seconds = delay_for(failures)
        if seconds:
            cool_off = get_cool_off(request)
            timeout = int(cool_off.total_seconds()) if cool_off else MAX_DELAY_SECONDS
            self.cache.set(_delay_key(request, credentials), time.time() + seconds, timeout)

    def reset_attempts(self, *, ip_address=None, username=None, ip_or_username=False) -> int:
        count = super().reset_attempts(
            ip_address=ip_address, username=username, ip_or_username=ip_or_username
        )
        if username is not None and ip_address is not None:
            attempt = AccessAttempt(username=username, ip_address=ip_address, user_agent="")
            self.cache.delete("pw-delay:" + get_client_cache_keys(attempt)[0])
        return count


def locked_out_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    # The same page whether or not the account exists: no enumeration. A wait before
    # the lock says so; the lock itself says how long and how to lift it.
    failures = getattr(request, "axes_failures_since_start", None)
    handler = DelayingCacheHandler()
    wait = 0
    if not AxesCacheHandler.is_locked(handler, request, credentials):
        wait = int(handler.wait_remaining(request, credentials)) + 1
    context = {"wait_seconds": wait, "failures": failures}
    return render(request, "accounts/locked_out.html", context, status=429)
