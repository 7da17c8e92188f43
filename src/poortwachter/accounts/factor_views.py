"""Guards in front of allauth's own second-factor pages.

allauth asks ``MFAAdapter.can_delete_authenticator`` when TOTP is deactivated, but not
when a security key is removed; without this guard a user could remove their last key
and be left with a password only (R-SEC-1).
"""

from allauth.mfa.webauthn.views import remove_webauthn
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from poortwachter.accounts.adapters import MFAAdapter
from poortwachter.accounts.policies import get_own_security_key_for
from poortwachter.core.access import request_actor


@login_required
def remove_security_key(request, pk: int):
    key = get_own_security_key_for(request_actor(request), pk)
    if not MFAAdapter().can_delete_authenticator(key):
        messages.error(
            request,
            _("Dit is uw laatste tweede factor. Voeg eerst een andere toe (app of sleutel)."),
        )
        return redirect("mfa_list_webauthn")
    return remove_webauthn(request, pk=pk)
