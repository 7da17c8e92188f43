"""What a person sees of buttons and forms (issue 15), in Chromium: button-styled links
are readable, radios are radios with their labels beside them, a refused submit moves the
focus to an error summary in red, and the header's focus ring is visible."""

import re

import pytest

from poortwachter.core.roles import Role
from tests.browser.flows import main_button, persona, sign_in, submit
from tests.browser.test_accessibility import blocking_violations
from tests.factories import DepartmentFactory, EmployeeFactory, EmployerFactory, EmploymentFactory

pytestmark = pytest.mark.xdist_group("browser")


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", css)[:3])


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [c / 255 for c in _rgb(colour)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _style(locator, prop: str) -> str:
    return locator.evaluate(f"(el) => getComputedStyle(el)[{prop!r}]")


def _world():
    employer = EmployerFactory(name="Alfa Zorg B.V.")
    department = DepartmentFactory(employer=employer, name="Verpleging")
    eva = EmployeeFactory(
        employer=employer, first_name="Eva", last_name="Eigen", street="Lindelaan",
        house_number="12", postcode="3511 AB", city="Utrecht", phone="0612345678",
    )  # fmt: skip
    EmploymentFactory(employee=eva, employer=employer, department=department)
    return employer, eva


def _readable(link) -> None:
    colour, background = _style(link, "color"), _style(link, "backgroundColor")
    assert _contrast(colour, background) >= 4.5, (colour, background)


@pytest.mark.browser
def test_button_links_are_readable_for_the_employee_and_hr(site, page):
    employer, eva = _world()
    user, secret = persona("eva@test.example", Role.EMPLOYEE, employer=employer, employee=eva)
    sign_in(page, site, user, secret)
    page.goto(site + "/verzuim/")
    _readable(page.locator("main").get_by_role("link", name="Ziek melden"))
    page.context.clear_cookies()
    hr, hr_secret = persona("hanna@test.example", Role.HR, employer=employer)
    sign_in(page, site, hr, hr_secret)
    page.goto(site + "/werknemers/")
    link = page.locator("main").get_by_role("link", name="Werknemer toevoegen")
    _readable(link)
    link.focus()
    _readable(link)  # and while it has the keyboard focus


@pytest.mark.browser
def test_the_sick_report_asks_with_radios_beside_their_labels(site, page):
    employer, eva = _world()
    user, secret = persona("eva@test.example", Role.EMPLOYEE, employer=employer, employee=eva)
    sign_in(page, site, user, secret)
    page.goto(site + f"/verzuim/ziekmelden/{eva.pk}/")
    # Eva reports herself, so the questions address her as "u" (issue 15).
    group = page.get_by_role("group", name="Heeft uw verzuim te maken met een arbeidsongeval?")
    radio = group.get_by_role("radio", name="Nee")
    assert radio.evaluate("(el) => el.type") == "radio"
    box, label = radio.bounding_box(), group.locator("label", has_text="Nee").bounding_box()
    assert box is not None
    assert label is not None
    assert 20 <= box["width"] <= 32  # a radio, not a text box
    assert 20 <= box["height"] <= 32
    assert label["x"] > box["x"] + box["width"] - 1  # the label beside it ...
    middle = box["y"] + box["height"] / 2
    assert abs(label["y"] + label["height"] / 2 - middle) < 12  # ... on its line
    group.locator("label", has_text="Nee").click()
    assert radio.is_checked()
    duration = page.get_by_role("group", name="Hoe lang denkt u ongeveer ziek te zijn?")
    assert duration.get_by_role("radio").count() == 5


@pytest.mark.browser
def test_a_refused_submit_moves_the_focus_to_a_red_error_summary(site, phone_page):
    page = phone_page
    employer, eva = _world()
    user, secret = persona("eva@test.example", Role.EMPLOYEE, employer=employer, employee=eva)
    sign_in(page, site, user, secret)
    page.goto(site + f"/verzuim/ziekmelden/{eva.pk}/")
    page.get_by_label("Telefoonnummer tijdens het verzuim").fill("12")
    submit(page, main_button(page, "Ziekmelding versturen"))
    summary = page.locator("[data-error-summary]")
    assert summary.get_by_role("heading", name="Er ging iets mis").is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    top = summary.bounding_box()
    assert top is not None
    assert -2 <= top["y"] < 844  # in view on the phone, not far below
    links = summary.get_by_role("link")
    assert links.count() == 4  # the phone and three unanswered yes/no questions
    error = page.locator("#id_phone_error")
    help_text = page.locator("#id_phone_helptext")
    assert _style(error, "color") != _style(help_text, "color")
    assert _rgb(_style(error, "color")) == (176.0, 0.0, 32.0)
    assert blocking_violations(page) == []  # the radios, summary and errors pass axe
    links.first.click()
    assert page.evaluate("document.activeElement.id") == "id_phone"


@pytest.mark.browser
def test_the_header_focus_ring_is_visible_on_the_header(site, page):
    employer, eva = _world()
    user, secret = persona("eva@test.example", Role.EMPLOYEE, employer=employer, employee=eva)
    sign_in(page, site, user, secret)
    page.goto(site + "/verzuim/")
    header = page.locator("header.site-header")
    background = _style(header, "backgroundColor")
    for link in (header.get_by_role("link", name="Poortwachter"),
                 header.get_by_role("button", name="Uitloggen")):  # fmt: skip
        link.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # keyboard focus: :focus-visible
        assert _style(link, "outlineStyle") != "none"
        assert _contrast(_style(link, "outlineColor"), background) >= 3
