"""Done when (issue 20): a payroll system obtains a token with a signed assertion,
upserts employees, reads absence periods and receives signed webhooks for a sick report
and a recovery made through the web form; replays and tampered signatures are refused; a
token of one employer reaches nothing of another (R-AUTHZ-1, R-SEC-1, R-MED-1, R-INC-1).
"""

import datetime as dt
import json
import secrets
import time

import pytest
from cryptography.hazmat.primitives import serialization
from django.test import override_settings
from jwt.algorithms import RSAAlgorithm

from poortwachter.absences.models import SickReport
from poortwachter.absences.services import partial_recovery_record, sick_report_create
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.audit.models import AccessEvent
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.bsn import bsn_sequence
from poortwachter.core.errors import Forbidden
from poortwachter.imports.models import ImportRun
from poortwachter.imports.policies import can_import
from poortwachter.integrations import delivery as sending
from poortwachter.integrations import services, signing
from poortwachter.integrations.delivery import backoff
from poortwachter.integrations.models import (
    AccessToken,
    DeliveryStatus,
    MachineClient,
    Webhook,
    WebhookDelivery,
)
from poortwachter.organisations.models import Employee
from poortwachter.organisations.policies import can_manage_people
from tests.absences.conftest import sick_input
from tests.factories import UserFactory, grant
from tests.helpers import IMMEDIATE_TASKS
from tests.integrations.helpers import (
    Recorder,
    assertion,
    bearer,
    ec_key,
    issue_client,
    public_pem,
    rsa_key,
    token_response,
)

BSNS = bsn_sequence(47_000_000)


@pytest.fixture
def payroll(world, actor_of):
    key = ec_key()
    return issue_client(actor_of("employer_admin"), world.employer, key), key


def _record(number: str, **extra) -> dict:
    values = {
        "personnel_number": number, "bsn": next(BSNS), "first_name": "Sanne",
        "last_name": "Synthetisch", "date_of_birth": "1990-04-01", "department": "Verpleging",
        "start_date": "2024-01-01", "hours_per_week": "32.0",
    }  # fmt: skip
    values.update(extra)
    return values


# --- the token ------------------------------------------------------------------------


def test_a_signed_assertion_gets_a_short_lived_token_once(client, payroll):
    """R-SEC-1: the key proves the client; the same assertion is refused a second time."""
    machine, key = payroll
    signed = assertion(machine, key)
    first = token_response(client, signed)
    assert first.status_code == 200, first.content
    assert first.json()["token_type"] == "Bearer"
    assert first.json()["expires_in"] == 600
    assert "no-store" in first["Cache-Control"]
    replay = token_response(client, signed)
    assert replay.status_code == 401
    assert replay.json()["error"] == "invalid_client"
    log = AccessEvent.objects.filter(actor_role="machine_client", target_id=str(machine.pk))
    assert set(log.values_list("action", flat=True)) == {"sign_in", "sign_in_failed"}


@pytest.mark.parametrize(
    "change",
    [
        {"audience": "https://elders.example/token"},
        {"lifetime": -120},  # expired
        {"lifetime": 3600},  # lives too long
        {"sub": "pw-someone-else"},
    ],
)
def test_a_wrong_assertion_is_refused(client, payroll, change):
    machine, key = payroll
    response = token_response(client, assertion(machine, key, **change))
    assert response.status_code == 401


def test_a_key_the_client_did_not_register_is_refused(client, payroll):
    machine, _key = payroll
    assert token_response(client, assertion(machine, ec_key())).status_code == 401


def test_rotation_and_revocation(world, client, actor_of, payroll):
    """Two keys during a rotation, then the old one retired; revoking ends the tokens."""
    machine, old = payroll
    admin = actor_of("employer_admin")
    new = rsa_key()
    services.key_add(actor=admin, client=machine, public_key=public_pem(new))
    with pytest.raises(Exception, match="twee sleutels"):
        services.key_add(actor=admin, client=machine, public_key=public_pem(ec_key()))
    assert token_response(client, assertion(machine, old)).status_code == 200
    assert token_response(client, assertion(machine, new)).status_code == 200
    services.key_retire(actor=admin, key=machine.keys.get(algorithm="ES256"))
    assert token_response(client, assertion(machine, old)).status_code == 401
    headers = bearer(client, machine, new)
    assert client.get("/api/v1/integration/absence-periods/", **headers).status_code == 200
    services.client_revoke(actor=admin, client=machine)
    assert client.get("/api/v1/integration/absence-periods/", **headers).status_code == 401
    assert token_response(client, assertion(machine, new)).status_code == 401


