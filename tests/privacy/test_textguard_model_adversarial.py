"""The word-sense model seen by an adversary and by a user (issue 17, tenth round;
R-SICK-2, R-SICK-3, R-SICK-4).

A refused manager may rephrase and retry at will. The model's take-back must not let a
health statement through because a work clause was added to its sentence: the clause
holding the ambiguous word is read on its own (in a long run-on clause, the words around
it). And a refusal of the model names words the
user can rephrase: never a name, preferably no role or workplace. The sentences here were
written for these tests, not taken from any labelled set."""

import csv
import random
import sys
from pathlib import Path

import pytest

from poortwachter.textguard import _model, check_text
from poortwachter.textguard._guard import _rules

ROOT = Path(__file__).resolve().parents[2]
SETS = ROOT / "tests" / "textguard_sets"
sys.path.insert(0, str(SETS))

import takeback_probes  # noqa: E402

# Health data resting on ambiguous words, padded the way a determined user would: before
# the clause check the model took each of these back (the sentence read as work).
PADDED_MEDICAL = [
    "Hij heeft een virus, de planning van de klant en de server lopen door.",
    "Ze ligt in Isala, dus de storing op de server en de backlog van de sprint gaan naar Sanne.",
    "Zijn klacht aan de rug is terug: servers, deployment, backlog, sprint, release.",
    "Ze heeft een infectie opgelopen terwijl de deployment van de nieuwe release naar"
    " productie en de migratie van de database volgens planning doorgaan.",
    "Haar operatie is goed gegaan, de vrachtwagens rijden de route naar het"
    " distributiecentrum gewoon.",
    "Sprint 14 loopt volgens planning en de release staat klaar; hij heeft koorts.",
    # A run-on sentence (no comma, no joining conjunction): the words around the match.
    "Ze ligt in Isala met de planning van de klant voor de server in productie.",
    "Volgens Anouk is de behandeling in het Radboudumc zwaar bij de migratie van de"
    " database naar de nieuwe server.",
]
# Work sentences with the same words, with and without a work clause: still taken back.
WORK = [
    "De klacht van de gemeente over het geluid is ingetrokken.",
    "De operatie rond de jaarafsluiting is bijna klaar, de planning van de klant en de"
    " server lopen door.",
    "Onze glazenwassers doen vanaf mei ook de ramen van Rijnstate, dus de storing op de"
    " server en de backlog van de sprint gaan naar Sanne.",
]


@pytest.mark.parametrize("text", PADDED_MEDICAL)
def test_a_work_clause_does_not_buy_back_a_refusal(text):
    rules = _rules(text)
    assert rules.medical
    assert check_text(text).medical
    model = _model.load()
    spans = [(m.start, m.end) for m in rules.matches]
    # The sentence alone reads as work: only the clause holding the match refuses.
    assert all(p < model.low for _, _, p, _ in model.sentences(text))
    assert not _model.take_back(model, text, spans)


@pytest.mark.parametrize("text", WORK)
def test_a_work_sentence_with_an_ambiguous_word_is_still_taken_back(text):
    assert _rules(text).medical
    assert not check_text(text).medical


def test_no_padded_probe_passes():
    figures = takeback_probes.run()
    for label in ("medical", "impersonal"):
        assert sum(passed for _, passed in figures[label].values()) == 0, label
    assert sum(passed for _, passed in figures["work"].values()) > 0


def named(text: str) -> list[str]:
    result = check_text(text)
    assert result.medical
    assert all(m.category == _model.CATEGORY for m in result.matches)
    return [m.term for m in result.matches]


def test_a_refusal_never_names_a_name():
    text = "Onze kok Marco is doodop en kan zich nergens meer op concentreren."
    assert "Marco" not in named(text)
    # A first name opening its sentence before a surname is a name too; a word opening
    # it before an ordinary word is not, nor an abbreviation in capitals.
    text = "Youssef Amrani loopt op zijn tandvlees en slaapt slecht."
    assert _model._name(text, 0, 7, 0)
    assert _model._name(text, 8, 14, 0)
    assert not _model._name("Batterij is leeg.", 0, 8, 0)
    assert not _model._name("Hij ligt op de IC.", 12, 14, 0)  # an abbreviation


