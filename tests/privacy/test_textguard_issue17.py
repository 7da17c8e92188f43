"""The medical-text guard on words it has never seen (issue 17): disguised spellings,
word sense in context, hospitals and care institutions, misspellings, address lines, the
doctor's-advice profile (R-SICK-2, R-SICK-3, R-SICK-4, R-DOC-1, R-INC-1)."""

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from poortwachter.textguard import (
    PROFILES,
    MedicalTextError,
    _guard,
    check_text,
    validate_no_medical_text,
)
from poortwachter.textguard._normalize import joined, normalize
from poortwachter.textguard.address import check_address

SETS = Path(__file__).parents[1] / "textguard_sets"


def rows(name: str) -> list[dict[str, str]]:
    with (SETS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def refused(text: str, profile: str = "employer") -> bool:
    return check_text(text, profile=profile).medical


# --- every sentence of the issue ------------------------------------------------------


@pytest.mark.parametrize("case", rows("issue17_examples.tsv"), ids=lambda case: case["text"])
def test_every_sentence_of_the_issue_is_handled_right(case):
    if case["field"] == "address":
        result = check_address(case["text"])
    else:
        profile = "advice" if case["field"] == "advice" else "employer"
        result = check_text(case["text"], profile=profile)
    assert result.medical == (case["label"] == "medical")


# --- normalisation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("h\u0435rnia", "hernia"),  # Cyrillic е
        ("\u0440\u0441\u043e", "pco"),  # Cyrillic р, с, о
        ("d\u03b5pressie", "depressie"),  # Greek epsilon
        ("burn\u2063out", "burnout"),  # invisible separator (a format character)
        ("burn\u200bout", "burnout"),
        ("bur\u200dn\u2060out", "burnout"),
        ("h3rnia", "hernia"),
        ("k@nker", "kanker"),
        ("d3pr3ssi3", "depressie"),
        ("gr!ep", "griep"),
        ("Psychiatrische_kliniek", "psychiatrische kliniek"),
        ("ｇｒｉｅｐ", "griep"),
    ],
)
def test_normalisation(text, normalised):
    assert normalize(text).folded == normalised


@pytest.mark.parametrize(
    "text",
    ["COVID-19", "de A12 bij Gouda", "50% thuis", "de 14e", "MS365", "4-Oost", "3x 2 uur!"],
)
def test_digits_and_signs_that_are_not_letters_stay(text):
    assert normalize(text).folded == text.lower()


def test_spread_out_words_are_joined_in_a_second_reading():
    for text in ("h e r n i a", "b.u.r.n.o.u.t", "k-a-n-k-e-r", "hern_ia"):
        spread = joined(text, normalize(text))
        assert spread is not None
        reading, joins = spread
        assert reading.folded in {"hernia", "burnout", "kanker"}
        assert joins
    assert joined("Gewoon een zin.", normalize("Gewoon een zin.")) is None


@pytest.mark.parametrize(
    "text",
    [
        "Heeft h e r n i a.",
        "Heeft h3rnia, werk gaat naar Sanne.",
        "K@nker.",
        "Hij heeft een d3pr3ssi3.",
        "Heeft h\u0435rnia.",
        "Burn\u2063out sinds maandag.",
        "Ligt in het z\u200biekenhuis.",
        "Heeft b.u.r.n.o.u.t.",
        "Reden: hern_ia.",
        "HeRnIa.",
    ],
)
def test_disguised_spellings_are_refused(text):
    assert refused(text)


def test_a_disguised_term_is_reported_with_offsets_into_the_original():
    text = "Heeft h e r n i a en burn\u2063out."
    terms = [(m.term, m.category) for m in check_text(text).matches]
    assert terms == [("h e r n i a", "illness"), ("burn\u2063out", "mental_health")]
    for match in check_text(text).matches:
        assert text[match.start : match.end] == match.term


# --- word sense in context ------------------------------------------------------------


@pytest.mark.parametrize(
    ("work", "health"),
    [
        ("De operatie van de nieuwe fabriek start in april.", "Zijn operatie is in april."),
        ("De logistieke operatie loopt door via Jan.", "Na de operatie loopt hij met krukken."),
        ("Operatie Zomerstop begint in juli.", "Operatie aan de knie in juli."),
        ("De diagnose van de storing aan de machine.", "De diagnose is nog niet gesteld."),
        ("Storing aan de pers; diagnose volgt morgen.", "Wacht op een diagnose van de arts."),
        ("Het virus op zijn laptop is verwijderd.", "Heeft een virus opgelopen."),
        ("De audit bij de kliniek in Zwolle.", "Ligt in een kliniek in Zwolle."),
        ("Contract met de huisartsenpost verlengen.", "Gisteren naar de huisartsenpost."),
        ("De behandeling van de klachtenbrief.", "Rugklachten, onder behandeling."),
        ("Levering aan het UMCG verschoven.", "Opgenomen in het UMCG."),
        ("Werkt als verpleegkundige in het Erasmus MC.", "Ligt in het Erasmus MC."),
        ("Klant Griepink belt terug.", "Griepje, morgen terug."),
    ],
)
def test_the_neighbours_decide_the_sense(work, health):
    assert not refused(work), work
    assert refused(health), health