def test_refused_calls_are_logged_once_a_minute_per_client_and_reason(
    world, client, actor_of, payroll, time_machine
):
    """A refused call (401 or 403) is answered before the API's rate limit counts it, so
    the log takes at most one event per client and scope (or expired token) a minute:
    a client cannot flood the append-only log (review of issue 20)."""
    time_machine.move_to(clock.now(), tick=False)
    key = ec_key()
    reader = issue_client(actor_of("employer_admin"), world.employer, key, ["absences:read"])
    headers = bearer(client, reader, key)
    denied = AccessEvent.objects.filter(
        actor_label=f"client:{reader.client_id}", outcome="denied",
        details__scope="employees:read",
    )  # fmt: skip
    for _ in range(5):
        assert client.get("/api/v1/integration/employees/", **headers).status_code == 403
    assert denied.count() == 1
    time_machine.shift(services.REFUSED_LOG_SECONDS + 1)
    assert (
        client.get("/api/v1/integration/employees/", **bearer(client, reader, key)).status_code
        == 403
    )
    assert denied.count() == 2

    machine, key = payroll
    headers = bearer(client, machine, key)
    AccessToken.objects.update(expires_at=clock.now() - dt.timedelta(seconds=1))
    for _ in range(5):
        assert client.get("/api/v1/integration/absence-periods/", **headers).status_code == 401
    expired = AccessEvent.objects.filter(target_id=str(machine.pk), action="sign_in_failed")
    assert expired.count() == 1


def test_calls_with_an_expired_token_or_of_a_revoked_client_are_logged_against_it(
    world, client, actor_of, payroll
):
    """Every call of a client is in the access log (issue 20), refused ones too: a token
    that expired names its client. Revoking a client deletes its tokens (the revocation is
    logged), so a later call with one is a call with an unknown token: it names nobody
    and is not logged, like any other unauthenticated call."""
    machine, key = payroll
    headers = bearer(client, machine, key)
    path = "/api/v1/integration/absence-periods/"
    refused = AccessEvent.objects.filter(
        actor_role="machine_client", target_id=str(machine.pk), action="sign_in_failed"
    )
    AccessToken.objects.update(expires_at=clock.now() - dt.timedelta(seconds=1))
    assert client.get(path, **headers).status_code == 401
    assert [e.details["reason"] for e in refused] == ["token_expired"]
    assert {(e.outcome, e.employer_id) for e in refused} == {("denied", world.employer.pk)}
    headers = bearer(client, machine, key)
    services.client_revoke(actor=actor_of("employer_admin"), client=machine)
    before = AccessEvent.objects.count()
    assert client.get(path, **headers).status_code == 401
    unknown = {"HTTP_AUTHORIZATION": "Bearer not-a-token-anyone-was-given"}
    assert client.get(path, **unknown).status_code == 401
    assert AccessEvent.objects.count() == before


def test_a_token_asks_only_for_scopes_the_client_has(world, client, actor_of):
    key = ec_key()
    reader = issue_client(actor_of("employer_admin"), world.employer, key, ["absences:read"])
    response = token_response(client, assertion(reader, key), scope="employees:write")
    assert response.status_code == 400
    headers = bearer(client, reader, key)
    body = {"employees": [_record("P-1")]}
    posted = client.post(
        "/api/v1/integration/employees/", body, content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k1", **headers,
    )  # fmt: skip
    assert posted.status_code == 403


def test_only_the_employer_administrator_issues_clients(world, actor_of):
    for persona in ("hr", "manager", "employee", "service_admin", "doctor", "outsider"):
        with pytest.raises(Forbidden):
            issue_client(actor_of(persona), world.employer, ec_key())
    with pytest.raises(Forbidden):
        issue_client(actor_of("employer_admin"), world.other_employer, ec_key())
    assert not MachineClient.objects.exists()


