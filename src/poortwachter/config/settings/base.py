"""Settings shared by every environment. Values that differ come from the environment.

Modules ``dev`` (the embedded default and the demo), ``test`` and ``production`` extend
this one. Nothing here talks to a service: SQLite and the database cache are the default,
``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and Redis.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from poortwachter.config.env import data_dir, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = data_dir()

DEBUG = False
ALLOWED_HOSTS = env_list("POORTWACHTER_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
#: Reverse proxies in front of the app whose X-Forwarded-For entries are trusted (0: none).
#: Rate limits, lockouts and the access log's network address all use the same rule.
POORTWACHTER_TRUSTED_PROXY_COUNT = env_int("POORTWACHTER_TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = POORTWACHTER_TRUSTED_PROXY_COUNT
AXES_IPWARE_PROXY_COUNT = POORTWACHTER_TRUSTED_PROXY_COUNT or None
#: Where users reach the product; links in e-mails are built on it, never on Host headers.
POORTWACHTER_BASE_URL = env_str("POORTWACHTER_BASE_URL", "http://127.0.0.1:8000")
#: Key-encryption keys for medical data (R-MED-1), never derived from SECRET_KEY:
#: "file" (a 0600 key file made by `poortwachter medical-keys init`; in production keep
#: it outside DATA_DIR and its backups) or "vault" (Vault/OpenBao transit, a key created
#: with derived=true). See poortwachter.medical.keys.
POORTWACHTER_MEDICAL_KEY_PROVIDER = env_str("POORTWACHTER_MEDICAL_KEY_PROVIDER", "file")
POORTWACHTER_MEDICAL_KEY_FILE = Path(
    env_str("POORTWACHTER_MEDICAL_KEY_FILE") or DATA_DIR / "medical-keys.json"
)
POORTWACHTER_VAULT_ADDR = env_str("POORTWACHTER_VAULT_ADDR")
POORTWACHTER_VAULT_TOKEN = env_str("POORTWACHTER_VAULT_TOKEN")
#: A token file (Vault agent sink) is read again on every request, so renewals apply.
POORTWACHTER_VAULT_TOKEN_FILE = env_str("POORTWACHTER_VAULT_TOKEN_FILE")
POORTWACHTER_VAULT_KEY = env_str("POORTWACHTER_VAULT_KEY", "poortwachter-medical")
POORTWACHTER_VAULT_MOUNT = env_str("POORTWACHTER_VAULT_MOUNT", "transit")
POORTWACHTER_VAULT_CACERT = env_str("POORTWACHTER_VAULT_CACERT")
#: Statistics hide every group smaller than this many employees (R-REP-1, R-SICK-5).
#: Configurable upward only: below 5 the application refuses to start.
POORTWACHTER_STATS_MIN_GROUP = env_int("POORTWACHTER_STATS_MIN_GROUP", 5)
# How long a cached statistics report may live at most (issue 21; writes invalidate it sooner).
POORTWACHTER_STATS_CACHE_SECONDS = env_int("POORTWACHTER_STATS_CACHE_SECONDS", 3600)
#: The occupational health service's own term for the company doctor's medical file, in
#: years after the last change to the file (issue 16; docs/retention.md). Default 20: art.
#: 7:454 lid 3 BW (WGBO; since 1-1-2020 from the last change, as the KNMG counted it
#: before). The eigenrisicodrager terms (R-RET-3: 10 years, R-RET-4: the WGA period) are
#: minimums whatever this says.
POORTWACHTER_MEDICAL_FILE_YEARS = env_int("POORTWACHTER_MEDICAL_FILE_YEARS", 20)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Sign-in with a mandatory second factor (R-SEC-1).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_standardized_errors",
    "csp",
    # The task queue (reminder e-mails) in the database: no extra service.
    "django_tasks",
    "django_tasks_db",
    "poortwachter.core",
    "poortwachter.audit",
    "poortwachter.accounts",
    "poortwachter.organisations",
    "poortwachter.notifications",
    "poortwachter.absences",
    "poortwachter.reintegration",
    "poortwachter.retention",
    "poortwachter.scheduling",
    "poortwachter.security",
    "poortwachter.operations",
    "poortwachter.statistics",
    "poortwachter.imports",
    "poortwachter.integrations",
    "poortwachter.medical",
    "poortwachter.privacy",
    "poortwachter.web",
    "poortwachter.api",
]
# The Django admin is deliberately not installed: it is a second path to every table
# that bypasses the policies (R-AUTHZ-1, R-MED-1). Administration happens in the
# product's own pages, which go through the same services as everything else.

MIDDLEWARE = [
    "poortwachter.core.middleware.RequestIdMiddleware",
    # The guard reads a text once per request, however many checks ask (issue 21).
    "poortwachter.textguard.middleware.GuardMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "poortwachter.accounts.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "poortwachter.accounts.middleware.SessionTimeoutMiddleware",
    "poortwachter.accounts.middleware.SecondFactorRequiredMiddleware",
    "poortwachter.core.middleware.NoStoreForSignedInMiddleware",
    # django-axes wants to be last: it turns lockouts into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "poortwachter.config.urls"
WSGI_APPLICATION = "poortwachter.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "poortwachter.web.context_processors.navigation",
            ],
        },
    }
]


def _database_pool() -> dict | bool | None:
    """``DATABASE_POOL``: ``1`` gives every process a psycopg 3 connection pool per
    PostgreSQL database (psycopg_pool's defaults: 4 connections), ``MIN:MAX`` sets its
    sizes; unset or ``0``: no pool (persistent connections, ``DATABASE_CONN_MAX_AGE``)."""
    value = (env_str("DATABASE_POOL") or "").strip().lower()
    if value in {"", "0", "false", "no", "off"}:
        return None
    if value in {"1", "true", "yes", "on"}:
        return True
    low, colon, high = value.partition(":")
    valid = colon and low.isdigit() and high.isdigit() and int(low) <= int(high)
    if not valid or int(high) < 1:
        raise ImproperlyConfigured(f"DATABASE_POOL is 1 or MIN:MAX (e.g. 2:4), not {value!r}.")
    return {"min_size": int(low), "max_size": int(high)}


def _database(url_variable: str = "DATABASE_URL", sqlite_name: str = "poortwachter") -> dict:
    url = env_str(url_variable)
    if url:
        pool = _database_pool()
        # Django's pool replaces persistent connections: it requires CONN_MAX_AGE = 0.
        max_age = 0 if pool else env_int("DATABASE_CONN_MAX_AGE", 60)
        config: dict = dict(dj_database_url.parse(url, conn_max_age=max_age))
        config["CONN_HEALTH_CHECKS"] = True
        if pool:
            if not config["ENGINE"].endswith("postgresql"):
                raise ImproperlyConfigured("DATABASE_POOL needs a PostgreSQL database URL.")
            config["OPTIONS"] = {**config.get("OPTIONS", {}), "pool": pool}
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / f"{sqlite_name}.sqlite3",
        # Persistent connections: a new one per request re-runs the PRAGMAs below, and
        # closing the last connection of a WAL database checkpoints it, every request.
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock
            # at BEGIN so two writers queue instead of failing halfway with "locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=FULL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        },
    }


def _medical_database() -> dict:
    """The medical module's own database (R-MED-1, DESIGN boundary 1): a separate SQLite
    file by default; in production ``POORTWACHTER_MEDICAL_DATABASE_URL``, a separate
    PostgreSQL database with its own role. Without it, a PostgreSQL main database gets a
    sibling database named ``<name>_medical`` on the same server (development and tests
    only: production settings refuse that)."""
    if env_str("POORTWACHTER_MEDICAL_DATABASE_URL"):
        return _database("POORTWACHTER_MEDICAL_DATABASE_URL")
    main = _database()
    if main["ENGINE"].endswith("sqlite3"):
        return _database("POORTWACHTER_MEDICAL_DATABASE_URL", sqlite_name="medical")
    return {**main, "NAME": f"{main['NAME']}_medical"}


DATABASES = {"default": _database(), "medical": _medical_database()}
DATABASE_ROUTERS = ["poortwachter.config.routers.MedicalRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _caches() -> dict:
    """``default``: lockouts, rate limits, used TOTP codes. ``statistics``: the cached
    statistics reports (issue 21), apart so that their number can never push a lockout
    out of the database cache (which culls a third of its entries when full)."""
    redis_url = env_str("REDIS_URL")
    if redis_url:
        redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
        return {
            "default": {**redis, "KEY_PREFIX": "poortwachter"},
            "statistics": {**redis, "KEY_PREFIX": "poortwachter-statistics"},
        }
    # Shared between processes (lockouts and rate limits must be), no extra service.
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "poortwachter_cache",
        },
        "statistics": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "poortwachter_statistics_cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }


CACHES = _caches()

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    # OWASP minimum parameters (issue 21); verifies and upgrades hashes made with Django's.
    "poortwachter.accounts.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "account_login"

# --- django-allauth: accounts are issued, never self-made (R-ACC-1) -------------------
ACCOUNT_ADAPTER = "poortwachter.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False  # a reset never signs anyone in (ASVS 6.4.3)
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
# Accounts are issued; mail nobody who has none (also no spam relay for strangers).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Poortwachter] "
ACCOUNT_RATE_LIMITS = {
    # Per account, django-axes locks after 10 wrong passwords (below). allauth counts the
    # same action for wrong second-factor codes per user across pending sign-ins, so an
    # attacker who knows the password still gets at most 20 code guesses per 15 minutes.
    "login_failed": "20/m/ip,20/15m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
MFA_ADAPTER = "poortwachter.accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "Poortwachter"
MFA_FORMS = {
    # Code fields for phones: number pad and one-time-code autofill (issue 15).
    "activate_totp": "poortwachter.accounts.forms.CodeActivateTOTPForm",
    "authenticate": "poortwachter.accounts.forms.CodeAuthenticateForm",
    "reauthenticate": "poortwachter.accounts.forms.CodeReauthenticateForm",
}
MFA_TOTP_TOLERANCE = 1
MFA_TRUST_ENABLED = False  # no "remember this device": every sign-in asks the second factor
MFA_PASSKEY_LOGIN_ENABLED = False  # a passkey is a second factor here, after the password
MFA_PASSKEY_SIGNUP_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
# How many wrong second-factor codes one pending sign-in may try before it is destroyed.
POORTWACHTER_MAX_CODE_FAILURES = 5

# --- django-axes: lock an account after repeated wrong passwords (ASVS 2.2.1) --------
# Per account AND source together, with a progressive delay before the lock, so nobody
# elsewhere can lock a doctor out (issue 18, finding 6; accounts/lockout.py).
AXES_HANDLER = "poortwachter.accounts.lockout.DelayingCacheHandler"
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "poortwachter.accounts.lockout.username_from_request"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "poortwachter.accounts.lockout.locked_out_response"
AXES_VERBOSE = False
# Per-IP throttling is allauth's (10 failures a minute per address). Locking a whole
# address after 10 failures would lock out every employee behind one office NAT.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- sessions: idle and absolute time-outs (ASVS 3.3.2) --------------------------------
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Django's cookie-then-session storage, the newest ten messages only (issue 21).
MESSAGE_STORAGE = "poortwachter.core.messages.RecentMessagesStorage"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
POORTWACHTER_SESSION_IDLE_SECONDS = env_int("POORTWACHTER_SESSION_IDLE_SECONDS", 30 * 60)
POORTWACHTER_SESSION_ABSOLUTE_SECONDS = env_int(
    "POORTWACHTER_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60
)
SESSION_COOKIE_AGE = POORTWACHTER_SESSION_ABSOLUTE_SECONDS
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "poortwachter.web.views.errors.csrf_failure"

# --- headers ----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "publickey-credentials-get": ["self"],
    "publickey-credentials-create": ["self"],
}

# --- periodic security report: dynamic scan and dependency audit (R-SEC-2, issue 18) --
#: The running instance the weekly report scans with Wapiti (empty: the scan does not run,
#: and the report says so). Point it at a staging copy with synthetic data: the scanner
#: submits forms with attack strings.
POORTWACHTER_DAST_URL = env_str("POORTWACHTER_DAST_URL", "") or ""
#: E-mail addresses of the scan accounts, one per role, each with a second factor; the
#: scan makes a session for each and ends it afterwards.
POORTWACHTER_DAST_ACCOUNTS = env_list("POORTWACHTER_DAST_ACCOUNTS", [])
POORTWACHTER_DAST_SCANNER = env_str("POORTWACHTER_DAST_SCANNER", "wapiti") or "wapiti"
POORTWACHTER_DAST_MODULES = (
    env_str(
        "POORTWACHTER_DAST_MODULES",
        "xss,permanentxss,sql,exec,file,redirect,crlf,csrf,http_headers,cookieflags,csp,methods",
    )
    or "http_headers"
)
#: Per scan account: the crawl, and each module's attacks (Wapiti's --max-scan-time and
#: --max-attack-time); a role's scan is stopped after both plus a minute.
POORTWACHTER_DAST_MAX_SECONDS = env_int("POORTWACHTER_DAST_MAX_SECONDS", 300)
POORTWACHTER_DAST_MAX_ATTACK_SECONDS = env_int("POORTWACHTER_DAST_MAX_ATTACK_SECONDS", 60)
POORTWACHTER_DAST_DEPTH = env_int("POORTWACHTER_DAST_DEPTH", 5)
#: Wapiti's -S: how many URLs and forms it attacks (paranoid, sneaky, polite, normal, ...).
POORTWACHTER_DAST_FORCE = env_str("POORTWACHTER_DAST_FORCE", "normal") or "normal"
#: A local mirror of an advisory database in OSV format (a directory of *.json, or
#: osv.dev's PyPI all.zip) for the dependency audit; empty: the audit does not run.
POORTWACHTER_ADVISORY_DB = env_str("POORTWACHTER_ADVISORY_DB", "") or ""

# --- API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Only a session that passed the second factor authenticates; there are no API
    # tokens or Basic auth that could skip it (R-SEC-1; SECURITY.md pattern 7).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "poortwachter.api.authentication.SecondFactorSessionAuthentication"
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "poortwachter.api.pagination.StrictPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "poortwachter.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "600/minute", "integration_token": "60/minute"},
}
DRF_STANDARDIZED_ERRORS = {
    "EXCEPTION_HANDLER_CLASS": "poortwachter.api.exceptions.DomainExceptionHandler",
    "ERROR_SCHEMAS": {"403": "poortwachter.api.schema.ErrorResponse403Serializer"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Poortwachter API",
    "DESCRIPTION": (
        "Absence management API. Every call needs a session that passed the second factor."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Only roles the API serves read its description (issue 18; api/permissions.py).
    "SERVE_PERMISSIONS": ["poortwachter.api.permissions.UsesTheApi"],
    "ENUM_NAME_OVERRIDES": {
        name: f"drf_standardized_errors.openapi_serializers.{name}.choices"
        for name in (
            "ValidationErrorEnum",
            "ClientErrorEnum",
            "ServerErrorEnum",
            "ErrorCode401Enum",
            "ErrorCode404Enum",
            "ErrorCode405Enum",
            "ErrorCode406Enum",
            "ErrorCode415Enum",
            "ErrorCode429Enum",
            "ErrorCode500Enum",
        )
    }
    | {
        # Two choice sets share the field name ``expected_duration``.
        "SickReportExpectedDurationEnum": "poortwachter.absences.models.ExpectedDuration",
        "AdviceExpectedDurationEnum": "poortwachter.absences.models.AdviceDuration",
        "ErrorCode403Enum": "poortwachter.api.schema.Forbidden403Code",
        "RoleEnum": "poortwachter.core.roles.Role",
        "MilestoneRoleEnum": "poortwachter.reintegration.timeline.ROLES",
    },
    "POSTPROCESSING_HOOKS": ["drf_standardized_errors.openapi_hooks.postprocess_schema_enums"],
}

# --- language and time ------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise expects it, even before collectstatic
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("POORTWACHTER_FROM_EMAIL", "poortwachter@localhost")

# --- task queue: django-tasks with its database backend (``poortwachter demo`` and
# production run ``db_worker`` beside the web server) ------------------------------------
# Webhooks take only https:// addresses; tests allow http to their own recording server
# (issue 20).
POORTWACHTER_WEBHOOK_ALLOW_HTTP = False

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# --- the access log's sealer (issue 21, SECURITY.md G10) ----------------------------------
#: Where each sealed batch's checkpoint is appended, off the database host: a directory on
#: separate storage (append-only mount, WORM bucket or a host of its own). Empty: the
#: checkpoints stay in the database only, and ``verify-audit`` says so.
AUDIT_CHECKPOINT_DIR = env_str("POORTWACHTER_AUDIT_CHECKPOINT_DIR", "")
#: How often the scheduler seals the committed events, in seconds.
AUDIT_SEAL_INTERVAL_SECONDS = env_int("POORTWACHTER_AUDIT_SEAL_INTERVAL_SECONDS", 5)
#: ``verify-audit`` fails when an event stayed unsealed, or a checkpoint stayed in the
#: database only, longer than this (seconds).
AUDIT_UNSEALED_MAX_AGE_SECONDS = env_int("POORTWACHTER_AUDIT_UNSEALED_MAX_AGE_SECONDS", 300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"poortwachter": {"level": "INFO"}},
}
