"""Production: everything security-relevant is on, secrets come from the environment.

Required: ``SECRET_KEY`` (or ``SECRET_KEY_FILE``), ``POORTWACHTER_ALLOWED_HOSTS``.
After a key rotation: ``SECRET_KEY_FALLBACKS`` (or ``..._FILE``), the earlier keys.
``POORTWACHTER_BASE_URL`` (links in e-mails) defaults to ``https://`` + the first allowed host,
``POORTWACHTER_FROM_EMAIL`` (the sender) to ``poortwachter@`` + the host of that address.
Recommended: ``DATABASE_URL`` (PostgreSQL), ``REDIS_URL`` (shared cache for lockouts and
rate limits across hosts), ``EMAIL_URL``-style SMTP settings below.
``python -m django check --deploy`` is clean with these settings (tested).
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from poortwachter.config.env import env_bool, env_int, env_list, env_required, env_str
from poortwachter.config.settings.base import *  # noqa: F403

SECRET_KEY = env_required("SECRET_KEY")
# Earlier keys, comma-separated, after a rotation: sessions and links signed with them and
# the secrets sealed at rest under them (core.secrets_at_rest) still open.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

# R-MED-1: with PostgreSQL the medical module needs its own database and role; the
# development fallback (a sibling database on the same credentials) is not accepted here.
if env_str("DATABASE_URL") and not env_str("POORTWACHTER_MEDICAL_DATABASE_URL"):
    env_required("POORTWACHTER_MEDICAL_DATABASE_URL")
DEBUG = False
ALLOWED_HOSTS = env_list("POORTWACHTER_ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS]


# Links in e-mails (issue 19: reminders linked to 127.0.0.1:8000): the configured address,
# else the first allowed host over HTTPS; never the development default.
def _base_url() -> str:
    configured = env_str("POORTWACHTER_BASE_URL")
    if configured:
        return configured
    first = ALLOWED_HOSTS[0] if ALLOWED_HOSTS else ""
    # A wildcard (".example.org", "*") names no host to link to: then it must be set.
    if not first or first.startswith(".") or "*" in first:
        return env_required("POORTWACHTER_BASE_URL")
    return f"https://{first}"


POORTWACHTER_BASE_URL = _base_url()

SECURE_SSL_REDIRECT = env_bool("POORTWACHTER_SSL_REDIRECT", True)
if env_bool("POORTWACHTER_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# __Host- cookies: Secure, path=/, no Domain, so no subdomain can set or read them.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-csrftoken"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)


# The sender of every e-mail (issue 19: the installation's real address, never the
# development default "poortwachter@localhost", which mail servers refuse or mark as
# spam): POORTWACHTER_FROM_EMAIL, else "poortwachter@" + the host of the base URL.
def _from_email() -> str:
    configured = env_str("POORTWACHTER_FROM_EMAIL")
    if configured:
        return configured
    host: str = urlsplit(str(POORTWACHTER_BASE_URL)).hostname or ""
    # A wildcard host (".example.org", "*") or none makes no address: say so at start-up
    # rather than send from "poortwachter@None" or "poortwachter@.example.org".
    if not host or host.startswith(".") or "*" in host:
        raise ImproperlyConfigured(
            "Set POORTWACHTER_FROM_EMAIL: no sender address can be derived from the "
            f"base URL {POORTWACHTER_BASE_URL!r}."
        )
    return f"poortwachter@{host}"


DEFAULT_FROM_EMAIL = _from_email()
SERVER_EMAIL = DEFAULT_FROM_EMAIL

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
