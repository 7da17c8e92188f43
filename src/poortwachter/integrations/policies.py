"""Who manages an employer's integrations, and what a machine client may reach (issue 20;
R-AUTHZ-1). Clients and webhooks are the employer administrator's, for their own
employer only; a client reaches only its own employer, with its own scopes, and never
anything medical (there is no medical scope)."""

from typing import TypeVar

from django.db.models import Model, QuerySet

from poortwachter.core.actor import Actor
from poortwachter.core.errors import NotFound
from poortwachter.core.roles import Role
from poortwachter.integrations.models import ClientKey, MachineClient, Webhook, WebhookDelivery
from poortwachter.organisations.models import Employer

_Row = TypeVar("_Row", bound=Model)


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


def _get_managed(actor: Actor, employer_id: int, rows: QuerySet[_Row]) -> _Row:
    """The one row of ``rows`` (already narrowed to the employer) when the actor manages
    that employer's integrations; not found otherwise, so existence is not revealed."""
    row = rows.first() if can_manage_integrations(actor, employer_id) else None
    if row is None:
        raise NotFound
    return row


def employer_for(actor: Actor, employer_id: int) -> Employer:
    return _get_managed(actor, employer_id, Employer.objects.filter(pk=employer_id))


def get_client_for(actor: Actor, employer: Employer, client_pk: int) -> MachineClient:
    rows = MachineClient.objects.filter(pk=client_pk, employer=employer)
    return _get_managed(actor, employer.pk, rows)


def get_key_for(actor: Actor, client: MachineClient, key_pk: int) -> ClientKey:
    rows = ClientKey.objects.filter(pk=key_pk, client=client)
    return _get_managed(actor, client.employer_id, rows)


def get_webhook_for(actor: Actor, employer: Employer, webhook_pk: int) -> Webhook:
    rows = Webhook.objects.filter(pk=webhook_pk, employer=employer)
    return _get_managed(actor, employer.pk, rows)


def get_delivery_for(actor: Actor, webhook: Webhook, delivery_pk: int) -> WebhookDelivery:
    rows = WebhookDelivery.objects.filter(pk=delivery_pk, webhook=webhook)
    return _get_managed(actor, webhook.employer_id, rows)


def export_employer_for(actor: Actor, employer_id: int) -> Employer:
    if not can_export_absence_periods(actor, employer_id):
        raise NotFound
    employer = Employer.objects.filter(pk=employer_id).first()
    if employer is None:
        raise NotFound
    return employer
