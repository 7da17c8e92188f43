"""Sending one webhook delivery (issue 20), on the task worker only: a signed POST with a
short timeout; a refusal or no answer is retried with exponential backoff (1, 2, 4, ...
minutes, eight attempts in all), then the delivery is marked failed. The administrator
sees each in the delivery log and can replay it."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings

from poortwachter.core import clock
from poortwachter.integrations.models import DeliveryStatus, WebhookDelivery
from poortwachter.integrations.signing import HEADER, sign

MAX_ATTEMPTS = 8
TIMEOUT_SECONDS = 10


def backoff(attempts: int) -> dt.timedelta:
    """The wait before the next attempt after ``attempts`` failed ones."""
    return dt.timedelta(minutes=2 ** max(attempts - 1, 0))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()


def public_address(url: str) -> bool:
    """Whether every address the URL's host resolves to is a public one: no loopback,
    private, link-local or reserved network (the server's own neighbourhood). Checked
    at each attempt, so a name that later points inward is refused then too. Tests
    that deliver to their own local recorder turn it off with
    ``POORTWACHTER_WEBHOOK_ALLOW_HTTP``."""
    if settings.POORTWACHTER_WEBHOOK_ALLOW_HTTP:
        return True
    host = urlsplit(url).hostname
    if not host:
        return False
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False
    return bool(infos) and all(
        ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]).is_global for info in infos
    )


def _post(url: str, body: bytes, signature: str) -> int:
    if not public_address(url):
        return 0
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked at registration
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", HEADER: signature},
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, OSError):
        return 0


def attempt(delivery_id: int) -> WebhookDelivery | None:
    """One attempt; returns the delivery, ``None`` when there is nothing (more) to send."""
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return None
    if not delivery.webhook.active:
        delivery.status = DeliveryStatus.FAILED
        delivery.save(update_fields=["status"])
        return delivery
    body = body_of(delivery)
    status = _post(
        delivery.webhook.url, body, sign(delivery.webhook.signing_secret(), body, int(time.time()))
    )
    delivery.attempts += 1
    delivery.last_status_code = status or None
    if 200 <= status < 300:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, clock.now()
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        delivery.next_attempt_at = clock.now() + backoff(delivery.attempts)
    delivery.save(
        update_fields=["attempts", "last_status_code", "status", "delivered_at", "next_attempt_at"]
    )
    return delivery
