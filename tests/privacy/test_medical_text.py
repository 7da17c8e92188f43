"""The medical-text guard: employer-side free text may not reveal health data (R-SICK-2,
R-SICK-3, R-SICK-4, R-INC-1). It refuses such text with a Dutch message that names what
triggered it, and leaves ordinary work text alone."""

import csv
import logging
import re
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import example, given, settings
from hypothesis import strategies as st

from poortwachter.textguard import (
    CATEGORIES,
    CATEGORY_LABELS,
    GuardResult,
    Match,
    MedicalTextError,
    check_text,
    validate_no_medical_text,
)
from poortwachter.textguard._guard import PRIORITY
from poortwachter.textguard._lexicon import LexiconError, compile_line, load
from poortwachter.textguard._model import CATEGORY as MODEL_CATEGORY

CASES = Path(__file__).with_name("medical_text_cases.tsv")
MIN_PRECISION = 0.95
MIN_RECALL = 0.95


def found(text: str) -> list[tuple[str, str]]:
    return [(m.term, m.category) for m in check_text(text).matches]


# --- categories ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term", "category"),
    [
        # illness: plain, diminutive, compound, hyphenated, spelling variants, eponym
        ("Hij heeft griep.", "griep", "illness"),
        ("Heeft een griepje, maandag terug.", "griepje", "illness"),
        ("Buikgriep, morgen weer op kantoor.", "Buikgriep", "illness"),
        ("Migraineaanval, kan niet werken.", "Migraineaanval", "illness"),
        ("Arthrose in de handen.", "Arthrose", "illness"),
        ("Rheuma speelt op.", "Rheuma", "illness"),
        ("Ziekte van Pfeiffer.", "Ziekte van Pfeiffer", "illness"),
        ("Heeft MS, werkt aangepaste uren.", "MS", "illness"),
        # symptom
        ("Hij heeft rugklachten.", "rugklachten", "symptom"),
        ("Klachtje aan de heup.", "Klachtje", "symptom"),
        ("Diaree, blijft thuis.", "Diaree", "symptom"),
        ("Verstuikte enkel.", "Verstuikte enkel", "symptom"),
        # body part: unambiguous on its own, ambiguous only when personal
        ("Probleem met de knie.", "knie", "body_part"),
        ("Zijn rug speelt weer op.", "rug", "body_part"),
        ("Linkerarm in een mitella.", "Linkerarm", "body_part"),
        # treatment: compounds, hyphenated compounds, abbreviations in patient context
        ("Knieoperatie op 12 maart.", "Knieoperatie", "treatment"),
        ("Hernia-operatie gepland.", "Hernia-operatie", "treatment"),
        ("Moet naar de OK.", "OK", "treatment"),
        ("Ligt op de IC.", "Ligt op de IC", "treatment"),
        ("MRI-scan op woensdag.", "MRI-scan", "treatment"),
        # medication
        ("Slikt paracetamol.", "paracetamol", "medication"),
        ("Pilletjes voor de nacht.", "Pilletjes", "medication"),
        # care provider: GP, specialist, physio (also the abbreviation FT), psychologist
        ("Afspraak bij de huisarts.", "huisarts", "care_provider"),
        ("Afspraak met de specialist.", "specialist", "care_provider"),
        ("Afspraak bij FT op maandag.", "FT", "care_provider"),
        ("Morgen naar de fysio.", "fysio", "care_provider"),
        ("Loopt bij een psygoloog.", "psygoloog", "care_provider"),
        ("Naar de SEH geweest.", "SEH", "care_provider"),
        # pregnancy
        ("Zij is zwanger.", "zwanger", "pregnancy"),
        ("Zwangerschapsklachten.", "Zwangerschapsklachten", "pregnancy"),
        ("Is in verwachting.", "in verwachting", "pregnancy"),
        # mental health: spellings of burn-out, compounds
        ("Zit thuis met een burn-out.", "burn-out", "mental_health"),
        ("Burnout.", "Burnout", "mental_health"),
        ("Burn out.", "Burn out", "mental_health"),
        ("Burn-outklachten.", "Burn-outklachten", "mental_health"),
        ("Loopt bij de GGZ.", "GGZ", "mental_health"),
        # safety net: which provision
        ("No-riskpolis van toepassing.", "No-riskpolis", "safety_net"),
        ("Vangnet: orgaandonatie.", "orgaandonatie", "safety_net"),
        ("Valt onder de WAZO.", "WAZO", "safety_net"),
        ("Werknemer is arbeidsgehandicapt.", "arbeidsgehandicapt", "safety_net"),
        # incapacity or availability percentage
        ("Is voor 50% arbeidsongeschikt.", "50% arbeidsongeschikt", "incapacity_percentage"),
        ("Voor de helft beschikbaar.", "Voor de helft beschikbaar", "incapacity_percentage"),
        ("Inzetbaarheid 60%.", "Inzetbaarheid 60%", "incapacity_percentage"),
        (
            "Arbeidsongeschiktheidspercentage: 60%.",
            "Arbeidsongeschiktheidspercentage",
            "incapacity_percentage",
        ),
        # cause
        ("Door een val op het ijs.", "Door een val op", "cause"),
        ("Na een ongeluk met de auto.", "Na een ongeluk", "cause"),
        ("Ziek door de werkdruk.", "door de werkdruk", "cause"),
        ("Is van de trap gevallen.", "van de trap gevallen", "cause"),
    ],
)
def test_it_finds_each_category(text, term, category):
    assert (term, category) in found(text)