def test_a_private_key_is_refused_at_issuance(world, actor_of):
    private_pem = (
        ec_key()
        .private_bytes(
            encoding=serialization.Encoding.PEM,
            format=serialization.PrivateFormat.PKCS8,
            encryption_algorithm=serialization.NoEncryption(),
        )
        .decode()
    )
    with pytest.raises(Exception, match="privésleutel"):
        services.client_issue(
            actor=actor_of("employer_admin"), employer=world.employer, name="x",
            scopes=["absences:read"], public_key=private_pem,
        )  # fmt: skip


# --- the upsert -----------------------------------------------------------------------


def test_bulk_upsert_is_idempotent_by_key(world, client, payroll):
    machine, key = payroll
    headers = bearer(client, machine, key)
    body = {"employees": [_record("P-100"), _record("P-101", bsn="123456789")]}

    def post(payload, idempotency="run-1"):
        return client.post("/api/v1/integration/employees/", payload,
                           content_type="application/json", HTTP_IDEMPOTENCY_KEY=idempotency,
                           **headers)  # fmt: skip

    first = post(body)
    assert first.status_code == 200, first.content
    outcomes = [row["outcome"] for row in first.json()["rows"]]
    assert outcomes == ["new", "refused"]  # the import's own BSN check (R-SICK-3)
    assert first.json()["rows"][1]["reasons"]
    assert Employee.objects.filter(employer=world.employer, personnel_number="P-100").exists()
    again = post(body)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert ImportRun.objects.filter(employer=world.employer).count() == 1
    other_body = {"employees": [_record("P-102")]}
    assert post(other_body).status_code == 422
    assert not Employee.objects.filter(personnel_number="P-102").exists()
    assert post(other_body, idempotency="").status_code == 400
    assert AccessEvent.objects.filter(
        actor_role="machine_client", action="create", employer_id=world.employer.pk,
        target_type="organisations.employee",
    ).count() == 1  # fmt: skip


def test_every_call_is_in_the_access_log_a_refused_or_repeated_one_too(world, client, actor_of):
    """Issue 20: "every call in the access log", also a call its token's scopes do not
    allow (403) and an upsert answered again from its Idempotency-Key (the same answer,
    or 422 for another body), with the client as actor and no content."""
    admin = actor_of("employer_admin")
    key = ec_key()
    reader = issue_client(admin, world.employer, key, ["absences:read"])
    headers = bearer(client, reader, key)
    body = {"employees": [_record("P-300")]}

    def post(payload, token_headers, idempotency="log-1"):
        return client.post("/api/v1/integration/employees/", payload,
                           content_type="application/json", HTTP_IDEMPOTENCY_KEY=idempotency,
                           **token_headers)  # fmt: skip

    assert post(body, headers).status_code == 403
    assert client.get("/api/v1/integration/employees/", **headers).status_code == 403
    denied = AccessEvent.objects.filter(
        actor_role="machine_client", actor_label=f"client:{reader.client_id}",
        outcome="denied", employer_id=world.employer.pk,
    )  # fmt: skip
    assert sorted(denied.values_list("details__scope", flat=True)) == [
        "employees:read", "employees:write",
    ]  # fmt: skip

    key = ec_key()
    writer = issue_client(admin, world.employer, key, ["employees:write"])
    headers = bearer(client, writer, key)
    first = post(body, headers)
    assert first.status_code == 200
    employee_id = first.json()["rows"][0]["employee_id"]
    calls = AccessEvent.objects.filter(
        actor_label=f"client:{writer.client_id}", details__kind="employee_upsert"
    )
    (written,) = calls
    assert post(body, headers).status_code == 200
    repeated = calls.exclude(pk=written.pk).get()
    assert (repeated.action, repeated.outcome) == ("read", "success")
    assert repeated.details["repeat"] is True
    assert repeated.details["employee_ids"] == [employee_id]
    assert post({"employees": [_record("P-301")]}, headers).status_code == 422
    conflict = calls.filter(outcome="denied").get()
    assert conflict.details["repeat"] is True
    assert "P-301" not in json.dumps(conflict.details)


