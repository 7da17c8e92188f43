"""The one module that reaches into django-allauth's internal packages.

allauth is pinned below its next major version (pyproject.toml); its ``internal``
modules may change in any release, so every use of them goes through the names below.
When allauth is upgraded, this file (and the sign-in tests) is what to check.
"""

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY as AUTHENTICATION_METHODS_USER_SESSION_KEY,
)
from allauth.account.internal.flows.login import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
    record_authentication,
)
from allauth.account.internal.stagekit import clear_login
from allauth.account.internal.userkit import user_id_to_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

__all__ = [
    "AUTHENTICATION_METHODS_SESSION_KEY",
    "AUTHENTICATION_METHODS_USER_SESSION_KEY",
    "TOTP",
    "RecoveryCodes",
    "clear_login",
    "format_hotp_value",
    "generate_totp_secret",
    "get_authentication_records",
    "hotp_value",
    "record_authentication",
    "user_id_to_str",
    "yield_hotp_counters_from_time",
]
