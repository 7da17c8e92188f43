"""Machine clients, tokens, the bulk upsert and webhooks (issue 20; R-AUTHZ-1, R-SEC-1,
R-MED-1).

A client is issued by the employer administrator with a public key; it asks for an
access token with an assertion signed by its private key (OAuth 2.0 ``private_key_jwt``,
RFC 7523) and gets one for ten minutes. Every token issued, refused and used is in the
access log with the client as actor. The upsert reuses the employee import's checks
(``imports.services.records_upsert``). Webhook events are recorded in the transaction of
the change and sent by the task worker (``tasks.deliver``), never inside a request."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

import jwt
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from poortwachter.absences.models import SickReport
from poortwachter.audit.models import Action, Outcome
from poortwachter.audit.services import audit_record
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, ServiceError, field_errors
from poortwachter.core.secrets_at_rest import seal
from poortwachter.imports.models import Outcome as RowOutcome
from poortwachter.imports.services import records_upsert
from poortwachter.integrations import tasks
from poortwachter.integrations.keys import BadKey, parse_public_key
from poortwachter.integrations.models import (
    AccessToken,
    ClientKey,
    IdempotentRequest,
    MachineClient,
    Scope,
    UsedAssertion,
    Webhook,
    WebhookDelivery,
)
from poortwachter.integrations.policies import can_manage_integrations
from poortwachter.organisations.models import Employee, Employer
from poortwachter.textguard import MedicalTextError, validate_no_medical_text

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
TOKEN_SECONDS = 600
#: An assertion may be valid for at most this long (its ``exp`` after now).
MAX_ASSERTION_SECONDS = 300
LEEWAY_SECONDS = 30
#: Active keys a client may hold at once: the current one and its successor.
MAX_ACTIVE_KEYS = 2
IDEMPOTENCY_DAYS = 1
MAX_UPSERT_RECORDS = 1000


def _key_message(code: str) -> str:
    return {
        "private": _("Dit is een privésleutel. Upload alleen de publieke sleutel."),
        "unreadable": _("Dit is geen leesbare publieke sleutel (PEM of JWK)."),
        "algorithm": _("Gebruik een EC-sleutel op P-256 (ES256) of een RSA-sleutel (RS256)."),
        "weak": _("Een RSA-sleutel moet minstens 2048 bits lang zijn."),
    }[code]


def client_actor(client: MachineClient, *, request_id: str = "", remote_addr: str = "") -> Actor:
    return Actor.machine_client(
        client_id=client.pk, employer_id=client.employer_id, label=client.client_id,
        scopes=client.scopes, request_id=request_id, remote_addr=remote_addr,
    )  # fmt: skip


def _check(actor: Actor, employer_id: int) -> None:
    if not can_manage_integrations(actor, employer_id):
        raise Forbidden(_("U mag de koppelingen van deze werkgever niet beheren."))


# --- clients and keys -----------------------------------------------------------------


def _key_from(client: MachineClient, public_key: str) -> ClientKey:
    try:
        algorithm, pem, kid = parse_public_key(public_key)
    except BadKey as bad:
        raise field_errors(public_key=_key_message(bad.code)) from None
    if client.pk and client.keys.filter(kid=kid).exists():
        raise field_errors(public_key=_("Deze sleutel is al geregistreerd voor deze koppeling."))
    return ClientKey(client=client, kid=kid, algorithm=algorithm, public_key_pem=pem)


@transaction.atomic
def client_issue(
    *, actor: Actor, employer: Employer, name: str, scopes: list[str], public_key: str
) -> MachineClient:
    """A new client with its first key; employer-side scopes only (there is no other)."""
    _check(actor, employer.pk)
    chosen = sorted(set(scopes))
    if not chosen or any(scope not in Scope.values for scope in chosen):
        raise field_errors(scopes=_("Kies ten minste één toegestane bevoegdheid."))
    try:
        validate_no_medical_text(name)
    except MedicalTextError:
        raise field_errors(
            name=_("Deze tekst lijkt gezondheidsgegevens te noemen; die horen hier niet.")
        ) from None
    client = MachineClient(
        employer=employer, name=name.strip()[:100], client_id=f"pw-{uuid.uuid4().hex}",
        scopes=chosen, created_by_id=actor.user_id,
    )  # fmt: skip
    key = _key_from(client, public_key)
    client.save()
    key.client = client
    key.save()
    audit_record(
        actor=actor, action=Action.CREATE, target=client, employer_id=employer.pk,
        details={"kind": "machine_client", "scopes": ",".join(chosen), "kid": key.kid},
    )  # fmt: skip
    return client


@transaction.atomic
def key_add(*, actor: Actor, client: MachineClient, public_key: str) -> ClientKey:
    """Rotation, step one: the new key beside the old one (at most two active)."""
    _check(actor, client.employer_id)
    if client.revoked_at is not None:
        raise ServiceError(_("Deze koppeling is ingetrokken."))
    if client.keys.filter(retired_at__isnull=True).count() >= MAX_ACTIVE_KEYS:
        raise field_errors(
            public_key=_("Deze koppeling heeft al twee sleutels. Trek eerst de oude in.")
        )
    key = _key_from(client, public_key)
    key.save()
    audit_record(
        actor=actor, action=Action.UPDATE, target=client, employer_id=client.employer_id,
        details={"change": "key_added", "kid": key.kid},
    )  # fmt: skip
    return key


@transaction.atomic
def key_retire(*, actor: Actor, key: ClientKey) -> None:
    """Rotation, step two: the old key no longer signs; the last key cannot go (revoke
    the client instead)."""
    client = key.client
    _check(actor, client.employer_id)
    if key.retired_at is not None:
        return
    if client.keys.filter(retired_at__isnull=True).count() <= 1:
        raise ServiceError(
            _("Dit is de laatste sleutel. Trek de hele koppeling in als die weg moet.")
        )
    key.retired_at = clock.now()
    key.save(update_fields=["retired_at", "updated_at"])
    audit_record(
        actor=actor, action=Action.UPDATE, target=client, employer_id=client.employer_id,
        details={"change": "key_retired", "kid": key.kid},
    )  # fmt: skip


@transaction.atomic
def client_revoke(*, actor: Actor, client: MachineClient) -> None:
    """The client can no longer get a token, and its tokens stop working now."""
    _check(actor, client.employer_id)
    if client.revoked_at is None:
        client.revoked_at = clock.now()
        client.save(update_fields=["revoked_at", "updated_at"])
    AccessToken.objects.filter(client=client).delete()
    audit_record(
        actor=actor, action=Action.REVOKE, target=client, employer_id=client.employer_id,
        details={"kind": "machine_client"},
    )  # fmt: skip


# --- tokens ---------------------------------------------------------------------------


class TokenRefused(Exception):
    """An OAuth error answer: ``error`` is the RFC 6749 code."""

    def __init__(self, error: str, description: str = "") -> None:
        super().__init__(error)
        self.error, self.description = error, description


@dataclass(frozen=True)
class IssuedToken:
    token: str
    scopes: list[str]
    expires_in: int


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _verified_claims(client: MachineClient, assertion: str, audience: str) -> dict[str, Any]:
    header = jwt.get_unverified_header(assertion)
    keys = client.keys.filter(retired_at__isnull=True)
    if header.get("kid"):
        keys = keys.filter(kid=header["kid"])
    for key in keys:
        if header.get("alg") != key.algorithm:
            continue
        try:
            return jwt.decode(
                assertion, key.public_key_pem, algorithms=[key.algorithm], audience=audience,
                issuer=client.client_id, leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "sub", "aud", "exp", "jti"]},
            )  # fmt: skip
        except jwt.InvalidTokenError:
            continue
    raise TokenRefused("invalid_client", "assertion not valid for this client")


def token_issue(
    *, assertion_type: str, assertion: str, audience: str, scope: str = "",
    request_id: str = "", remote_addr: str = "",
) -> IssuedToken:  # fmt: skip
    """An access token for a valid, fresh, unused assertion of an active client."""
    if assertion_type != ASSERTION_TYPE or not assertion:
        raise TokenRefused("invalid_client", "client_assertion required")
    try:
        unverified = jwt.decode(assertion, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        raise TokenRefused("invalid_client", "unreadable assertion") from None
    issuer = unverified.get("iss")
    client = (
        MachineClient.objects.select_related("employer")
        .filter(client_id=issuer, revoked_at__isnull=True)
        .first()
        if isinstance(issuer, str)
        else None
    )
    if client is None:
        raise TokenRefused("invalid_client", "unknown client")
    actor = client_actor(client, request_id=request_id, remote_addr=remote_addr)
    try:
        claims = _verified_claims(client, assertion, audience)
        now = clock.now()
        expires = dt.datetime.fromtimestamp(int(claims["exp"]), tz=dt.UTC)
        if claims.get("sub") != client.client_id:
            raise TokenRefused("invalid_client", "sub must equal the client id")
        if expires > now + dt.timedelta(seconds=MAX_ASSERTION_SECONDS + LEEWAY_SECONDS):
            raise TokenRefused("invalid_client", "assertion lives too long")
        wanted = set(scope.split()) if scope.strip() else set(client.scopes)
        if not wanted <= set(client.scopes):
            raise TokenRefused("invalid_scope", "scope not granted to this client")
        with transaction.atomic():
            UsedAssertion.objects.filter(expires_at__lt=now).delete()
            try:
                with transaction.atomic():
                    UsedAssertion.objects.create(
                        client=client, jti=str(claims["jti"])[:128],
                        expires_at=expires + dt.timedelta(seconds=LEEWAY_SECONDS),
                    )  # fmt: skip
            except IntegrityError:
                raise TokenRefused("invalid_client", "assertion already used") from None
            token = secrets.token_urlsafe(32)
            AccessToken.objects.filter(client=client, expires_at__lt=now).delete()
            AccessToken.objects.create(
                client=client, token_hash=_hash(token), scopes=sorted(wanted), issued_at=now,
                expires_at=now + dt.timedelta(seconds=TOKEN_SECONDS),
            )  # fmt: skip
            audit_record(
                actor=actor, action=Action.SIGN_IN, target=client,
                employer_id=client.employer_id, details={"scopes": ",".join(sorted(wanted))},
            )  # fmt: skip
    except TokenRefused as refused:
        audit_record(
            actor=actor, action=Action.SIGN_IN_FAILED, target=client,
            employer_id=client.employer_id, outcome=Outcome.DENIED,
            details={"reason": refused.error},
        )  # fmt: skip
        raise
    return IssuedToken(token=token, scopes=sorted(wanted), expires_in=TOKEN_SECONDS)


#: Refused calls of one client for one reason are logged at most once per this many
#: seconds: a 401 or 403 is answered before the API's rate limit counts the call, so
#: without it anyone holding an expired token, or a live one without the scope, could
#: write access-log rows without limit (the log is append-only and sealed).
REFUSED_LOG_SECONDS = 60


def _first_refusal_in_window(*parts: object) -> bool:
    """Whether this refusal is the first of its kind in the window (``cache.add`` is
    atomic on the database cache and on Redis)."""
    key = "integration-refused:" + ":".join(str(part) for part in parts)
    return cache.add(key, 1, timeout=REFUSED_LOG_SECONDS)


def _log_dead_token(token: str, *, request_id: str, remote_addr: str) -> None:
    """A call with a token that was issued but has expired is in the access log against
    its client (issue 20: every call of a client), refused; at most once per token per
    ``REFUSED_LOG_SECONDS``. Expired tokens are kept until
    the client's next token or the daily job; revoking a client deletes its tokens (the
    revocation is logged). An unknown token names no client: the API answers 401, as for
    any unauthenticated call."""
    hashed = _hash(token)
    dead = AccessToken.objects.select_related("client").filter(token_hash=hashed).first()
    if dead is None or not _first_refusal_in_window(dead.client_id, "token", hashed[:16]):
        return
    client = dead.client
    actor = Actor.machine_client(
        client_id=client.pk, employer_id=client.employer_id, label=client.client_id,
        scopes=(), request_id=request_id, remote_addr=remote_addr,
    )  # fmt: skip
    audit_record(
        actor=actor, action=Action.SIGN_IN_FAILED, target=client,
        employer_id=client.employer_id, outcome=Outcome.DENIED,
        details={"kind": "integration_call", "reason": "token_expired"},
    )  # fmt: skip


def token_actor(token: str, *, request_id: str = "", remote_addr: str = "") -> Actor | None:
    """The client behind a live access token, with the token's scopes; ``None`` when the
    token is unknown, expired or its client revoked."""
    found = (
        AccessToken.objects.select_related("client")
        .filter(
            token_hash=_hash(token), expires_at__gt=clock.now(), client__revoked_at__isnull=True
        )
        .first()
    )
    if found is None:
        _log_dead_token(token, request_id=request_id, remote_addr=remote_addr)
        return None
    client = found.client
    return Actor.machine_client(
        client_id=client.pk, employer_id=client.employer_id, label=client.client_id,
        scopes=found.scopes, request_id=request_id, remote_addr=remote_addr,
    )  # fmt: skip


def client_employer_id(actor: Actor) -> int:
    """The one employer a machine client acts for."""
    (employer_id,) = actor.employer_ids("machine_client")
    return employer_id


# --- bulk upsert ----------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]


def employees_upsert(
    *, actor: Actor, records: list[dict[str, Any]], idempotency_key: str, body: bytes
) -> Answer:
    """Upsert employees and employments; the same key with the same body gives the same
    answer without a second write, the same key with another body is refused (422)."""
    employer_id = client_employer_id(actor)
    if not actor.client_may(Scope.EMPLOYEES_WRITE, employer_id):
        raise Forbidden(_("Deze koppeling mag geen werknemers bijwerken."))
    body_hash = hashlib.sha256(body).hexdigest()
    with transaction.atomic():
        client = MachineClient.objects.select_for_update().get(pk=cast(int, actor.client_id))
        IdempotentRequest.objects.filter(
            created_at__lt=clock.now() - dt.timedelta(days=IDEMPOTENCY_DAYS)
        ).delete()
        earlier = IdempotentRequest.objects.filter(client=client, key=idempotency_key).first()
        if earlier is not None:
            conflict = earlier.body_hash != body_hash
            _log_repeat(actor, employer_id, earlier, conflict=conflict)
            if conflict:
                message = _("Deze Idempotency-Key is al gebruikt voor een ander verzoek.")
                return Answer(422, {"detail": message})
            return Answer(earlier.status, earlier.response)
        result = records_upsert(
            actor=actor, employer=client.employer, records=records, source="api"
        )
        rows = [
            {
                "index": row.line - 1,
                "personnel_number": row.personnel_number,
                "outcome": row.outcome,
                "employee_id": row.employee_id if row.outcome != RowOutcome.REFUSED else None,
                "reasons": [{"field": label, "message": message} for label, message in row.reasons],
            }
            for row in result.rows
        ]
        answer = Answer(200, {"run": result.run.pk, "counts": result.run.counts, "rows": rows})
        IdempotentRequest.objects.create(
            client=client, key=idempotency_key[:255], body_hash=body_hash,
            status=answer.status, response=json.loads(json.dumps(answer.body, default=str)),
            created_at=clock.now(),
        )  # fmt: skip
    return answer


def _log_repeat(
    actor: Actor, employer_id: int, earlier: IdempotentRequest, *, conflict: bool
) -> None:
    """An upsert answered from its Idempotency-Key is a call too: the same answer shows
    its employees again (a read of them); another body with the key is refused."""
    rows = [] if conflict else earlier.response.get("rows", [])
    audit_record(
        actor=actor, action=Action.READ, employer_id=employer_id,
        outcome=Outcome.DENIED if conflict else Outcome.SUCCESS,
        details={"kind": "employee_upsert", "repeat": True, "run": earlier.response.get("run")},
        subject_employee_ids=None if conflict else [
            row["employee_id"] for row in rows if row.get("employee_id") is not None
        ],
    )  # fmt: skip


#: The action a call of each scope attempts, for the log of a refused call.
_SCOPE_ACTIONS: dict[str, Action] = {
    Scope.EMPLOYEES_WRITE: Action.UPDATE,
    Scope.EMPLOYEES_READ: Action.SEARCH,
    Scope.ABSENCES_READ: Action.SEARCH,
}


def client_call_denied(*, actor: Actor, scope: str) -> None:
    """A call its token's scopes do not allow (403): in the access log like every other
    call of a client (issue 20), with the scope it lacked; at most once per client and
    scope per ``REFUSED_LOG_SECONDS``."""
    if not _first_refusal_in_window(actor.client_id, "scope", scope):
        return
    audit_record(
        actor=actor, action=_SCOPE_ACTIONS.get(scope, Action.READ),
        employer_id=client_employer_id(actor), outcome=Outcome.DENIED,
        details={"kind": "integration_call", "scope": scope},
    )  # fmt: skip


# --- webhooks -------------------------------------------------------------------------


def _url_refusal(url: str) -> str | None:
    allow_http = settings.POORTWACHTER_WEBHOOK_ALLOW_HTTP
    if not (url.startswith("https://") or (allow_http and url.startswith("http://"))):
        return _("Gebruik een adres dat begint met https://.")
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if not allow_http and (host == "localhost" or host.endswith(".localhost") or _inward(host)):
        return _("Gebruik een openbaar adres, niet een adres binnen een eigen netwerk.")
    return None


def _inward(host: str) -> bool:
    """An IP address of the server's own neighbourhood (loopback, private, ...)."""
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return False


