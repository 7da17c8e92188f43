"""The guard's word-sense model behind the rules (issue 17, tenth round; R-SICK-3).

``textguard/_model.py`` takes back a refusal that rests only on ambiguous words when the
sentence reads as ordinary work, and refuses a sentence the rules let through when it
reads as health data, naming the words that weighed most. Employer profile only. The
sentences here were written for these tests, not taken from any labelled set."""

import json
import sys
from pathlib import Path

import pytest

from poortwachter.textguard import CATEGORIES, CATEGORY_LABELS, _model, check_text, refusal_message
from poortwachter.textguard._guard import _rules, check
from poortwachter.textguard._memo import remembering
from poortwachter.textguard.address import check_address
from poortwachter.textguard.fields import check_name, check_workplace

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests" / "textguard_sets"))

import textguard_model  # noqa: E402
from measure import SEALED  # noqa: E402

# Health data in words no rule lists: the model refuses them.
ADDED = [
    "Onze receptioniste is doodop en kan zich nergens meer op concentreren.",
    "Sinds vorige maand loopt Gerrit op zijn laatste benen en slaapt hij slecht.",
]
# A work sense of an ambiguous word that the rules still refuse: the model takes it back.
TAKEN_BACK = [
    "Er kwam een klacht binnen over de levertijd van de pallets.",
]
# Ordinary work text and short field values: the model adds nothing.
ORDINARY = [
    "Elke zes weken",
    "Over zes weken evalueren.",
    "Hij werkt vanaf maandag weer vier uur per dag op de afdeling.",
    "Overleg met Sanne over de planning van de komende drie weken.",
    "De operatie van het nieuwe magazijn in Tilburg start volgende maand.",
    "Het virus op de laptop van de receptie is door de helpdesk verwijderd.",
    "Onze nieuwe klant is de kliniek in Amersfoort, de levering start in mei.",
]
# Refusals the rules keep on purpose (a word opening its note, "na de operatie", a
# compound with a body word): the model takes none of them back.
KEPT = [
    "Na de operatie neemt een collega de planning over.",
    "Operatie volgende week, de servicedesk neemt zijn tickets over.",
    "Hartoperatie gepland, de hele lijn draait door zonder hem.",
]


@pytest.mark.parametrize("text", ADDED)
def test_the_model_refuses_health_data_the_rules_miss(text):
    assert not _rules(text).medical
    result = check_text(text)
    assert result.medical
    assert result.matches
    assert all(m.category == _model.CATEGORY for m in result.matches)
    for match in result.matches:
        assert text[match.start : match.end] == match.term


@pytest.mark.parametrize("text", TAKEN_BACK)
def test_the_model_takes_back_a_refusal_resting_only_on_an_ambiguous_word(text):
    assert _rules(text).medical
    assert not check_text(text).medical


@pytest.mark.parametrize("text", ORDINARY)
def test_the_model_leaves_ordinary_text_alone(text):
    assert not check_text(text).medical


@pytest.mark.parametrize("text", KEPT)
def test_the_model_does_not_take_back_what_the_rules_keep_on_purpose(text):
    assert check_text(text).medical


def test_a_clear_medical_word_is_never_taken_back():
    text = "Heeft een hernia, de planning van het magazijn is aangepast."
    assert check_text(text).medical


@pytest.mark.parametrize("text", ADDED + TAKEN_BACK + ORDINARY + KEPT)
def test_the_advice_profile_is_the_rules_alone(text):
    assert check(text, profile="advice") == _rules(text, profile="advice")


def test_the_refusal_names_the_words_with_a_dutch_label():
    result = check_text(ADDED[0])
    message = refusal_message(result)
    assert "mogelijk gezondheidsinformatie" in message
    named = ", ".join(f'"{m.term}"' for m in result.matches)
    assert f"({named}: mogelijk gezondheidsinformatie)" in message
    assert "Deze woorden lijken samen iets over de gezondheid te zeggen" in message
    assert CATEGORY_LABELS[_model.CATEGORY] == "mogelijk gezondheidsinformatie"
    assert _model.CATEGORY not in CATEGORIES  # no lexicon file of its own


def test_an_address_line_is_not_read_by_the_model():
    # An address line is no sentence: the model's words are left out there.
    assert check_text(ADDED[1]).medical
    assert not check_address(ADDED[1]).medical


def test_names_and_workplaces_are_not_read_by_the_model():
    # A name or a job title is no sentence either (fields.py).
    assert not check_name(ADDED[1]).medical
    assert not check_workplace(ADDED[1]).medical


def test_results_are_remembered_with_the_model():
    with remembering():
        first = check_text(ADDED[0])
        assert check_text(ADDED[0]) is first


def test_the_committed_weights_are_up_to_date_with_the_training_rows():
    stored = json.loads(_model.MODEL_FILE.read_text(encoding="utf-8"))
    fresh = textguard_model.rows_hash(textguard_model.training_rows())
    assert stored["training_hash"] == fresh, (
        "textguard/model.json is stale: run `make textguard-model` after changing a development set"
    )


def test_no_sealed_set_is_training_data():
    assert not {path.name for path in textguard_model.TRAINING} & SEALED
    assert not any(path.name.startswith("advice_") for path in textguard_model.TRAINING)


def test_training_is_deterministic():
    rows = textguard_model.training_rows()[::40]
    settings = dict(textguard_model.SETTINGS, epochs=2)
    assert textguard_model.train(rows, settings) == textguard_model.train(rows, settings)


def test_the_model_remembers_words_as_the_rules_do_never_numbers_or_codes():
    # A citizen service number in a note must not stay in the
    # process (_remember.remember: lower-case words only, bounded).
    model = _model.load()
    text = "Overleg met 123456782 en jan@voorbeeld over zijn rooster en de planning."
    model.above(text)
    assert "rooster" in model._seen
    assert "123456782" not in model._seen
    assert not any(key.isdigit() for key in model._seen)
