"""AES-256-GCM sealing for medical content (R-MED-1): nothing but ``AESGCM`` underneath.

A sealed blob is ``version (1 byte) || nonce (12 random bytes) || ciphertext + tag``.
The version byte lets a later format coexist with this one; an unknown version is
refused, never guessed. Associated data (``aad``) is authenticated but not stored: the
caller binds a blob to where it belongs (table, field, row), so a blob moved elsewhere
fails to open.
"""

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_VERSION = 1
KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # the GCM standard nonce; random per seal
TAG_BYTES = 16
_HEADER_BYTES = 1 + NONCE_BYTES


class DecryptionError(Exception):
    """A blob did not open: wrong key, wrong associated data, tampered, or unknown format.

    The message never contains key material or plaintext, and deliberately does not say
    which of those it was.
    """


def new_data_key() -> bytes:
    """A fresh random 256-bit key."""
    return os.urandom(KEY_BYTES)


def seal(key: bytes, plaintext: bytes, *, aad: bytes) -> bytes:
    """Encrypt and authenticate ``plaintext`` under ``key``, bound to ``aad``."""
    if not _is_key(key):
        raise ValueError(f"A key must be {KEY_BYTES} bytes.")
    nonce = os.urandom(NONCE_BYTES)
    return bytes([FORMAT_VERSION]) + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def unseal(key: bytes, blob: bytes, *, aad: bytes) -> bytes:
    """Open a blob made by :func:`seal`; raise :class:`DecryptionError` on any failure."""
    if not _is_key(key):
        raise DecryptionError(f"A key must be {KEY_BYTES} bytes.")
    blob = bytes(blob)  # database drivers may hand out memoryview
    if len(blob) < _HEADER_BYTES + TAG_BYTES or blob[0] != FORMAT_VERSION:
        raise DecryptionError("Unknown or truncated ciphertext format.")
    nonce, ciphertext = blob[1:_HEADER_BYTES], blob[_HEADER_BYTES:]
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except InvalidTag:
        raise DecryptionError("Ciphertext does not authenticate.") from None


def _is_key(key: object) -> bool:
    return isinstance(key, bytes | bytearray) and len(key) == KEY_BYTES
