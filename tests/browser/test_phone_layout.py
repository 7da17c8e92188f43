"""No page scrolls sideways on a 360 px phone (issue 15): wide tables become stacked
cards (a ``data-label`` per cell) or a labelled, focusable scroll region. Walks the
pages with tables of each role in the personas' world (the access matrix's)."""

import os
from pathlib import Path

import pytest

from tests.browser.conftest import _new_context
from tests.browser.flows import sign_in
from tests.conftest import build_world
from tests.test_access_matrix import _placeholders

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
    objects = _placeholders(world)
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
    _placeholders(world)
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