def test_every_category_has_a_label_and_a_priority():
    assert set(PRIORITY) == set(CATEGORIES)


def test_every_category_has_a_dutch_label():
    # and the word-sense model's own (issue 17, tenth round)
    assert set(CATEGORY_LABELS) == {*CATEGORIES, MODEL_CATEGORY}
    assert CATEGORY_LABELS["symptom"] == "klacht of symptoom"
    assert CATEGORY_LABELS["care_provider"] == "zorgverlener"


def test_negation_does_not_make_it_allowed():
    assert found("Geen rugklachten meer.") == [("rugklachten", "symptom")]
    assert check_text("Heeft geen koorts.").medical


def test_one_medical_word_in_work_text_makes_it_medical():
    text = "Overdracht van project Delta aan Mark; na de knieoperatie wordt opnieuw gekeken."
    assert found(text) == [("knieoperatie", "treatment")]


# --- what stays allowed, and why ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # the sick report itself (R-SICK-1)
        "Ziek.",
        "Ziekmelding ontvangen; verzuim geregistreerd.",
        "Hersteld gemeld per 3 mei; herstelmelding doorgegeven.",
        "Vangnetbepaling: ja.",
        "Afspraak met leidinggevende op maandag; thuiswerken afgesproken.",
        "Werkzaamheden overdragen aan Jeroen; vakantie blijft staan.",
        # appointments of the absence process itself
        "Overleg met de bedrijfsarts op dinsdag.",
        "Afspraak bij de arbodienst en de arbeidsdeskundige.",
        "Gesprek met de verzekeringsarts van UWV.",
        # a leave that exists, not its reason
        "Vanaf 1 maart met zwangerschapsverlof.",
        "Zwangerschaps- en bevallingsverlof loopt tot 15 augustus.",
        # work sense of medical words
        "Zij werkt als verpleegkundige op de IC.",
        "Dienst op de afdeling cardiologie wordt overgenomen door Anouk.",
        "De griepprikcampagne van HR gaat door.",
        "Onderhoud aan de operatiekamers uitstellen.",
        "De planning van de operatie-afdeling overnemen.",
        "Zij werkt als apothekersassistent.",
        "Klachten van klanten worden door Yusuf afgehandeld.",
        "Werkt op arbeidstherapeutische basis 2 uur per dag.",
        # idioms and words that merely contain a medical word
        "Het kantoor in het hart van de stad.",
        "De teams zitten rug aan rug.",
        "Een koude start van het project.",
        "De kop van de vergadering.",
        "Enkel administratieve taken.",
        "Met het oog op de deadline.",
        "De software onder de knie krijgen.",
        "Per ongeluk de verkeerde versie gemaild.",
        "De coöperatie vergadert; de desinfectie doet de schoonmaak.",
        "Het pijnpunt is de facturatie; het is pijnlijk.",
        "Terugkoppeling naar het team; de rugzakken bestellen.",
        # OK and IC in their other senses
        "OK, ik bel morgen terug.",
        "De IC naar Utrecht reed niet.",
        # percentages that are not a degree of incapacity
        "Werkt 50% thuis en 50% op kantoor.",
        "30% van de orders moet nog verwerkt worden.",
        "Het verzuimpercentage van de afdeling is 4,5%.",
        "20% van het team is ziek.",
        # English admin
        "Sick leave registered, back next week.",
    ],
)
def test_ordinary_work_text_is_allowed(text):
    assert found(text) == []


def test_a_wider_medical_phrase_survives_a_work_sense_rule():
    # "afdeling cardiologie" alone is a ward; lying there is a hospital admission.
    assert not check_text("Dienst op de afdeling cardiologie.").medical
    assert check_text("Ligt op de afdeling cardiologie.").medical


def test_empty_and_blank_text():
    for text in ("", " ", "\n\t "):
        assert check_text(text) == GuardResult(medical=False, matches=())


# --- offsets point into the original text ----------------------------------------------


