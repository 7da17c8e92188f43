"""What a person does in the browser, as small steps the tests share. Synthetic users
only (R-DEV-1): they come from ``tests.factories`` with its one known password."""

import os
import re
from pathlib import Path

from playwright.sync_api import Locator, Page, Response

from tests.factories import PASSWORD, UserFactory, enrol_totp, grant
from tests.helpers import totp_code

SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

LOGIN = "/accounts/login/"
SECOND_FACTOR = "/accounts/2fa/authenticate/"
ENROLMENT_PAGE = "/accounts/2fa/totp/activate/"
ADD_WEBAUTHN = "/accounts/2fa/webauthn/add/"
REAUTHENTICATE = "/accounts/2fa/reauthenticate/"


def path_is(path: str) -> re.Pattern:
    """A URL pattern for ``page.wait_for_url``: this path, any query string."""
    return re.compile(r"^https?://[^/]+" + re.escape(path) + r"(\?.*)?$")


def path_of(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url).split("?")[0]


def submit(page: Page, button: Locator) -> Response:
    """Click a submit button and wait for the page it leads to; returns its response."""
    with page.expect_navigation() as navigation:
        button.click()
    response = navigation.value
    assert response is not None
    return response


def main_button(page: Page, name: str) -> Locator:
    """A button in the page's content by its visible text (the header has its own
    language and sign-out buttons)."""
    return page.locator("main").get_by_role("button", name=name, exact=True)


def enter_password(page: Page, site: str, email: str, password: str = PASSWORD) -> Response:
    page.goto(site + LOGIN)
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    return submit(page, main_button(page, "Inloggen"))


def enter_code(page: Page, code: str) -> Response:
    page.locator("input[name=code]").fill(code)
    return submit(page, main_button(page, "Inloggen"))


def sign_in(page: Page, site: str, user, secret: str, *, offset: int = 0) -> None:
    """Password, then the TOTP code: the whole two-factor sign-in."""
    enter_password(page, site, user.email)
    assert path_of(page) == SECOND_FACTOR
    enter_code(page, totp_code(secret, offset))
    assert path_of(page) != SECOND_FACTOR, page.locator("main").inner_text()


def confirm_with_code(page: Page, secret: str) -> Response:
    """allauth's re-authentication by factor (issue 18: never by password alone for
    someone who has a factor). The next period's code: the sign-in used this one."""
    assert path_of(page) == REAUTHENTICATE, path_of(page)
    page.locator("input[name=code]").fill(totp_code(secret, 1))
    return submit(page, main_button(page, "Bevestigen"))


def sign_out(page: Page) -> Response:
    return submit(page, page.locator("header").get_by_role("button", name="Uitloggen"))


def wrong_code(secret: str) -> str:
    """A six-digit code that no tolerated period accepts for this secret."""
    valid = {totp_code(secret, offset) for offset in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def csp_events(page: Page) -> list[dict]:
    """``securitypolicyviolation`` events the current document saw (conftest listens)."""
    return page.evaluate("window.__cspViolations || []")


def screenshot(page: Page, name: str) -> None:
    """A full-page PNG in docs/screenshots/, only when POORTWACHTER_SCREENSHOTS=1, so
    ordinary runs do not rewrite the committed images."""
    if os.environ.get("POORTWACHTER_SCREENSHOTS") != "1":
        return
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / name), full_page=True)


def shot_to(variable: str, page: Page, name: str) -> None:
    """A full-page PNG named ``name`` in the folder the environment ``variable`` names,
    only when it is set: a journey's pages to be looked at, never committed."""
    where = os.environ.get(variable)
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(where) / f"{name}.png"), full_page=True)


def persona(
    email: str, role: str, first_name: str | None = None, last_name: str | None = None, **scope
):
    """A synthetic user with one role and an enrolled TOTP factor: (user, secret)."""
    names = {k: v for k, v in (("first_name", first_name), ("last_name", last_name)) if v}
    user = UserFactory(email=email, **names)
    grant(user, role, **scope)
    return user, enrol_totp(user)
