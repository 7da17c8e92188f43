"""Medical pages need a recent second factor (step-up) and time out after 15 minutes
idle (issue 4; SECURITY.md G5, ASVS 3.3.2 L3).

The medical window opens when the user *uses* an existing second factor (at sign-in, or
again through allauth's reauthentication page); adding or enrolling a factor never opens
it (issue 18, finding 2). It stays open while they keep using
medical pages; 15 minutes without a medical page closes it, and the next one asks for
the second factor again. The session's own limits (30 minutes idle, 12 hours in all)
still apply on top.
"""

import time
from functools import wraps
from urllib.parse import urlencode

from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse

from poortwachter.accounts.second_factor import last_factor_use
from poortwachter.core.access import actor_required
from poortwachter.medical import policies

MEDICAL_IDLE_SECONDS = 15 * 60
SEEN = "pw_medical_seen_at"
#: Read by ``security.route_table`` (docs/security.md): which pages need the step-up.
STEP_UP_ATTRIBUTE = "poortwachter_step_up"
STEP_UP = "medical window: second factor used within 15 minutes"


def medical_window_open(request: HttpRequest) -> bool:
    opened = max(last_factor_use(request), request.session.get(SEEN, 0))
    return time.time() - opened <= MEDICAL_IDLE_SECONDS


def medical_view(view):
    """A page of the medical module: doctor or assistant, inside an open medical window."""

    @actor_required(policies.is_medical)
    @wraps(view)
    def wrapper(request, *args, actor, **kwargs):
        if not medical_window_open(request):
            request.session.pop(SEEN, None)
            target = (
                reverse("mfa_reauthenticate") + "?" + urlencode({"next": request.get_full_path()})
            )
            return redirect(target)
        request.session[SEEN] = time.time()
        return view(request, *args, actor=actor, **kwargs)

    setattr(wrapper, STEP_UP_ATTRIBUTE, STEP_UP)
    return wrapper