def test_offsets_with_mixed_case():
    text = "Zij heeft RUGKLACHTEN en gaat naar de FysioTherapeut."
    matches = check_text(text).matches
    assert [(m.term, m.start, m.end) for m in matches] == [
        ("RUGKLACHTEN", 10, 21),
        ("FysioTherapeut", 38, 52),
    ]


def test_offsets_with_diacritics():
    text = "Arthrose in beide knieën; ziekte van Ménière."
    assert [(m.term, text[m.start : m.end]) for m in check_text(text).matches] == [
        ("Arthrose", "Arthrose"),
        ("knieën", "knieën"),
        ("ziekte van Ménière", "ziekte van Ménière"),
    ]


def test_offsets_with_decomposed_accents_and_invisible_characters():
    # The accents written as separate combining characters, a soft hyphen in a compound:
    # the reported term keeps them, so a highlight covers exactly what the user typed.
    text = "Ziekte van Me\u0301nie\u0300re, knie\u00adoperatie."
    matches = check_text(text).matches
    assert [m.term for m in matches] == ["Ziekte van Me\u0301nie\u0300re", "knie\u00adoperatie"]
    for m in matches:
        assert text[m.start : m.end] == m.term


def test_offsets_after_characters_that_expand():
    # "½" folds to three characters and "ﬁ" to two: offsets must still be original ones.
    text = "½ dag ﬁets, daarna hernia-operatie."
    (match,) = check_text(text).matches
    assert match.term == "hernia-operatie"
    assert text.index("hernia") == match.start


def test_full_width_letters_and_curly_dashes():
    assert found("ｇｒｉｅｐ") == [("ｇｒｉｅｐ", "illness")]
    assert found("Burn–out") == [("Burn–out", "mental_health")]


# --- the validator and its Dutch message ----------------------------------------------


def test_the_message_names_the_terms_and_their_category():
    with pytest.raises(ValidationError) as refused:
        validate_no_medical_text("Hij heeft rugklachten en gaat naar de fysiotherapeut.")
    assert refused.value.messages == [
        'Deze tekst lijkt medische informatie te bevatten ("rugklachten": klacht of symptoom; '
        '"fysiotherapeut": zorgverlener). Medische gegevens mogen hier niet worden vastgelegd '
        '(AP-beleidsregels "De zieke werknemer"). Beschrijf alleen afspraken en werk, zonder '
        "aard of oorzaak van de ziekte. Schrijf wat er voor het werk geregeld is, "
        'bijvoorbeeld: "Is ziek; de taken van deze week gaan naar Sanne."'
    ]
    assert refused.value.code == "medical_text"


def test_the_message_does_not_echo_the_text():
    text = "Overleg in Zwolle met klant Jansen over de offerte; hij heeft hernia."
    with pytest.raises(MedicalTextError) as refused:
        validate_no_medical_text(text)
    (message,) = refused.value.messages
    assert '"hernia": ziekte of aandoening' in message
    for word in ("Zwolle", "Jansen", "offerte"):
        assert word not in message
    start = text.index("hernia")
    assert refused.value.result.matches == (Match("hernia", start, start + 6, "illness"),)


def test_the_message_lists_a_term_once_and_caps_the_list():
    with pytest.raises(ValidationError) as refused:
        validate_no_medical_text("Griep, griep en nog eens GRIEP.")
    assert refused.value.messages[0].lower().count("griep") == 1
    many = "Griep, koorts, hoest, hernia, migraine, astma, reuma, jicht, ischias, eczeem."
    with pytest.raises(ValidationError) as refused:
        validate_no_medical_text(many)
    assert "; en nog 2)" in refused.value.messages[0]


def test_allowed_text_passes_the_validator_without_logging(caplog):
    with caplog.at_level(logging.DEBUG):
        validate_no_medical_text("Overleg met de bedrijfsarts op dinsdag.")
        validate_no_medical_text("")
        with pytest.raises(ValidationError):
            validate_no_medical_text("Heeft een burn-out.")
    assert caplog.records == []


def test_a_form_field_refuses_medical_text():
    class SickReportForm(forms.Form):
        appointments = forms.CharField(validators=[validate_no_medical_text])

    form = SickReportForm(data={"appointments": "Afspraak bij de huisarts op maandag."})
    assert not form.is_valid()
    assert '"huisarts": zorgverlener' in form.errors["appointments"][0]
    assert SickReportForm(data={"appointments": "Afspraak met leidinggevende."}).is_valid()


# --- the labelled set -----------------------------------------------------------------


def labelled_cases() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_the_labelled_set_is_large_and_balanced():
    cases = labelled_cases()
    labels = [case["label"] for case in cases]
    assert set(labels) == {"medical", "ok"}
    assert len(cases) >= 300
    assert 0.4 <= labels.count("medical") / len(labels) <= 0.6
    assert len({case["text"] for case in cases}) == len(cases)


