from django.urls import include, path
from django.views.i18n import set_language

from poortwachter.accounts import factor_views
from poortwachter.web.views import errors, health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("poortwachter.api.urls")),
    # allauth pages we do not offer: accounts are issued, and their e-mail address is set
    # by the issuer (R-ACC-1). Listed before allauth's own routes so these win.
    path("accounts/signup/", errors.not_offered, name="account_signup"),
    path("accounts/email/", errors.not_offered, name="account_email"),
    path(
        "accounts/2fa/webauthn/keys/<id:pk>/remove/",
        factor_views.remove_security_key,
        name="mfa_remove_webauthn",
    ),
    path("accounts/", include("allauth.urls")),
    path("", include("poortwachter.web.urls")),
    path("", include("poortwachter.organisations.urls")),
    path("", include("poortwachter.absences.urls")),
    path("", include("poortwachter.retention.urls")),
    path("", include("poortwachter.accounts.urls")),
    path("", include("poortwachter.privacy.urls")),
    path("", include("poortwachter.reintegration.urls")),
    path("", include("poortwachter.security.urls")),
    path("", include("poortwachter.statistics.urls")),
    # The company doctor's module (R-MED-1): its own pages, database and log.
    path("", include("poortwachter.medical.urls")),
]

handler400 = "poortwachter.web.views.errors.bad_request"
handler403 = "poortwachter.web.views.errors.permission_denied"
handler404 = "poortwachter.web.views.errors.page_not_found"
handler500 = "poortwachter.web.views.errors.server_error"