@transaction.atomic
def webhook_register(*, actor: Actor, employer: Employer, url: str) -> Webhook:
    """A new webhook; its secret is made here, stored sealed and shown once to the
    administrator (``Webhook.signing_secret``)."""
    _check(actor, employer.pk)
    url = url.strip()
    if refusal := _url_refusal(url):
        raise field_errors(url=refusal)
    webhook = Webhook.objects.create(
        employer=employer,
        url=url,
        secret=seal(secrets.token_urlsafe(32)),
        created_by_id=actor.user_id,
    )
    audit_record(
        actor=actor, action=Action.CREATE, target=webhook, employer_id=employer.pk,
        details={"kind": "webhook"},
    )  # fmt: skip
    return webhook


@transaction.atomic
def webhook_deactivate(*, actor: Actor, webhook: Webhook) -> None:
    _check(actor, webhook.employer_id)
    webhook.active = False
    webhook.save(update_fields=["active", "updated_at"])
    audit_record(
        actor=actor, action=Action.DELETE, target=webhook, employer_id=webhook.employer_id,
        details={"kind": "webhook"},
    )  # fmt: skip


def _record_event(employer_id: int, event_type: str, data: dict[str, Any]) -> None:
    """One delivery per active webhook of the employer, and its job, in the caller's
    transaction: the event exists exactly when the change does."""
    hooks = list(Webhook.objects.filter(employer_id=employer_id, active=True))
    if not hooks:
        return
    now = clock.now()
    event_id = uuid.uuid4().hex
    payload = {
        "id": event_id, "type": event_type, "employer_id": employer_id,
        "occurred_at": now.isoformat(), "data": data,
    }  # fmt: skip
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            webhook=hook,
            event_id=event_id,
            event_type=event_type,
            payload=payload,
            created_at=now,
        )
        for hook in hooks
    )
    for delivery in deliveries:
        tasks.deliver.enqueue(delivery.pk)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def absence_data(report: SickReport) -> dict[str, Any]:
    """Identifiers and dates only: never a cause, a percentage or a note (R-MED-1)."""
    last_day = report.recovered_on - dt.timedelta(days=1) if report.recovered_on else None
    return {
        "absence_id": report.pk,
        "employee_id": report.employee_id,
        "personnel_number": report.employee.personnel_number,
        "start": _day(report.first_sick_day),
        "end": _day(last_day),
    }


