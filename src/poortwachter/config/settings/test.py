"""Settings for the test suite: the embedded default, with a throw-away data directory."""

import os
import secrets
import tempfile

os.environ.setdefault("POORTWACHTER_DATA_DIR", tempfile.mkdtemp(prefix="poortwachter-test-"))
# The medical-text guard's plain Python engine (issue 17): tests replace functions inside
# its modules, which the compiled engine calls directly. Set here because Django's setup,
# which imports the guard, reads these settings first; tests/privacy/
# test_textguard_compiled.py runs the compiled engine and compares the two.
os.environ.setdefault("POORTWACHTER_TEXTGUARD_ENGINE", "python")

from poortwachter.config.settings.base import *  # noqa: F403

SECRET_KEY = secrets.token_urlsafe(50)  # a new one per test run
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
# Argon2 is what production uses (tested in test_settings); tests hash faster.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "statistics": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "statistics",
    },
}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
# Tests run in one process: a per-process cache is what lockout tests need here.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "axes.W001"]  # noqa: F405
# Live-server threads must not keep connections open, or the test database cannot be
# dropped at the end of a PostgreSQL run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
DATABASES["medical"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Synthetic data, the demo and the demo accounts' code helper: never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "poortwachter.devtools"]  # noqa: F405
# The product serves no media. Django's live-server thread serves MEDIA_URL from
# MEDIA_ROOT and, with MEDIA_URL unset, tries every path as a media file first (a traversal
# path then ends in a 500 of the test server, not of the product): keep it to /media/.
MEDIA_URL = "/media/"
