from django.urls import include, path

from poortwachter.config import allauth_urls
from poortwachter.notifications.views import language_set
from poortwachter.web.views import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # Django's set_language; a signed-in user's e-mails follow it (issue 19).
    path("i18n/setlang/", language_set, name="set_language"),
    path("api/", include("poortwachter.api.urls")),
    # allauth's pages, each one listed with its guard (issue 18): never include("allauth.urls").
    path("accounts/", include(allauth_urls)),
    path("", include("poortwachter.web.urls")),
    path("", include("poortwachter.organisations.urls")),
    path("", include("poortwachter.absences.urls")),
    path("", include("poortwachter.retention.urls")),
    path("", include("poortwachter.accounts.urls")),
    path("", include("poortwachter.privacy.urls")),
    path("", include("poortwachter.reintegration.urls")),
    path("", include("poortwachter.security.urls")),
    path("", include("poortwachter.statistics.urls")),
    path("", include("poortwachter.notifications.urls")),
    path("", include("poortwachter.imports.urls")),
    path("", include("poortwachter.integrations.urls")),
    # The company doctor's module (R-MED-1): its own pages, database and log.
    path("", include("poortwachter.medical.urls")),
]

handler400 = "poortwachter.web.views.errors.bad_request"
handler403 = "poortwachter.web.views.errors.permission_denied"
handler404 = "poortwachter.web.views.errors.page_not_found"
handler500 = "poortwachter.web.views.errors.server_error"
