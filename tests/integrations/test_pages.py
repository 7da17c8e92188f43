"""The employer administrator's integration pages (issue 20; R-AUTHZ-1, R-SEC-1): reached
by clicking from their home, a client issued with a public key after a recent second
factor, rotated and revoked; a webhook registered (its secret shown once), its delivery
log and a replay. Other roles and employers: docs/access-matrix.md and its test."""

import time

from cryptography.hazmat.primitives import serialization
from django.test import override_settings

from poortwachter.absences.services import sick_report_create
from poortwachter.accounts.allauth_internals import AUTHENTICATION_METHODS_SESSION_KEY
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.integrations.models import MachineClient, Webhook, WebhookDelivery
from tests.absences.conftest import sick_input
from tests.helpers import IMMEDIATE_TASKS
from tests.integrations.helpers import ec_key, public_pem, rsa_key


def test_from_the_home_to_a_client_rotation_and_revocation(world, client_for):
    http = client_for("employer_admin")
    home = http.get("/", follow=True)
    link = f'href="/werkgever/{world.employer.pk}/koppelingen/"'
    assert link in home.content.decode()
    base = f"/werkgever/{world.employer.pk}/koppelingen/"
    form = {"name": "Salarispakket", "scopes": ["absences:read", "employees:write"],
            "public_key": public_pem(ec_key())}  # fmt: skip
    response = http.post(base + "nieuw/", form)
    assert response.status_code == 302
    client = MachineClient.objects.get(employer=world.employer)
    assert client.scopes == ["absences:read", "employees:write"]
    page = http.get(base).content.decode()
    assert client.client_id in page
    response = http.post(f"{base}{client.pk}/sleutel/", {"public_key": public_pem(rsa_key())})
    assert response.status_code == 302
    assert client.keys.filter(retired_at__isnull=True).count() == 2
    old = client.keys.get(algorithm="ES256")
    http.post(f"{base}{client.pk}/sleutel/{old.pk}/intrekken/")
    assert client.keys.filter(retired_at__isnull=True).count() == 1
    http.post(f"{base}{client.pk}/intrekken/")
    client.refresh_from_db()
    assert client.revoked_at is not None


def test_a_medical_word_a_private_key_or_no_scope_is_refused_on_the_form(world, client_for):
    http = client_for("employer_admin")
    url = f"/werkgever/{world.employer.pk}/koppelingen/nieuw/"
    key = ec_key()
    private = key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    ).decode()
    response = http.post(url, {"name": "Burn-out registratie", "public_key": private})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "scopes" in errors
    response = http.post(url, {"name": "Salaris", "scopes": ["absences:read"],
                               "public_key": private})  # fmt: skip
    assert "privésleutel" in str(response.context["form"].errors["public_key"])
    response = http.post(url, {"name": "Burn-out registratie", "scopes": ["absences:read"],
                               "public_key": public_pem(key)})  # fmt: skip
    assert "gezondheidsgegevens" in str(response.context["form"].errors["name"])
    assert not MachineClient.objects.exists()


def test_issuing_asks_for_the_second_factor_again_when_it_is_not_recent(world, client_for):
    http = client_for("employer_admin")
    session = http.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] = time.time() - 3600
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()
    for path in ("nieuw/", "webhooks/nieuw/"):
        response = http.get(f"/werkgever/{world.employer.pk}/koppelingen/{path}")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
    form = {"name": "Salaris", "scopes": ["absences:read"], "public_key": public_pem(ec_key())}
    http.post(f"/werkgever/{world.employer.pk}/koppelingen/nieuw/", form)
    assert not MachineClient.objects.exists()


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_a_webhook_secret_is_shown_once_and_the_log_replays(world, client_for):
    http = client_for("employer_admin")
    base = f"/werkgever/{world.employer.pk}/koppelingen/"
    assert http.post(base + "webhooks/nieuw/", {"url": "http://x.example/h"}).status_code == 200
    response = http.post(base + "webhooks/nieuw/", {"url": "https://hook.invalid/h"})
    assert response.status_code == 302
    webhook = Webhook.objects.get(employer=world.employer)
    assert webhook.signing_secret() in http.get(base).content.decode()
    assert webhook.signing_secret() not in http.get(base).content.decode()
    sick_report_create(actor=actor_for_user(world.hr), employee=world.own_employee,
                       data=sick_input())  # fmt: skip
    delivery = WebhookDelivery.objects.get(webhook=webhook)
    log = http.get(f"{base}webhooks/{webhook.pk}/").content.decode()
    assert "absence.started" in log
    response = http.post(f"{base}webhooks/{webhook.pk}/{delivery.pk}/opnieuw/")
    assert response.status_code == 302
    assert WebhookDelivery.objects.filter(webhook=webhook, event_id=delivery.event_id).count() == 2


def test_a_disabled_webhook_gets_no_more_events(world, client_for):
    http = client_for("employer_admin")
    base = f"/werkgever/{world.employer.pk}/koppelingen/"
    http.post(base + "webhooks/nieuw/", {"url": "https://hook.invalid/h"})
    webhook = Webhook.objects.get(employer=world.employer)
    assert http.post(f"{base}webhooks/{webhook.pk}/uitschakelen/").status_code == 302
    sick_report_create(actor=actor_for_user(world.hr), employee=world.own_employee,
                       data=sick_input())  # fmt: skip
    assert not WebhookDelivery.objects.exists()
