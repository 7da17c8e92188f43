"""The word-sense model behind the medical-text guard, as a manager meets it (issue 17,
tenth round; R-SICK-3): on a 390 px phone and a desktop a sick report whose note says health in
everyday words no lexicon term holds is refused, the error summary at the top takes the
focus, the field's message names the words that weighed most and how to write it
instead, and nothing is saved; a work note with a care place as a site, which the rules
alone refused, is saved. With ``GUARD_MODEL_SHOTS=<dir>`` the pages are saved as
screenshots there, to be looked at."""

import pytest
from playwright.sync_api import Page

from poortwachter.absences.models import SickReport
from poortwachter.textguard import check_text
from poortwachter.textguard._guard import _rules
from tests.browser.flows import main_button, shot_to, submit
from tests.browser.test_absences import _fill_report, _manager_at_the_report_form
from tests.browser.test_accessibility import blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# Health said in everyday words: no lexicon term, the model's reading of the sentence.
EVERYDAY = "Eva heeft het zwaar sinds het overlijden van haar vader en slaapt weinig."
# A work note with a care place as a site: the rules alone refuse "kliniek".
SITE_WORK = "Inventarisatie van de serverruimte bij de kliniek in Assen schuift naar vrijdag."


def _shot(page: Page, name: str) -> None:
    shot_to("GUARD_MODEL_SHOTS", page, name)


def _no_sideways_scrolling(page: Page) -> None:
    width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1], f"scrolls sideways: {width}"


def test_the_sentences_are_the_models_cases():
    # What the journey below rests on: the first is the model's refusal alone, the
    # second the model's taking back of a rules' refusal.
    assert not _rules(EVERYDAY).medical
    assert {m.category for m in check_text(EVERYDAY).matches} == {"model"}
    assert _rules(SITE_WORK).medical
    assert not check_text(SITE_WORK).medical


@pytest.mark.parametrize("size", ["phone_page", "page"], ids=["390px", "1280px"])
def test_a_manager_is_refused_by_the_model_and_saves_a_work_note(site, request, size):
    page = request.getfixturevalue(size)
    width = page.viewport_size["width"]
    eva, manager = _manager_at_the_report_form(site, page)
    _fill_report(page, EVERYDAY)
    response = submit(page, main_button(page, "Ziekmelding versturen"))
    assert response.status in (200, 400, 422)  # the form again, with the refusal
    summary = page.locator("[data-error-summary]")
    assert summary.get_by_role("heading", name="Er ging iets mis").is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    error = page.locator(".field-error").first.inner_text()
    assert "mogelijk gezondheidsinformatie" in error
    named = [m.term for m in check_text(EVERYDAY).matches]
    assert named
    assert all(f'"{term}"' in error for term in named)
    assert 'Wel mag bijvoorbeeld: "Is afwezig' in error
    assert EVERYDAY not in error  # the words, never the sentence
    assert not SickReport.objects.exists()
    _no_sideways_scrolling(page)
    assert blocking_violations(page) == []
    _shot(page, f"model-refusal-{width}")

    _fill_report(page, SITE_WORK)
    submit(page, main_button(page, "Ziekmelding versturen"))
    assert "De ziekmelding is vastgelegd" in page.locator(".messages").inner_text()
    report = SickReport.objects.get(employee=eva, reported_by=manager)
    assert report.appointments_and_work == SITE_WORK
    _no_sideways_scrolling(page)
    _shot(page, f"model-work-note-saved-{width}")
