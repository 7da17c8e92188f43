"""Fourth tuning round of the medical-text guard (issue 17): word sense of treatment and
injury words used for things, care services and shifts of care workers, the clients'
conditions as a group, business cues beside care places, and everyday words for a worn
out or low mind (R-SICK-2, R-SICK-3, R-SICK-4).

The sentences here are probes written for the rules, not the development batch's own."""

from tests.privacy.guard_sets import figures, rows
from tests.privacy.textguard_probes import probes

ORDINARY = [
    # A treatment or injury word for a thing, beside a material or a machine.
    "De hechting van de verf op het staal laat los.",
    "Breuk in de leiding bij het magazijn, de loodgieter komt.",
    "De naald van de printer is versleten.",
    "De appels waren gekneusd bij aankomst.",
    "Tabletten voor de vaatwasser bijbestellen.",
    "Infectie met malware op twee laptops, ICT is bezig.",
    "Trojan-virus op de server verwijderd.",
    # Care services and shifts worked by care staff.
    "Verpleegkundige Joost heeft zaterdag dienst.",
    "Het oncologieteam werkt vanaf mei in drie ploegen.",
    "Doktersassistente Mia doet de griepvaccinaties bij de bewoners.",
    "Laborant Tim maakt de scans op de poli.",
    "Ayla draait het weekend op de SEH.",
    # The clients' conditions as a group, a training's subject.
    "Kinderen met autisme krijgen een eigen groep.",
    "Scholing over diabetes voor het hele team op 3 juni.",
    # Care places as customers and topics, business roles and administration.
    "De tandartspraktijk betaalt de factuur in termijnen.",
    "Afspraak met de inkoper van het Isala over de nieuwe bedden.",
    "Het dossier over de jeugdzorg ligt bij de wethouder.",
    "De aanvraag van de huisartsenpost wordt in mei behandeld.",
    "Servicesklacht over de monteur is afgehandeld.",
    # Idioms.
    "De verhuizing was een bevalling.",
    "Het project bloedde langzaam dood.",
    "De voorraad is uitgeput.",
    "We zitten in de derde maand van de campagne.",
    "Dhr. M.S. de Vries belt terug.",
    "De stroomstoring zorgde voor een black-out in hal 2.",
    "Ze heeft een verhoging gekregen per 1 januari.",
    "De relatie met de klant is gespannen.",
    "De operatie-agenda van het bestuur is vol.",
    "De injectie van extra kapitaal is rond.",
    "De apotheek in het winkelcentrum verlengt het huurcontract.",
    "Onze schoonmakers werken 's nachts in het ziekenhuis.",
    "De revalidatiekliniek bestelt tien nieuwe rolstoelen bij ons.",
    "De koeien krijgen een vaccinatie tegen blauwtong.",
    "Dit project is een hoofdpijn voor de planning.",
]

MEDICAL = [
    # Worn out, low, unsteady, relapsing, said of a person.
    "Hij is compleet uitgeput en blijft thuis.",
    "Ze loopt op haar laatste reserves.",
    "Hij is al weken behoorlijk somber.",
    "Ze is psychisch van slag.",
    "Zij heeft weer een terugval gehad.",
    "Hij is teruggevallen in de drank.",
    "Ze eet nauwelijks.",
    "Hij is flink afgevallen.",
    "Zijn psyche speelt op.",
    # Pregnancy said without the word.
    "Ze is in de vijfde maand.",
    "Ze zijn hun baby verloren.",
    # A body word of a person, in English; a person's blood sugar.
    "She is at home with a sore knee.",
    "Problemen met haar bloedsuiker.",
    # The employee's own care stays refused beside a care role.
    "Verpleegkundige Joost heeft spreekuur bij de cardioloog.",
    "Hij moet naar de trombosedienst.",
    "Ze ligt in het UMCG, de planner weet ervan.",
    "Heeft een breuk in zijn pols.",
    "Kreeg een injectie in haar knie.",
    "Heeft M.S.",
    # Fainting, a fit, a temperature, the senses, a weak body part, dark thoughts.
    "Hij ging van zijn stokje bij de kassa.",
    "Ze heeft weer een aanval gehad.",
    "Heeft wat verhoging en blijft thuis.",
    "Hij ziet wazig sinds maandag.",
    "Haar knie laat haar steeds in de steek.",
    "Hij heeft een slechte rug.",
    "Ze is in de war en vergeet alles.",
    "Hij heeft zwarte gedachten.",
    "Ligt aan de beademing.",
    "Zijn fysiotherapeut bestelt een brace.",
    "Werkt 's nachts, ligt overdag in het ziekenhuis.",
    "Hij heeft hoofdpijn.",
    # The review of round 4: the group, the subject of a training and a night shift are
    # not exemptions when the sentence ties the condition to the employee.
    "Hij is een van de mensen met een burn-out op de afdeling.",
    "Ze hoort nu bij de mensen met kanker, zegt ze.",
    "Hij volgt een training over de depressie die hij heeft.",
    "Ze gaat naar een informatieavond over borstkanker, want ze heeft het zelf.",
    "Ze doet de nacht in het ziekenhuis ter observatie.",
    "Hij bloedt dood, zegt hij.",
]


test_medical_text_is_refused, test_ordinary_work_text_passes = probes(MEDICAL, ORDINARY)


def test_development_set_of_the_fourth_round():
    # dev_round4.tsv: written before the fourth round was changed (main's guard: precision
    # 0.754, recall 0.800); floors only, the remaining errors are in the docs.
    cases = rows("dev_round4.tsv")
    assert len(cases) >= 250
    precision, recall = figures(cases, "employer")
    assert precision >= 0.95
    assert recall >= 0.92