def on_absence_changed(
    sender, report: SickReport, kind: str, webhooks: bool | None = None, **kwargs
) -> None:  # fmt: skip
    """``webhooks=False``: the sender read the employer's ``has_webhooks`` in its own
    transaction and it has none; nothing to record and no query (issue 21)."""
    if webhooks is False:
        return
    _record_event(report.employer_id, kind, absence_data(report))


def on_employee_changed(sender, employer_id: int, employee_ids: list[int], **kwargs) -> None:
    if not Webhook.objects.filter(employer_id=employer_id, active=True).exists():
        return
    numbers = dict(
        Employee.objects.filter(pk__in=employee_ids).values_list("pk", "personnel_number")
    )
    for pk in employee_ids:
        _record_event(
            employer_id,
            "employee.changed",
            {"employee_id": pk, "personnel_number": numbers.get(pk)},
        )


@transaction.atomic
def delivery_replay(*, actor: Actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again as a new one (same event id: a receiver can de-duplicate)."""
    _check(actor, delivery.webhook.employer_id)
    again = WebhookDelivery.objects.create(
        webhook=delivery.webhook, event_id=delivery.event_id, event_type=delivery.event_type,
        payload=delivery.payload, created_at=clock.now(),
    )  # fmt: skip
    tasks.deliver.enqueue(again.pk)
    audit_record(
        actor=actor, action=Action.UPDATE, target=delivery.webhook,
        employer_id=delivery.webhook.employer_id, details={"change": "replay", "of": delivery.pk},
    )  # fmt: skip
    return again


#: How long the delivery log keeps a delivery (its payload holds identifiers).
DELIVERIES_KEPT = dt.timedelta(days=90)


def integrations_daily(day: dt.date) -> dict[str, Any]:
    """The scheduler's daily job (R-SEC-3): expired tokens and used assertions, answers
    kept for idempotency after a day, and deliveries after 90 days are deleted."""
    now = clock.now()
    tokens, _per_model = AccessToken.objects.filter(expires_at__lt=now).delete()
    assertions, _per_model = UsedAssertion.objects.filter(expires_at__lt=now).delete()
    answers, _per_model = IdempotentRequest.objects.filter(
        created_at__lt=now - dt.timedelta(days=IDEMPOTENCY_DAYS)
    ).delete()
    deliveries, _per_model = WebhookDelivery.objects.filter(
        created_at__lt=now - DELIVERIES_KEPT
    ).delete()
    return {
        "tokens_deleted": tokens,
        "assertions_deleted": assertions,
        "idempotency_answers_deleted": answers,
        "deliveries_deleted": deliveries,
    }