def test_a_business_frame_does_not_hide_a_medical_compound():
    assert refused("Hernia-operatie loopt voorspoedig.")
    assert refused("Levering aan het UMCG; hij heeft zelf een hernia.")


# --- hospitals and care institutions, misspellings, new words -----------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ligt in het UMC voor onderzoek.",
        "Opgenomen in het AMC.",
        "Zit in de Jellinek.",
        "Intake bij Parnassia.",
        "Wordt behandeld in het AVL.",
        "Ligt in het Radboudumc.",
        "Staat op de wachtlijst bij Altrecht.",
        "Ligt in het UZ Gent.",
    ],
)
def test_hospitals_and_care_institutions_are_signals(text):
    assert refused(text)


@pytest.mark.parametrize(
    "text",
    ["Heeft hernea.", "Longontseking.", "Moet naar de fysiotherapheut.", "Depresief.", "Burnaut."],
)
def test_misspellings_one_edit_away_are_refused(text):
    assert refused(text)


@pytest.mark.parametrize(
    "text",
    [
        "Zwager van Jan neemt de klus over.",
        "De bestrating wordt vernieuwd.",
        "Mevrouw Koorts belde.",
    ],
)
def test_ordinary_words_one_edit_from_a_medical_word_are_not(text):
    assert not refused(text)


# --- address lines ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kliniekweg 12",
        "Ziekenhuislaan",
        "Dokter van Deenweg",
        "Gasthuisstraat",
        "Pepijnlaan",
        "Spier",
    ],
)
def test_address_lines_that_look_like_addresses_pass(text):
    assert not check_address(text).medical


@pytest.mark.parametrize(
    "text",
    [
        "Hernialaan",
        "Psychiatrische_kliniek_Parnassiaweg",
        "Burn-outstraat",
        "hernia",
        "Kankerweg 3",
    ],
)
def test_address_lines_with_health_data_are_refused(text):
    assert check_address(text).medical


# --- profiles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kan niet met de rechterarm boven schouderhoogte werken.",
        "Niet langer dan 30 minuten staan.",
        "Niet knielen; de knieën niet belasten.",
        "Kan de nek niet lang gebogen houden.",
    ],
)
def test_the_advice_profile_allows_body_functions_in_limitations(text):
    assert not refused(text, "advice")
    medical = text.replace("Kan niet", "Zijn rug").replace("Niet langer", "Hernia, niet langer")
    assert refused(medical)


@pytest.mark.parametrize(
    "text",
    [
        "Vanwege de hernia niet tillen.",  # diagnosis
        "Door het auto-ongeluk beperkt in draaien.",  # cause
        "Na de knieoperatie niet knielen.",  # treatment
        "Gebruikt oxazepam, niet rijden.",  # medication
        "Onder behandeling bij de psycholoog.",  # care provider
        "Is 40% arbeidsongeschikt.",  # the percentage has its own field (R-INC-1)
    ],
)
def test_the_advice_profile_refuses_diagnoses_causes_treatments_and_medication(text):
    assert refused(text, "advice")


def test_the_employer_profile_is_the_default_and_refuses_body_parts():
    text = "Kan niet met de rechterarm boven schouderhoogte werken."
    assert refused(text)
    assert check_text(text) == check_text(text, profile="employer")


def test_an_unknown_profile_is_an_error():
    assert PROFILES == ("employer", "advice")
    with pytest.raises(ValueError, match="unknown profile"):
        check_text("griep", profile="manager")


# --- the refusal: names the words, suggests a rephrasing ------------------------------------


def test_the_refusal_names_the_words_and_suggests_a_rephrasing():
    with pytest.raises(MedicalTextError) as error:
        validate_no_medical_text("Afspraak bij de fysiotherapeut op dinsdag.")
    (message,) = error.value.messages
    assert '"fysiotherapeut": zorgverlener' in message
    assert 'schrijf bijvoorbeeld: "Heeft dinsdag een afspraak, vrij van 9 tot 12 uur."' in message
    with pytest.raises(MedicalTextError) as error:
        validate_no_medical_text("Werkt voor 50%.")
    assert "Schrijf uren en taken" in error.value.messages[0]


def test_the_advice_refusal_suggests_a_functional_limitation():
    with pytest.raises(MedicalTextError) as error:
        validate_no_medical_text("Hernia, niet tillen.", profile="advice")
    (message,) = error.value.messages
    assert '"Hernia": ziekte of aandoening' in message
    assert "Niet langer dan 30 minuten staan" in message
    assert "zonder diagnose, oorzaak, behandeling of medicatie" in message


