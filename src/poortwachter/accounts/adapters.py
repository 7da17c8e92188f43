"""django-allauth adapters: no self-service sign-up, no sign-in to an account that was
never activated, re-authentication by factor for factor holders, no way to drop the
last factor, and the second factor's secrets sealed at rest."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from poortwachter.accounts.allauth_internals import clear_login
from poortwachter.accounts.second_factor import has_second_factor
from poortwachter.accounts.services import factor_removal_check
from poortwachter.core.errors import ServiceError
from poortwachter.core.middleware import client_address
from poortwachter.core.secrets_at_rest import seal, unseal

NOT_ACTIVATED = (
    "Uw account is nog niet geactiveerd. Gebruik de activeringslink uit uw e-mail en de "
    "code die u van uw beheerder kreeg."
)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are issued by the service or employer administrator (R-ACC-1).
        return False

    def pre_login(self, request: HttpRequest, user, **kwargs) -> HttpResponse | None:
        """A password alone never leads to enrolment (issue 18, finding 4): an account
        without a factor is activated with the e-mailed link and the issuer's code
        (``accounts.activation``), which signs in itself; the sign-in page refuses it."""
        if not has_second_factor(user):
            clear_login(request)
            messages.error(request, _(NOT_ACTIVATED))
            return redirect("account_login")
        return super().pre_login(request, user, **kwargs)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials) -> str:
        """allauth's limit on wrong passwords per address ("login_failed": 20/15m/key)
        counts per address *and source*, like the lockout (issue 18, finding 6): per
        address alone, 20 wrong passwords from anywhere would lock the holder out
        everywhere. The limit on wrong second-factor codes stays per user (its key is
        allauth's own, ``mfa-auth-user-<pk>``): only who has the password gets there."""
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{client_address(request)}"

    def get_reauthentication_methods(self, user) -> list[dict]:
        """Someone who holds a factor confirms with it, never with the password alone:
        the password is what an attacker would have (issue 18, finding 2)."""
        methods = super().get_reauthentication_methods(user)
        if user.is_authenticated and has_second_factor(user):
            methods = [m for m in methods if m["id"] != "reauthenticate"]
        return methods


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        """TOTP secrets and recovery-code seeds are sealed at rest (core.secrets_at_rest)."""
        return seal(text)

    def decrypt(self, encrypted_text: str) -> str:
        return unseal(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """The last real second factor (TOTP or a security key) cannot be removed:
        add another first (R-SEC-1). The rule is ``services.factor_removal_check``."""
        try:
            factor_removal_check(authenticator)
        except ServiceError:
            return False
        return True
