"""Seventh tuning round of the medical-text guard (issue 17, R-SICK-3, R-SICK-4): a machine,
a system or a market spoken of as if it were ill, goods on a shelf, care providers as a
group at a meeting, parts of a care place as a building, a care worker named in full at
work, a patient's room; and on the other side everyday words for a mind that gave way,
drink, eating too little, pet names of the heart, "heeft het aan zijn ...", an organ's
examination, treatment with someone, the week of a pregnancy, causes before or after the
absence, a date inside a degree of incapacity.

The sentences here are probes written for the rules, not blind batch 8's own (that batch
is development data now; blind batch 9 is sealed)."""

from poortwachter.textguard import check_text
from tests.privacy.textguard_probes import probes

MEDICAL = [
    # The thing rule does not reach a person, a body part or a cause.
    "De machine is op de knie van Jan gevallen, hij is naar huis.",
    "Het project heeft bij Piet een burn-out opgeleverd.",
    "Is door een vorkheftruck aangereden.",
    "De bus heeft hem aangereden.",
    "De heftruck heeft Piet aangereden.",
    "De nieuwe planner heeft een auto-immuunziekte.",
    "Meneer Kuipers heeft COPD en moet dicht bij het raam zitten.",
    # A worker with a condition is no business relation.
    "Monteur met suikerziekte, geen nachtdiensten meer.",
    "Chauffeur met de ziekte van Crohn, vaker pauze nodig.",
    # A possessive keeps a medicine personal.
    "Zijn pijnstillers bijvullen lukt hem niet meer, hij slikt er te veel.",
    # A care provider met as a patient.
    "Psycholoog Sara Yilmaz begeleidt hem sinds maart.",
    "Hij ligt in de gang van de SEH te wachten.",
    # Everyday words for a mind that gave way.
    "Kees heeft het aan zijn hart en doet het rustig aan.",
    "Ze heeft het weer aan haar rug, blijft thuis.",
    "Hij loopt al een tijd tegen zijn grenzen aan en meldt zich ziek.",
    "Ze is op, de koek is echt op.",
    "Haar batterij is helemaal leeg, ze komt deze week niet.",
    "Hij zit weer in een sombere periode en blijft thuis.",
    "Ze heeft de laatste tijd de blues en kan zich niet concentreren.",
    "Hij kan de prikkels niet meer aan en zit thuis.",
    "Er is iets geknapt bij haar, ze komt voorlopig niet.",
    "Hij heeft het op zijn zenuwen gekregen.",
    # Drink, drugs, cancer by its letter, eating too little, the heart's pet names.
    "Mijn collega drinkt er flink op los, ook in de pauze.",
    "Er lag een flesje wodka in zijn kluisje.",
    "Hij heeft een snuifprobleem, dat weet iedereen.",
    "Het is de grote K, ze wil niet dat het team het weet.",
    "Ze eet bijna niets meer en wordt steeds magerder.",
    "Ze valt zienderogen af en eet slecht.",
    "Wim zijn pompje doet raar, hij blijft thuis.",
    # Symptoms, examinations, treatment with someone, pregnancy.
    "Chauffeur Ahmed viel vanochtend flauw in de kantine.",
    "Ze is snel buiten adem en moet vaak pauzeren.",
    "Ze heeft volgende week een maagonderzoek in het ziekenhuis.",
    "Hij is al maanden bij Psyzorg in behandeling.",
    "Ze heeft last van harde buiken en stopt eerder.",
    "Receptioniste Sanne zit in week 30 en werkt halve dagen.",
    "Collega Lotte zit inmiddels in week 28 en werkt halve dagen.",
    # Causes, a degree of incapacity with a date, English, chat shorthand.
    "Gebrand aan de hete oven, ze is een week thuis.",
    "Uitval na een overval in de winkel vorige week.",
    "Vanwege de ruzie met haar leidinggevende is Anna uitgevallen.",
    "De reden van het verzuim is een conflict met de teamleider.",
    "Arbeidsongeschikt per 1 april: 45 procent.",
    "She has a lung condition and cannot work in dust.",
    "He is half disabled at the moment.",
    "Hij ligt sinds gisteren op de psych afdeling.",
]

