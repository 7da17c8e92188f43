"""Every allauth page Poortwachter serves, one by one (issue 18, finding 1).

``include("allauth.urls")`` is not used: it registered routes the project had not
looked at, and one of them (``keys/<int:pk>/remove/``, any number of digits) slipped past
the guarded route in front of it and removed an account's last factor. Here each route
is either

- wrapped by a project guard (``factor_views``: removal keeps a factor, adding one needs
  a fresh use of an existing factor or this session's activation),
- not offered (``errors.not_offered``, 404; kept so allauth's templates can still name
  them), or
- named in ``HARMLESS`` with the reason it needs no guard of its own.

``tests/accounts/test_allauth_routes.py`` walks the URL resolver and fails on any allauth
view that is none of these. ``docs/security.md`` lists the routes and their guard.
"""

from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.recovery_codes import views as recovery_views
from allauth.mfa.totp import views as totp_views
from allauth.mfa.webauthn import views as webauthn_views
from django.urls import path, re_path

from poortwachter.accounts.allauth_routes import HARMLESS  # noqa: F401 - the list lives there
from poortwachter.accounts.factor_views import factor_change_guard, factor_removal_guard
from poortwachter.web.views import errors

urlpatterns = [
    path("login/", account_views.login, name="account_login"),
    path("logout/", account_views.logout, name="account_logout"),
    path("inactive/", account_views.account_inactive, name="account_inactive"),
    path("reauthenticate/", account_views.reauthenticate, name="account_reauthenticate"),
    path("password/change/", account_views.password_change, name="account_change_password"),
    path("password/reset/", account_views.password_reset, name="account_reset_password"),
    path(
        "password/reset/done/",
        account_views.password_reset_done,
        name="account_reset_password_done",
    ),
    path(
        "password/reset/key/done/",
        account_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    # allauth's own pattern: the uid (base 36) and the key, split at the first dash.
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account_views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    # Not offered: accounts are issued and their address is set by the issuer (R-ACC-1);
    # a first password is set through the activation (``accounts.activation``).
    path("signup/", errors.not_offered, name="account_signup"),
    path("email/", errors.not_offered, name="account_email"),
    path("confirm-email/", errors.not_offered, name="account_email_verification_sent"),
    path("confirm-email/<str:key>/", errors.not_offered, name="account_confirm_email"),
    path("password/set/", errors.not_offered, name="account_set_password"),
    path("login/code/confirm/", errors.not_offered, name="account_confirm_login_code"),
    # Second factor.
    path("2fa/", mfa_views.index, name="mfa_index"),
    path("2fa/authenticate/", mfa_views.authenticate, name="mfa_authenticate"),
    path("2fa/reauthenticate/", mfa_views.reauthenticate, name="mfa_reauthenticate"),
    path(
        "2fa/totp/activate/",
        factor_change_guard(totp_views.activate_totp),
        name="mfa_activate_totp",
    ),
    path(
        "2fa/totp/deactivate/",
        factor_removal_guard(totp_views.deactivate_totp, by_pk=False),
        name="mfa_deactivate_totp",
    ),
    path(
        "2fa/recovery-codes/",
        factor_change_guard(recovery_views.view_recovery_codes),
        name="mfa_view_recovery_codes",
    ),
    path(
        "2fa/recovery-codes/generate/",
        factor_change_guard(recovery_views.generate_recovery_codes),
        name="mfa_generate_recovery_codes",
    ),
    path(
        "2fa/recovery-codes/download/",
        factor_change_guard(recovery_views.download_recovery_codes),
        name="mfa_download_recovery_codes",
    ),
    path("2fa/webauthn/", webauthn_views.list_webauthn, name="mfa_list_webauthn"),
    path(
        "2fa/webauthn/add/",
        factor_change_guard(webauthn_views.add_webauthn),
        name="mfa_add_webauthn",
    ),
    path(
        "2fa/webauthn/reauthenticate/",
        webauthn_views.reauthenticate_webauthn,
        name="mfa_reauthenticate_webauthn",
    ),
    path(
        "2fa/webauthn/keys/<id:pk>/remove/",
        factor_removal_guard(webauthn_views.remove_webauthn, by_pk=True),
        name="mfa_remove_webauthn",
    ),
    path("2fa/webauthn/keys/<id:pk>/edit/", webauthn_views.edit_webauthn, name="mfa_edit_webauthn"),
]
