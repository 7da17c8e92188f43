"""Notifications for events of apps below this one (the layers contract keeps accounts
from importing notifications): the accounts services send a signal inside their
transaction, and these receivers turn it into the content-free notification."""

from django.urls import reverse

from poortwachter.accounts import events
from poortwachter.notifications.models import Kind
from poortwachter.notifications.services import notify


def _role_request_filed(sender, *, role_request, recipients, **kwargs) -> None:
    notify(recipients=recipients, kind=Kind.ROLE_REQUEST, link=reverse("accounts:role_requests"))


def _role_request_decided(sender, *, role_request, **kwargs) -> None:
    notify(
        recipients=[role_request.requested_by_id],
        kind=Kind.ROLE_REQUEST_DECIDED,
        link=reverse("accounts:role_requests"),
    )


def connect() -> None:
    events.role_request_filed.connect(_role_request_filed, dispatch_uid="notify-role-request")
    events.role_request_decided.connect(
        _role_request_decided, dispatch_uid="notify-role-request-decided"
    )
