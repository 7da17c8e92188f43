"""The journey suite's walker: a ``Tour`` follows one person through the product and, on
every page it reaches, runs the same checks (issue 15, "Tests that walk the journeys"):

- axe-core: no serious or critical violation; and what axe could not decide ("needs
  review") for colour contrast and ARIA is decided here, by the test itself;
- every radio button and checkbox is a real ``input`` and looks like one: a small square
  or circle with its label beside it, not a text box with the label underneath;
- the page does not scroll sideways at 360 CSS pixels (the same page, resized), and
  what scrolls on its own there (a wide table) can be reached by keyboard (axe's
  width-dependent rules, run again at that width);
- no answer of 400 or more (the page, its assets, htmx calls) and no console error;
- no link on the page leads to a refusal or a missing page;
- after signing in, the focus ring in the header can be seen (``check_keyboard_focus``).

A check that fails does not stop the walk: the tour notes it (page, check, what) and the
journey asserts at its end that nothing was noted, so one run lists every finding. The
steps themselves (a missing button, a wrong outcome) fail at once, as in any test.

The tour counts the distinct pages it saw (paths with their ids replaced), so the suite
can show it walks at least forty pages. With ``POORTWACHTER_SCREENSHOTS=1`` it writes the
README's screenshots, at 1280 and 390 pixels wide, into docs/screenshots/.
"""

import os
import re
from collections.abc import Callable
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, Response

from tests.browser.flows import SCREENSHOT_DIR, path_of

DESKTOP = {"width": 1280, "height": 900}
NARROWEST = {"width": 360, "height": 800}
PHONE = {"width": 390, "height": 844}

BLOCKING_IMPACTS = {"critical", "serious"}
AXE_OPTIONS = {"resultTypes": ["violations", "incomplete"]}
#: Rules whose outcome depends on the width: run again on the page at 360 px.
NARROW_RULES = ["scrollable-region-focusable", "target-size"]

#: Choice fields that are radio buttons, by the page they are on. A choice between a few
#: answers that renders as anything else (a text box, a select) fails the check.
RADIO_FIELDS: list[tuple[re.Pattern, set[str]]] = [
    (
        re.compile(r"^/verzuim/ziekmelden/\d+/$"),
        {
            "expected_duration",
            "safety_net_applies",
            "work_accident",
            "traffic_accident_third_party",
        },
    ),
    (re.compile(r"^/verzuim/dossiers/\d+/uwv/\d+/$"), {"sent_via"}),
    (re.compile(r"^/werknemers/\d+/bewaren/$"), {"kind"}),
]

_ID = re.compile(r"/\d+(?=[/.]|$)")
_UUID = re.compile(r"/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=[/.]|$)")
_FILE_SUFFIXES = (".pdf", ".json", ".csv", ".xlsx")


def pattern_of(path: str) -> str:
    """The page a path is an instance of: ``/werknemers/12/`` is ``/werknemers/<id>/``."""
    return _ID.sub("/<id>", _UUID.sub("/<uuid>", path))


def screenshots_wanted() -> bool:
    return os.environ.get("POORTWACHTER_SCREENSHOTS") == "1"


# --- what runs in the page ---------------------------------------------------------------


def _scripts() -> dict[str, str]:
    """The functions of journeys.js, by their section names."""
    text = (Path(__file__).parent / "journeys.js").read_text()
    sections = re.split(r"^// === (\w+)\n", text, flags=re.M)[1:]
    code = [
        "\n".join(ln for ln in body.split("\n") if not ln.startswith("//"))
        for body in sections[1::2]
    ]
    return {name: body.strip() for name, body in zip(sections[::2], code, strict=True)}


_JS = _scripts()
_SCROLL_WIDTH, _CHOICES, _ARIA_REFS = _JS["scroll_width"], _JS["choices"], _JS["aria_refs"]
_CONTRAST, _LOOK, _SETTLE = _JS["contrast"], _JS["look"], _JS["settle"]
_FOCUS_RING = _JS["focus_ring"]


def _links_on(page: Page) -> list[tuple[str, str]]:
    return page.evaluate(
        """(suffixes) => [...document.querySelectorAll('header a[href], main a[href]')]
          .filter(a => a.origin === location.origin && !a.hasAttribute('download'))
          .filter(a => !a.getAttribute('href').startsWith('#'))
          .filter(a => !suffixes.some(s => a.pathname.endsWith(s)))
          .map(a => [a.pathname + a.search, a.textContent.trim().replace(/\\s+/g, ' ')])""",
        list(_FILE_SUFFIXES),
    )


