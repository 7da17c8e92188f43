"""Fixtures for the end-to-end tests: Debian's Chromium driven by Playwright (sync API)
against pytest-django's live server.

One browser per test session (per xdist worker), a fresh context (cookies, storage,
virtual authenticators) per test. Every test module in this folder marks its tests
``browser`` and puts them in one of two xdist groups for ``-n 3 --dist loadgroup``:
``browser-walks`` (the long journeys, the daily rhythm, signing in) and ``browser`` (the
rest), about four minutes each; each group runs on one worker, with its own live server
and Chromium.

Playwright's sync API keeps an asyncio loop marked as running in the test thread, and
Django refuses ORM calls (factories, assertions on the database) from a thread with a
running loop unless ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set. Both are confined to the
browser tests: the variable is set for each browser test only, and between browser
tests the loop is unmarked, so the rest of the suite in the same worker keeps Django's
async-safety check, and no subprocess a later test starts inherits the variable.
"""

import asyncio
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser import journeys

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# Collects Content-Security-Policy violations as the page itself sees them. Injected by
# the browser (DevTools), so the policy does not apply to this script.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(
    {directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
     line: e.lineNumber, sample: e.sample});
});
"""


@pytest.fixture(scope="session")
def _chromium() -> Iterator[tuple[Browser, asyncio.AbstractEventLoop]]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        loop = asyncio.get_running_loop()  # Playwright's, marked running in this thread
        asyncio._set_running_loop(None)  # until a browser test needs it: see browser()
        try:
            yield browser, loop
        finally:
            asyncio._set_running_loop(loop)
            browser.close()


@pytest.fixture
def browser(_chromium, monkeypatch) -> Iterator[Browser]:
    """The session's Chromium, for one test, with Django told that the running loop in
    this thread is deliberate."""
    browser, loop = _chromium
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    asyncio._set_running_loop(loop)
    try:
        yield browser
    finally:
        # Database connections opened while the loop is marked running live in their own
        # context; close them here, or PostgreSQL cannot drop the test database later.
        connections.close_all()
        asyncio._set_running_loop(None)


@pytest.fixture
def site(live_server, transactional_db) -> str:
    """The live server's address, on ``localhost``: WebAuthn wants a domain as RP ID.

    The live server runs in this process, so it shares the locmem cache: cleared here so
    lockouts and rate limits of one test do not leak into the next.
    """
    cache.clear()
    url = live_server.url.replace("127.0.0.1", "localhost")
    assert url.startswith("http://localhost:")
    return url


class ConsoleLog:
    """Console messages and page errors of one browser context."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.page_errors: list[str] = []

    def watch(self, page: Page) -> None:
        page.on("console", lambda msg: self.messages.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def csp_violations(self, directive: str = "") -> list[str]:
        """Chromium's console reports of blocked content, optionally of one directive."""
        return [m for m in self.messages if "Content Security Policy" in m and directive in m]


@pytest.fixture
def console() -> ConsoleLog:
    return ConsoleLog()


def _new_context(browser: Browser, console: ConsoleLog, viewport: dict) -> BrowserContext:
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    context.set_default_timeout(10_000)
    context.add_init_script(CSP_LISTENER)
    context.on("page", console.watch)
    return context


@pytest.fixture
def context(browser: Browser, console: ConsoleLog) -> Iterator[BrowserContext]:
    context = _new_context(browser, console, DESKTOP)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def desktop(browser: Browser, console: ConsoleLog) -> Iterator[Page]:
    """A page at the journeys' desktop size, for ``tour`` (a module may define its own)."""
    context = _new_context(browser, console, journeys.DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def tour(request, desktop: Page, site: str) -> Iterator[journeys.Tour]:
    """A journey walked at desktop size, named after its test; its report is printed."""
    walk = journeys.Tour(desktop, site, request.node.name.removeprefix("test_"))
    yield walk
    print(walk.report())


@pytest.fixture
def phone_page(browser: Browser, console: ConsoleLog) -> Iterator[Page]:
    """A page 390 CSS pixels wide, as on a common phone."""
    context = _new_context(browser, console, PHONE)
    yield context.new_page()
    context.close()