def test_a_refusal_names_no_role_when_a_telling_word_weighs():
    terms = named("Onze receptioniste is doodop en kan zich nergens meer op concentreren.")
    assert "receptioniste" not in terms
    assert "concentreren" in terms


def test_a_refusal_always_names_a_word():
    # Every word here is everyday, a name or a role: the strongest content word is named.
    model = _model.load()
    text = "Onze kok Marco is doodop en kan zich nergens meer op concentreren."
    assert _model.added(model, text)
    for _, _, _, words in model.sentences(text):
        chosen = _model._telling(text, words[0][1], words, model)
        assert len(chosen) >= 1
        assert all(w[0] != "marco" for w in chosen)


def test_a_name_does_not_change_whether_a_text_is_refused():
    """A capitalised word inside a sentence is read as a name (``_model.NAME``), whatever
    its letters: before, "ricardo" weighed +27 (it holds "card") and "fatima" -7, so the
    same sentence was refused or not by who it named (6 December night)."""
    model = _model.load()
    sentence = "Hoi Bram, {} is nog steeds ziek gemeld en slaapt slecht sinds de val."
    scores = {
        name: [p for _, _, p, _ in model.sentences(sentence.format(name))]
        for name in ("Ricardo", "Fatima", "Mohammed", "Sandra", "Jan", "Esther")
    }
    assert len({tuple(round(p, 9) for p in ps) for ps in scores.values()}) == 1, scores


def test_capitals_do_not_hide_words_from_the_model():
    """A name is read as a name, but capitals do not make a health statement one: in a
    sentence written in title case no word is a name, and a word the training rows write
    in lower case stays itself when capitalised (before, both got past the model)."""
    model = _model.load()
    text = "Onze kok Marco is doodop en kan zich nergens meer op concentreren."
    assert _model.added(model, text)
    title = " ".join(word[:1].upper() + word[1:] for word in text.split(" "))
    assert _model.added(model, title)
    assert _model.added(model, text.replace("doodop", "Doodop").replace("conc", "Conc"))


def test_the_quick_reading_counts_names_as_the_full_one():
    """``Model.above`` (one pass, both readings of a capitalised word) says what the full
    reading says, on the development sentences as written, in title case, with one word
    capitalised, and run together."""
    model = _model.load()
    rng = random.Random(71)
    texts = [
        f"Vandaag belde {name} over de planning en de pijn in de rug van Kees."
        for name in ("Ricardo", "Fatima", "UMC", "Rijnstate", "Doodop", "Zenuwen")
    ]
    for path in sorted(SETS.glob("dev_*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            for text in (row["text"] for row in rows):
                words = text.split(" ")
                at = rng.randrange(len(words))
                words[at] = words[at][:1].upper() + words[at][1:]
                title = " ".join(word[:1].upper() + word[1:] for word in text.split(" "))
                texts += [text, title, " ".join(words)]
    texts += [" ".join(rng.sample(texts, 12)) for _ in range(200)]
    for text in texts:
        full = any(
            p >= model.high
            and len(words) >= model.min_words
            and sum(w[0] in _model.ENGLISH for w in words) < 2
            for _, _, p, words in model.sentences(text)
        )
        assert model.above(text) == full, text


@pytest.mark.parametrize(
    "text",
    [
        "Onze receptioniste is doodop en kan zich nergens meer op concentreren.",
        "Sinds vorige maand loopt Gerrit op zijn laatste benen en slaapt hij slecht.",
        "Onze kok Marco is doodop en kan zich nergens meer op concentreren.",
        "Het virus op de laptop van de receptie is door de helpdesk verwijderd.",
        "Overleg met Sanne over de planning van de komende drie weken.",
    ],
)
def test_naming_does_not_change_whether_a_text_is_refused(text):
    # The old condition: a sentence above ``high`` with a positive non-small word refuses.
    model = _model.load()
    refuses = model.above(text) and any(
        p >= model.high
        and len(words) >= model.min_words
        and sum(w[0] in _model.ENGLISH for w in words) < 2
        and any(w[3] > 0 and w[0] not in _model._SMALL and not w[0].isdigit() for w in words)
        for _, _, p, words in model.sentences(text)
    )
    assert bool(_model.added(model, text)) == refuses
