"""Fifth tuning round of the medical-text guard (issue 17): everyday euphemisms that name
the kind of illness, condition names a manager may write, medicine classes, fertility
treatment, degrees of incapacity stated of a named person, words written as they sound
(``_sound.py``), and the work sense of weather, technicians, field labels, building work
and stock (R-SICK-2, R-SICK-3, R-SICK-4).

The sentences here are probes written for the rules, not blind batch 6's own (that batch
is development data now; blind batch 7 is sealed)."""

from poortwachter.textguard._sound import misspelled_by_sound, sound_exempt, sound_key
from tests.privacy.guard_sets import figures, rows
from tests.privacy.textguard_probes import probes

ORDINARY = [
    # The same words in a work sense, or said of a thing.
    "De monteur is aan het eind van zijn latijn met deze storing.",
    "Het project is vastgelopen op de vergunning.",
    "De printer heeft het gehad, we bestellen een nieuwe.",
    "Het systeem kan niet meer, we vervangen de server.",
    "Het vertrouwen heeft een flinke knauw gekregen.",
    "De verkoop van zomerjassen kwakkelt al weken.",
    "Hij meldt zich uitgerekend op maandag ziek.",
    "De scan vond kwaadaardige software op twee laptops.",
    "De situatie op de bouwplaats is labiel.",
    "Het team staat mentaal op scherp voor de audit.",
    "Het is zwaar mentaal werk, daarom wisselen we elk uur.",
    "De vlam sloeg in de pan toen het rooster uitlekte.",
    "De vrachtwagen had overgewicht bij de weegbrug.",
    "Legionellacontrole van de leidingen is gedaan.",
    "Er is een personeelstekort in de keuken.",
    "De wegvernauwing op de A2 zorgt voor vertraging.",
    "Na de cyberaanval lag het netwerk plat.",
    "Na een agressie-incident aan de balie is de beveiliging uitgebreid.",
    "De partij is afgekeurd door de kwaliteitsdienst.",
    "ALS de planning rond is, laat het weten.",
    "Het bestuur lijkt immuun voor kritiek.",
    "De zuurstoffles voor het lassen staat in hal 3.",
    "Hij heeft gisteren drie uur overgewerkt.",
    # Weather, technicians, labels, building work, stock, the sick note itself.
    "Een depressie boven de Noordzee brengt morgen storm.",
    "De monteur stelt morgen de diagnose.",
    "Klantnaam: Apotheek De Linde, Dorpsstraat 2, Ede.",
    "Rittenlijst: Isala Zwolle, laadperron C, 07.00 uur.",
    "De vestiging in Zwolle bloedt klanten sinds de verbouwing.",
    "De nieuwbouw van het Gelre ziekenhuis wordt in mei opgeleverd.",
    "Het medisch attest loopt tot vrijdag.",
    "De koelcel met insuline voor de apotheek staat op 5 graden.",
    "Kees werkt op de gesloten afdeling van GGZ Centraal.",
    "Mevrouw Jansen zit in een rolstoel, Anouk helpt haar bij het douchen.",
    # One capitalised word at the start of a sentence is as often a noun as a name.
    "Overleg met de bond is vastgelopen.",
    "Verlof is opgenomen.",
    "Situatie is labiel.",
    "De storing speelt weer op.",
    "De ambulancedienst is een nieuwe klant.",
    "De planning loopt mank.",
    "Het budget draait op zijn reserves.",
    "Het werk wordt hem te veel, we verdelen de taken.",
    "Het nieuwe systeem heeft nog kinderziektes.",
    "De standaardafwijking is klein.",
    "Afwijking in de levering van 3 pallets.",
    "Varkensziekte op het bedrijf, de stallen zijn dicht.",
    "Eutrofie van het water in de vijver.",
    # Care places and abbreviations in a work sense.
    "De factuur is opgenomen in Exact.",
    "Hij is opgenomen in de Raad van Bestuur.",
    "Levering aan AZ Groeninge op dinsdag.",
    "Kees werkt bij Fivoor als schoonmaker.",
    "De SOA-laag van het platform wordt vervangen.",
    # Ordinary words near a medical word by sound.
    "Koffieautomaat is kapot, monteur komt dinsdag.",
    "Gesprek met de accountmanager over de offerte.",
]

