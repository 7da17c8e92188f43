"""Secrets the product must use again, encrypted at rest (ASVS V6.4): the TOTP secrets
and recovery-code seeds of the second factor (``accounts.adapters.MFAAdapter``) and the
webhooks' signing secrets (``integrations``).

They cannot be hashed (the product needs them back to check a code or sign a call), so
they are sealed with Fernet (AES-128-CBC with HMAC-SHA256) under a key derived from
``SECRET_KEY`` by HKDF with a label of its own: a copy of the database alone (a leaked
dump, a read-only SQL injection, a restored backup) no longer yields them. The medical
module has its own keys (``medical.keys``); these are not medical data and may not use
them (DESIGN boundary 1).

``SECRET_KEY`` rotation: values sealed under a key in ``SECRET_KEY_FALLBACKS`` are still
opened (keep the old key there as long as such values exist). A value without the
``pw1:`` prefix was written before sealing existed; it is returned as it is (the
migrations ``accounts 0005`` and ``integrations 0003`` sealed every existing one).
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "pw1:"
_LABEL = b"poortwachter secrets at rest v1"


class SecretUnreadable(Exception):
    """A sealed value that no configured key opens (a foreign or damaged value, or a
    ``SECRET_KEY`` that was rotated without keeping the old one as a fallback)."""


@lru_cache(maxsize=8)
def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_LABEL).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    secret_keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(key) for key in secret_keys])


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def seal(plaintext: str) -> str:
    """The value to store: ``pw1:`` and a Fernet token under the current key."""
    return PREFIX + _keys().encrypt(plaintext.encode()).decode()


def unseal(stored: str) -> str:
    """The plaintext of a stored value (see the module's note on unsealed values)."""
    if not is_sealed(stored):
        return stored
    try:
        return _keys().decrypt(stored.removeprefix(PREFIX).encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadable("no configured key opens this secret") from error
