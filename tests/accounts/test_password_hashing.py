"""Password hashing at OWASP's Argon2id minimum, m = 19 MiB, t = 2, p = 1, not Django's
100 MiB with eight threads (issue 21: a sign-in lifted a web worker by ~100 MiB). Hashes
made with the old parameters still verify and are upgraded at the next sign-in."""

import argon2
from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2
from django.contrib.auth.hashers import check_password, make_password

from poortwachter.accounts.hashers import Argon2PasswordHasher
from poortwachter.config.settings import base
from tests.factories import PASSWORD, UserFactory

PRODUCTION_HASHERS = [
    "poortwachter.accounts.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def _parameters(encoded: str) -> argon2.Parameters:
    return argon2.extract_parameters("$" + encoded.split("$", 1)[1])


def test_production_settings_use_owasp_parameters(settings):
    assert base.PASSWORD_HASHERS[0] == PRODUCTION_HASHERS[0]
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    params = _parameters(make_password(PASSWORD))
    assert (params.type, params.memory_cost, params.time_cost, params.parallelism) == (
        argon2.Type.ID, 19 * 1024, 2, 1,
    )  # fmt: skip
    assert params.memory_cost < DjangoArgon2.memory_cost  # 100 MiB before


def test_an_old_hash_still_verifies_and_is_upgraded_at_sign_in(settings, db):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    old = DjangoArgon2().encode(PASSWORD, DjangoArgon2().salt())
    assert _parameters(old).memory_cost == 102400
    user = UserFactory()
    user.password = old
    user.save(update_fields=["password"])
    assert user.check_password("wrong") is False
    user.refresh_from_db()
    assert user.password == old  # a failed check changes nothing
    assert user.check_password(PASSWORD) is True
    user.refresh_from_db()
    assert user.password != old
    assert _parameters(user.password).memory_cost == Argon2PasswordHasher.memory_cost
    assert check_password(PASSWORD, user.password)
    assert not Argon2PasswordHasher().must_update(user.password)