MEDICAL = [
    "Ze is aan het eind van haar krachten en blijft deze week thuis.",
    "Hij is vastgelopen en komt voorlopig niet werken.",
    "Hij ziet het allemaal niet meer zitten.",
    "Sanne de Wit heeft een flinke knauw gekregen.",
    "Ze is ver over haar grens gegaan.",
    "Ze kan even niet meer.",
    "Heeft soms een slokje te veel op, ook onder werktijd.",
    "Hij kwakkelt al maanden met zijn gezondheid.",
    "Ligt weer in de lappenmand.",
    "Ze is momenteel erg labiel.",
    "Ze zit thuis de hele dag te huilen.",
    "Hij is lichamelijk op.",
    "Haar lijf wil niet meer.",
    "Ook Paul heeft een dipje.",
    "Het zit tussen zijn oren, zegt hij zelf.",
    "Ze heeft een kindje op komst in het voorjaar.",
    "Ze is uitgerekend op 14 maart.",
    "Er is iets kwaadaardigs gevonden.",
    "Hij zit nog zes weken in het gips.",
    "Heeft een auto-immuunziekte.",
    "Gebruikt 's nachts een CPAP-apparaat.",
    "Bij hem is ALS vastgesteld.",
    "Er zat bloed in zijn urine.",
    "Krijgt thuis zuurstof.",
    "Hij is vorige week gehospitaliseerd.",
    "Gebruikt antipsychotica.",
    "Neemt opiaten tegen de pijn.",
    "De embryoterugplaatsing is volgende week.",
    "De arbeidsongeschiktheid van mevrouw De Boer is vastgesteld op 45%.",
    "Zijn WIA-percentage is 60.",
    "Afgekeurd voor zijn eigen werk.",
    "De klachten zijn ontstaan na een agressie-incident.",
    "Heeft boezemfibrilleren.",
    "Is geopereerd aan een meniscusscheur.",
    "Heeft een ijzertekort.",
    "Hij kampt met overgewicht.",
    # Care places named without a care word, admitted there; abbreviations.
    "Hij is opgenomen in Fivoor.",
    "Ze ligt in AZ Groeninge.",
    "Gaat twee keer per week naar Heliomare.",
    "Hij heeft TBC.",
    "Bekend met IBS.",
    "Ze heeft DM type 2.",
    "De PA-uitslag komt volgende week.",
    "Heeft zichzelf voorbij gelopen.",
    "Zijn hoofd zit vol.",
    "Alles wordt hem te veel.",
    "Hij loopt mank.",
    "Draait al weken op haar reserves.",
    "Hij slaapt slecht, zegt hij.",
    "Hij heeft een hartafwijking.",
    "Ze heeft een schildklieraandoening.",
    "Hij heeft spierdystrofie.",
    "Ze heeft lymfomen.",
    # Chat style.
    "Hij is vannacht opgenomen.",
    "moet ff naar de ha",
    "ambu kwam gister",
    "Zijn rug speelt weer op.",
    "Heeft een verwijsbrief.",
    # Written as they sound (several edits from the word).
    "Gaat naar de psigiater.",
    "Heeft rugklagten.",
    "Heeft een infektie.",
    "Heeft diabeetus.",
    "Heeft een hartinfakt gehad.",
]


test_medical_text_is_refused, test_ordinary_work_text_passes = probes(MEDICAL, ORDINARY)


def test_sound_key_reduces_spellings_to_one_sound():
    assert sound_key("psychiater") == sound_key("psigiater")
    assert sound_key("infectie") == sound_key("infektie")
    assert sound_key("opperatie") == sound_key("operatie")


def test_ordinary_words_that_sound_like_a_medical_word_are_exempt():
    # The generated list holds ordinary dictionary words whose key meets a target's.
    assert sound_exempt()
    assert all(misspelled_by_sound(word) is None for word in list(sound_exempt())[:200])


def test_development_set_of_the_fifth_round():
    cases = rows("dev_round5.tsv")
    assert len(cases) >= 90
    precision, recall = figures(cases)
    assert precision >= 0.95
    assert recall >= 0.95