ORDINARY = [
    # A machine, a system, a market or a plan spoken of as if it were ill.
    "De koelinstallatie heeft een hartstilstand gehad, monteur komt om 10 uur.",
    "De pers heeft een infarct gehad; productie ligt stil tot maandag.",
    "Server 2 ligt op de intensive care, we draaien op de back-up.",
    "Heftruck 4 heeft een beenbreuk: de vork is gescheurd.",
    "De markt heeft griep, de omzet zakt al weken.",
    "De website is weer gereanimeerd na de storing van vannacht.",
    "De begroting heeft een chirurgische ingreep nodig voor Q3.",
    "Het netwerk kampt met een verkoudheid: traag maar het werkt.",
    "Het ERP-systeem heeft een zware griep, alles gaat traag.",
    "De oude vrachtwagen ligt aan het infuus, nieuwe komt in mei.",
    # Goods on a shelf.
    "Hoestdrank en keelpastilles bijvullen in schap 12.",
    "Zelftesten verkeerd geprijsd, graag omprijzen voor de opening.",
    "Korting op vitamines en pijnstillers vanaf maandag.",
    "Aspirine en zelftesten in de aanbieding vanaf woensdag.",
    # Care work, care providers as a group or a customer, a care place as a building.
    "Verpleegkundige Fatima legt de katheter aan bij meneer op kamer 8.",
    "Fysiotherapeut Mark de Boer geeft de nieuwe collega's een tilinstructie.",
    "Psycholoog Sara Yilmaz neemt de intakes van het team over.",
    "Nascholing voor de huisartsen in de grote zaal, lunch om 12 uur.",
    "Jaarvergadering van de fysiotherapeuten is verplaatst naar donderdag.",
    "De verslavingskliniek in Zwolle wordt een vaste klant van ons.",
    "Nieuwe camera's bij de hoofdingang van het ziekenhuis opgehangen.",
    "Training: omgaan met studenten met dyslexie en ADHD.",
    "Ons team is de eerste hulp bij ongelukken voor de hele vestiging.",
    # Infections of computers and goods; a courier of medicines.
    "Malware-infectie op de fileserver verwijderd, geen data kwijt.",
    "Bacteriële infectie in de koeltank, partij afgekeurd.",
    "Medicijnkoeriers rijden vanaf maandag ook in regio Noord.",
    # The new rules' words in their ordinary sense.
    "Hij heeft het aan zijn leidinggevende gevraagd.",
    "Ze heeft het aan haar collega overgedragen.",
    "Het systeem loopt tegen zijn grenzen aan, we breiden de opslag uit.",
    "De batterij van zijn laptop is leeg, hij werkt vanaf de telefoon.",
    "Zijn batterij is leeg, hij belt later terug.",
    "Het bedrijf zit in een moeilijke periode door de lage omzet.",
    "Er is iets geknapt in de hydrauliek van de pers.",
    "Dat geluid van de boormachine werkt op mijn zenuwen.",
    "De marges worden steeds dunner in de detailhandel.",
    "De prijs valt flink af deze week.",
    "De grap viel flauw uit bij de klant.",
    "Na de sprint naar de bus waren we allemaal buiten adem.",
    "Het marktonderzoek voor de nieuwe winkel is klaar.",
    "De aanvraag is sinds maart bij de gemeente in behandeling.",
    "Daan zit in week 3 van zijn inwerkperiode.",
    "Het onderhoud is in week 34 gepland.",
    "Door de storing in het datacenter is alles uitgevallen.",
    "De oorzaak van de uitval is een defecte voeding in de server.",
    "Hij is op, belt om 7 uur.",
    "Hij drinkt er op los tijdens de borrel.",
]


test_medical_text_is_refused, test_ordinary_work_text_passes = probes(MEDICAL, ORDINARY)


def test_what_is_said_of_a_thing_is_allowed_but_not_the_thing_itself():
    # The allowed span starts after the subject: a medical subject stays refused.
    assert check_text("De insulinepomp is nieuw.").medical
    assert not check_text("Pomp 3 heeft een hartoperatie nodig: nieuwe rotor.").medical
