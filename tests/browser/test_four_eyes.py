"""Four eyes on medical roles in the browser (R-ACC-1): service administrator A creates a
doctor's account, whose role is only requested; A cannot approve it, not with the page
nor with a forged request; administrator B approves it from the list reached by clicking
from home, and the account then holds the role. The service's privacy officer does the
same on a 390 px phone. Every page: axe, no sideways scrolling (``journeys.Tour`` at 1280
and 360 px; the phone test at 390 px). With ``FOUR_EYES_SHOTS=<dir>`` the pages are
also saved as screenshots there, to be looked at."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from poortwachter.accounts import services
from poortwachter.accounts.models import RoleAssignment, RoleRequest, User
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.core.roles import Role
from tests.browser.conftest import _new_context
from tests.browser.flows import LOGIN, path_of, persona, shot_to, sign_out
from tests.browser.journeys import PHONE, expect_text
from tests.factories import PASSWORD, UserFactory
from tests.helpers import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-walks")]

LIST = "/arbodienst/aanvragen-medische-rollen/"


def _shot(page: Page, name: str) -> None:
    shot_to("FOUR_EYES_SHOTS", page, name)


def _sign_in(page: Page, site: str, user, secret: str, *, offset: int = 0) -> None:
    page.goto(site + LOGIN)
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")
    page.locator("input[name=code]").fill(totp_code(secret, offset))
    with page.expect_navigation():
        page.locator("input[name=code]").press("Enter")
    assert not path_of(page).startswith("/accounts/"), page.locator("main").inner_text()


def test_a_doctor_role_needs_a_second_administrator(tour, site):
    anna, anna_secret = persona("anna.beheer@test.example", Role.SERVICE_ADMIN, "Anna", "Aalders")
    bas, bas_secret = persona("bas.beheer@test.example", Role.SERVICE_ADMIN, "Bas", "Bakker")
    page = tour.page

    # A creates the account: the doctor role is requested, not granted.
    _sign_in(page, site, anna, anna_secret)
    tour.check()
    tour.follow("Alle accounts beheren")
    expect_text(tour, "pas als een tweede persoon de aanvraag goedkeurt")
    page.get_by_label("E-mailadres").fill("nieuwe.arts@test.example")
    page.get_by_label("Voornaam").fill("Noor")
    page.get_by_label("Achternaam").fill("Nieuwenhuis")
    page.get_by_label("Rol").select_option(label="Bedrijfsarts")
    tour.submit("Account aanmaken")
    expect_text(tour, "De rol is aangevraagd", lambda p: p.locator(".messages"))
    expect_text(tour, "Aanvragen die op een tweede persoon wachten")
    _shot(page, "user-detail-requested-desktop")
    doctor = User.objects.get(email="nieuwe.arts@test.example")
    assert not doctor.role_assignments.exists()

    # A cannot approve: no button, and a forged POST with A's session is refused.
    tour.follow("Aanvragen vier ogen", within="header")
    expect_text(tour, "U hebt deze aanvraag zelf ingediend")
    assert (
        page.locator("main").get_by_role("button", name="Goedkeuren: Noor Nieuwenhuis").count() == 0
    )
    _shot(page, "requests-requester-desktop")
    role_request = RoleRequest.objects.get(user=doctor)
    token = page.locator("main form input[name=csrfmiddlewaretoken]").first.input_value()
    forged = page.request.post(
        f"{site}{LIST}{role_request.pk}/besluit/",
        form={"csrfmiddlewaretoken": token, "decision": "approve"},
    )
    assert forged.status == 403
    assert not doctor.role_assignments.exists()
    sign_out(page)

    # A second request, which A withdraws while B has the page open: B's click then
    # shows the error summary at the top, focused.
    later = UserFactory(email="ander.arts@test.example", first_name="Olaf", last_name="Later")
    second = services.role_request_file(actor=actor_for_user(anna), user=later, role=Role.DOCTOR)

    # B approves from the list, reached by clicking from home.
    _sign_in(page, site, bas, bas_secret)
    page.goto(site + "/")
    tour.check()
    tour.follow("Aanvragen vier ogen", within="header")
    assert path_of(page) == LIST
    _shot(page, "requests-second-admin-desktop")
    services.role_request_withdraw(actor=actor_for_user(anna), role_request=second)
    tour.submit("Goedkeuren: Olaf Later", refusal=True)
    summary = page.locator("[data-error-summary]")
    expect_text(tour, "Over deze aanvraag is al besloten.", lambda p: summary)
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    _shot(page, "requests-error-desktop")
    tour.submit("Goedkeuren: Noor Nieuwenhuis")
    expect_text(tour, "De aanvraag is goedgekeurd", lambda p: p.locator(".messages"))
    expect_text(tour, "Besloten aanvragen")
    _shot(page, "requests-history-desktop")
    assignment = RoleAssignment.objects.get(user=doctor)
    assert (assignment.role, assignment.granted_by_id) == (Role.DOCTOR, bas.pk)
    tour.assert_clean(min_pages=4)


def test_the_services_privacy_officer_approves_on_a_phone(site, browser, console):
    anna, _ = persona("anna.beheer@test.example", Role.SERVICE_ADMIN, "Anna", "Aalders")
    fenna, secret = persona("fenna.fg@test.example", Role.PRIVACY_OFFICER, "Fenna", "Faber")
    doctor = UserFactory(email="nieuwe.arts@test.example", first_name="Noor",
                         last_name="Nieuwenhuis-van der Wetering")  # fmt: skip
    services.role_request_file(actor=actor_for_user(anna), user=doctor, role=Role.ASSISTANT)
    context = _new_context(browser, console, PHONE)
    page = context.new_page()
    try:
        _sign_in(page, site, fenna, secret)
        page.goto(site + "/")
        with page.expect_navigation():
            page.locator("header").get_by_role("link", name="Aanvragen vier ogen").click()
        assert path_of(page) == LIST
        _check_phone(page)
        _shot(page, "requests-privacy-officer-phone")
        name = "Goedkeuren: Noor Nieuwenhuis-van der Wetering"
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name=name).click()
        assert "De aanvraag is goedgekeurd" in page.locator(".messages").inner_text()
        _check_phone(page)
        _shot(page, "requests-history-phone")
    finally:
        context.close()
    assert doctor.role_assignments.get().role == Role.ASSISTANT
    assert not {g.role for g in actor_for_user(fenna).grants} & {Role.DOCTOR, Role.ASSISTANT}


def _check_phone(page: Page) -> None:
    """At 390 px: nothing scrolls sideways, and axe finds nothing serious."""
    width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1], f"scrolls sideways at 390 px: {width}"
    axe = Axe()
    page.evaluate(axe.axe_script)
    violations = page.evaluate("() => axe.run(document).then(r => r.violations)")
    serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, serious