# --- absence periods ------------------------------------------------------------------


def test_absence_periods_carry_dates_and_hours_only(world, client, actor_of, payroll):
    """R-MED-1, R-INC-1: start, end, partial recovery in hours; no cause, no percentage."""
    hr = actor_of("hr")
    start = clock.today() - dt.timedelta(days=10)
    report = sick_report_create(
        actor=hr, employee=world.own_employee,
        data=sick_input(first_sick_day=start, appointments_and_work="CANARY-afspraak"),
    )  # fmt: skip
    partial_recovery_record(
        actor=hr, report=report, from_date=start + dt.timedelta(days=3),
        hours_per_week=12, version=report.version,
    )  # fmt: skip
    sick_report_create(actor=actor_of("outsider"), employee=world.other_employee,
                       data=sick_input(first_sick_day=start))  # fmt: skip
    machine, key = payroll
    response = client.get("/api/v1/integration/absence-periods/", **bearer(client, machine, key))
    assert response.status_code == 200
    (period,) = response.json()["results"]
    assert set(period) == {
        "absence_id", "employee_id", "personnel_number", "start", "end", "partial_recoveries",
    }  # fmt: skip
    assert period["employee_id"] == world.own_employee.pk
    assert period["start"] == start.isoformat()
    assert period["end"] is None
    assert period["partial_recoveries"] == [
        {"from": (start + dt.timedelta(days=3)).isoformat(), "hours_per_week": 12.0}
    ]
    assert "CANARY" not in response.content.decode()
    assert AccessEvent.objects.filter(
        actor_role="machine_client", action="search", details__kind="absence_periods"
    ).exists()


def test_a_token_of_one_employer_reaches_nothing_of_another(world, client, actor_of, payroll):
    """R-AUTHZ-1: employer B's client sees only B, writes only B."""
    sick_report_create(actor=actor_of("hr"), employee=world.own_employee, data=sick_input())
    admin_b = UserFactory(email="beheer-b@test.example")
    grant(admin_b, "employer_admin", employer=world.other_employer)
    key_b = ec_key()
    machine_b = issue_client(actor_for_user(admin_b), world.other_employer, key_b)
    headers = bearer(client, machine_b, key_b)
    periods = client.get("/api/v1/integration/absence-periods/", **headers).json()["results"]
    assert periods == []
    listed = client.get("/api/v1/integration/employees/", **headers).json()["results"]
    assert {row["employee_id"] for row in listed} == {world.other_employee.pk}
    number = world.own_employee.personnel_number
    body = {"employees": [_record(number, department="Magazijn")]}
    posted = client.post("/api/v1/integration/employees/", body, content_type="application/json",
                         HTTP_IDEMPOTENCY_KEY="b-1", **headers)  # fmt: skip
    assert posted.status_code == 200, posted.content
    assert (
        world.own_employee.first_name == Employee.objects.get(pk=world.own_employee.pk).first_name
    )
    assert Employee.objects.filter(employer=world.other_employer, personnel_number=number).exists()
    # The token opens no other endpoint of the API, and no page.
    for path in ("/api/v1/employees/", f"/api/v1/employees/{world.other_employee.pk}/",
                 "/api/v1/sick-reports/", "/api/v1/me/"):  # fmt: skip
        assert client.get(path, **headers).status_code == 403, path


@pytest.mark.parametrize(
    "persona", ["employee", "manager", "hr", "employer_admin", "doctor", "service_admin",
                "privacy_officer", "outsider"],
)  # fmt: skip
def test_no_person_reaches_the_integration_endpoints(client_for, persona):
    http = client_for(persona)
    for path in ("/api/v1/integration/absence-periods/", "/api/v1/integration/employees/"):
        assert http.get(path).status_code == 401
    posted = http.post("/api/v1/integration/employees/", {"employees": []},
                       content_type="application/json", HTTP_IDEMPOTENCY_KEY="x")  # fmt: skip
    assert posted.status_code == 401


# --- webhooks -------------------------------------------------------------------------


