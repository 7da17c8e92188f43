"""Who manages an employer's integrations, and what a machine client may reach (issue 20;
R-AUTHZ-1). Clients and webhooks are the employer administrator's, for their own
employer only; a client reaches only its own employer, with its own scopes, and never
anything medical (there is no medical scope)."""

from poortwachter.core.actor import Actor
from poortwachter.core.errors import NotFound
from poortwachter.core.roles import Role
from poortwachter.integrations.models import ClientKey, MachineClient, Webhook, WebhookDelivery
from poortwachter.organisations.models import Employer


def can_open_integration_pages(actor: Actor) -> bool:
    """Route gate; which employer is decided by ``can_manage_integrations``."""
    return actor.has_role(Role.EMPLOYER_ADMIN)


def can_manage_integrations(actor: Actor, employer_id: int) -> bool:
    return actor.holds(Role.EMPLOYER_ADMIN, employer_id)


def can_open_export_page(actor: Actor) -> bool:
    """Route gate of the payroll export; which employer: ``can_export_absence_periods``."""
    return actor.has_role(Role.HR, Role.EMPLOYER_ADMIN)


def can_export_absence_periods(actor: Actor, employer_id: int) -> bool:
    """Payroll's export: HR and the employer administrator of the employer."""
    return actor.holds(Role.HR, employer_id) or actor.holds(Role.EMPLOYER_ADMIN, employer_id)


def employer_for(actor: Actor, employer_id: int) -> Employer:
    if not can_manage_integrations(actor, employer_id):
        raise NotFound
    employer = Employer.objects.filter(pk=employer_id).first()
    if employer is None:
        raise NotFound
    return employer


def get_client_for(actor: Actor, employer: Employer, client_pk: int) -> MachineClient:
    if not can_manage_integrations(actor, employer.pk):
        raise NotFound
    client = MachineClient.objects.filter(pk=client_pk, employer=employer).first()
    if client is None:
        raise NotFound
    return client


def get_key_for(actor: Actor, client: MachineClient, key_pk: int) -> ClientKey:
    if not can_manage_integrations(actor, client.employer_id):
        raise NotFound
    key = ClientKey.objects.filter(pk=key_pk, client=client).first()
    if key is None:
        raise NotFound
    return key


def get_webhook_for(actor: Actor, employer: Employer, webhook_pk: int) -> Webhook:
    if not can_manage_integrations(actor, employer.pk):
        raise NotFound
    webhook = Webhook.objects.filter(pk=webhook_pk, employer=employer).first()
    if webhook is None:
        raise NotFound
    return webhook


def get_delivery_for(actor: Actor, webhook: Webhook, delivery_pk: int) -> WebhookDelivery:
    if not can_manage_integrations(actor, webhook.employer_id):
        raise NotFound
    delivery = WebhookDelivery.objects.filter(pk=delivery_pk, webhook=webhook).first()
    if delivery is None:
        raise NotFound
    return delivery


def export_employer_for(actor: Actor, employer_id: int) -> Employer:
    if not can_export_absence_periods(actor, employer_id):
        raise NotFound
    employer = Employer.objects.filter(pk=employer_id).first()
    if employer is None:
        raise NotFound
    return employer