# --- check-text --profile -------------------------------------------------------------------


def run(text: str, *args: str) -> list[dict]:
    out = StringIO()
    call_command("check-text", *args, stdin=StringIO(text), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_check_text_takes_a_profile():
    text = "Niet boven schouderhoogte met de rechterarm.\nHernia.\n"
    employer = run(text)
    advice = run(text, "--profile", "advice")
    assert [r["medical"] for r in employer] == [True, True]
    assert [r["medical"] for r in advice] == [False, True]
    assert advice[1]["matches"] == [{"term": "Hernia", "start": 0, "end": 6, "category": "illness"}]
    assert run(text, "--profile", "employer") == employer


def test_check_text_refuses_an_unknown_profile():
    with pytest.raises(CommandError):
        call_command("check-text", "--profile", "manager", stdin=StringIO(""), stdout=StringIO())


# --- the labelled sets of issue 17 ------------------------------------------------------------


def figures(name: str, profile: str) -> tuple[float, float]:
    """Precision and recall on a set. Only the totals are printed: the sentences of the
    held-out sets that the guard gets wrong are never shown (tuning on them would make
    them a development set; see tests/textguard_sets/measure.py)."""
    tp = fp = fn = 0
    for case in rows(name):
        found = check_text(case["text"], profile=profile).medical
        expected = case["label"] == "medical"
        tp += found and expected
        fp += found and not expected
        fn += expected and not found
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"\n{name} ({profile}): precision {precision:.3f}, recall {recall:.3f}")
    return precision, recall


def test_held_out_set_figures_do_not_fall():
    # Measured after the first round (0.960 / 0.947) and the second (0.972 / 0.951):
    # recall below the issue's target of 0.97; these floors only keep the figures from
    # falling.
    assert len(rows("heldout.tsv")) >= 600
    precision, recall = figures("heldout.tsv", "employer")
    assert precision >= 0.965
    assert recall >= 0.945


def test_blind_batch_4_figures_do_not_fall():
    # Written before the second round (main's guard: 0.781 / 0.909), sealed; after it
    # 0.847 / 0.909. Floors only; the figures are printed.
    assert len(rows("heldout_blind4.tsv")) >= 200
    precision, recall = figures("heldout_blind4.tsv", "employer")
    assert precision >= 0.84
    assert recall >= 0.90


def test_advice_held_out_set():
    precision, recall = figures("advice_heldout.tsv", "advice")
    assert precision >= 0.97
    assert recall >= 0.97


@pytest.mark.parametrize(
    "name", ["dev_issue17.tsv", "dev_blind2.tsv", "dev_blind3.tsv", "dev_advice.tsv"]
)
def test_development_sets_of_issue_17(name):
    profile = "advice" if name == "dev_advice.tsv" else "employer"
    precision, recall = figures(name, profile)
    assert precision >= 0.97
    assert recall >= 0.97


def test_development_set_of_the_dictionary_and_word_sense():
    # dev_issue17b.tsv: written for the second round of issue 17 (dictionary, word sense),
    # measured before it was tuned on (0.672 / 0.717); misspelt two-word phrases and
    # "in een behandeling" stay missed.
    precision, recall = figures("dev_issue17b.tsv", "employer")
    assert precision >= 0.97
    assert recall >= 0.93


def test_running_each_rule_only_as_far_as_it_reaches_changes_no_result(monkeypatch):
    """Rules run in windows as wide as their widest match (Rule.reach); the full
    200-character windows give the same results on every labelled sentence."""
    names = ["dev_issue17.tsv", "dev_blind2.tsv", "dev_blind3.tsv", "issue17_examples.tsv"]
    texts = [case["text"] for name in names for case in rows(name)]
    texts += [case["text"] for case in csv.DictReader(
        (Path(__file__).with_name("medical_text_cases.tsv")).open(encoding="utf-8"),
        delimiter="\t", quoting=csv.QUOTE_NONE,
    )]  # fmt: skip
    text = " ".join(texts)  # one long text: windows of neighbouring sentences meet
    narrow = [check_text(t) for t in texts] + [check_text(text)]
    full_windows = _guard._windows
    monkeypatch.setattr(_guard, "_windows", lambda starts, t, reach=200: full_windows(starts, t))
    full_end = _guard._window_end  # a rule with one place of its anchors (its window's end)
    monkeypatch.setattr(
        _guard, "_window_end", lambda t, position, reach: full_end(t, position, 200)
    )
    monkeypatch.setattr(_guard, "_near", lambda points, position, reach: True)
    monkeypatch.setattr(_guard, "_nearby", lambda points, count, starts, reach: list(starts))
    wide = [check_text(t) for t in texts] + [check_text(text)]
    assert narrow == wide
