"""Sixth tuning round of the medical-text guard (issue 17): compounds written apart ("hersen
schudding"), a share of what a person can do ("werkt op 60% van haar kunnen"), notes without
a subject ("Zit in de put"), falls, limping, pills to sleep, social work and the practice
nurse as help, and the work sense of job applications, shifts, a practice's books and
ParnasSys (R-SICK-2, R-SICK-3, R-SICK-4).

The sentences here are probes written for the rules, not blind batch 7's own (that batch
is development data now; blind batch 8 is sealed)."""

from poortwachter.textguard import check_text
from poortwachter.textguard._dictionary import split_compound
from tests.privacy.textguard_probes import probes

MEDICAL = [
    # Compounds written apart (a "spatiefout"), also with the rest of the sentence.
    "Heeft een hersen schudding opgelopen bij het voetbal.",
    "Last van paniek aanvallen in de trein.",
    "Ze heeft een long ontsteking.",
    "Hij is bij de huis arts geweest.",
    "Heeft een spier scheuring in zijn kuit.",
    # A share of what the person can do.
    "Hij functioneert op ongeveer 50% van zijn normale niveau.",
    "Ze draait op een kwart van haar capaciteit.",
    "Zit op de helft van wat ze vroeger deed.",
    "She is 30% fit for work.",
    # Notes without a subject, a mind not right, exhausted.
    "Zit al een tijd in de put.",
    "Hij liep al maanden op z'n tandvlees.",
    "Draaide niet meer helemaal rond na de reorganisatie.",
    "Niet meer de oude sinds het ongeluk.",
    "Hij is echt helemaal op.",
    "Hij is keihard tegen de muur gelopen.",
    "Zat erg in de stress en huilde bij het gesprek.",
    "Heeft veel nachtmerries sinds de overval.",
    "Last van herbelevingen.",
    "Hij slaapt er al niet meer van.",
    # Falls and limping; organs out; social work and the practice nurse; pills to sleep.
    "Heeft een lelijke smak gemaakt van de trap.",
    "Liep vanochtend nog wat mank.",
    "Galblaas is eruit gehaald.",
    "Heeft gesprekken met een maatschappelijk werker.",
    "Loopt bij de praktijkondersteuner.",
    "Neemt tabletjes om te slapen.",
    "Zijn uitval is een gevolg van de reorganisatie.",
]

ORDINARY = [
    # The same words in a work sense, or said of a thing.
    "De omzet zit in de put sinds de zomer.",
    "De machine draait niet rond, monteur gebeld.",
    "Het is niet meer de oude situatie op de afdeling.",
    "Is de koffie op?",
    "Ze is op vakantie tot maandag.",
    "We zijn tegen een muur gelopen met de gemeente.",
    "De vergelijking gaat mank.",
    "De batterij van de handscanner is leeg.",
    "Het verzuim is een gevolg van de drukte in december.",
    "Hij werkt 40% van zijn uren thuis.",
    "De machine draait op 60% van haar capaciteit.",
    "Ze maakte een smak geld met de verkoop.",
    # Jobs, shifts, a practice's books, the pupil administration.
    "Ze solliciteert naar de functie van psychiater bij het team ouderen.",
    "Hij draait de achterwachtdienst in het weekend als psychiater.",
    "Boekhouding van de huisartsenpraktijk Jansen afronden.",
    "Cijfers invoeren in ParnasSys voor vrijdag.",
    "Het zwangerschapsverlof van Anna gaat in mei in.",
    # Two ordinary words whose joined form is no medical word.
    "De long list van kandidaten is klaar.",
]


test_medical_text_is_refused, test_ordinary_work_text_passes = probes(MEDICAL, ORDINARY)


def test_a_compound_written_apart_is_found_by_its_joined_form():
    assert split_compound("hersen", "schudding") == "illness"
    assert split_compound("paniek", "aanvallen") == "mental_health"
    # Short halves and ordinary joined words are no compound.
    assert split_compound("de", "pijn") is None
    assert split_compound("over", "leg") is None


def test_the_split_compound_is_reported_as_both_words():
    matches = check_text("Heeft een hersen schudding.").matches
    assert [m.term for m in matches] == ["hersen schudding"]
