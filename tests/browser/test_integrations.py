"""The employer administrator's integration settings journey (issue 20), in Chromium at
1280 px: from their home to "Koppelingen", give a payroll system access with a public
key, register a webhook and see its secret once, open the delivery log and the payroll
export. Every page is checked by the tour (axe, real checkboxes and radios, no sideways
scroll at 360 px, no 4xx/5xx, no console error); then the same pages at 390 px must not
scroll sideways (R-AUTHZ-1, R-SEC-1, R-DEV-1). And the done-when journey: a sick report,
a partial and a full recovery made by HR in the browser reach the payroll system's
receiver as signed webhooks, and the system reads the period over HTTP with its token."""

import datetime as dt
import json
import secrets
import time
import urllib.request
from urllib.parse import urlencode

import pytest
from django.test import override_settings
from playwright.sync_api import Page

from poortwachter.absences.models import SickReport
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.core import clock
from poortwachter.core.roles import Role
from poortwachter.integrations import services, signing
from poortwachter.integrations.models import MachineClient, Webhook
from tests.browser.flows import main_button, persona, sign_in, submit
from tests.browser.journeys import PHONE, Tour, expect_text
from tests.factories import DepartmentFactory, EmployeeFactory, EmployerFactory, EmploymentFactory
from tests.helpers import IMMEDIATE_TASKS
from tests.integrations.helpers import Recorder, assertion, ec_key, issue_client, public_pem

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

_SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _scrolls_sideways(page: Page) -> int:
    return int(page.evaluate(_SIDEWAYS))


def test_employer_admin_connects_a_payroll_system(site, page):
    employer = EmployerFactory(name="Alfa Zorg B.V.")
    DepartmentFactory(employer=employer, name="Verpleging")
    admin, secret = persona("beheer@test.example", Role.EMPLOYER_ADMIN, "Bea", "Beheer",
                            employer=employer)  # fmt: skip
    tour = Tour(page, site, "employer_admin")
    sign_in(page, site, admin, secret)
    tour.open("/")
    tour.follow("Koppelingen", shot="integrations-home")
    tour.follow("Systeem toegang geven")
    main = page.locator("main")
    main.get_by_label("Naam van de koppeling").fill("Salarispakket")
    main.get_by_label("verzuimperiodes inzien").check()
    main.get_by_label("werknemers bijwerken").check()
    main.get_by_label("Publieke sleutel").fill(public_pem(ec_key()))
    tour.submit("Toegang geven", shot="integrations-client")
    client = MachineClient.objects.get(employer=employer)
    expect_text(tour, client.client_id)
    tour.follow("Webhook toevoegen")
    main.get_by_label("Adres (https)").fill("https://salaris.example/poortwachter")
    tour.submit("Webhook opslaan")
    webhook = Webhook.objects.get(employer=employer)
    expect_text(tour, webhook.signing_secret())
    tour.follow("https://salaris.example/poortwachter")
    expect_text(tour, "Nog niets verstuurd.")
    tour.follow("Terug naar koppelingen")
    assert webhook.signing_secret() not in page.locator("main").inner_text()
    tour.follow("Verzuimperiodes exporteren")
    tour.assert_clean(min_pages=5)
    visited = [f"/werkgever/{employer.pk}/koppelingen/",
               f"/werkgever/{employer.pk}/koppelingen/nieuw/",
               f"/werkgever/{employer.pk}/koppelingen/webhooks/{webhook.pk}/",
               f"/werkgever/{employer.pk}/verzuimperiodes/"]  # fmt: skip
    for width in (PHONE, {"width": 1280, "height": 900}):
        page.set_viewport_size(width)
        for path in visited:
            page.goto(site + path)
            assert _scrolls_sideways(page) <= 0, f"{path} scrolls sideways at {width['width']} px"


def _call(url: str, *, data: bytes | None = None, headers: dict | None = None) -> dict:
    """The payroll system's own HTTP call to the live server (not Django's test client)."""
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - live server
        return json.loads(response.read())


