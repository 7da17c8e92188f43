"""Project guards in front of allauth's second-factor pages (R-SEC-1, issue 18).

allauth's pages are served only through ``config.allauth_urls``; every one of them is
wrapped by a guard below or named, with the reason, in ``allauth_urls.HARMLESS``
(``tests/accounts/test_allauth_routes.py`` walks the URL resolver to prove it).

- ``factor_removal_guard``: removing a factor (TOTP off, security key removed) is refused
  while it is the account's last one. The rule itself lives in
  ``services.factor_removal_check`` and is also enforced before every delete.
- ``factor_change_guard``: adding a factor, making new recovery codes and showing them
  need a fresh *use* of an existing factor; an account without one needs an
  activation (link plus code) in this session. Password alone never suffices.
"""

from functools import wraps
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from poortwachter.accounts.policies import (
    get_own_security_key_for,
    own_factor_types_for,
    own_totp_for,
)
from poortwachter.accounts.second_factor import (
    enrolment_granted,
    has_second_factor,
    used_factor_recently,
)
from poortwachter.accounts.services import factor_removal_check
from poortwachter.core.access import request_actor
from poortwachter.core.errors import ServiceError

#: Attribute that marks a view as wrapped by one of the guards here.
GUARD_ATTRIBUTE = "poortwachter_guard"


def _guard(name: str):
    def mark(view):
        setattr(view, GUARD_ATTRIBUTE, name)
        return view

    return mark


def reauthentication_url(request, next_path: str) -> str:
    """Where a factor holder confirms a factor: the app/recovery code page, or the
    security-key page for an account that has only keys."""
    types = own_factor_types_for(request_actor(request))
    only_keys = types == {Authenticator.Type.WEBAUTHN}
    name = "mfa_reauthenticate_webauthn" if only_keys else "mfa_reauthenticate"
    return reverse(name) + "?" + urlencode({"next": next_path})


def _refused(request, error: ServiceError):
    messages.error(request, " ".join(error.messages))
    return redirect("mfa_index")


def factor_removal_guard(allauth_view, *, by_pk: bool):
    """Removing a factor: only the holder's own, and never the last one."""

    @login_required
    @wraps(allauth_view)
    def guarded(request, *args, **kwargs):
        if by_pk:
            authenticator = get_own_security_key_for(request_actor(request), kwargs["pk"])
        else:
            authenticator = own_totp_for(request_actor(request))
        if authenticator is not None:
            try:
                factor_removal_check(authenticator)
            except ServiceError as error:
                return _refused(request, error)
        return allauth_view(request, *args, **kwargs)

    return _guard("factor_removal_guard")(guarded)


def factor_change_guard(allauth_view):
    """Adding a factor or handing out recovery codes needs a fresh use of an existing
    factor (a session that only retyped the password is not enough); a first factor
    needs this session's activation."""

    @login_required
    @wraps(allauth_view)
    def guarded(request, *args, **kwargs):
        user = request.user
        if has_second_factor(user):
            if not used_factor_recently(request) and not enrolment_granted(request, user):
                messages.info(
                    request,
                    _("Bevestig eerst met uw huidige tweede factor dat u het bent."),
                )
                return redirect(reauthentication_url(request, request.get_full_path()))
        elif not enrolment_granted(request, user):
            logout(request)
            messages.error(
                request,
                _(
                    "Uw account is nog niet geactiveerd. Gebruik de activeringslink uit uw "
                    "e-mail en de code die u van uw beheerder kreeg."
                ),
            )
            return redirect("account_login")
        return allauth_view(request, *args, **kwargs)

    return _guard("factor_change_guard")(guarded)
