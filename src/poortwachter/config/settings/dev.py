"""The embedded default: SQLite and the database cache in the data directory, no services.

Used by ``poortwachter demo`` and local development. Served over plain HTTP on the
loopback address, so cookies are not marked Secure and WebAuthn accepts http://localhost.
"""

import secrets

from poortwachter.config.env import env_bool, env_str
from poortwachter.config.settings.base import *  # noqa: F403
from poortwachter.config.settings.base import DATA_DIR


def _secret_key() -> str:
    configured = env_str("SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("POORTWACHTER_DEBUG", False)
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True

# Synthetic data, the demo and the demo accounts' code helper: never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "poortwachter.devtools"]  # noqa: F405

# Where the demo's e-mail goes: printed by the process that sends it (the task worker for
# notifications), or, with POORTWACHTER_EMAIL_FILE_PATH, one file per message there.
if env_str("POORTWACHTER_EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env_str("POORTWACHTER_EMAIL_FILE_PATH")