def test_a_payroll_system_gets_signed_webhooks_for_a_sick_report_and_recovery_in_the_browser(
    site, page
):
    """Done when (issue 20): HR reports an employee sick, partly and then fully recovered
    in Chromium; the payroll system's receiver gets absence.started, .changed and .ended,
    each signed; a changed body, another secret or an old timestamp does not verify.
    Over HTTP the system then gets a token with its key and reads the same period, dates
    and hours only (R-AUTHZ-1, R-SEC-1, R-MED-1)."""
    employer = EmployerFactory(name="Alfa Zorg B.V.")
    department = DepartmentFactory(employer=employer, name="Verpleging")
    eva = EmployeeFactory(
        employer=employer, first_name="Eva", last_name="Eigen", street="Lindelaan",
        house_number="12", postcode="3511 AB", city="Utrecht", phone="0612345678",
    )  # fmt: skip
    EmploymentFactory(employee=eva, employer=employer, department=department, hours_per_week=32)
    admin, _admin_secret = persona("beheer@test.example", Role.EMPLOYER_ADMIN, employer=employer)
    hr, secret = persona("hr@test.example", Role.HR, employer=employer)
    key = ec_key()
    machine = issue_client(actor_for_user(admin), employer, key, ["absences:read"])
    recorder = Recorder()
    start = clock.today() - dt.timedelta(days=2)
    try:
        with override_settings(TASKS=IMMEDIATE_TASKS, POORTWACHTER_WEBHOOK_ALLOW_HTTP=True):
            webhook = services.webhook_register(
                actor=actor_for_user(admin), employer=employer, url=recorder.url
            )
            sign_in(page, site, hr, secret)
            page.goto(site + f"/verzuim/ziekmelden/{eva.pk}/")
            page.get_by_label("Eerste ziektedag").fill(start.isoformat())
            for question in ("vangnetbepaling", "arbeidsongeval", "verkeersongeval"):
                page.get_by_role("group", name=question, exact=False).get_by_label("Nee").check()
            submit(page, main_button(page, "Ziekmelding versturen"))
            assert "De ziekmelding is vastgelegd" in page.locator(".messages").inner_text()
            report = SickReport.objects.get(employee=eva)
            page.get_by_label("Vanaf").fill((start + dt.timedelta(days=1)).isoformat())
            page.get_by_label("Gewerkte uren per week").fill("16")
            submit(page, main_button(page, "Gedeeltelijk herstel melden"))
            page.get_by_label("Hersteld per").fill(clock.today().isoformat())
            submit(page, main_button(page, "Volledig herstel melden"))
            assert "Het herstel is gemeld" in page.locator(".messages").inner_text()
        events = recorder.events()
        received = list(recorder.received)
    finally:
        recorder.close()
    assert [e["type"] for e in events] == ["absence.started", "absence.changed", "absence.ended"]
    last_day = (clock.today() - dt.timedelta(days=1)).isoformat()
    assert [e["data"] for e in events][-1] == {
        "absence_id": report.pk, "employee_id": eva.pk, "personnel_number": eva.personnel_number,
        "start": start.isoformat(), "end": last_day,
    }  # fmt: skip
    for headers, body in received:
        signature = headers[signing.HEADER]
        assert signing.verify(webhook.signing_secret(), body, signature)
        tampered = body.replace(b"absence", b"absense")
        assert not signing.verify(webhook.signing_secret(), tampered, signature)
        assert not signing.verify(secrets.token_urlsafe(32), body, signature)
        assert not signing.verify(webhook.signing_secret(), body, signature, now=time.time() + 3600)

    token_url = site + "/api/v1/oauth/token/"
    form = {
        "grant_type": "client_credentials",
        "client_assertion_type": services.ASSERTION_TYPE,
        "client_assertion": assertion(machine, key, audience=token_url),
    }
    token = _call(token_url, data=urlencode(form).encode())["access_token"]
    periods = _call(
        site + "/api/v1/integration/absence-periods/",
        headers={"Authorization": f"Bearer {token}"},
    )["results"]
    assert periods == [{
        "absence_id": report.pk, "employee_id": eva.pk, "personnel_number": eva.personnel_number,
        "start": start.isoformat(), "end": last_day,
        "partial_recoveries": [
            {"from": (start + dt.timedelta(days=1)).isoformat(), "hours_per_week": 16.0}
        ],
    }]  # fmt: skip