def test_precision_and_recall_on_the_labelled_set():
    true_pos = false_pos = false_neg = 0
    wrong = []
    for case in labelled_cases():
        expected = case["label"] == "medical"
        result = check_text(case["text"])
        if result.medical and expected:
            true_pos += 1
        elif result.medical:
            false_pos += 1
            wrong.append(f"false positive: {case['text']!r} {[m.term for m in result.matches]}")
        elif expected:
            false_neg += 1
            wrong.append(f"false negative: {case['text']!r}")
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    print(f"\nmedical-text guard: precision {precision:.3f}, recall {recall:.3f}")
    print("\n".join(wrong))
    assert precision >= MIN_PRECISION
    assert recall >= MIN_RECALL


# --- the lexicon ----------------------------------------------------------------------


def test_every_rule_has_a_prefilter_anchor():
    # A rule without an anchor runs over every text in full; keep them exceptional.
    lexicon = load()
    assert [r.source for r in lexicon.rules.rules if r.anchors is None] == []
    assert [r.source for r in lexicon.allow_rules.rules if r.anchors is None] == []


@pytest.mark.parametrize(
    ("line", "matching", "not_matching"),
    [
        ("~klacht~", ["rugklachten", "klachtje", "klacht"], ["aanklagen"]),
        ("klacht", ["klacht"], ["klachten", "rugklacht"]),
        ("burn-out", ["burnout", "burn out", "burn-out"], ["burnt"]),
        ("door een val", ["door een val", "door  een-val"], ["door een valk"]),
        ("(?-i:FT)", ["FT"], ["ft", "Ft"]),
        ("{POSS} «rug»", ["zijn rug", "z'n rug"], ["de rug"]),
        ("menière", ["meniere"], ["menier"]),
    ],
)
def test_the_lexicon_line_syntax(line, matching, not_matching):
    macros = {"POSS": "(?:zijn|haar|z'n)"}
    (rule,) = compile_line(line, "illness", macros, "test:1")
    for text in matching:
        assert rule.pattern.search(text), (line, text)
    for text in not_matching:
        assert not rule.pattern.search(text), (line, text)


def test_a_lexicon_error_names_the_line():
    with pytest.raises(LexiconError, match=r"test:7: unknown macro \{NOPE\}"):
        compile_line("{NOPE} griep", "illness", {}, "test:7")


# --- properties ------------------------------------------------------------------------


def assert_well_formed(text: str, result: GuardResult) -> None:
    assert result.medical == bool(result.matches)
    previous_end = 0
    for match in result.matches:
        assert 0 <= match.start < match.end <= len(text)
        assert text[match.start : match.end] == match.term
        assert match.category in CATEGORIES or match.category == MODEL_CATEGORY
        assert match.start >= previous_end  # sorted, not overlapping
        previous_end = match.end


@settings(max_examples=300, deadline=None)
@given(st.text())
@example("\u0301\u00adhernia\u0301")
@example("İstanbul ﬁets ½ griep")
@example("ǅ" * 50 + " Burn–out")
def test_arbitrary_unicode_never_crashes_and_offsets_hold(text):
    result = check_text(text)
    assert_well_formed(text, result)
    assert check_text(text) == result  # deterministic


_WORDS = st.sampled_from(
    [
        "ziek",
        "hernia",
        "werkt",
        "als",
        "op",
        "de",
        "IC",
        "afdeling",
        "cardiologie",
        "griep",
        "campagne",
        "zwanger",
        "verlof",
        "50%",
        "arbeidsongeschikt",
        "ok",
        "naar",
        "fysio",
        "zijn",
        "rug",
        "aan",
        "hart",
        "van",
        "stad",
        "per",
        "ongeluk",
        "geen",
        "klachten",
        "Ménière",
        "ﬁets",
        "½",
        "–",
        "burn",
        "out",
        ",",
        ";",
        ".",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=30).map(" ".join))
def test_sentences_from_lexicon_words_are_well_formed(text):
    assert_well_formed(text, check_text(text))


_NO_LETTERS = st.text(st.characters(exclude_categories=("L", "M")), max_size=40)


@settings(max_examples=200, deadline=None)
@given(_NO_LETTERS, _NO_LETTERS)
def test_a_medical_word_is_found_whatever_surrounds_it(left, right):
    text = left + " hernia " + right
    result = check_text(text)
    assert any(re.search("hernia", m.term, re.IGNORECASE) for m in result.matches)


def test_address_check_allows_street_names_but_not_health_data():
    from poortwachter.textguard.address import check_address

    assert not check_address("Kliniekweg").medical
    assert check_address("hernia").medical
    assert [m.term for m in check_address("Burn-out en depressie, Kliniekweg").matches] == [
        "Burn-out",
        "depressie",
    ]
