"""AES-256-GCM sealing: what goes in comes out, and only with the same key and the same
associated data; anything altered, truncated or of an unknown format is refused."""

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given
from hypothesis import strategies as st

from poortwachter.medical.crypto import (
    FORMAT_VERSION,
    KEY_BYTES,
    NONCE_BYTES,
    DecryptionError,
    new_data_key,
    seal,
    unseal,
)

AAD = b"medical_consultation|notes|00000000-0000-4000-8000-000000000001"


def test_a_data_key_is_32_random_bytes():
    keys = {new_data_key() for _ in range(20)}
    assert len(keys) == 20
    assert all(isinstance(key, bytes) and len(key) == KEY_BYTES == 32 for key in keys)


@given(plaintext=st.binary(max_size=4096), aad=st.binary(max_size=200))
def test_it_round_trips(plaintext, aad):
    key = new_data_key()
    assert unseal(key, seal(key, plaintext, aad=aad), aad=aad) == plaintext


def test_the_blob_is_version_nonce_then_ciphertext_and_tag():
    key = new_data_key()
    blob = seal(key, b"Synthetische notitie", aad=AAD)
    assert blob[0] == FORMAT_VERSION == 1
    assert len(blob) == 1 + NONCE_BYTES + len(b"Synthetische notitie") + 16
    nonce, ciphertext = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    # Plain AES-GCM underneath, nothing home-made.
    assert AESGCM(key).decrypt(nonce, ciphertext, AAD) == b"Synthetische notitie"


def test_the_same_plaintext_seals_differently_each_time():
    key = new_data_key()
    assert seal(key, b"x", aad=AAD) != seal(key, b"x", aad=AAD)


def test_it_does_not_contain_the_plaintext():
    blob = seal(new_data_key(), b"CANARY-burn-out-klachten", aad=AAD)
    assert b"CANARY" not in blob


def test_a_wrong_key_fails():
    blob = seal(new_data_key(), b"geheim", aad=AAD)
    with pytest.raises(DecryptionError):
        unseal(new_data_key(), blob, aad=AAD)


@pytest.mark.parametrize(
    "other_aad",
    [
        b"medical_consultation|notes|00000000-0000-4000-8000-000000000002",  # another row
        b"medical_consultation|other|00000000-0000-4000-8000-000000000001",  # another field
        b"medical_diagnosis|notes|00000000-0000-4000-8000-000000000001",  # another table
        b"",
    ],
)
def test_a_wrong_associated_data_fails(other_aad):
    key = new_data_key()
    blob = seal(key, b"geheim", aad=AAD)
    with pytest.raises(DecryptionError):
        unseal(key, blob, aad=other_aad)


def test_every_tampered_byte_is_detected():
    key = new_data_key()
    blob = seal(key, b"geheim dossier", aad=AAD)
    for index in range(len(blob)):
        tampered = bytearray(blob)
        tampered[index] ^= 0x01
        with pytest.raises(DecryptionError):
            unseal(key, bytes(tampered), aad=AAD)


@pytest.mark.parametrize("cut", [0, 1, 12, 13, 28])
def test_a_truncated_blob_fails(cut):
    key = new_data_key()
    blob = seal(key, b"geheim", aad=AAD)
    with pytest.raises(DecryptionError):
        unseal(key, blob[:cut], aad=AAD)


def test_an_unknown_version_fails():
    key = new_data_key()
    blob = seal(key, b"geheim", aad=AAD)
    with pytest.raises(DecryptionError):
        unseal(key, bytes([2]) + blob[1:], aad=AAD)


def test_a_memoryview_from_the_database_opens():
    key = new_data_key()
    assert unseal(key, memoryview(seal(key, b"ok", aad=AAD)), aad=AAD) == b"ok"  # type: ignore[arg-type]


@pytest.mark.parametrize("key", [b"", b"k" * 16, b"k" * 31, b"k" * 33])
def test_only_256_bit_keys_are_accepted(key):
    with pytest.raises(ValueError, match="32 bytes"):
        seal(key, b"x", aad=AAD)
    with pytest.raises(DecryptionError):
        unseal(key, b"\x01" + b"\x00" * 40, aad=AAD)


def test_the_error_message_reveals_nothing():
    key = new_data_key()
    blob = seal(key, b"CANARY-diagnose", aad=AAD)
    with pytest.raises(DecryptionError) as caught:
        unseal(new_data_key(), blob, aad=AAD)
    assert "CANARY" not in str(caught.value)
    assert key.hex() not in str(caught.value)