@pytest.fixture
def recorder():
    server = Recorder()
    yield server
    server.close()


@override_settings(TASKS=IMMEDIATE_TASKS, POORTWACHTER_WEBHOOK_ALLOW_HTTP=True)
def test_signed_webhooks_for_a_sick_report_and_a_recovery_on_the_web_form(
    world, client_for, actor_of, recorder, payroll
):
    webhook = services.webhook_register(
        actor=actor_of("employer_admin"), employer=world.employer, url=recorder.url
    )
    http = client_for("hr")
    start = clock.today() - dt.timedelta(days=2)
    form = {
        "first_sick_day": start.isoformat(), "phone": "0612345678",
        "care_street": "Lindelaan", "care_house_number": "12", "care_postcode": "3511 AB",
        "care_city": "Utrecht", "expected_duration": "days", "appointments_and_work": "",
        "safety_net_applies": "nee", "work_accident": "nee",
        "traffic_accident_third_party": "nee",
    }  # fmt: skip
    response = http.post(f"/verzuim/ziekmelden/{world.own_employee.pk}/", form)
    assert response.status_code == 302, response.content[:500]
    report = SickReport.objects.get(employee=world.own_employee)
    response = http.post(
        f"/verzuim/meldingen/{report.pk}/herstel/",
        {"recovered_on": clock.today().isoformat(), "version": report.version},
    )
    assert response.status_code == 302
    events = recorder.events()
    assert [e["type"] for e in events] == ["absence.started", "absence.ended"]
    assert events[0]["data"] == {
        "absence_id": report.pk, "employee_id": world.own_employee.pk,
        "personnel_number": world.own_employee.personnel_number,
        "start": start.isoformat(), "end": None,
    }  # fmt: skip
    assert events[1]["data"]["end"] == (clock.today() - dt.timedelta(days=1)).isoformat()
    for headers, body in recorder.received:
        signature = headers[signing.HEADER]
        assert signing.verify(webhook.signing_secret(), body, signature)
        # A changed body, another secret, or an old timestamp: refused.
        tampered = body.replace(b"absence", b"absense")
        assert not signing.verify(webhook.signing_secret(), tampered, signature)
        assert not signing.verify(secrets.token_urlsafe(32), body, signature)
        assert not signing.verify(webhook.signing_secret(), body, signature, now=time.time() + 3600)
        tampered_time = signature.replace("t=", "t=1", 1)
        assert not signing.verify(webhook.signing_secret(), body, tampered_time, now=time.time())
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {
        DeliveryStatus.DELIVERED
    }


@override_settings(TASKS=IMMEDIATE_TASKS, POORTWACHTER_WEBHOOK_ALLOW_HTTP=True)
def test_a_refused_delivery_waits_with_backoff_and_can_be_replayed(world, actor_of):
    server = Recorder(status=500)
    try:
        admin = actor_of("employer_admin")
        webhook = services.webhook_register(actor=admin, employer=world.employer, url=server.url)
        sick_report_create(actor=actor_of("hr"), employee=world.own_employee, data=sick_input())
        delivery = WebhookDelivery.objects.get(webhook=webhook)
        assert delivery.status == DeliveryStatus.PENDING
        assert delivery.attempts == 1
        assert delivery.last_status_code == 500
        assert delivery.next_attempt_at > clock.now()
        server.status = 200
        again = services.delivery_replay(actor=admin, delivery=delivery)
        again.refresh_from_db()
        assert again.status == DeliveryStatus.DELIVERED
        assert [e["id"] for e in server.events()] == [delivery.event_id] * 2
    finally:
        server.close()


def test_backoff_doubles():
    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]


def test_webhooks_take_https_only(world, actor_of):
    with pytest.raises(Exception, match="https"):
        services.webhook_register(
            actor=actor_of("employer_admin"), employer=world.employer, url="http://x.example/h"
        )


