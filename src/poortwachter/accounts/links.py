"""Absolute links that go out by e-mail. The base address is configuration, never taken
from the request's Host header (which an attacker could set: host-header poisoning of
reset links)."""

from urllib.parse import quote

from allauth.account import app_settings as allauth_settings
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse

from poortwachter.accounts.models import User


def absolute(path: str) -> str:
    return str(settings.POORTWACHTER_BASE_URL).rstrip("/") + path


def set_password_url(user: User) -> str:
    token = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    key = f"{user_pk_to_url_str(user)}-{token}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    return absolute(path.replace("UID-KEY", quote(key)))
