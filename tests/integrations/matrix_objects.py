"""Integration objects for the access matrix (tests/test_access_matrix.py; issue 20): a
machine client with its key, a webhook and one delivery for employer A and for B."""

import secrets

from poortwachter.core import clock
from poortwachter.integrations.models import ClientKey, MachineClient, Webhook, WebhookDelivery
from tests.integrations.helpers import ec_key, public_pem


def _objects(employer, name: str) -> dict[str, int]:
    client = MachineClient.objects.create(
        employer=employer, name="Salaris", client_id=f"pw-matrix-{name}",
        scopes=["absences:read"],
    )  # fmt: skip
    key = ClientKey.objects.create(
        client=client, kid=f"kid-{name}", algorithm="ES256", public_key_pem=public_pem(ec_key())
    )
    webhook = Webhook.objects.create(
        employer=employer, url=f"https://{name}.example/hook", secret=secrets.token_urlsafe(16)
    )
    delivery = WebhookDelivery.objects.create(
        webhook=webhook, event_id=f"e-{name}", event_type="absence.started",
        payload={"id": f"e-{name}"}, status="delivered", created_at=clock.now(),
    )  # fmt: skip
    return {
        f"client_{name}": client.pk,
        f"key_{name}": key.pk,
        f"webhook_{name}": webhook.pk,
        f"delivery_{name}": delivery.pk,
    }


def integration_objects(world) -> dict[str, int]:
    return {**_objects(world.employer, "own"), **_objects(world.other_employer, "other")}