@pytest.mark.parametrize(
    "url",
    ["https://localhost/h", "https://127.0.0.1/h", "https://10.1.2.3/h", "https://[::1]/h",
     "https://169.254.169.254/latest", "https://intern.localhost/h"],
)  # fmt: skip
def test_webhooks_refuse_the_servers_own_network(world, actor_of, url):
    """SECURITY.md: no request forgery towards the server's own neighbourhood."""
    with pytest.raises(Exception, match="openbaar adres"):
        services.webhook_register(
            actor=actor_of("employer_admin"), employer=world.employer, url=url
        )


def test_a_delivery_to_a_name_that_points_inward_is_not_sent(world, monkeypatch):
    """Checked again at each attempt: a name that resolves to a loopback address."""
    webhook = Webhook.objects.create(
        employer=world.employer, url="https://localhost:9/h", secret=secrets.token_urlsafe(16)
    )
    delivery = WebhookDelivery.objects.create(
        webhook=webhook, event_id="e", event_type="absence.started", payload={"id": "e"},
        created_at=clock.now(),
    )  # fmt: skip
    opened = []
    monkeypatch.setattr(sending._opener, "open", lambda *a, **k: opened.append(a))
    sending.attempt(delivery.pk)
    delivery.refresh_from_db()
    assert opened == []
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_status_code is None


def test_employee_changes_are_webhook_events_with_identifiers_only(world, actor_of, client,
                                                                      payroll):  # fmt: skip
    webhook = services.webhook_register(
        actor=actor_of("employer_admin"), employer=world.employer, url="https://hook.example/h"
    )
    machine, key = payroll
    body = {"employees": [_record("P-200")]}
    client.post("/api/v1/integration/employees/", body, content_type="application/json",
                HTTP_IDEMPOTENCY_KEY="e-1", **bearer(client, machine, key))  # fmt: skip
    (delivery,) = WebhookDelivery.objects.filter(webhook=webhook)
    assert delivery.event_type == "employee.changed"
    assert set(delivery.payload["data"]) == {"employee_id", "personnel_number"}
    assert json.dumps(delivery.payload).count("Sanne") == 0


def test_the_daily_job_deletes_expired_tokens_and_old_deliveries(world, client, payroll):
    machine, key = payroll
    bearer(client, machine, key)
    webhook = Webhook.objects.create(
        employer=world.employer, url="https://hook.example/h", secret=secrets.token_urlsafe(16)
    )
    old = clock.now() - dt.timedelta(days=91)
    WebhookDelivery.objects.create(webhook=webhook, event_id="o", event_type="absence.started",
                                   payload={}, created_at=old)  # fmt: skip
    recent = WebhookDelivery.objects.create(webhook=webhook, event_id="n",
                                            event_type="absence.started", payload={},
                                            created_at=clock.now())  # fmt: skip
    AccessToken.objects.update(expires_at=clock.now() - dt.timedelta(seconds=1))
    result = services.integrations_daily(clock.today())
    assert result["tokens_deleted"] == 1
    assert result["deliveries_deleted"] == 1
    assert list(WebhookDelivery.objects.all()) == [recent]


def test_a_jwk_public_key_works_too(world, client, actor_of):
    key = rsa_key()
    jwk = RSAAlgorithm.to_jwk(key.public_key())
    machine = services.client_issue(
        actor=actor_of("employer_admin"), employer=world.employer, name="Visma",
        scopes=["absences:read"], public_key=jwk,
    )  # fmt: skip
    assert machine.keys.get().algorithm == "RS256"
    assert token_response(client, assertion(machine, key)).status_code == 200


def test_a_machine_client_is_not_the_system_and_holds_no_persons_role(world):
    """A client acts for its one employer with its scopes: never as the operator's
    system actor, which some policies trust everywhere (R-AUTHZ-1)."""
    actor = Actor.machine_client(
        client_id=1, employer_id=world.employer.pk, label="pw-x", scopes=["employees:write"]
    )
    assert not actor.is_system
    assert actor.primary_role == "machine_client"
    assert can_import(actor, world.employer.pk)
    assert not can_import(actor, world.other_employer.pk)
    assert not can_manage_people(actor, world.employer.pk)
    reader = Actor.machine_client(
        client_id=1, employer_id=world.employer.pk, label="pw-x", scopes=["absences:read"]
    )
    assert not can_import(reader, world.employer.pk)
