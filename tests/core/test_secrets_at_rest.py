"""Secrets the product uses again are sealed at rest (ASVS V6.4; docs/security.md): the
second factor's TOTP secret and recovery-code seed, and a webhook's signing secret. A copy
of the database alone no longer yields them; the product still signs in and signs."""

import importlib
import secrets

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.apps import apps as global_apps
from django.db import connection

from poortwachter.accounts.allauth_internals import generate_totp_secret
from poortwachter.core.secrets_at_rest import PREFIX, SecretUnreadable, is_sealed, seal, unseal
from poortwachter.integrations import services as integrations
from poortwachter.integrations import signing
from poortwachter.integrations.models import Webhook
from tests.factories import PASSWORD
from tests.helpers import totp_code

SECOND_FACTOR = "/accounts/2fa/authenticate/"


def test_a_sealed_value_opens_and_does_not_show_the_plaintext():
    plaintext = generate_totp_secret()
    sealed = seal(plaintext)
    assert sealed.startswith(PREFIX)
    assert plaintext not in sealed
    assert seal(plaintext) != sealed  # a fresh IV each time
    assert unseal(sealed) == plaintext


def test_only_the_configured_keys_open_a_sealed_value(settings):
    sealed = seal("geheim")
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    settings.SECRET_KEY_FALLBACKS = [secrets.token_urlsafe(50)]
    with pytest.raises(SecretUnreadable):
        unseal(sealed)


def test_a_rotated_secret_key_kept_as_fallback_still_opens(settings):
    sealed = seal("geheim")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    assert unseal(sealed) == "geheim"
    assert unseal(seal("nieuw")) == "nieuw"


def test_the_totp_secret_is_stored_sealed_and_signing_in_works(world, client):
    stored = Authenticator.objects.get(user=world.hr, type=Authenticator.Type.TOTP)
    assert is_sealed(stored.data["secret"])
    assert world.secrets["hr"] not in str(stored.data)
    client.post("/accounts/login/", {"login": world.hr.email, "password": PASSWORD})
    response = client.post(SECOND_FACTOR, {"code": totp_code(world.secrets["hr"])})
    assert response.status_code == 302


def test_recovery_code_seeds_are_stored_sealed(world):
    codes = RecoveryCodes.activate(world.hr)
    stored = Authenticator.objects.get(pk=codes.instance.pk).data
    assert is_sealed(stored["seed"])
    assert codes.get_unused_codes()  # allauth opens it through the adapter


def test_a_webhook_secret_is_stored_sealed_and_signs(world, actor_of):
    webhook = integrations.webhook_register(
        actor=actor_of("employer_admin"), employer=world.employer, url="https://hook.invalid/h"
    )
    stored = Webhook.objects.get(pk=webhook.pk).secret
    assert is_sealed(stored)
    secret = webhook.signing_secret()
    assert secret not in stored
    assert len(secret) >= 32
    header = signing.sign(secret, b"{}", 1_700_000_000)
    assert signing.verify(secret, b"{}", header, now=1_700_000_000)


@pytest.mark.parametrize(
    ("app", "migration"),
    [
        ("accounts", "0005_second_factor_secrets_sealed"),
        ("integrations", "0003_webhook_secret_sealed"),
    ],
)
def test_the_migrations_seal_what_was_stored_in_the_clear_and_can_go_back(
    world, actor_of, app, migration
):
    module = importlib.import_module(f"poortwachter.{app}.migrations.{migration}")
    webhook = integrations.webhook_register(
        actor=actor_of("employer_admin"), employer=world.employer, url="https://hook.invalid/h"
    )
    totp = Authenticator.objects.get(user=world.hr, type=Authenticator.Type.TOTP)
    # As before sealing existed: the plaintext in the database.
    Webhook.objects.filter(pk=webhook.pk).update(secret=webhook.signing_secret())
    Authenticator.objects.filter(pk=totp.pk).update(
        data={**totp.data, "secret": world.secrets["hr"]}
    )
    editor = connection.schema_editor()
    module.forwards(global_apps, editor)
    module.forwards(global_apps, editor)  # idempotent: nothing is sealed twice
    if app == "integrations":
        value = Webhook.objects.get(pk=webhook.pk).secret
        assert is_sealed(value)
        assert unseal(value) == webhook.signing_secret()
        module.backwards(global_apps, editor)
        assert not is_sealed(Webhook.objects.get(pk=webhook.pk).secret)
    else:
        value = Authenticator.objects.get(pk=totp.pk).data["secret"]
        assert is_sealed(value)
        assert unseal(value) == world.secrets["hr"]
        module.backwards(global_apps, editor)
        assert Authenticator.objects.get(pk=totp.pk).data["secret"] == world.secrets["hr"]