class Tour:
    """One person's walk through the product, in one Chromium page."""

    def __init__(self, page: Page, site: str, who: str):
        self.page = page
        self.site = site
        self.who = who
        self.pages: dict[str, str] = {}  # page pattern -> the first path seen
        self.problems: list[str] = []
        self._answers: list[str] = []
        self._console: list[str] = []
        self._links_checked: set[str] = set()
        self._noted: set[tuple[str, str, str]] = set()
        self._looked_at: set[tuple[str, str]] = set()
        self.completed = False
        self._axe = Axe()
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self._console.append(f"page error: {error}"))

    # -- listeners ----------------------------------------------------------------------

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            path = re.sub(r"^https?://[^/]+", "", response.url)
            self._answers.append(f"{response.status} for {response.request.method} {path}")

    def _on_console(self, message) -> None:
        if message.type == "error":
            self._console.append(f"console error: {message.text}")

    # -- steps ----------------------------------------------------------------------------

    def open(self, path: str, *, shot: str | None = None) -> Response | None:
        """Type an address (what a bookmark or an e-mail link does)."""
        response = self.page.goto(self.site + path)
        self.check(shot=shot)
        return response

    def follow(
        self,
        name: str | re.Pattern,
        *,
        within: str = "main",
        fallback: str | None = None,
        shot: str | None = None,
    ) -> None:
        """Click the link a person would click. When it is missing, that is a finding
        (a dead end); with a ``fallback`` address the walk goes on there, so the pages
        behind it are still checked."""
        link = self.page.locator(within).get_by_role("link", name=name, exact=isinstance(name, str))
        if link.count() == 0:
            where = path_of(self.page)
            if fallback is None:
                raise AssertionError(f"{self.who}: no link {name!r} on {where}")
            self.note(where, "dead end", f"no link {name!r} in {within} (went to {fallback})")
            self.open(fallback, shot=shot)
            return
        with self.page.expect_navigation():
            link.first.click()
        self.check(shot=shot)

    def submit(
        self, button: str | Locator, *, shot: str | None = None, refusal: bool = False
    ) -> Response:
        """Press a button in the page's content and wait for the page it leads to. With
        ``refusal`` the form is expected back with its errors, which may come as 400
        (Bad Request) or 422: that answer to the form itself is not a finding."""
        if isinstance(button, str):
            button = self.page.locator("main").get_by_role("button", name=button, exact=True)
        with self.page.expect_navigation() as navigation:
            button.click()
        response = navigation.value
        assert response is not None
        if refusal and response.status in (400, 422):
            expected = f"{response.status} for {response.request.method} "
            self._answers = [a for a in self._answers if not a.startswith(expected)]
            self._console = [m for m in self._console if f"status of {response.status}" not in m]
        self.check(shot=shot)
        return response

    def download(self, name: str | re.Pattern) -> bytes:
        """Click a download link; the file's bytes."""
        link = self.page.locator("main").get_by_role("link", name=name)
        with self.page.expect_download() as info:
            link.first.click()
        download = info.value
        assert download.failure() is None, download.failure()
        path = download.path()
        assert path is not None
        return Path(path).read_bytes()

    def check_keyboard_focus(self, presses: int = 4) -> None:
        """Tab into the header as a keyboard user does: each link or button reached shows
        a focus ring that can be seen against the header."""
        where = path_of(self.page)
        for _ in range(presses):
            self.page.keyboard.press("Tab")
            ring = self.page.evaluate(_FOCUS_RING)
            if ring is None:
                continue
            visible_ring = ring["style"] != "none" and ring["width"] >= 2 and ring["ratio"] >= 3
            if not visible_ring and ring["fill"] < 3:
                self.note(
                    where, "focus",
                    f"the focus ring of {ring['what']} in the header is hard to see: "
                    f"{ring['style']} {ring['width']:g}px, {ring['ratio']:.2f}:1 on the header",
                )  # fmt: skip

    def note(self, where: str, check: str, what: str) -> None:
        """A finding; the same one on a page seen again is noted once."""
        key = (pattern_of(where), check, what)
        if key not in self._noted:
            self._noted.add(key)
            self.problems.append(f"{where}: [{check}] {what}")

    # -- the checks ------------------------------------------------------------------------

    def check(self, *, shot: str | None = None) -> None:
        """Everything a person would trip over on the page now shown."""
        page = self.page
        page.wait_for_load_state("load")
        where = path_of(page)
        self.pages.setdefault(pattern_of(where), where)
        for answer in self._answers:
            self.note(where, "answer", answer)
        for message in self._console:
            self.note(where, "console", message)
        self._answers.clear()
        self._console.clear()
        seen = (pattern_of(where), str(hash(self.page.evaluate(_LOOK))))
        if seen in self._looked_at and not shot:
            return  # the same page as checked before, unchanged: nothing new to find
        self._looked_at.add(seen)
        self._check_axe(where)
        self._check_choices(where)
        self._check_links(where)
        if shot and screenshots_wanted():
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT_DIR / f"{shot}-desktop.png"), full_page=True)
        self._check_narrow(where, shot)

    def _check_axe(self, where: str) -> None:
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.evaluate(self._axe.axe_script)
        results = self.page.evaluate(
            "(options) => axe.run(document, options).then(r => ({violations: r.violations, "
            "incomplete: r.incomplete}))",
            AXE_OPTIONS,
        )
        for v in results["violations"]:
            if v["impact"] in BLOCKING_IMPACTS:
                nodes = ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
                self.note(where, "axe", f"{v['id']} ({v['impact']}): {v['help']} -> {nodes}")
        for item in results["incomplete"]:
            rule = item["id"]
            for node in item["nodes"]:
                target = node["target"][0] if len(node["target"]) == 1 else None
                if not isinstance(target, str):
                    self.note(where, "axe needs review", f"{rule}: {node['target']} (in a frame)")
                    continue
                if rule == "color-contrast":
                    self._decide_contrast(where, target)
                elif rule.startswith("aria-"):
                    self._decide_aria(where, rule, target, node)
        for finding in self.page.evaluate(_ARIA_REFS, None):
            self.note(where, "aria", finding)

    def _decide_contrast(self, where: str, target: str) -> None:
        measured = self.page.evaluate(_CONTRAST, target)
        if measured is None:
            return  # gone from the page since axe looked
        if measured["ratio"] + 0.005 < measured["needed"]:
            self.note(
                where, "contrast (axe: needs review)",
                f"{target} '{measured['text']}': {measured['ratio']:.2f}:1, "
                f"needs {measured['needed']}:1",
            )  # fmt: skip

    def _decide_aria(self, where: str, rule: str, target: str, node: dict) -> None:
        if rule == "aria-valid-attr-value":
            # axe cannot always tell whether a reference resolves; the page can, and
            # check() asks it for every reference on the page (see _ARIA_REFS).
            return
        messages = "; ".join(
            check["message"] for kind in ("any", "all", "none") for check in node.get(kind, [])
        )
        self.note(where, f"{rule} (axe: needs review)", f"{target}: {messages}")

    def _check_choices(self, where: str) -> None:
        radio_fields = sorted(
            {name for pattern, names in RADIO_FIELDS if pattern.match(where) for name in names}
        )
        for finding in self.page.evaluate(_CHOICES, radio_fields):
            self.note(where, "radio/checkbox", finding)

    def _check_links(self, where: str) -> None:
        for href, text in _links_on(self.page):
            kind = pattern_of(href.split("?")[0]) + ("?" if "?" in href else "")
            if kind in self._links_checked:
                continue  # one link per kind of page: the rows of a table lead alike
            self._links_checked.add(kind)
            answer = self.page.request.get(self.site + href)
            if answer.status >= 400:
                self.note(where, "link", f"'{text}' ({href}) answers {answer.status}")

    def _check_narrow(self, where: str, shot: str | None) -> None:
        page = self.page
        try:
            page.set_viewport_size(NARROWEST)
            page.evaluate(_SETTLE)
            width = page.evaluate(_SCROLL_WIDTH)
            if width["scroll"] > width["client"]:
                self.note(
                    where, "360 px",
                    f"the page scrolls sideways: {width['scroll']} px of content in "
                    f"{width['client']} px; too wide: {', '.join(width['wide'])}",
                )  # fmt: skip
            # A table too wide for the phone scrolls in its own box: one a keyboard
            # can reach (axe's rules that depend on the width, run again at 360 px).
            narrow = page.evaluate(
                "(rules) => axe.run(document, {runOnly: {type: 'rule', values: rules}})"
                ".then(r => r.violations)",
                NARROW_RULES,
            )
            for v in narrow:
                nodes = ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
                self.note(where, "360 px axe", f"{v['id']} ({v['impact']}): {v['help']} -> {nodes}")
            if shot and screenshots_wanted():
                page.set_viewport_size(PHONE)
                page.evaluate(_SETTLE)
                page.screenshot(path=str(SCREENSHOT_DIR / f"{shot}-phone.png"), full_page=True)
        finally:
            page.set_viewport_size(DESKTOP)
            page.evaluate(_SETTLE)

    # -- the end of the walk ------------------------------------------------------------

    def report(self) -> str:
        lines = [f"{self.who}: {len(self.pages)} pages"]
        lines += [f"  {p}" for p in sorted(self.pages)]
        lines += [f"{len(self.problems)} findings:"] + [f"  {p}" for p in self.problems]
        return "\n".join(lines)

    def assert_clean(self, *, min_pages: int) -> None:
        """Nothing noted on any page, and the walk reached at least ``min_pages`` pages."""
        self.completed = True
        assert not self.problems, self.report()
        assert len(self.pages) >= min_pages, self.report()


def expect_text(tour: Tour, text: str, where: Callable[[Page], Locator] | None = None) -> None:
    """A sentence a person must see on the page now shown."""
    locator = where(tour.page) if where else tour.page.locator("main")
    if not locator.count():
        locator = tour.page.locator("main")
    body = locator.inner_text()
    assert text in body, f"{tour.who}: {text!r} not on {path_of(tour.page)}:\n{body[:1500]}"
