"""No page scrolls sideways on a 360 px phone (issue 15): wide tables become stacked
cards (a ``data-label`` per cell) or a labelled, focusable scroll region. Walks the
pages with tables of each role in the personas' world (the access matrix's)."""

import os
from pathlib import Path

import pytest

from poortwachter.accounts.selectors import actor_for_user
from poortwachter.core import clock
from poortwachter.medical import policies as medical_policies
from poortwachter.medical import services as medical_services
from poortwachter.organisations import services as org_services
from poortwachter.organisations.models import DoctorAssignment
from tests.browser.conftest import _new_context
from tests.browser.flows import sign_in
from tests.conftest import build_world
from tests.shared_world import placeholders_for

pytestmark = pytest.mark.xdist_group("browser")

#: Per persona, the pages with tables or long content it uses.
PAGES = {
    "employee": ["/verzuim/dossiers/{case_own}/", "/mijn-gegevens/inzage/", "/mijn-gegevens/",
                 "/verzuim/", "/meldingen/", "/account/meldingen/"],
    "hr": ["/verzuim/dossiers/{case_own}/", "/verzuim/overzicht/", "/statistieken/",
           "/verzuim/taken/", "/werknemers/{own_employee}/", "/werknemers/"],
    "manager": ["/team/verzuim/", "/team/"],
    "doctor": ["/bedrijfsarts/werkvoorraad/", "/bedrijfsarts/dossiers/", "/bedrijfsarts/taken/"],
    "privacy_officer": ["/privacy/toegangslog/"],
    "service_admin": ["/arbodienst/beveiliging/{security_report}/", "/arbodienst/accounts/"],
}  # fmt: skip
#: Where to keep what the test saw, to look at (set by the person running it).
SHOTS = os.environ.get("POORTWACHTER_PHONE_SHOTS")


@pytest.mark.browser
def test_no_page_scrolls_sideways_at_360_px(site, browser, console):
    world = build_world()
    objects = placeholders_for(world)
    too_wide = {}
    for persona, paths in PAGES.items():
        context = _new_context(browser, console, {"width": 360, "height": 780})
        page = context.new_page()
        sign_in(page, site, world.users[persona], world.secrets[persona])
        for path in paths:
            url = path.format(**objects)
            response = page.goto(site + url)
            assert response is not None
            assert response.status == 200, (persona, url, response.status)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                too_wide[f"{persona} {url}"] = width
            if SHOTS:
                name = f"{persona}{url}".replace("/", "_").strip("_")
                page.screenshot(path=str(Path(SHOTS) / f"360-{name}.png"), full_page=True)
        context.close()
    assert not too_wide, f"pages wider than a 360 px screen: {too_wide}"


@pytest.mark.browser
def test_a_wide_table_that_scrolls_says_so_and_takes_the_keyboard(site, browser, console):
    """Where a table keeps its columns on a phone, its scroll region is named and
    focusable, so a keyboard or screen-reader user can find and scroll it."""
    world = build_world()
    placeholders_for(world)
    context = _new_context(browser, console, {"width": 360, "height": 780})
    page = context.new_page()
    sign_in(page, site, world.users["privacy_officer"], world.secrets["privacy_officer"])
    page.goto(site + "/privacy/toegangslog/")
    regions = page.locator(".table-scroll")
    assert regions.count() >= 1
    for index in range(regions.count()):
        region = regions.nth(index)
        assert region.get_attribute("role") == "region"
        assert region.get_attribute("tabindex") == "0"
        assert region.get_attribute("aria-label")
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 390])
def test_the_privacy_officer_reaches_the_doctor_assignments_by_tapping_on_a_phone(
    site, browser, console, width
):
    """Issue 18, finding 3: who assigned which doctor is a page the privacy officer
    reaches from the access log, and it fits a phone (its rows become cards)."""
    world = build_world()
    admin = actor_for_user(world.service_admin)
    assignment = DoctorAssignment.objects.get(doctor=world.doctor, employer=world.employer)
    org_services.doctor_unassign(actor=admin, assignment=assignment)
    org_services.doctor_assign(
        actor=admin, employer=world.employer, doctor=world.doctor, since=clock.today()
    )
    doctor = actor_for_user(world.doctor)
    access = medical_policies.get_access_for(doctor, world.own_employee.pk)
    medical_services.delegation_grant(access=access, assistant=world.assistant)
    context = _new_context(browser, console, {"width": width, "height": 780})
    page = context.new_page()
    sign_in(page, site, world.privacy_officer, world.secrets["privacy_officer"])
    page.goto(site + "/privacy/toegangslog/")
    page.locator("a[href='/privacy/toewijzingen/']").first.click()
    page.wait_for_url("**/privacy/toewijzingen/")
    assert page.locator("tbody tr").count() >= 3  # two changes and one delegation
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert not console.page_errors
    context.close()
