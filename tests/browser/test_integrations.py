"""The employer administrator's integration settings journey (issue 20), in Chromium at
1280 px: from their home to "Koppelingen", give a payroll system access with a public
key, register a webhook and see its secret once, open the delivery log and the payroll
export. Every page is checked by the tour (axe, real checkboxes and radios, no sideways
scroll at 360 px, no 4xx/5xx, no console error); then the same pages at 390 px must not
scroll sideways (R-AUTHZ-1, R-SEC-1, R-DEV-1)."""

import pytest
from playwright.sync_api import Page

from poortwachter.core.roles import Role
from poortwachter.integrations.models import MachineClient, Webhook
from tests.browser.flows import persona, sign_in
from tests.browser.journeys import PHONE, Tour, expect_text
from tests.factories import DepartmentFactory, EmployerFactory
from tests.integrations.helpers import ec_key, public_pem

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
    expect_text(tour, webhook.secret)
    tour.follow("https://salaris.example/poortwachter")
    expect_text(tour, "Nog niets verstuurd.")
    tour.follow("Terug naar koppelingen")
    assert webhook.secret not in page.locator("main").inner_text()
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
