"""The medical-text guard with a real Dutch word list and word sense read from the
sentence (issue 17; R-SICK-2, R-SICK-3, R-SICK-4).

The word lists in ``textguard/lexicon/dictionary_*.txt`` are derived from OpenTaal's
hunspell dictionary by ``scripts/textguard_dictionary.py`` (``make textguard-dictionary``);
the guard does not need the dictionary at run time."""

import pytest

from poortwachter.textguard import _dictionary, check_text


def refused(text: str) -> bool:
    return check_text(text).medical


@pytest.mark.parametrize("name", _dictionary.GENERATED)
def test_the_derived_word_lists_are_up_to_date_with_the_lexicon(name):
    header = _dictionary._text(name).splitlines()[3]
    assert header.endswith(f"lexicon {_dictionary.inputs_digest()}"), (
        f"{name} is stale: run `make textguard-dictionary` after changing the lexicon"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Heeft een longaandoening.",
        "Last van nekstijfheid.",
        "Kreeg een tetanusinjectie na de val.",
        "Wacht op een niertransplantatie.",
        "Is gokverslaafd.",
        # disease names by their medical ending, as the dictionary has them
        "Heeft osteoporose.",
        "Prikkelbaredarmsyndroom, werkt vanuit huis.",
    ],
)
def test_compounds_from_the_dictionary_are_refused(text):
    assert refused(text)


@pytest.mark.parametrize(
    "text",
    [
        "Heeft een blindedarmonsteking gehad.",
        "Heeft een longontstking.",
        "Is snotverkoude en blijft thuis.",
    ],
)
def test_misspellings_of_dictionary_medical_words_are_refused(text):
    assert refused(text)


@pytest.mark.parametrize(
    "text",
    [
        "Wat een kanjer is de nieuwe collega.",
        "Meditatie-app voor het hele team besteld.",
        "De trombone van de fanfare staat in het magazijn.",
        "Bestratingen rond de hal worden vernieuwd.",
        "Hoe verhouden de uren zich tot de planning?",
        "De detentie van de container in de haven kost geld.",
    ],
)
def test_correctly_spelt_dutch_words_are_not_read_as_misspellings(text):
    assert not refused(text)


@pytest.mark.parametrize(
    ("work", "health"),
    [
        (
            "De operatie om de hal leeg te maken duurt drie dagen.",
            "Na de operatie mag hij zes weken niet tillen.",
        ),
        (
            "Een grote operatie: alle machines krijgen nieuwe software.",
            "Zijn operatie is goed gegaan.",
        ),
        (
            "De diagnose van het netwerkprobleem kostte een dag.",
            "Ze heeft haar diagnose vorige week gekregen.",
        ),
        (
            "Het virus is via een phishingmail binnengekomen.",
            "Heeft een virus opgelopen en ligt op bed.",
        ),
        (
            "Servers in het datacenter van het Isala vervangen.",
            "Wordt behandeld in het Isala.",
        ),
        (
            "Klachten over vertraging in de regio Noord besproken.",
            "Klachten zijn afgenomen, start met opbouw.",
        ),
        ("Het team cardiologie krijgt een nieuwe planner.", "Ligt op de afdeling cardiologie."),
        ("Winkelmanager Koorts opent de nieuwe vestiging.", "Heeft koorts."),
    ],
)
def test_the_sentence_decides_the_sense_of_an_ambiguous_word(work, health):
    assert not refused(work)
    assert refused(health)


def test_a_medical_first_part_keeps_an_operation_medical():
    assert refused("Hartoperatie gepland, de hele lijn draait door zonder hem.")


@pytest.mark.parametrize(
    "text",
    [
        "Ligt in het Bronovo.",
        "Is opgenomen in het Sint Jansdal Ziekenhuis.",
        "Ze gaat naar het Antonius voor controle.",
    ],
)
def test_hospital_names_from_deduces_list_are_signals(text):
    assert refused(text)


@pytest.mark.parametrize(
    "text",
    [
        "Taken gaan naar Johannes.",  # a first name: hospitals take "het"
        "Rit naar de Coolsingel.",
        "Levering aan het Bronovo is afgetekend.",
        "Servers van het Bronovo vervangen.",
    ],
)
def test_hospital_names_are_not_signals_for_people_streets_or_customers(text):
    assert not refused(text)


@pytest.mark.parametrize(
    ("work", "health"),
    [
        ("De aanvraag is in behandeling.", "Zit midden in een behandeling en is erg moe."),
        ("Haar behandeling van de klacht was netjes.", "Zijn behandeling loopt nog."),
    ],
)
def test_a_persons_treatment_against_an_applications(work, health):
    assert not refused(work)
    assert refused(health)


@pytest.mark.parametrize(
    "text",
    [
        "Fysiotherapeut adviseert een aangepast rooster.",
        "Psycholoog zegt: minder uren, team neemt taken over.",
        "Huisarts belt morgen over de planning.",
        "Isala belt over de planning.",
    ],
)
def test_a_capital_at_the_start_of_a_sentence_is_no_hospital_name(text):
    # Only a name (capitalised inside a sentence, not a Dutch word for a care provider)
    # is read as a hospital that work words can make a customer or site.
    assert refused(text)


@pytest.mark.parametrize(
    "text",
    [
        "Na de operatie neemt een collega de planning over.",
        "Operatie volgende week, de servicedesk neemt zijn tickets over.",
        "Diagnose volgt, planning aangepast.",
        "Virus, team vangt het op.",
        "Kliniek in Deurne voor twee weken, rooster aangepast.",
    ],
)
def test_the_work_words_of_a_sick_note_do_not_take_back_its_medical_words(text):
    # The absence note names colleagues, rosters and tasks; work nouns count only in the
    # ambiguous word's own clause, and those words of the note not at all.
    assert refused(text)
